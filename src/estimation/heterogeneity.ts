import { observedCount, type CaptureTable } from './capture-table.js';
import { fitModel, profileInterval, type Heterogeneity } from './loglinear.js';

export interface HeterogeneityFit {
  name: string;
  estimate: number;
  lower: number;
  upper: number;
}

/** Rcapture's Mth models (Darroch, Poisson2): main effects of the lists plus a heterogeneity term. */
export function fitHeterogeneity(table: CaptureTable, kind: Heterogeneity): HeterogeneityFit {
  const model = { terms: [], heterogeneity: kind };
  const fit = fitModel(table, model);
  const [lower, upper] = profileInterval(table, model, fit.estimate);
  return { name: `Mth ${kind === 'darroch' ? 'Darroch' : 'Poisson2'}`, estimate: fit.estimate, lower, upper };
}

/**
 * Chao's (1987) lower bound for heterogeneous capture probabilities over t lists:
 * n + ((t − 1) / t) · f1² / (2 f2), with f1 and f2 the numbers of people on exactly one and two lists.
 */
export function chaoLowerBound(table: CaptureTable): { name: string; estimate: number } {
  const t = table.lists.length;
  const f = [0, 0, 0];
  table.freq.forEach((count, row) => {
    let z = 0;
    for (let j = 0; j < t; j++) z += table.patterns[row * t + j]!;
    if (z <= 2) f[z] = f[z]! + count;
  });
  const [, f1, f2] = f as [number, number, number];
  const n = observedCount(table);
  const extra = f2 > 0 ? ((t - 1) / t) * ((f1 * f1) / (2 * f2)) : ((t - 1) / t) * ((f1 * (f1 - 1)) / 2);
  return { name: 'Mh Chao (lower bound)', estimate: n + extra };
}
