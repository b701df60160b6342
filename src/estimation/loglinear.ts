import { observedCount, type CaptureTable } from './capture-table.js';
import { fitPoisson } from './glm.js';
import { chiSquareUpperTail, logGamma } from './special.js';

/** Heterogeneity terms of Rcapture's Mth models, as a function of the number of lists z a person is on. */
export const HETEROGENEITY = {
  darroch: (z: number) => (z * z) / 2,
  poisson2: (z: number) => 2 ** z - 1,
} as const;
export type Heterogeneity = keyof typeof HETEROGENEITY;

/** A log-linear model: main effects of every list, the given interactions, optionally a heterogeneity term. */
export interface LoglinearModel {
  /** Interaction terms as 0-based list indices, each of two or more lists. */
  terms: number[][];
  heterogeneity?: Heterogeneity;
}

export interface ModelFit {
  name: string;
  model: LoglinearModel;
  /** Estimated population size: observed + estimated unobserved. */
  estimate: number;
  observed: number;
  parameters: number;
  /** G² against the saturated model, with its residual degrees of freedom. */
  deviance: number;
  residualDf: number;
  /** Goodness of fit: P(χ² with residualDf degrees of freedom ≥ deviance); null when residualDf is 0. */
  pValue: number | null;
  aic: number;
  bic: number;
  converged: boolean;
}

/** Rcapture-style name: the generators, lists numbered from 1 (`[12,14,23,24,34]`); `Mt` for independence. */
export function modelName(model: LoglinearModel, lists: number): string {
  const het = model.heterogeneity ? ` + ${model.heterogeneity}` : '';
  if (model.terms.length === 0) return `Mt${het}`;
  const sep = lists >= 10 ? ':' : '';
  const covered = new Set(model.terms.flat());
  const maximal = model.terms.filter(
    (t) => !model.terms.some((u) => u.length > t.length && t.every((x) => u.includes(x))),
  );
  const generators = [
    ...maximal.map((t) => t.map((x) => x + 1).join(sep)),
    ...[...Array(lists).keys()].filter((j) => !covered.has(j)).map((j) => String(j + 1)),
  ];
  return `[${generators.sort().join(',')}]${het}`;
}

function columns(model: LoglinearModel, lists: number): number {
  return 1 + lists + model.terms.length + (model.heterogeneity ? 1 : 0);
}

/** Design matrix for the given 0/1 patterns (row-major, rows × lists). */
function design(patterns: Uint8Array, rows: number, lists: number, model: LoglinearModel): Float64Array {
  const p = columns(model, lists);
  const X = new Float64Array(rows * p);
  for (let r = 0; r < rows; r++) {
    const at = r * p;
    X[at] = 1;
    let z = 0;
    for (let j = 0; j < lists; j++) {
      const x = patterns[r * lists + j]!;
      X[at + 1 + j] = x;
      z += x;
    }
    model.terms.forEach((term, t) => {
      X[at + 1 + lists + t] = term.every((j) => patterns[r * lists + j] === 1) ? 1 : 0;
    });
    if (model.heterogeneity) X[at + p - 1] = HETEROGENEITY[model.heterogeneity](z);
  }
  return X;
}

/**
 * Fits a model to the observed patterns (Poisson GLM); the unobserved count is exp(intercept), because
 * the all-zero pattern has every other covariate at zero.
 */
export function fitModel(table: CaptureTable, model: LoglinearModel): ModelFit {
  const lists = table.lists.length;
  const rows = table.freq.length;
  const p = columns(model, lists);
  const fit = fitPoisson(design(table.patterns, rows, lists, model), table.freq, rows, p);
  const observed = observedCount(table);
  let constant = 0;
  let deviance = 0;
  for (let i = 0; i < rows; i++) {
    const y = table.freq[i]!;
    constant += logGamma(y + 1);
    if (y > 0) deviance += 2 * y * Math.log(y / fit.mu[i]!);
    deviance -= 2 * (y - fit.mu[i]!);
  }
  const loglik = fit.loglik - constant;
  return {
    name: modelName(model, lists),
    model,
    estimate: observed + Math.exp(fit.beta[0]!),
    observed,
    parameters: p,
    deviance,
    residualDf: rows - p,
    pValue: rows - p > 0 ? chiSquareUpperTail(deviance, rows - p) : null,
    aic: -2 * loglik + 2 * p,
    bic: -2 * loglik + Math.log(observed) * p,
    converged: fit.converged,
  };
}

/**
 * Profile log-likelihood of the population size N (multinomial likelihood, as in Cormack 1992 and Rcapture):
 * the model is fitted to the complete table with N − n people in the unobserved cell.
 */
export function profileLoglik(table: CaptureTable, model: LoglinearModel, N: number): number {
  const lists = table.lists.length;
  const rows = table.freq.length + 1;
  const patterns = new Uint8Array(rows * lists);
  patterns.set(table.patterns, lists);
  const y = new Float64Array(rows);
  const n = observedCount(table);
  y[0] = N - n;
  y.set(table.freq, 1);
  const fit = fitPoisson(design(patterns, rows, lists, model), y, rows, columns(model, lists));
  let total = 0;
  for (let i = 0; i < rows; i++) if (y[i]! > 0) total += y[i]! * Math.log(fit.mu[i]! / N);
  return logGamma(N + 1) - logGamma(N - n + 1) + total;
}

/** 95 % (or `level`) profile-likelihood interval for N. */
export function profileInterval(
  table: CaptureTable,
  model: LoglinearModel,
  estimate: number,
  level = 0.95,
): [number, number] {
  const n = observedCount(table);
  const drop = chiSquare1Quantile(level) / 2;
  const l = (N: number) => profileLoglik(table, model, N);
  // The maximum of the profile is at (or within rounding of) the Poisson estimate; refine it.
  const top = goldenMax(l, Math.max(n + 1e-6, estimate * 0.9), estimate * 1.1);
  const peak = l(top);
  const target = (N: number) => l(N) - (peak - drop);
  let lower = n + 1e-9;
  if (target(lower) < 0) lower = bisect(target, lower, top);
  let hi = top * 1.5 + 10;
  while (target(hi) > 0 && hi < 1e12) hi = hi * 2;
  return [lower, bisect(target, top, hi)];
}

function bisect(f: (x: number) => number, a: number, b: number): number {
  let fa = f(a);
  for (let i = 0; i < 200 && b - a > 1e-7 * Math.max(1, Math.abs(a)); i++) {
    const m = (a + b) / 2;
    const fm = f(m);
    if (fm === 0) return m;
    if (fa * fm < 0) b = m;
    else [a, fa] = [m, fm];
  }
  return (a + b) / 2;
}

function goldenMax(f: (x: number) => number, a: number, b: number): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  for (let i = 0; i < 200 && b - a > 1e-8 * Math.max(1, a); i++) {
    if (f(c) > f(d)) b = d;
    else a = c;
    c = b - g * (b - a);
    d = a + g * (b - a);
  }
  return (a + b) / 2;
}

/** Quantile of the chi-square distribution with one degree of freedom (via the normal quantile). */
export function chiSquare1Quantile(level: number): number {
  const z = normalQuantile(0.5 + level / 2);
  return z * z;
}

/** Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [
    -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
    2.506628277459239,
  ];
  const b = [
    -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
    -1.328068155288572e1,
  ];
  const c = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const poly = (k: number[], x: number) => k.reduce((acc, v) => acc * x + v, 0);
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - 0.02425) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -poly(c, q) / (poly(d, q) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}
