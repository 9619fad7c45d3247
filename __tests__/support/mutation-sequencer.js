/**
 * Jest's test sequencer as `npm run test:mutation` runs it (stryker.config.mjs): under a mutant, only
 * the test files that the dry run saw execute it (mutation-environment.js writes them down). Stryker
 * itself narrows the tests by name, but Jest would still load every related test file, and loading
 * one (cdktf and the provider classes, describe bodies) costs more than most tests do.
 *
 * Outside Stryker, and for a mutant the dry run did not record, it is Jest's own sequencer.
 */
const { existsSync, readFileSync } = require("node:fs");
const { join } = require("node:path");
const Sequencer = require("@jest/test-sequencer").default;

/** Stryker's environment variable naming the active mutant of a run. */
const ACTIVE_MUTANT = "__STRYKER_ACTIVE_MUTANT__";

/** Where the dry run leaves mutant id → covering test files: in Stryker's sandbox, deleted with it. */
const coverageIndexFile = (rootDir) => join(rootDir, ".mutation-test-files.json");

let index;

class MutationSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const active = process.env[ACTIVE_MUTANT];
    if (active === undefined || sorted.length === 0) return sorted;
    // Read once per process: test runners start after the dry run has written it.
    const file = coverageIndexFile(sorted[0].context.config.rootDir);
    index ??= existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
    const covering = index[active];
    if (!covering) return sorted;
    const files = new Set(covering);
    // Quickest first: the run stops at the first failing test (mutation-environment.js).
    return sorted.filter((t) => files.has(t.path)).sort((a, b) => (a.duration ?? 0) - (b.duration ?? 0));
  }
}

module.exports = MutationSequencer;
module.exports.ACTIVE_MUTANT = ACTIVE_MUTANT;
module.exports.coverageIndexFile = coverageIndexFile;
