/**
 * `npm run synth` and cdktf.json's app: runs the compiled main.ts (dist/js/main.js, plain JavaScript),
 * rebuilding it first when it is missing or older than its sources (scripts/compiled.cjs).
 */
"use strict";
const { join } = require("node:path");
const { OUT, ensureFresh } = require("./compiled.cjs");

const error = ensureFresh((line) => console.error(line));
if (error) {
  console.error(`synth: ${error}`);
  process.exitCode = 2;
} else {
  require(join(OUT, "main.js"));
}
