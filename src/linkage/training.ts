import { levelCount } from './comparisons.js';
import {
  allocatePairs,
  allocateVectors,
  compareGiven,
  compareRange,
  type ComparisonVectors,
  type PairList,
} from './compare.js';
import type { LinkMode } from './blocking.js';
import { MIN_PROBABILITY, type FsModel } from './model.js';
import { seededRandom } from './rng.js';
import type { TableCore } from './table.js';

/** Identical comparison vectors counted once: EM then costs per distinct pattern, not per pair. */
export interface PatternCounts {
  /** `patterns[k * width + c]`: level of comparison c in pattern k. */
  patterns: Uint8Array;
  counts: Float64Array;
  width: number;
}

/** Uniformly random pairs of distinct records (from different lists in link mode), for estimating u. */
export function samplePairs(table: TableCore, count: number, mode: LinkMode, seed: number): PairList {
  const random = seededRandom(seed);
  const pairs = allocatePairs(count);
  const n = table.size;
  let made = 0;
  for (let attempt = 0; made < count && attempt < count * 100; attempt++) {
    const i = random.int(n);
    const j = random.int(n);
    if (i === j || (mode === 'link' && table.list[i] === table.list[j])) continue;
    pairs.left[made] = Math.min(i, j);
    pairs.right[made] = Math.max(i, j);
    made++;
  }
  return { left: pairs.left.subarray(0, made), right: pairs.right.subarray(0, made), length: made };
}

/** Share of each level among the non-null levels of a set of vectors (level 0 keeps 1). */
export function levelShares(table: TableCore, vectors: ComparisonVectors, smoothing = 1): number[][] {
  return table.comparisons.map((spec, c) => {
    const counts = new Array<number>(levelCount(spec)).fill(0);
    for (let p = 0; p < vectors.length; p++) counts[vectors.levels[p * vectors.width + c]!]!++;
    const nonNull = counts.reduce((s, v, l) => (l === 0 ? s : s + v + smoothing), 0);
    return counts.map((v, l) => (l === 0 ? 1 : (v + smoothing) / nonNull));
  });
}

/**
 * u probabilities from random pairs, which are almost all non-matches. A pseudo-count of one per level keeps a
 * level never seen among random pairs (an exact date of birth) from getting u = 0.
 */
export function estimateU(
  table: TableCore,
  options: { mode: LinkMode; sampleSize?: number; seed?: number },
): number[][] {
  const pairs = samplePairs(table, options.sampleSize ?? 200_000, options.mode, options.seed ?? 1);
  const vectors = allocateVectors(pairs.length, table.comparisons.length);
  compareRange(table, pairs, 0, pairs.length, vectors);
  return levelShares(table, vectors);
}

/** Counts identical vectors (only the pairs whose `mask` entry is 1, when a mask is given). */
export function aggregateVectors(
  vectors: ComparisonVectors,
  levelCounts: readonly number[],
  mask?: Uint8Array,
): PatternCounts {
  const width = vectors.width;
  const radix = levelCounts.reduce((p, l) => p * l, 1);
  const counts = new Map<number, number>();
  const dense = radix <= 1 << 22 ? new Float64Array(radix) : null;
  for (let p = 0; p < vectors.length; p++) {
    if (mask && mask[p] === 0) continue;
    let key = 0;
    for (let c = 0; c < width; c++) key = key * levelCounts[c]! + vectors.levels[p * width + c]!;
    if (dense) dense[key]!++;
    else counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  if (dense) for (let k = 0; k < radix; k++) if (dense[k]! > 0) counts.set(k, dense[k]!);
  const patterns = new Uint8Array(counts.size * width);
  const out = new Float64Array(counts.size);
  let k = 0;
  for (const [key, count] of counts) {
    let rest = key;
    for (let c = width - 1; c >= 0; c--) {
      patterns[k * width + c] = rest % levelCounts[c]!;
      rest = Math.floor(rest / levelCounts[c]!);
    }
    out[k++] = count;
  }
  return { patterns, counts: out, width };
}

/** A starting model: m falls geometrically from the first declared level to 'else'; u as given. */
export function initialModel(table: TableCore, u: number[][], lambda = 0.1): FsModel {
  return {
    lambda,
    comparisons: table.comparisons.map((spec, c) => {
      const n = levelCount(spec);
      const raw = Array.from({ length: n }, (_, l) => (l === 0 ? 0 : Math.pow(0.35, l - 1)));
      const total = raw.reduce((s, v) => s + v, 0);
      return { name: spec.name, m: raw.map((v, l) => (l === 0 ? 1 : v / total)), u: u[c]!.slice() };
    }),
  };
}

export interface EmOptions {
  maxIterations?: number;
  /** Stop when no m, u or λ moves by more than this between iterations; default 1e-6. */
  tolerance?: number;
  /**
   * Keep u as given (from random sampling) and estimate only m and λ. Default false: blocked pairs agree far
   * more often than random pairs on the blocking fields, so u is re-estimated, starting from the sampled values.
   */
  fixU?: boolean;
  /** Keep λ as given (e.g. from deterministic rules). */
  fixLambda?: boolean;
  /** Keep m as given: with `fixU`, only λ is estimated. */
  fixM?: boolean;
  /**
   * Comparisons left out of this run: they neither count in the E-step nor change. A training session blocked
   * on a field leaves that field's comparison out, since all its pairs agree on it.
   */
  inactive?: readonly string[];
  /**
   * All pairs the prior refers to, when the counts cover only some of them (the candidate pairs) and the rest are
   * taken as non-matches: λ becomes the expected matches divided by this.
   */
  totalPairs?: number;
}

export interface EmReport {
  iterations: number;
  converged: boolean;
  /** Largest change of any parameter in the last iteration. */
  finalChange: number;
  /** λ after each iteration. */
  lambdaHistory: number[];
  warning?: string;
}

/**
 * Expectation–maximisation of m (and optionally u and λ) over the distinct comparison patterns of the candidate
 * pairs. Reports honestly whether it converged within the iteration limit.
 */
export function trainEm(
  counts: PatternCounts,
  start: FsModel,
  options: EmOptions = {},
): { model: FsModel; report: EmReport } {
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-6;
  const fixU = options.fixU ?? false;
  const { patterns, width } = counts;
  const k = counts.counts.length;
  const total = options.totalPairs ?? counts.counts.reduce((s, v) => s + v, 0);
  let model: FsModel = structuredClone(start);
  const inactive = new Set(options.inactive ?? []);
  const active = model.comparisons.map((c) => !inactive.has(c.name));
  const posterior = new Float64Array(k);
  const lambdaHistory: number[] = [];
  let change = Infinity;
  let iterations = 0;
  while (iterations < maxIterations && change > tolerance) {
    iterations++;
    let matchMass = 0;
    for (let p = 0; p < k; p++) {
      let pm = model.lambda;
      let pu = 1 - model.lambda;
      for (let c = 0; c < width; c++) {
        const level = patterns[p * width + c]!;
        if (level === 0 || !active[c]) continue;
        const comp = model.comparisons[c]!;
        pm *= comp.m[level]!;
        pu *= comp.u[level]!;
      }
      posterior[p] = pm / (pm + pu);
      matchMass += posterior[p]! * counts.counts[p]!;
    }
    const next: FsModel = {
      lambda: options.fixLambda ? model.lambda : matchMass / total,
      comparisons: model.comparisons.map((comp, c) => {
        if (!active[c] || (options.fixM && fixU)) return comp;
        const m = new Array<number>(comp.m.length).fill(0);
        const u = new Array<number>(comp.u.length).fill(0);
        for (let p = 0; p < k; p++) {
          const level = patterns[p * width + c]!;
          if (level === 0) continue;
          m[level]! += posterior[p]! * counts.counts[p]!;
          u[level]! += (1 - posterior[p]!) * counts.counts[p]!;
        }
        return {
          name: comp.name,
          m: options.fixM ? comp.m.slice() : normalise(m),
          u: fixU ? comp.u.slice() : normalise(u),
        };
      }),
    };
    change = Math.abs(next.lambda - model.lambda);
    for (let c = 0; c < width; c++) {
      const a = model.comparisons[c]!;
      const b = next.comparisons[c]!;
      for (let l = 1; l < a.m.length; l++) {
        change = Math.max(change, Math.abs(a.m[l]! - b.m[l]!), Math.abs(a.u[l]! - b.u[l]!));
      }
    }
    model = next;
    lambdaHistory.push(model.lambda);
  }
  const converged = change <= tolerance;
  const report: EmReport = { iterations, converged, finalChange: change, lambdaHistory };
  if (!converged) {
    report.warning = `EM did not converge in ${iterations} iterations (last change ${change.toExponential(2)} > ${tolerance})`;
  }
  return { model, report };
}

function normalise(values: number[]): number[] {
  const total = values.reduce((s, v, l) => (l === 0 ? s : s + v), 0);
  return values.map((v, l) => (l === 0 ? 1 : Math.max(total > 0 ? v / total : 0, MIN_PROBABILITY)));
}

/**
 * The prior λ over `totalPairs` pairs, given m and u: the maximum-likelihood λ when `counts` holds every pair
 * that may match and the other pairs are non-matches. It solves Σ_k n_k·L_k / (1 + λ(L_k − 1)) = totalPairs
 * (L_k the likelihood ratio of pattern k) by bisection on log λ, which converges where EM's fixed-point
 * iteration crawls at priors near 2^-20. Falls back on `fallback` when no λ in (0, 1) solves it.
 */
export function lambdaOverAllPairs(
  counts: PatternCounts,
  model: FsModel,
  totalPairs: number,
  fallback: number,
): number {
  const { patterns, width } = counts;
  const ratios = new Float64Array(counts.counts.length);
  for (let k = 0; k < ratios.length; k++) {
    let log = 0;
    for (let c = 0; c < width; c++) {
      const level = patterns[k * width + c]!;
      if (level === 0) continue;
      const comp = model.comparisons[c]!;
      log +=
        Math.log(Math.max(comp.m[level]!, MIN_PROBABILITY)) -
        Math.log(Math.max(comp.u[level]!, MIN_PROBABILITY));
    }
    ratios[k] = Math.exp(log);
  }
  // g(λ) = Σ n·L/(1 + λ(L − 1)) − N falls as λ grows; the MLE is its root (λ → 0 when g(0) ≤ 0).
  const g = (lambda: number): number => {
    let sum = 0;
    for (let k = 0; k < ratios.length; k++)
      sum += (counts.counts[k]! * ratios[k]!) / (1 + lambda * (ratios[k]! - 1));
    return sum - totalPairs;
  };
  let lo = Math.log(1e-15);
  let hi = Math.log(1 - 1e-9);
  if (!(g(Math.exp(lo)) > 0) || g(Math.exp(hi)) > 0) return fallback;
  for (let i = 0; i < 100 && hi - lo > 1e-9; i++) {
    const mid = (lo + hi) / 2;
    if (g(Math.exp(mid)) > 0) lo = mid;
    else hi = mid;
  }
  return Math.exp((lo + hi) / 2);
}

/** A pair labelled by a person: the same individual (`match: true`) or not. */
export interface LabelledPair {
  left: number;
  right: number;
  match: boolean;
}

export interface LabelOptions {
  /** Fewer labelled matches than this leave m as it was. Default 20. */
  minMatches?: number;
  /**
   * Estimate u from the pairs labelled non-matches too. Only for a labelled set drawn at random from all pairs:
   * people label pairs that look alike, and u from them makes disagreement look like a match (on Splink's
   * clerical labels of fake_1000 it took precision from 0.76 to 0.02). Default false: u stays the estimate
   * from random pairs.
   */
  labelledU?: boolean;
}

/**
 * Supervised estimates from human labels: m from the pairs labelled matches (a fair sample of how matches
 * agree, if the labelled matches were not chosen for agreeing); u kept from `base` unless `labelledU`. λ is
 * kept from `base`: labelled sets are not random samples of candidate pairs.
 */
export function trainFromLabels(
  table: TableCore,
  labels: readonly LabelledPair[],
  base: FsModel,
  options: LabelOptions = {},
): FsModel {
  const pick = (match: boolean): ComparisonVectors =>
    compareGiven(
      table,
      labels.filter((l) => l.match === match),
    ).vectors;
  const matches = pick(true);
  const m = matches.length >= (options.minMatches ?? 20) ? levelShares(table, matches) : null;
  const u = options.labelledU ? levelShares(table, pick(false)) : null;
  return {
    lambda: base.lambda,
    comparisons: base.comparisons.map((comp, c) => ({
      name: comp.name,
      m: m ? m[c]! : comp.m.slice(),
      u: u ? u[c]! : comp.u.slice(),
    })),
  };
}

/**
 * λ among candidate pairs from a deterministic rule: the pairs the rule accepts are taken as matches, found with
 * the given recall (the share of all true matches that the rule catches).
 */
export function lambdaFromDeterministic(
  deterministicPairs: number,
  recall: number,
  candidatePairs: number,
): number {
  if (candidatePairs <= 0) return 0;
  return Math.min(1 - 1e-9, Math.max(1e-9, deterministicPairs / recall / candidatePairs));
}
