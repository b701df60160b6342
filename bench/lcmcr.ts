/**
 * Speed of the LCMCR Gibbs sampler: the reference settings (K = 10, 10,000 + 1,000 × 100 iterations) on
 * hiv_rome (4 lists, 1,896 people) and on a simulated 8-list table of 100,000 people, with one chain and
 * with two chains in worker threads. Prints figures; asserts nothing.
 *
 *   npx tsx bench/lcmcr.ts
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { readPatternCsv, type CaptureTable } from '../src/estimation/index.js';
import { lcmcr, lcmcrParallel, type LcmcrResult } from '../src/estimation/lcmcr/index.js';

const CAPTURE = join(import.meta.dirname, '..', '..', 'shared', 'benchmarks', 'capture');
const REFERENCE = { K: 10, a: 0.25, b: 0.25, burnIn: 10_000, samples: 1000, thinning: 100, seed: 12345 };
const ITERATIONS = REFERENCE.burnIn + REFERENCE.samples * REFERENCE.thinning;

/** People drawn until 100,000 are on at least one of 8 lists; three latent classes with different capture probabilities. */
function simulatedTable(): { table: CaptureTable; N: number } {
  const J = 8;
  const classes = [
    { share: 0.5, p: [0.3, 0.25, 0.35, 0.2, 0.3, 0.25, 0.2, 0.3] },
    { share: 0.3, p: [0.1, 0.15, 0.05, 0.1, 0.12, 0.08, 0.1, 0.06] },
    { share: 0.2, p: [0.6, 0.5, 0.55, 0.45, 0.5, 0.6, 0.4, 0.5] },
  ];
  let state = 20261123;
  const random = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const counts = new Float64Array(2 ** J);
  let observed = 0;
  const population = 180_000;
  let drawn = 0;
  for (let i = 0; i < population && observed < 100_000; i++) {
    drawn++;
    const u = random();
    const cls = u < 0.5 ? classes[0] : u < 0.8 ? classes[1] : classes[2];
    let code = 0;
    for (let j = 0; j < J; j++) code = code * 2 + (random() < (cls?.p[j] ?? 0) ? 1 : 0);
    if (code === 0) continue;
    counts[code] = (counts[code] ?? 0) + 1;
    observed++;
  }
  const rows = 2 ** J - 1;
  const patterns = new Uint8Array(rows * J);
  const freq = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < J; j++) patterns[r * J + j] = ((r + 1) >> (J - 1 - j)) & 1;
    freq[r] = counts[r + 1] ?? 0;
  }
  return { table: { lists: Array.from({ length: J }, (_, j) => `L${j + 1}`), patterns, freq }, N: drawn };
}

function report(label: string, result: LcmcrResult, ms: number, iterationsPerChain: number): void {
  const chains = result.settings.chains;
  const perThousand = (ms / (iterationsPerChain * chains)) * 1000;
  console.log(
    `${label.padEnd(44)} total ${(ms / 1000).toFixed(2).padStart(7)} s   ` +
      `${perThousand.toFixed(1).padStart(6)} ms wall per 1,000 iterations (all chains)   ` +
      `n = ${result.observed}  median ${result.median.toFixed(0)}  95% ${result.lower.toFixed(0)}–${result.upper.toFixed(0)}` +
      `  ESS ${result.ess.toFixed(0)}${result.rhat === null ? '' : `  R̂ ${result.rhat.toFixed(3)}`}`,
  );
}

const hiv = readPatternCsv(readFileSync(join(CAPTURE, 'hiv_rome.csv'), 'utf8')).get('')!;
const simulated = simulatedTable();
const big = simulated.table;
console.log(`simulated 8-list population: true N = ${simulated.N}`);
console.log(
  `cores (os.availableParallelism): ${availableParallelism()}; ${ITERATIONS.toLocaleString()} iterations per chain`,
);

for (const [name, table] of [
  ['hiv_rome (4 lists)', hiv],
  ['simulated 8 lists, 100,000 people', big],
] as const) {
  let t0 = performance.now();
  const one = lcmcr(table, REFERENCE);
  report(`${name}, 1 chain`, one, performance.now() - t0, ITERATIONS);
  t0 = performance.now();
  const two = await lcmcrParallel(table, { ...REFERENCE, chains: 2 });
  report(`${name}, 2 chains in parallel`, two, performance.now() - t0, ITERATIONS);
}
