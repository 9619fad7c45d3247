const { rmSync } = require("node:fs");

module.exports = async () => {
  const dir = process.env.LATTICE_TF_CACHE_DIR;
  if (dir && process.env.LATTICE_TF_CACHE_OWNED) rmSync(dir, { recursive: true, force: true });
};
