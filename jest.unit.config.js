/**
 * `npm run test:unit`: the fast loop, without Terraform — every suite except the ones that plan or
 * validate with Terraform; suites that mix both skip their Terraform part and say so.
 */
const base = require("./jest.config");

module.exports = {
  ...base,
  globalSetup: undefined,
  globalTeardown: undefined,
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/__tests__/terraform/", "<rootDir>/__tests__/terraform-modules/"],
  setupFiles: ["<rootDir>/__tests__/support/unit-loop.js"],
};
