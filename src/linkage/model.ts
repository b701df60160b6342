/**
 * A Fellegi–Sunter model: per comparison and level, m = P(level | match) and u = P(level | non-match), and the
 * prior λ = P(match) among the candidate pairs that blocking produced (not among all possible pairs).
 * Level 0 (null) has no m or u that matter: it always weighs 0.
 */
export interface FsModel {
  lambda: number;
  /**
   * Per list (by its index in the table), the prior of a pair of two of its own records, where it differs from
   * `lambda` (then the prior of pairs across lists): a list's compiler has mostly removed its repeats, so two
   * records of one list are far less often one person than two records of two lists. Absent: `lambda` for all.
   */
  sameListLambda?: number[];
  comparisons: Array<{ name: string; m: number[]; u: number[] }>;
}

/** Bounds that keep logarithms finite when a level never occurs in one class. */
export const MIN_PROBABILITY = 1e-6;

/** log2(m / u) of every level of every comparison; level 0 (null) weighs 0. */
export function levelWeights(model: FsModel): number[][] {
  return model.comparisons.map(({ m, u }) =>
    m.map((mv, l) =>
      l === 0 ? 0 : Math.log2(Math.max(mv, MIN_PROBABILITY) / Math.max(u[l] ?? 0, MIN_PROBABILITY)),
    ),
  );
}

/** The prior as a weight: log2(λ / (1 − λ)). */
export function priorWeight(model: FsModel): number {
  return lambdaWeight(model.lambda);
}

/** A prior probability as a weight, kept finite. */
export function lambdaWeight(lambda: number): number {
  const l = Math.min(Math.max(lambda, 1e-12), 1 - 1e-12);
  return Math.log2(l / (1 - l));
}

/** Match probability of a match weight (a log2 Bayes factor including the prior). */
export function weightToProbability(weight: number): number {
  return 1 / (1 + Math.pow(2, -weight));
}

/** Match weight of a probability; the inverse of `weightToProbability`. */
export function probabilityToWeight(probability: number): number {
  return Math.log2(probability / (1 - probability));
}
