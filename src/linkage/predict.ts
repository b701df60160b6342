import { exactLevel, levelLabel } from './comparisons.js';
import {
  allocatePairs,
  allocateVectors,
  compareRange,
  type ComparisonVectors,
  type PairList,
} from './compare.js';
import { levelWeights, priorWeight, weightToProbability, type FsModel } from './model.js';
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
  prior: number;
  /** Per comparison, per level: log2(m / u). */
  weights: Float64Array[];
  /** Per comparison: its exact level, or -1 when it has no term-frequency adjustment. */
  tfLevel: Int32Array;
  /** Per comparison with term frequencies: per value, the weight added to an exact match on that value. */
  tfAdjustment: Float64Array[];
}

/**
 * Compiles a model for prediction. The term-frequency adjustment of an exact match on value v replaces the
 * average chance that two random records agree on the field, Σ tf², with v's own frequency: log2(Σ tf² / tf(v))
 * is added, positive for rare values and negative for common ones. Σ tf² is used rather than the model's u of
 * the exact level because EM over blocked pairs (where agreement is enriched) can raise that u far above the
 * chance agreement, which would give every name a large bonus.
 */
export function compileModel(table: TableCore, model: FsModel, options: PredictOptions = {}): CompiledModel {
  const tfScale = options.termFrequencyWeight ?? 1;
  const weights = levelWeights(model).map((w) => Float64Array.from(w));
  if (options.monotone ?? false)
    for (const w of weights) for (let l = w.length - 2; l >= 1; l--) w[l] = Math.max(w[l]!, w[l + 1]!);
  const tfLevel = new Int32Array(table.comparisons.length).fill(-1);
  const tfAdjustment = table.comparisons.map((spec, c) => {
    const column = table.columns[c]!;
    const e = exactLevel(spec);
    if (!spec.termFrequency || e < 0 || tfScale === 0) return new Float64Array(0);
    tfLevel[c] = e;
    let uExact = 0;
    for (const f of column.frequency) uExact += f * f;
    const floor = 1 / Math.max(1, table.size);
    return Float64Array.from(column.frequency, (f) => tfScale * Math.log2(uExact / Math.max(f, floor)));
  });
  return { prior: priorWeight(model), weights, tfLevel, tfAdjustment };
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
  for (let p = start; p < end; p++) {
    let w = model.prior;
    for (let c = 0; c < width; c++) {
      const level = levels[p * width + c]!;
      w += model.weights[c]![level]!;
      if (level === model.tfLevel[c]) {
        w += model.tfAdjustment[c]![table.columns[c]!.codes[pairs.left[p]!]!]!;
      }
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
  const pairs = allocatePairs(1);
  pairs.left[0] = Math.min(left, right);
  pairs.right[0] = Math.max(left, right);
  const vectors = allocateVectors(1, table.comparisons.length);
  compareRange(table, pairs, 0, 1, vectors);
  const contributions = table.comparisons.map((spec, c): Contribution => {
    const level = vectors.levels[c]!;
    const column = table.columns[c]!;
    const value = (i: number): string | null => {
      const code = column.codes[i]!;
      return code < 0 ? null : column.values[code]!;
    };
    const tf = level === compiled.tfLevel[c] ? compiled.tfAdjustment[c]![column.codes[pairs.left[0]!]!]! : 0;
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
  const weight = contributions.reduce((s, c) => s + c.weight + c.termFrequency, compiled.prior);
  return {
    left: table.records.ids[pairs.left[0]!]!,
    right: table.records.ids[pairs.right[0]!]!,
    prior: compiled.prior,
    weight,
    probability: weightToProbability(weight),
    contributions,
  };
}
