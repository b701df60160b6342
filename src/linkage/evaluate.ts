import type { PairList } from './compare.js';

export interface PairwiseMetrics {
  truePositives: number;
  predictedPairs: number;
  truePairs: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface ClusterMetrics extends PairwiseMetrics {
  predictedClusters: number;
  trueClusters: number;
  /** B-cubed precision and recall (Bagga & Baldwin): per record, averaged over records. */
  bcubedPrecision: number;
  bcubedRecall: number;
  adjustedRand: number;
}

const choose2 = (n: number): number => (n * (n - 1)) / 2;

function metrics(tp: number, predicted: number, truth: number): PairwiseMetrics {
  const precision = predicted > 0 ? tp / predicted : 1;
  const recall = truth > 0 ? tp / truth : 1;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { truePositives: tp, predictedPairs: predicted, truePairs: truth, precision, recall, f1 };
}

/** Dense integer labels for arbitrary truth values (entity ids). */
export function denseLabels(values: ArrayLike<string | number>): Int32Array {
  const index = new Map<string | number, number>();
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    let k = index.get(values[i]!);
    if (k === undefined) index.set(values[i]!, (k = index.size));
    out[i] = k;
  }
  return out;
}

/**
 * Pairwise precision, recall and F1 of predicted pairs (each counted once) against the true entity of every
 * record: a true pair is any two records of the same entity.
 */
export function evaluatePairs(pairs: PairList, truth: ArrayLike<number>): PairwiseMetrics {
  let tp = 0;
  for (let p = 0; p < pairs.length; p++) if (truth[pairs.left[p]!] === truth[pairs.right[p]!]) tp++;
  return metrics(tp, pairs.length, truePairCount(truth));
}

/** Number of record pairs that share an entity. */
export function truePairCount(truth: ArrayLike<number>): number {
  const sizes = new Map<number, number>();
  for (let i = 0; i < truth.length; i++) sizes.set(truth[i]!, (sizes.get(truth[i]!) ?? 0) + 1);
  let total = 0;
  for (const s of sizes.values()) total += choose2(s);
  return total;
}

/**
 * Pairwise and cluster metrics of a clustering against the truth (both dense labels per record), from the
 * contingency table of predicted × true clusters.
 */
export function evaluateClusters(predicted: ArrayLike<number>, truth: ArrayLike<number>): ClusterMetrics {
  const n = predicted.length;
  const predSize = new Map<number, number>();
  const trueSize = new Map<number, number>();
  const cell = new Map<number, number>();
  let span = 1;
  for (let i = 0; i < n; i++) span = Math.max(span, truth[i]! + 1);
  for (let i = 0; i < n; i++) {
    const p = predicted[i]!;
    const t = truth[i]!;
    predSize.set(p, (predSize.get(p) ?? 0) + 1);
    trueSize.set(t, (trueSize.get(t) ?? 0) + 1);
    const key = p * span + t;
    cell.set(key, (cell.get(key) ?? 0) + 1);
  }
  let tp = 0;
  let bPrecision = 0;
  let bRecall = 0;
  for (const [key, c] of cell) {
    tp += choose2(c);
    const p = Math.floor(key / span);
    const t = key % span;
    bPrecision += (c * c) / predSize.get(p)!;
    bRecall += (c * c) / trueSize.get(t)!;
  }
  let predicted2 = 0;
  for (const s of predSize.values()) predicted2 += choose2(s);
  let truth2 = 0;
  for (const s of trueSize.values()) truth2 += choose2(s);
  const all = choose2(n);
  const expected = all > 0 ? (predicted2 * truth2) / all : 0;
  const maxIndex = (predicted2 + truth2) / 2;
  const adjustedRand = maxIndex === expected ? 1 : (tp - expected) / (maxIndex - expected);
  return {
    ...metrics(tp, predicted2, truth2),
    predictedClusters: predSize.size,
    trueClusters: trueSize.size,
    bcubedPrecision: n > 0 ? bPrecision / n : 1,
    bcubedRecall: n > 0 ? bRecall / n : 1,
    adjustedRand,
  };
}
