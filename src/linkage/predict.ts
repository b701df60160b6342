import { levelLabel } from './comparisons.js';
import { compareGiven, type ComparisonVectors, type PairList } from './compare.js';
import { lambdaWeight, levelWeights, priorWeight, weightToProbability, type FsModel } from './model.js';
import type { LinkTable, TableCore } from './table.js';

export interface PredictOptions {
  /** Scale of term-frequency adjustments, 0 (off) to 1 (full); default 1. */
  termFrequencyWeight?: number;
  /**
   * Keep each comparison's weights in the order its levels are declared, by raising a level to the weight of
   * the looser level below it when that one weighs more; default false. EM on a small or lopsided registry
   * can otherwise learn that an exact given-name match is rarer among matches than a cross-script one
   * (because most matches in it were cross-script) and punish exact agreement. It is not a cure for a
   * degenerate EM solution: on fake_1000, whose EM gives some loose levels large weights, it lifts the exact
   * levels too and precision collapses (measured 0.03), so it is off unless the settings ask for it.
   */
  monotone?: boolean;
}

/** A model compiled against a table: plain numbers and typed arrays, safe to post to a worker. */
export interface CompiledModel {
  /** Prior weight of a pair (of two lists, where the lists have priors of their own). */
  prior: number;
  /** Per list: the prior weight of a pair of two of its records (empty: `prior` for every pair). */
  sameListPrior: Float64Array;
  /** Per comparison, per level: log2(m / u). */
  weights: Float64Array[];
  /**
   * Term-frequency adjustments: per comparison, per level, per value code of the comparison's own column, the
   * weight added when a pair agrees at that level on that value (an empty array: no adjustment at that level).
   */
  termFrequency: Float64Array[][];
}

/**
 * Compiles a model for prediction. The term-frequency adjustment of an exact match on value v replaces the
 * average chance that two random records agree on the field, Σ tf², with v's own frequency: log2(Σ tf² / tf(v))
 * is added, positive for rare values and negative for common ones. Σ tf² is used rather than the model's u of
 * the exact level because EM over blocked pairs (where agreement is enriched) can raise that u far above the
 * chance agreement, which would give every name a large bonus. A key level that asks for it (`termFrequency`
 * on the level) is adjusted the same way by the frequency of the key: most cross-script matches agree only on
 * the skeleton, and a skeleton shared by a tenth of the records (Mohammad, Mahmoud) says less than a rare one.
 */
export function compileModel(table: TableCore, model: FsModel, options: PredictOptions = {}): CompiledModel {
  const tfScale = options.termFrequencyWeight ?? 1;
  const weights = levelWeights(model).map((w) => Float64Array.from(w));
  if (options.monotone ?? false)
    for (const w of weights) for (let l = w.length - 2; l >= 1; l--) w[l] = Math.max(w[l]!, w[l + 1]!);
  const floor = 1 / Math.max(1, table.size);
  const adjust = (frequency: Float64Array): Float64Array => {
    let chance = 0;
    for (const f of frequency) chance += f * f;
    return Float64Array.from(frequency, (f) => tfScale * Math.log2(chance / Math.max(f, floor)));
  };
  const termFrequency = table.comparisons.map((spec, c) =>
    Array.from({ length: weights[c]!.length }, (_, level): Float64Array => {
      const l = spec.levels[level - 1];
      if (tfScale === 0 || !l) return new Float64Array(0);
      // A level on another field (a city where prisons are compared) counts that field's frequencies.
      const column = table.levelColumns[c]![level - 1]!;
      if (l.kind === 'exact' && spec.termFrequency) return adjust(column.frequency);
      if (l.kind !== 'key' || !l.termFrequency) return new Float64Array(0);
      // Frequency of each key, then of each value's key.
      const keys = column.keys[level - 1]!;
      let distinct = 0;
      for (const k of keys) distinct = Math.max(distinct, k + 1);
      const keyFrequency = new Float64Array(distinct);
      for (let v = 0; v < keys.length; v++)
        if (keys[v]! >= 0) keyFrequency[keys[v]!]! += column.frequency[v]!;
      const byKey = adjust(keyFrequency);
      return Float64Array.from(keys, (k) => (k >= 0 ? byKey[k]! : 0));
    }),
  );
  const sameListPrior = Float64Array.from(model.sameListLambda ?? [], lambdaWeight);
  return { prior: priorWeight(model), sameListPrior, weights, termFrequency };
}

/** Writes the match weight (log2 Bayes factor with the prior) of pairs [start, end) into `out`. */
export function predictRange(
  table: TableCore,
  model: CompiledModel,
  pairs: PairList,
  vectors: ComparisonVectors,
  start: number,
  end: number,
  out: Float32Array,
): void {
  const width = vectors.width;
  const levels = vectors.levels;
  const perList = model.sameListPrior.length > 0;
  for (let p = start; p < end; p++) {
    let w = model.prior;
    if (perList) {
      const list = table.list[pairs.left[p]!]!;
      if (list === table.list[pairs.right[p]!]) w = model.sameListPrior[list]!;
    }
    for (let c = 0; c < width; c++) {
      const level = levels[p * width + c]!;
      w += model.weights[c]![level]!;
      const tf = model.termFrequency[c]![level]!;
      if (tf.length > 0) w += tf[table.levelColumns[c]![level - 1]!.codes[pairs.left[p]!]!]!;
    }
    out[p] = w;
  }
}

/** One comparison's part in a pair's weight. */
export interface Contribution {
  comparison: string;
  level: number;
  label: string;
  leftValue: string | null;
  rightValue: string | null;
  /** log2(m / u) of the level. */
  weight: number;
  /** Term-frequency adjustment added to an exact match (0 otherwise). */
  termFrequency: number;
}

export interface Explanation {
  left: string;
  right: string;
  prior: number;
  weight: number;
  probability: number;
  contributions: Contribution[];
}

/** Why a pair gets its weight: the prior, then every comparison's level, values and weight. */
export function explainPair(
  table: LinkTable,
  model: FsModel | CompiledModel,
  left: number,
  right: number,
): Explanation {
  const compiled = 'prior' in model ? model : compileModel(table, model);
  const { pairs, vectors } = compareGiven(table, [{ left, right }]);
  const contributions = table.comparisons.map((spec, c): Contribution => {
    const level = vectors.levels[c]!;
    // A level on another field (a city where prisons are compared) shows that field's values.
    const column = table.levelColumns[c]![level - 1] ?? table.columns[c]!;
    const value = (i: number): string | null => {
      const code = column.codes[i]!;
      return code < 0 ? null : column.values[code]!;
    };
    const adjustment = compiled.termFrequency[c]![level]!;
    const tf = adjustment.length > 0 ? adjustment[column.codes[pairs.left[0]!]!]! : 0;
    return {
      comparison: spec.name,
      level,
      label: levelLabel(spec, level),
      leftValue: value(pairs.left[0]!),
      rightValue: value(pairs.right[0]!),
      weight: compiled.weights[c]![level]!,
      termFrequency: tf,
    };
  });
  const list = table.list[pairs.left[0]!]!;
  const prior =
    compiled.sameListPrior.length > 0 && list === table.list[pairs.right[0]!]
      ? compiled.sameListPrior[list]!
      : compiled.prior;
  const weight = contributions.reduce((s, c) => s + c.weight + c.termFrequency, prior);
  return {
    left: table.records.ids[pairs.left[0]!]!,
    right: table.records.ids[pairs.right[0]!]!,
    prior,
    weight,
    probability: weightToProbability(weight),
    contributions,
  };
}
