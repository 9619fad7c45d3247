/**
 * Parameters for fast-check properties: one seed per test file, printed, and taken from FC_SEED when
 * set, so any failure (in CI too) can be replayed; FC_NUM_RUNS scales every run count.
 */
let seed: number | undefined;

export function propertyParams(numRuns: number): { numRuns: number; seed: number } {
  if (seed === undefined) {
    const given = process.env.FC_SEED;
    if (given !== undefined && !/^-?\d+$/.test(given)) throw new Error(`FC_SEED=${given} is not an integer`);
    seed = given !== undefined ? Number(given) : Math.floor(Math.random() * 2 ** 31);
    console.log(`fast-check seed ${seed} (replay with FC_SEED=${seed})`);
  }
  const scale = Number(process.env.FC_NUM_RUNS ?? 1);
  return { numRuns: Math.max(1, Math.round(numRuns * scale)), seed };
}
