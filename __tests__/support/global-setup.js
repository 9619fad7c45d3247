// One Terraform cache directory per test run, shared by every worker (support/workspace-plans.ts).
const { mkdtempSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

module.exports = async () => {
  if (process.env.LATTICE_TF_CACHE_DIR) return; // the caller's own cache, kept across runs
  process.env.LATTICE_TF_CACHE_DIR = mkdtempSync(join(tmpdir(), "lattice-tf-cache-"));
  process.env.LATTICE_TF_CACHE_OWNED = "1";
};
