// Compares two synth output trees (one directory per example, as .ci/compat writes them).
//
//   node .ci/compare-synth.mjs exact <reference> <candidate>
//       every file byte for byte
//   node .ci/compare-synth.mjs cdktn <reference> <candidate>
//       JSON files parsed and re-serialized (2-space indent, key order and every value kept), with
//       the version stamp of the cdktf/cdktn library replaced by a placeholder: "//".metadata.version
//       of each cdk.tf.json and the top-level "version" of manifest.json. Nothing else is normalized.
//
// Exit 0 when the trees match, 1 when they differ (the first differing file is shown as a diff),
// 2 on bad usage or an unreadable tree. Plain JavaScript: it runs on any Node without a build.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, relative } from "node:path";

const DIFF_LINES = 80;
const STAMP = "<library version>";

function usage(message) {
  console.error(`compare-synth: ${message}`);
  console.error("usage: node .ci/compare-synth.mjs exact|cdktn <reference dir> <candidate dir>");
  process.exit(2);
}

function filesUnder(dir) {
  try {
    if (!statSync(dir).isDirectory()) usage(`${dir} is not a directory`);
  } catch {
    usage(`${dir} does not exist`);
  }
  const found = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else found.push(relative(dir, path));
    }
  };
  walk(dir);
  return found.sort();
}

// The text a file is compared by in cdktn mode.
function withoutVersionStamp(file, bytes) {
  if (!file.endsWith(".json")) return bytes.toString("utf8");
  let json;
  try {
    json = JSON.parse(bytes.toString("utf8"));
  } catch (e) {
    return `not JSON: ${e.message}\n`;
  }
  if (basename(file) === "manifest.json" && "version" in json) json.version = STAMP;
  const metadata = json["//"]?.metadata;
  if (metadata && "version" in metadata) metadata.version = STAMP;
  return `${JSON.stringify(json, null, 2)}\n`;
}

function showDiff(file, referenceText, candidateText) {
  const dir = mkdtempSync(join(tmpdir(), "compare-synth-"));
  try {
    const a = join(dir, "reference");
    const b = join(dir, "candidate");
    writeFileSync(a, referenceText);
    writeFileSync(b, candidateText);
    const { stdout } = spawnSync("diff", ["-u", "--label", `reference/${file}`, "--label", `candidate/${file}`, a, b], {
      encoding: "utf8",
    });
    const lines = stdout.split("\n");
    console.error(lines.slice(0, DIFF_LINES).join("\n"));
    if (lines.length > DIFF_LINES) console.error(`... (${lines.length - DIFF_LINES} more diff lines)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const [mode, referenceDir, candidateDir, ...extra] = process.argv.slice(2);
if (!["exact", "cdktn"].includes(mode)) usage(`unknown mode ${JSON.stringify(mode)}`);
if (!referenceDir || !candidateDir || extra.length) usage("expected two directories");

const referenceFiles = filesUnder(referenceDir);
const candidateFiles = filesUnder(candidateDir);
if (referenceFiles.length === 0) usage(`${referenceDir} holds no file: nothing to compare`);

const missing = referenceFiles.filter((f) => !candidateFiles.includes(f));
const added = candidateFiles.filter((f) => !referenceFiles.includes(f));
const differing = [];
for (const file of referenceFiles.filter((f) => candidateFiles.includes(f))) {
  const referenceBytes = readFileSync(join(referenceDir, file));
  const candidateBytes = readFileSync(join(candidateDir, file));
  if (mode === "exact") {
    if (referenceBytes.equals(candidateBytes)) continue;
    if (differing.length === 0) showDiff(file, referenceBytes, candidateBytes);
  } else {
    const referenceText = withoutVersionStamp(file, referenceBytes);
    const candidateText = withoutVersionStamp(file, candidateBytes);
    if (referenceText === candidateText) continue;
    if (differing.length === 0) showDiff(file, referenceText, candidateText);
  }
  differing.push(file);
}

for (const f of missing) console.error(`missing from ${candidateDir}: ${f}`);
for (const f of added) console.error(`only in ${candidateDir}: ${f}`);
for (const f of differing) console.error(`differs: ${f}`);
const problems = missing.length + added.length + differing.length;
const how = mode === "exact" ? "byte for byte" : "as JSON, library version stamp aside";
if (problems > 0) {
  console.error(`compare-synth: ${problems} of ${referenceFiles.length} file(s) do not match ${how}`);
  process.exit(1);
}
console.log(`compare-synth: ${referenceFiles.length} files match ${how}`);
