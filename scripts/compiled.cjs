/**
 * The compiled synth app (plain JavaScript, no transpiler at run time): `npm run build` (run by the
 * prepare script of `npm ci`) compiles main.ts and exactly what it imports with tsc
 * (tsconfig.build.json) into dist/js/, and records each compiled source's size, mtime and SHA-256 in
 * dist/js/.sources.json. scripts/synth.cjs (`npm run synth`, cdktf.json's app) runs dist/js/main.js
 * only when that record matches the sources; otherwise it rebuilds first. A stale build never synthesizes.
 * Plain CommonJS on purpose: it is loaded before anything is compiled, and only with node: modules.
 */
"use strict";
const { spawnSync } = require("node:child_process");
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const { dirname, join, relative, sep } = require("node:path");

const ROOT = join(__dirname, "..");
const OUT = join(ROOT, "dist", "js");
const STAMP = join(OUT, ".sources.json");
const LOCK = join(ROOT, "dist", ".js.lock");
/** Besides the sources of each emitted file: what decides how they compile. */
const CONFIGS = ["tsconfig.build.json", "tsconfig.json"];

const sha = (file) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

/** Why dist/js may not run as it is (missing, or a source changed since it was built), or undefined. */
function staleness() {
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(STAMP, "utf8"));
  } catch {
    return "dist/js is missing";
  }
  for (const [file, was] of Object.entries(stamp.sources ?? {})) {
    let st;
    try {
      st = fs.statSync(join(ROOT, file));
    } catch {
      return `${file} is gone`;
    }
    // Same size and mtime: unchanged. Otherwise (a checkout, a copy) compare the content.
    if (st.size === was.size && st.mtimeMs === was.mtimeMs) continue;
    if (st.size !== was.size || sha(join(ROOT, file)) !== was.sha256) return `${file} changed`;
  }
  return Object.keys(stamp.sources ?? {}).length === 0 ? "dist/js has no record of its sources" : undefined;
}

function* walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else yield p;
  }
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Runs fn holding dist/.js.lock (one build at a time; a lock older than 5 minutes is a crashed build's). */
function locked(fn) {
  fs.mkdirSync(dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
      try {
        if (Date.now() - fs.statSync(LOCK).mtimeMs > 5 * 60_000) fs.rmSync(LOCK, { recursive: true, force: true });
      } catch { /* released meanwhile */ }
      sleep(200);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * Compiles into a scratch directory, then moves each file into dist/js atomically and writes the record
 * last: a synth running meanwhile reads whole files. Returns an error message, or undefined.
 */
function build() {
  return locked(() => {
    const started = Date.now();
    const scratch = join(ROOT, "dist", `.js-build-${process.pid}`);
    fs.rmSync(scratch, { recursive: true, force: true });
    try {
      const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
      if (!fs.existsSync(tsc)) return "cannot compile: typescript is not installed (npm ci installs it)";
      const r = spawnSync(process.execPath, [tsc, "-p", join(ROOT, "tsconfig.build.json"), "--outDir", scratch], { cwd: ROOT, stdio: ["ignore", 2, 2] });
      if (r.status !== 0) return "tsc failed (errors above)";
      const sources = {};
      const record = (file) => {
        const st = fs.statSync(join(ROOT, file));
        // A source edited while tsc ran may not be what was compiled: record it as unknown, so the next run rebuilds.
        sources[file.split(sep).join("/")] = { size: st.size, mtimeMs: st.mtimeMs, sha256: st.mtimeMs >= started - 1000 ? "" : sha(join(ROOT, file)) };
      };
      for (const file of walk(scratch)) {
        const rel = relative(scratch, file);
        record(rel.endsWith(".js") ? rel.replace(/\.js$/, ".ts") : rel);
        fs.mkdirSync(dirname(join(OUT, rel)), { recursive: true });
        fs.renameSync(file, join(OUT, rel));
      }
      CONFIGS.forEach(record);
      fs.writeFileSync(`${STAMP}.${process.pid}`, `${JSON.stringify({ sources }, null, 1)}\n`);
      fs.renameSync(`${STAMP}.${process.pid}`, STAMP);
      return undefined;
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
}

/** Rebuilds dist/js when it is stale; returns an error message, or undefined once it may run. */
function ensureFresh(log) {
  const why = staleness();
  if (why === undefined) return undefined;
  return locked(() => staleness()) === undefined ? undefined : (log(`synth: ${why}; compiling first (npm run build)`), build());
}

module.exports = { OUT, STAMP, staleness, build, ensureFresh };

if (require.main === module) {
  const error = build();
  if (error) {
    console.error(`build: ${error}`);
    process.exitCode = 2;
  }
}
