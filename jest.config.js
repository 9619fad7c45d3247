/** Transpile-only (swc): types are checked once by `tsc --noEmit` in `npm test`. */
module.exports = {
  testEnvironment: "node",
  testMatch: ["**/__tests__/**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest"] },
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  testTimeout: 120000,
  reporters: ["default", "<rootDir>/__tests__/support/summary-reporter.js"],
};
