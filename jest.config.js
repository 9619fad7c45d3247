/** Transpile-only (swc): types are checked once by `tsc --noEmit` in `npm test`. */
module.exports = {
  testEnvironment: "node",
  testMatch: ["**/__tests__/**/*.test.ts"],
  // Stryker's sandboxes are copies of the project: never tests or modules of this run.
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/.stryker-tmp/"],
  modulePathIgnorePatterns: ["<rootDir>/.stryker-tmp/"],
  transform: { "^.+\\.ts$": ["@swc/jest"] },
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  // Terraform results are shared by every worker through one cache per run (support/workspace-plans.ts).
  globalSetup: "<rootDir>/__tests__/support/global-setup.js",
  globalTeardown: "<rootDir>/__tests__/support/global-teardown.js",
  maxWorkers: 2,
  testTimeout: 120000,
  reporters: ["default", "<rootDir>/__tests__/support/summary-reporter.js"],
};
