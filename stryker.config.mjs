// @ts-check
/**
 * `npm run test:mutation`: StrykerJS over the fast unit loop (jest.unit.config.js, no Terraform), on
 * the code that decides what gets deployed. docs/mutation.md has the scores, the run times and the
 * surviving mutants with the reason each cannot matter.
 *
 * Some folders or files: `MUTATE=modules,stacks npm run test:mutation` (its own incremental file and
 * report, since a run rewrites its incremental file with the files it mutated only).
 */

// Property tests draw a random seed per run (__tests__/support/fast-check.ts): a fixed one makes a
// mutant's verdict the same on every run and keeps the incremental results valid. Test runners are
// child processes and inherit it.
process.env.FC_SEED ??= "20261127";

const FOLDERS = ["modules", "stacks", "config", "guard"];
// Folders, or files inside them (`MUTATE=guard/security-groups.ts`).
const targets = process.env.MUTATE?.split(",") ?? FOLDERS;
const unknown = targets.filter((t) => !FOLDERS.some((f) => t === f || t.startsWith(`${f}/`)));
if (unknown.length > 0) throw new Error(`MUTATE: ${unknown.join(", ")} is not in ${FOLDERS.join(", ")}`);
const run = process.env.MUTATE ? targets.map((t) => t.replace(/\.ts$/, "").replaceAll("/", "-")).join("+") : "all";

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "jest",
  jest: {
    projectType: "custom",
    configFile: "jest.unit.config.js",
    // Run a mutant's covering test files only, until the first failure (the two files say why).
    config: {
      testEnvironment: "./__tests__/support/mutation-environment.js",
      testSequencer: "./__tests__/support/mutation-sequencer.js",
    },
  },
  // Each mutant runs only the tests that executed its code.
  coverageAnalysis: "perTest",
  mutate: [
    ...targets.map((t) => (t.endsWith(".ts") ? t : `${t}/**/*.ts`)),
    // Build-time generator of guard/taggable-types.json (data, not behaviour).
    "!guard/generate-taggable-types.ts",
  ],
  // Without a type checker (tsc over the cdktf provider types is slow): swc transpiles type-invalid
  // mutants too, and their tests judge them by behaviour.
  checkers: [],
  // Only a rerun of the mutated files and of the tests that changed; reports/ is gitignored.
  incremental: true,
  incrementalFile: `reports/mutation/${run}.incremental.json`,
  reporters: ["html", "json", "clear-text", "progress"],
  htmlReporter: { fileName: `reports/mutation/${run}.html` },
  jsonReporter: { fileName: `reports/mutation/${run}.json` },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  // Two cores: one jest per core (the runner runs jest in band).
  concurrency: 2,
  // A synth takes a second or two and the machine may be busy: a slow run is not an endless loop.
  timeoutFactor: 2,
  timeoutMS: 30000,
  dryRunTimeoutMinutes: 15,
  thresholds: { high: 90, low: 75, break: null },
};
