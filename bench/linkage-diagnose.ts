/**
 * Where the synthetic dedupe loses pairs, stage by stage, measured against the ground truth: blocking recall per
 * rule (and why the missed true pairs escape every rule), pairwise recall and precision among the candidate pairs
 * before clustering, what the clustering guards refuse, the estimated m, u and λ against their true values.
 * Prints figures; asserts nothing.
 *
 *   npx tsx bench/linkage-diagnose.ts --size 100000 [--seed 1] [--threshold 0.5]
 */
import { parseArgs } from 'node:util';
import {
  allocatePairs,
  allocateVectors,
  compareRange,
  evaluateClusters,
  nameSkeleton,
  levelLabel,
  levelWeights,
  prepareBlocking,
  runLinkage,
  victimListSettings,
  weightToProbability,
  type PairList,
} from '../src/linkage/index.js';
import { generateVictimLists } from './linkage-synthetic-data.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    threshold: { type: 'string', default: '0.5' },
  },
});
const SIZE = Number(values.size);
const { records, truth } = generateVictimLists(SIZE, Number(values.seed));
const settings = victimListSettings({ cluster: { threshold: Number(values.threshold) } });
const result = await runLinkage(records, settings);
const { table, pairs, weights, model } = result;
const pct = (a: number, b: number): string => `${((100 * a) / Math.max(b, 1)).toFixed(2)}%`;

// ---- every true pair ----
const byEntity = new Map<number, number[]>();
for (let i = 0; i < SIZE; i++) {
  const e = truth[i]!;
  const list = byEntity.get(e);
  if (list) list.push(i);
  else byEntity.set(e, [i]);
}
let truePairTotal = 0;
for (const r of byEntity.values()) truePairTotal += (r.length * (r.length - 1)) / 2;
const truePairs: PairList = allocatePairs(truePairTotal);
{
  let k = 0;
  for (const r of byEntity.values())
    for (let a = 0; a < r.length; a++)
      for (let b = a + 1; b < r.length; b++) {
        truePairs.left[k] = Math.min(r[a]!, r[b]!);
        truePairs.right[k] = Math.max(r[a]!, r[b]!);
        k++;
      }
}
console.log(`records ${SIZE}, true pairs ${truePairTotal}, candidate pairs ${pairs.length}`);

// ---- blocking recall per rule ----
const blocking = prepareBlocking(table, settings.blocking, {
  mode: 'dedupe',
  maxBlockSize: settings.maxBlockSize,
});
const covered = new Uint8Array(truePairTotal);
for (const rule of blocking.rules) {
  let hit = 0;

  for (let p = 0; p < truePairTotal; p++) {
    const c = rule.codes[truePairs.left[p]!]!;
    if (c >= 0 && c === rule.codes[truePairs.right[p]!] && rule.skipped[c] === 0) {
      hit++;
      covered[p] = 1;
    }
  }

  console.log(`  rule ${rule.name.padEnd(26)} recall ${pct(hit, truePairTotal)}`);
}
let coveredCount = 0;
for (const c of covered) coveredCount += c;
console.log(`  union                      recall ${pct(coveredCount, truePairTotal)}`);

// Why missed true pairs escape: per comparison, is the value null on either side, is the name key equal?
const trueVectors = allocateVectors(truePairTotal, table.comparisons.length);
compareRange(table, truePairs, 0, truePairTotal, trueVectors);
const width = trueVectors.width;
const patternOf = (p: number): string =>
  table.comparisons
    .map((spec, c) => {
      const level = trueVectors.levels[p * width + c]!;
      return level === 0 ? '-' : level === spec.levels.length + 1 ? 'x' : String(level);
    })
    .join('');
const missed = new Map<string, number>();
for (let p = 0; p < truePairTotal; p++) {
  if (covered[p]) continue;
  const key = patternOf(p);
  missed.set(key, (missed.get(key) ?? 0) + 1);
}
console.log(
  `missed true pairs by level pattern (${table.comparisons.map((c) => c.name).join(', ')}; - null, x else):`,
);
for (const [key, n] of [...missed].sort((a, b) => b[1] - a[1]).slice(0, 15))
  console.log(`  ${key}  ${n}  (${pct(n, truePairTotal)} of true pairs)`);
// A few missed pairs as written.
let shown = 0;
for (let p = 0; p < truePairTotal && shown < 8; p++) {
  if (covered[p] || (p * 7919) % 13 !== 0) continue;
  const f = (i: number): string =>
    Object.keys(records.fields)
      .map((k) => String(records.fields[k]![i] ?? '∅'))
      .join(' | ');
  console.log(`  e.g. ${f(truePairs.left[p]!)}\n       ${f(truePairs.right[p]!)}`);
  shown++;
}

// ---- model against truth ----
const trueM = table.comparisons.map((spec) => new Array<number>(spec.levels.length + 2).fill(0));
for (let p = 0; p < truePairTotal; p++)
  for (let c = 0; c < width; c++) trueM[c]![trueVectors.levels[p * width + c]!]!++;
const allPairs = (SIZE * (SIZE - 1)) / 2;
console.log(
  `λ estimated ${model.lambda.toExponential(3)}, true ${(truePairTotal / allPairs).toExponential(3)}`,
);
const w = levelWeights(model);
for (let c = 0; c < width; c++) {
  const spec = table.comparisons[c]!;
  const comp = model.comparisons[c]!;
  const nonNull = trueM[c]!.reduce((s, v, l) => (l === 0 ? s : s + v), 0);
  const row = trueM[c]!.map((v, l) => {
    if (l === 0) return '';
    const tm = v / nonNull;
    const tw = Math.log2(Math.max(tm, 1e-6) / Math.max(comp.u[l]!, 1e-6));
    return `${levelLabel(spec, l)}: m ${comp.m[l]!.toFixed(3)} (true ${tm.toFixed(3)}) u ${comp.u[l]!.toExponential(1)} w ${w[c]![l]!.toFixed(1)} (true ${tw.toFixed(1)})`;
  });
  console.log(`  ${spec.name}\n    ${row.filter(Boolean).join('\n    ')}`);
}

// ---- pairwise before clustering ----
const threshold = Number(values.threshold);
let tpAbove = 0;
let fpAbove = 0;
let trueBlocked = 0;
for (let p = 0; p < pairs.length; p++) {
  const same = truth[pairs.left[p]!] === truth[pairs.right[p]!];
  const above = weightToProbability(weights[p]!) >= threshold;
  if (same) trueBlocked++;
  if (above && same) tpAbove++;
  if (above && !same) fpAbove++;
}
console.log(
  `candidates: true ${trueBlocked}; above ${threshold}: true ${tpAbove} (${pct(tpAbove, trueBlocked)} of blocked true), false ${fpAbove} (precision ${(tpAbove / Math.max(1, tpAbove + fpAbove)).toFixed(4)})`,
);
// Blocked true pairs below the threshold, by level pattern.
const below = new Map<string, { n: number; w: number }>();
const blockedPattern = (p: number): string =>
  table.comparisons
    .map((spec, c) => {
      const level = result.vectors.levels[p * width + c]!;
      return level === 0 ? '-' : level === spec.levels.length + 1 ? 'x' : String(level);
    })
    .join('');
for (let p = 0; p < pairs.length; p++) {
  if (truth[pairs.left[p]!] !== truth[pairs.right[p]!] || weightToProbability(weights[p]!) >= threshold)
    continue;
  const key = blockedPattern(p);
  const e = below.get(key) ?? { n: 0, w: 0 };
  e.n++;
  e.w += weights[p]!;
  below.set(key, e);
}
console.log('blocked true pairs below the threshold, by pattern (mean weight):');
for (const [key, e] of [...below].sort((a, b) => b[1].n - a[1].n).slice(0, 15))
  console.log(`  ${key}  ${e.n}  (${(e.w / e.n).toFixed(1)})`);
// False pairs above the threshold, by pattern.
const fp = new Map<string, number>();
for (let p = 0; p < pairs.length; p++) {
  if (truth[pairs.left[p]!] === truth[pairs.right[p]!] || weightToProbability(weights[p]!) < threshold)
    continue;
  const key = blockedPattern(p);
  fp.set(key, (fp.get(key) ?? 0) + 1);
}
console.log('false pairs above the threshold, by pattern:');
for (const [key, n] of [...fp].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`  ${key}  ${n}`);

// ---- clustering ----
const { cluster } = result.clustering;
let lostInClustering = 0;
let gainedInClustering = 0;
for (let p = 0; p < pairs.length; p++) {
  const same = truth[pairs.left[p]!] === truth[pairs.right[p]!];
  const above = weightToProbability(weights[p]!) >= threshold;
  const joined = cluster[pairs.left[p]!] === cluster[pairs.right[p]!];
  if (same && above && !joined) lostInClustering++;
  if (same && !above && joined) gainedInClustering++;
}
const m = evaluateClusters(cluster, truth);
console.log(
  `clustering: true pairs above threshold left apart ${lostInClustering}, true pairs below joined transitively ${gainedInClustering}`,
);
console.log(
  `guards refused same-list ${result.clustering.refused.sameList}, size ${result.clustering.refused.maxSize}, chain ${result.clustering.refused.chain}`,
);
console.log(`final: precision ${m.precision.toFixed(4)} recall ${m.recall.toFixed(4)} F1 ${m.f1.toFixed(4)}`);
for (const s of result.sessions ?? [])
  console.log(
    `session ${s.rule}: ${s.pairs} pairs, ${s.report.iterations} it, converged ${s.report.converged}`,
  );

// ---- crowding: how many people share a record's name key (given and surname skeletons) ----
const nameKeyOf = (i: number): string | null => {
  const g = records.fields.given![i];
  const s = records.fields.surname![i];
  if (g == null || s == null) return null;
  const a = nameSkeleton(String(g));
  const b = nameSkeleton(String(s));
  return a && b ? `${a}|${b}` : null;
};
const peopleByKey = new Map<string, Set<number>>();
const keys: Array<string | null> = [];
for (let i = 0; i < SIZE; i++) {
  const k = nameKeyOf(i);
  keys.push(k);
  if (k === null) continue;
  let set = peopleByKey.get(k);
  if (!set) peopleByKey.set(k, (set = new Set()));
  set.add(truth[i]!);
}
const crowd = (i: number): number => {
  const k = keys[i];
  return k == null ? -1 : peopleByKey.get(k)!.size - 1;
};
const histogram = (label: string, pick: (p: number) => boolean): void => {
  const bucket = [0, 0, 0, 0, 0];
  let n = 0;
  for (let p = 0; p < pairs.length; p++) {
    if (truth[pairs.left[p]!] !== truth[pairs.right[p]!] || !pick(p)) continue;
    const c = Math.max(crowd(pairs.left[p]!), crowd(pairs.right[p]!));
    if (c < 0) continue;
    bucket[c === 0 ? 0 : c < 3 ? 1 : c < 10 ? 2 : c < 100 ? 3 : 4]!++;
    n++;
  }
  console.log(
    `  ${label.padEnd(30)} other people with the same name key: 0 ${pct(bucket[0]!, n)}, 1-2 ${pct(bucket[1]!, n)}, 3-9 ${pct(bucket[2]!, n)}, 10-99 ${pct(bucket[3]!, n)}, 100+ ${pct(bucket[4]!, n)}`,
  );
};
console.log('crowding of blocked true pairs:');
histogram('above the threshold', (p) => weightToProbability(weights[p]!) >= result.threshold);
histogram('below the threshold', (p) => weightToProbability(weights[p]!) < result.threshold);
