/**
 * `npm run test:unit`: the fast loop. No Terraform (those suites run in `npm test`; suites that mix
 * both skip their Terraform part and say so), no browser, and none of the suites that run the
 * commands as child processes end to end; property tests run a quarter of their cases.
 */
const base = require("./jest.config");

module.exports = {
  ...base,
  globalSetup: undefined,
  globalTeardown: undefined,
  testPathIgnorePatterns: [
    ...base.testPathIgnorePatterns,
    "<rootDir>/__tests__/terraform/",
    "<rootDir>/__tests__/terraform-modules/",
    // End to end: the commands as processes, the crash-safety loop, the browser.
    "<rootDir>/__tests__/main.test.ts",
    "<rootDir>/__tests__/synth-compiled.test.ts",
    "<rootDir>/__tests__/cost/cli.test.ts",
    "<rootDir>/__tests__/cost/mermaid-render.test.ts",
    "<rootDir>/__tests__/guard/check-cli.test.ts",
    "<rootDir>/__tests__/changes/cli.test.ts",
    "<rootDir>/__tests__/output/crash.test.ts",
    "<rootDir>/__tests__/preflight/cli.test.ts",
    "<rootDir>/__tests__/verify/cli.test.ts",
  ],
  setupFiles: ["<rootDir>/__tests__/support/unit-loop.js"],
};
