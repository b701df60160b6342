/**
 * Coverage of 95 % profile-likelihood intervals on simulated populations with known N, and time of model
 * selection (two-way and three-way searches) on the reference tables and a simulated five-list table. Prints
 * figures; asserts nothing.
 *
 *   npx tsx bench/estimation.ts [--runs 500]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  emptyTable,
  fitHeterogeneity,
  fitModel,
  patternIndex,
  profileInterval,
  readPatternCsv,
  selectLoglinear,
  type CaptureTable,
  type LoglinearModel,
} from '../src/estimation/index.js';
import { lcmcr } from '../src/estimation/lcmcr/index.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '500' } } });
const RUNS = Number(values.runs);
const N = 2000;

let state = 20261123;
function random(): number {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

function simulate(probabilities: (person: number, drawn: number[]) => number[]): CaptureTable {
  const lists = probabilities(0, []).length;
  const table = emptyTable(Array.from({ length: lists }, (_, j) => `L${j + 1}`));
  for (let person = 0; person < N; person++) {
    const bits: number[] = [];
    for (let j = 0; j < lists; j++) bits.push(random() < probabilities(person, bits)[j]! ? 1 : 0);
    const index = patternIndex(bits);
    if (index >= 0) table.freq[index] = table.freq[index]! + 1;
  }
  return table;
}

const scenarios: Array<{
  name: string;
  population: (p: number, d: number[]) => number[];
  fit: (t: CaptureTable) => [number, number, number];
}> = [];
const withModel =
  (model: LoglinearModel) =>
  (t: CaptureTable): [number, number, number] => {
    const fit = fitModel(t, model);
    const [lo, hi] = profileInterval(t, model, fit.estimate);
    return [fit.estimate, lo, hi];
  };
const independent = () => [0.3, 0.2, 0.25, 0.15];
const dependent = (_: number, d: number[]) => [0.3, d[0] ? 0.3 : 0.1, 0.25, 0.2];
const heterogeneous = (p: number) => (p % 2 ? [0.45, 0.45, 0.45, 0.45] : [0.15, 0.15, 0.15, 0.15]);
scenarios.push({
  name: 'independent lists, model Mt',
  population: independent,
  fit: withModel({ terms: [] }),
});
scenarios.push({
  name: 'lists 1–2 dependent, model Mt (wrong)',
  population: dependent,
  fit: withModel({ terms: [] }),
});
scenarios.push({
  name: 'lists 1–2 dependent, model [12,3,4]',
  population: dependent,
  fit: withModel({ terms: [[0, 1]] }),
});
scenarios.push({
  name: 'lists 1–2 dependent, best-BIC model',
  population: dependent,
  fit: (t) => {
    const r = selectLoglinear(t);
    return [r.selected.estimate, r.selected.lower, r.selected.upper];
  },
});
scenarios.push({
  name: 'two capture classes, model Mt (wrong)',
  population: heterogeneous,
  fit: withModel({ terms: [] }),
});
scenarios.push({
  name: 'two capture classes, Mth Darroch',
  population: heterogeneous,
  fit: (t) => {
    const r = fitHeterogeneity(t, 'darroch');
    return [r.estimate, r.lower, r.upper];
  },
});

// Shorter chains than the reference settings (1,000 + 1,000 × 10 iterations) keep 3 × RUNS fits affordable.
const withLcmcr = (t: CaptureTable): [number, number, number] => {
  const r = lcmcr(t, { burnIn: 1000, samples: 1000, thinning: 10, seed: Math.floor(random() * 2 ** 31) });
  return [r.median, r.lower, r.upper];
};
scenarios.push({ name: 'independent lists, LCMCR', population: independent, fit: withLcmcr });
scenarios.push({ name: 'lists 1–2 dependent, LCMCR', population: dependent, fit: withLcmcr });
scenarios.push({ name: 'two capture classes, LCMCR', population: heterogeneous, fit: withLcmcr });

console.log(`coverage of 95 % intervals, N = ${N}, ${RUNS} simulated populations each, 4 lists`);
for (const s of scenarios) {
  let covered = 0;
  let sum = 0;
  const started = performance.now();
  for (let r = 0; r < RUNS; r++) {
    const [estimate, lo, hi] = s.fit(simulate(s.population));
    if (lo <= N && N <= hi) covered++;
    sum += estimate;
  }
  console.log(
    `  ${s.name.padEnd(42)} coverage ${((100 * covered) / RUNS).toFixed(1)} %, mean estimate ${(sum / RUNS).toFixed(0)}, ${((performance.now() - started) / RUNS).toFixed(1)} ms per run`,
  );
}

const dir = join(import.meta.dirname, '..', '..', 'shared', 'benchmarks', 'capture');
const fiveLists = (() => {
  const table = emptyTable(['L1', 'L2', 'L3', 'L4', 'L5']);
  for (let person = 0; person < 3000; person++) {
    const bits = [0.3, 0.25, 0.2, 0.3, 0.15].map((p) => (random() < p ? 1 : 0));
    // Lists 1, 2 and 3 share sources: people on the first two are three times as likely to be on the third.
    if (bits[0] && bits[1]) bits[2] = random() < 0.6 ? 1 : 0;
    const index = patternIndex(bits);
    if (index >= 0) table.freq[index] = table.freq[index]! + 1;
  }
  return table;
})();
const tables: Array<[string, CaptureTable]> = [
  ...['hiv_rome.csv', 'lesbian_lists.csv', 'hare.csv'].map((file): [string, CaptureTable] => [
    file,
    readPatternCsv(readFileSync(join(dir, file), 'utf8')).get('')!,
  ]),
  ['simulated 5 lists (N = 3000, 123 interaction)', fiveLists],
];
for (const [name, table] of tables) {
  for (const maxOrder of [2, 3] as const) {
    const started = performance.now();
    const result = selectLoglinear(table, { maxOrder });
    const s = result.selected;
    console.log(
      `${name} (${table.lists.length} lists), max order ${maxOrder}: ${result.models.length} models (${result.search}, order ${result.maxOrder}) in ${(performance.now() - started).toFixed(0)} ms; best BIC ${s.name} N = ${s.estimate.toFixed(1)} [${s.lower.toFixed(1)}, ${s.upper.toFixed(1)}], deviance ${s.deviance.toFixed(1)} on ${s.residualDf} df, p ${s.pValue === null ? '—' : s.pValue.toFixed(3)}; BIC-averaged ${result.averaged.toFixed(1)}`,
    );
  }
}
