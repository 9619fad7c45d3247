/**
 * Jest's node environment as `npm run test:mutation` runs it (stryker.config.mjs; Stryker wraps it in
 * its own). Without it a full run takes most of a day on two cores; with it, a mutant runs only the
 * tests that execute its code, and only until one of them fails.
 *
 * - Coverage: Stryker counts code that runs outside a test (module load, describe bodies, beforeAll)
 *   as "static" and runs every test for such a mutant, and most of this suite synthesizes in
 *   beforeAll. Jest loads modules afresh for every test file, so that code runs again for each file:
 *   in the dry run it is credited to the tests of its file (module load, describe bodies) or of its
 *   describe block (beforeAll), which is exactly when it runs.
 * - The dry run writes which test files cover which mutant (mutation-sequencer.js runs only those).
 * - Bail: Stryker's Jest runner cannot stop Jest at the first failure; once a test fails under the
 *   active mutant, the tests after it are skipped (the mutant is killed either way).
 *
 * Outside Stryker it is the plain node environment.
 */
const { writeFileSync } = require("node:fs");
const { TestEnvironment } = require("jest-environment-node");
const { ACTIVE_MUTANT, coverageIndexFile } = require("./mutation-sequencer");

/** Stryker's id of a test: its describe blocks' names and its own, as Jest's testNamePattern sees them. */
const blockName = (block) => (block.parent ? `${blockName(block.parent)} ${block.name}`.trimStart() : "");
const testId = (test) => `${blockName(test.parent)} ${test.name}`.trimStart();

/** Dry run: mutant id → the test files whose tests execute it (one dry run per process). */
const filesByMutant = new Map();
/** The mutant under which a test failed: later tests of that mutant's run are skipped. */
let failedMutant;

class MutationEnvironment extends TestEnvironment {
  #testPath;
  #rootDir;
  /** Pseudo test ids under which code outside tests is counted, until it is credited to tests. */
  #fileId;
  #hookIds = new Map();

  constructor(config, context) {
    super(config, context);
    this.#testPath = context.testPath;
    this.#rootDir = config.projectConfig.rootDir;
    this.#fileId = `\0module load and describe bodies of ${context.testPath}`;
  }

  /** Stryker's instrumentation context (the wrapper sets it), or undefined outside Stryker. */
  get #stryker() {
    return this.global[this.global.__strykerGlobalNamespace__ ?? "__stryker__"];
  }

  get #dryRun() {
    return process.env[ACTIVE_MUTANT] === undefined && this.#stryker !== undefined;
  }

  async setup() {
    await super.setup();
    if (this.#dryRun) this.#stryker.currentTestId = this.#fileId;
  }

  async teardown() {
    if (this.#dryRun) {
      const perTest = this.#coverage().perTest;
      for (const id of [this.#fileId, ...this.#hookIds.values()]) delete perTest[id];
      this.#stryker.currentTestId = undefined;
      writeFileSync(coverageIndexFile(this.#rootDir), JSON.stringify(Object.fromEntries([...filesByMutant].map(([m, files]) => [m, [...files]]))));
    }
    await super.teardown();
  }

  // Stryker's wrapper calls this first, then sets currentTestId itself on test_start and test_done.
  async handleTestEvent(event) {
    const active = process.env[ACTIVE_MUTANT];
    if (active !== undefined) {
      this.#bail(event, active);
      return;
    }
    if (!this.#dryRun) return;
    const stryker = this.#stryker;
    switch (event.name) {
      case "run_start": // the file is loaded and its describe bodies have run
        stryker.currentTestId = undefined;
        break;
      case "hook_start":
        if (event.hook.type === "beforeAll") stryker.currentTestId = this.#hookId(event.hook.parent);
        break;
      case "hook_success":
      case "hook_failure":
        if (event.hook.type === "beforeAll") stryker.currentTestId = undefined;
        break;
      case "test_start":
        if (willRun(event.test)) this.#credit(event.test);
        break;
      case "test_done":
        for (const mutant of Object.keys(this.#coverage().perTest[testId(event.test)] ?? {})) {
          if (!filesByMutant.has(mutant)) filesByMutant.set(mutant, new Set());
          filesByMutant.get(mutant).add(this.#testPath);
        }
        break;
    }
  }

  #coverage() {
    const stryker = this.#stryker;
    return (stryker.mutantCoverage ??= { static: {}, perTest: {} });
  }

  #hookId(block) {
    if (!this.#hookIds.has(block)) this.#hookIds.set(block, `\0beforeAll of ${blockName(block)} in ${this.#testPath}`);
    return this.#hookIds.get(block);
  }

  /** The test is covered by what its file's load and its blocks' beforeAll hooks executed. */
  #credit(test) {
    const perTest = this.#coverage().perTest;
    const sources = [this.#fileId];
    for (let block = test.parent; block; block = block.parent) if (this.#hookIds.has(block)) sources.push(this.#hookIds.get(block));
    const into = (perTest[testId(test)] ??= {});
    for (const source of sources) {
      for (const [mutant, hits] of Object.entries(perTest[source] ?? {})) into[mutant] = (into[mutant] ?? 0) + hits;
    }
  }

  #bail(event, active) {
    if (event.name === "test_done" && event.test.errors.length > 0) failedMutant = active;
    if (failedMutant !== active) return;
    // Before a block's hooks are chosen (they run only for blocks with tests left), and before each test.
    if (event.name === "run_describe_start") skipAll(event.describeBlock);
    if (event.name === "test_start") event.test.mode = "skip";
  }
}

/** Not skipped or todo, itself or through a describe.skip (the dry run has no name pattern). */
function willRun(test) {
  if (test.mode === "skip" || test.mode === "todo") return false;
  for (let block = test.parent; block; block = block.parent) if (block.mode === "skip") return false;
  return true;
}

function skipAll(block) {
  for (const child of block.children) {
    if (child.type === "test") child.mode = "skip";
    else skipAll(child);
  }
}

module.exports = MutationEnvironment;
