/**
 * What review decisions teach the model, on the synthetic victim lists: link, let an oracle (the ground truth)
 * decide the first N pairs of the review queue, link again with those decisions as calibration labels, and
 * compare pairwise F1. The decided pairs themselves are not forced together or apart here, so the change is
 * what the model learnt, not the decisions. Two queue orders are compared: the queue's own (uncertainty times
 * the number of pairs sharing the pattern) and plain uncertainty. Prints figures; asserts nothing.
 *
 *   npx tsx bench/linkage-review.ts --size 100000 [--decisions 200,500] [--seed 1]
 */
import { parseArgs } from 'node:util';
import {
  evaluateClusters,
  reviewPriority,
  runLinkage,
  victimListSettings,
  weightToProbability,
  type LabelledPair,
  type LinkageResult,
} from '../src/linkage/index.js';
import { generateVictimLists } from './linkage-synthetic-data.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '100000' },
    decisions: { type: 'string', default: '100,300,1000' },
    seed: { type: 'string', default: '1' },
  },
});
const { records, truth } = generateVictimLists(Number(values.size), Number(values.seed));
const settings = victimListSettings();
const first = await runLinkage(records, settings);
const f1 = (r: LinkageResult): string => {
  const m = evaluateClusters(r.clustering.cluster, truth);
  return `P ${m.precision.toFixed(4)} R ${m.recall.toFixed(4)} F1 ${m.f1.toFixed(4)}`;
};
console.log(`${values.size} records, no decisions: ${f1(first)}`);

// The review band of the service (0.01 ≤ p ≤ 0.99).
const band: number[] = [];
for (let k = 0; k < first.pairs.length; k++) {
  const p = weightToProbability(first.weights[k]!);
  if (p >= 0.01 && p <= 0.99) band.push(k);
}
const width = first.vectors.width;
const pattern = (k: number): string => first.vectors.levels.subarray(k * width, (k + 1) * width).join(',');
const probability = band.map((k) => weightToProbability(first.weights[k]!));
const orders = {
  'what a decision teaches': reviewPriority(probability, band.map(pattern)).map((i) => band[i]!),
  'least certain first': band
    .map((k, i) => ({ k, u: Math.abs(probability[i]! - 0.5) }))
    .sort((a, b) => a.u - b.u || a.k - b.k)
    .map((x) => x.k),
};
console.log(`review band: ${band.length} pairs`);
for (const n of values.decisions.split(',').map(Number))
  for (const [name, order] of Object.entries(orders)) {
    const reviewed: LabelledPair[] = order.slice(0, n).map((k) => {
      const left = first.pairs.left[k]!;
      const right = first.pairs.right[k]!;
      return { left, right, match: truth[left] === truth[right] };
    });
    const t0 = performance.now();
    const next = await runLinkage(records, { ...settings, reviewed });
    const c = next.calibration;
    console.log(
      `${String(n).padStart(5)} decisions, ${name.padEnd(24)} ${c.matches} matches / ${c.nonMatches} not; weight × ${c.slope.toFixed(2)} ${c.shift >= 0 ? '+' : '−'} ${Math.abs(c.shift).toFixed(2)} bits → ${f1(next)} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
  }
