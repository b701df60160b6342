/**
 * Learning from reviewers' decisions. The review queue shows people the pairs the model is least sure of; their
 * decisions are labels. Those labels are no random sample of pairs (they were chosen for their weight), so they
 * cannot re-estimate m and u. But they were chosen by what the pair shows (its weight and its pattern of
 * agreement), never by its truth, so among pairs of a given weight they are a fair sample — weighted toward the
 * common patterns, which is where most pairs lie: they say how often a pair of that weight is truly a match. `fitCalibration` fits that relation,
 * p = σ(w + b) on the model's match weight w (a shift of the prior odds; the slope too on request), and the
 * pipeline shifts every candidate's weight with it before clustering. Where the model's weights are right, the
 * fit stays near b = 0; where namesakes make pairs of weight +2 mostly different people, the decisions pull b
 * down and the next run merges fewer of them.
 *
 * `reviewPriority` orders the queue by what a decision teaches: a pair whose outcome is uncertain, and whose
 * pattern of agreement (which fields agree, and how) many other undecided pairs share, so one decision informs
 * the calibration where the most pairs lie and shows the reviewer the most common doubt first.
 */
import { compareGiven } from './compare.js';
import { predictRange, type CompiledModel } from './predict.js';
import type { TableCore } from './table.js';
import type { LabelledPair } from './training.js';

export interface Calibration {
  /** Decisions used: matches and non-matches. */
  matches: number;
  nonMatches: number;
  /** Applied to a match weight (log2 odds): w′ = slope · w + shift. */
  slope: number;
  shift: number;
}

export interface CalibrationOptions {
  /** Fewer decisions of either kind than this: no calibration (slope 1, shift 0). Default 5. */
  minEach?: number;
  /**
   * Strength of the belief that the model is right (a Gaussian prior on slope around 1 and on shift around 0,
   * with this precision): a handful of decisions nudges the weights, hundreds move them. Default 4.
   */
  priorPrecision?: number;
  /**
   * Fit the slope as well as the shift. Default false: decisions cluster around even odds, so a slope fitted
   * there is poorly determined and, multiplied into every weight, moves pairs far from any decision
   * (`bench/linkage-review.ts`: 1,000 least-certain decisions gave slope 0.66 and cost 0.006 of F1).
   */
  fitSlope?: boolean;
}

const LN2 = Math.LN2;

/** The identity calibration, for runs without enough decisions. */
export function noCalibration(matches = 0, nonMatches = 0): Calibration {
  return { matches, nonMatches, slope: 1, shift: 0 };
}

/**
 * Fits p(match) = σ(a·x + b), x the match weight in nats, by Newton's method on the penalised log-likelihood
 * (maximum a posteriori with the prior above). Returns slope and shift in log2 units.
 */
export function fitCalibration(
  weights: ArrayLike<number>,
  isMatch: ArrayLike<boolean>,
  options: CalibrationOptions = {},
): Calibration {
  const n = weights.length;
  let matches = 0;
  for (let i = 0; i < n; i++) if (isMatch[i]) matches++;
  const nonMatches = n - matches;
  const minEach = options.minEach ?? 5;
  if (matches < minEach || nonMatches < minEach) return noCalibration(matches, nonMatches);
  const lambda = options.priorPrecision ?? 4;
  const fitSlope = options.fitSlope ?? false;
  let a = 1;
  let b = 0;
  for (let iteration = 0; iteration < 50; iteration++) {
    // Gradient and Hessian of the log-posterior.
    let ga = -lambda * (a - 1);
    let gb = -lambda * b;
    let haa = -lambda;
    let hab = 0;
    let hbb = -lambda;
    for (let i = 0; i < n; i++) {
      const x = weights[i]! * LN2;
      const p = 1 / (1 + Math.exp(-(a * x + b)));
      const r = (isMatch[i] ? 1 : 0) - p;
      ga += r * x;
      gb += r;
      const v = p * (1 - p);
      haa -= v * x * x;
      hab -= v * x;
      hbb -= v;
    }
    let da = 0;
    let db = gb / hbb;
    if (fitSlope) {
      const det = haa * hbb - hab * hab;
      if (!(Math.abs(det) > 1e-12)) break;
      da = (hbb * ga - hab * gb) / det;
      db = (haa * gb - hab * ga) / det;
    }
    a -= da;
    b -= db;
    if (Math.abs(da) < 1e-9 && Math.abs(db) < 1e-9) break;
  }
  // A decreasing relation (more agreement, less likely the same person) would be nonsense: keep the order.
  const slope = Math.max(0.1, a);
  return { matches, nonMatches, slope, shift: b / LN2 };
}

/** Rescales match weights in place: w′ = slope · w + shift. */
export function applyCalibration(weights: Float32Array, calibration: Calibration): void {
  if (calibration.slope === 1 && calibration.shift === 0) return;
  for (let p = 0; p < weights.length; p++) weights[p] = calibration.slope * weights[p]! + calibration.shift;
}

/**
 * Priority of each candidate for review, highest first: the uncertainty of its outcome, p(1 − p), times the
 * number of candidates that share its pattern of levels, divided by one more than the pairs of that pattern
 * already ahead of it in the queue, so that the queue moves on to another kind of doubt instead of showing
 * fifty pairs alike. `patternOf[k]` names the pattern of candidate k (any string or number); returns the
 * candidates' indices in order.
 */
export function reviewPriority(
  probability: ArrayLike<number>,
  patternOf: ArrayLike<string | number>,
): number[] {
  const n = probability.length;
  const size = new Map<string | number, number>();
  for (let k = 0; k < n; k++) size.set(patternOf[k]!, (size.get(patternOf[k]!) ?? 0) + 1);
  // Within a pattern, the most uncertain first; the pattern's k-th pair then scores its own share of the rest.
  const byPattern = new Map<string | number, number[]>();
  for (let k = 0; k < n; k++) {
    const list = byPattern.get(patternOf[k]!);
    if (list) list.push(k);
    else byPattern.set(patternOf[k]!, [k]);
  }
  const uncertainty = (k: number): number => probability[k]! * (1 - probability[k]!);
  const scored: Array<{ k: number; score: number }> = [];
  for (const [pattern, members] of byPattern) {
    members.sort((x, y) => uncertainty(y) - uncertainty(x) || x - y);
    const count = size.get(pattern)!;
    members.forEach((k, ahead) => scored.push({ k, score: (uncertainty(k) * count) / (1 + ahead) }));
  }
  scored.sort((x, y) => y.score - x.score || x.k - y.k);
  return scored.map((s) => s.k);
}

/**
 * Fits the calibration on reviewed pairs (record indices, whether or not they are among this run's candidates)
 * and applies it to the candidates' weights in place.
 */
export function calibrateWeights(
  table: TableCore,
  model: CompiledModel,
  reviewed: readonly LabelledPair[],
  weights: Float32Array,
  options: CalibrationOptions = {},
): Calibration {
  const { pairs, vectors } = compareGiven(table, reviewed);
  const reviewedWeights = new Float32Array(pairs.length);
  predictRange(table, model, pairs, vectors, 0, pairs.length, reviewedWeights);
  const calibration = fitCalibration(
    reviewedWeights,
    reviewed.map((l) => l.match),
    options,
  );
  applyCalibration(weights, calibration);
  return calibration;
}
