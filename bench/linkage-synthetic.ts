/**
 * Deduplication of synthetic victim lists with ground truth: Persian names in Persian script and in several
 * romanizations, fathers' names, birth years in Solar Hijri or Gregorian, prisons and cities, five overlapping
 * lists with typos, missing fields, transliteration noise and some repeats within a list. Prints figures;
 * asserts nothing.
 *
 *   npx tsx bench/linkage-synthetic.ts --size 10000|100000|1000000 [--threads 2] [--seed 1]
 *     [--max-block 1000] [--threshold 0.5|auto] [--same-list 0.99] [--size-penalty 0] [--count-only]
 */
import { parseArgs } from 'node:util';
import {
  evaluateClusters,
  evaluatePairs,
  countPairs,
  prepareBlocking,
  explainPair,
  runLinkage,
  victimListSettings,
  VICTIM_LIST_BLOCKING,
} from '../src/linkage/index.js';
import { generateVictimLists, linkageCeiling, LISTS } from './linkage-synthetic-data.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '10000' },
    threads: { type: 'string', default: '2' },
    seed: { type: 'string', default: '1' },
    'max-block': { type: 'string', default: '1000' },
    'count-only': { type: 'boolean', default: false },
    threshold: { type: 'string', default: '0.5' },
    'same-list': { type: 'string', default: '0.99' },
    'size-penalty': { type: 'string', default: '0' },
  },
});
const SIZE = Number(values.size);

// ---- run ----

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
let t0 = performance.now();
const { records, truth, entities, people } = generateVictimLists(SIZE, Number(values.seed));
const generation = (performance.now() - t0) / 1000;
console.log(
  `generated ${SIZE} records of ${entities} people on ${LISTS.length} lists in ${generation.toFixed(1)} s`,
);
for (const i of [0, 1, 2])
  console.log(
    '  e.g.',
    JSON.stringify(Object.fromEntries(Object.entries(records.fields).map(([k, v]) => [k, v[i]]))),
  );

if (values['count-only']) {
  const blocking = prepareBlocking(records, VICTIM_LIST_BLOCKING, {
    mode: 'dedupe',
    maxBlockSize: Number(values['max-block']),
  });
  for (const rule of countPairs(blocking)) {
    const skipped = rule.skipped.reduce((s, b) => s + b.pairs, 0);
    console.log(
      `  rule ${rule.name.padEnd(22)} ${String(rule.pairs).padStart(11)} pairs, ${rule.skipped.length} blocks skipped (${skipped} pairs)`,
    );
  }
  process.exit(0);
}

t0 = performance.now();
const result = await runLinkage(
  records,
  victimListSettings({
    maxBlockSize: Number(values['max-block']),
    threads: Number(values.threads),
    seed: Number(values.seed),
    chooseThreshold: values.threshold === 'auto',
    cluster: {
      threshold: values.threshold === 'auto' ? 0.5 : Number(values.threshold),
      sameListThreshold: Number(values['same-list']),
      sizePenalty: Number(values['size-penalty']),
    },
  }),
);
const linkage = (performance.now() - t0) / 1000;

for (const rule of result.ruleCounts) {
  const skipped = rule.skipped.length
    ? `, ${rule.skipped.length} blocks skipped (largest ${rule.skipped[0]!.size})`
    : '';
  console.log(
    `  rule ${rule.name.padEnd(22)} ${String(rule.pairs).padStart(11)} pairs, largest block ${rule.largest[0]?.size ?? 0}${skipped}`,
  );
}
const metrics = evaluateClusters(result.clustering.cluster, truth);
const blockingRecall = evaluatePairs(result.pairs, truth).recall;
console.log(`candidate pairs     ${result.pairs.length} (blocking recall ${blockingRecall.toFixed(4)})`);
console.log(
  `EM                  ${result.em.iterations} iterations, converged ${result.em.converged}, λ ${result.model.lambda.toExponential(2)}${result.em.warning ? ' — ' + result.em.warning : ''}`,
);
console.log(
  `threshold           ${result.threshold.toFixed(3)}${values.threshold === 'auto' ? ' (chosen for the F1 the model expects)' : ''}`,
);
console.log(
  `pairwise            precision ${metrics.precision.toFixed(4)}  recall ${metrics.recall.toFixed(4)}  F1 ${metrics.f1.toFixed(4)}`,
);
console.log(
  `clusters            ${metrics.predictedClusters} (true ${metrics.trueClusters}), B-cubed P ${metrics.bcubedPrecision.toFixed(4)} R ${metrics.bcubedRecall.toFixed(4)}, ARI ${metrics.adjustedRand.toFixed(4)}`,
);
console.log(
  `guards              refused same-list ${result.clustering.refused.sameList}, size ${result.clustering.refused.maxSize}, chain ${result.clustering.refused.chain}`,
);
console.log(
  `stages (s)          ${Object.entries(result.timings)
    .map(([k, v]) => `${k} ${(v / 1000).toFixed(2)}`)
    .join(', ')}`,
);
console.log(
  `linkage time        ${linkage.toFixed(1)} s (generation ${generation.toFixed(1)} s not included)`,
);
console.log(`peak RSS            ${mb(process.resourceUsage().maxRSS * 1024)}`);
// After the peak is read: the ceiling's own tables are not the linkage's memory.
const ceiling = linkageCeiling(records, truth, people);
console.log(
  `ceiling             ${ceiling.outOfReach} of ${ceiling.truePairs} true pairs (${((100 * ceiling.outOfReach) / ceiling.truePairs).toFixed(1)} %) join two records that another person's true values match as well: at best recall ${ceiling.recall.toFixed(4)}, F1 ${ceiling.f1.toFixed(4)}`,
);

// One explained prediction across scripts, to show what a reviewer sees.
const persianLists = new Set(LISTS.filter((l) => l.persian).map((l) => l.name));
for (let p = 0; p < result.pairs.length; p++) {
  const [i, j] = [result.pairs.left[p]!, result.pairs.right[p]!];
  if (persianLists.has(records.lists[i]!) === persianLists.has(records.lists[j]!) || result.weights[p]! < 5)
    continue;
  const e = explainPair(result.table, result.model, i, j);
  console.log(
    `example             ${e.left} ~ ${e.right}: weight ${e.weight.toFixed(1)}, p ${e.probability.toFixed(4)}, prior ${e.prior.toFixed(1)}`,
  );
  for (const c of e.contributions) {
    const tf = c.termFrequency ? ` (tf ${c.termFrequency.toFixed(1)})` : '';
    console.log(
      `                    ${c.comparison.padEnd(10)} ${String(c.leftValue).padEnd(14)} ${String(c.rightValue).padEnd(14)} ${c.label.padEnd(20)} ${c.weight.toFixed(1)}${tf}`,
    );
  }
  break;
}
