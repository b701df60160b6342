import type { CaptureTable } from './capture-table.js';
import { fitModel, modelName, profileInterval, type LoglinearModel, type ModelFit } from './loglinear.js';

export interface SelectionOptions {
  /**
   * Highest interaction order searched. Three-way terms are searched for four and five lists (the default
   * there); beyond five lists the stepwise search adds and drops pairs only.
   */
  maxOrder?: 2 | 3;
  /** Above this many candidate pairs the search is stepwise instead of exhaustive. */
  exhaustiveUpTo?: number;
}

export interface LoglinearResult {
  method: 'loglinear';
  observed: number;
  /** Every model fitted, best BIC first. */
  models: Array<ModelFit & { bicWeight: number }>;
  /** The best model by BIC, with its profile-likelihood interval. */
  selected: ModelFit & { lower: number; upper: number };
  bestAic: ModelFit;
  /** BIC-weighted average of the estimates. */
  averaged: number;
  search: 'exhaustive' | 'stepwise';
  /** Highest interaction order actually searched. */
  maxOrder: 2 | 3;
  warnings: string[];
}

/** A goodness-of-fit p-value below this is reported as a bad fit of the selected model. */
export const POOR_FIT_P = 0.05;

const formatP = (p: number) => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);

/** Warnings about the selected model's fit: a bad fit (p < 0.05), or none testable (no residual df). */
export function fitWarnings(fit: ModelFit, lists: number, maxOrder: 2 | 3): string[] {
  if (fit.pValue === null)
    return [
      `the selected model ${fit.name} has as many parameters as observed patterns (0 residual df): its fit cannot be tested`,
    ];
  if (fit.pValue >= POOR_FIT_P) return [];
  const wider = maxOrder === 2 && lists >= 4 && lists <= 5 ? '; allow three-way terms (max order 3)' : '';
  return [
    `the selected model ${fit.name} fits badly (deviance ${fit.deviance.toFixed(1)} on ${fit.residualDf} df, ${formatP(fit.pValue)}): the data reject it, so its estimate and interval are doubtful; compare the heterogeneity models, strata or LCMCR${wider}`,
  ];
}

function pairs(lists: number): number[][] {
  const out: number[][] = [];
  for (let a = 0; a < lists; a++) for (let b = a + 1; b < lists; b++) out.push([a, b]);
  return out;
}

function triplesWithin(terms: number[][], lists: number): number[][] {
  const has = (a: number, b: number) => terms.some((t) => t.length === 2 && t[0] === a && t[1] === b);
  const out: number[][] = [];
  for (let a = 0; a < lists; a++)
    for (let b = a + 1; b < lists; b++)
      for (let c = b + 1; c < lists; c++) if (has(a, b) && has(a, c) && has(b, c)) out.push([a, b, c]);
  return out;
}

function tryFit(table: CaptureTable, model: LoglinearModel): ModelFit | undefined {
  try {
    const fit = fitModel(table, model);
    return Number.isFinite(fit.estimate) && fit.converged ? fit : undefined;
  } catch {
    // A model that the data cannot identify is left out of the comparison.
    return undefined;
  }
}

/**
 * Fits hierarchical log-linear models with two-way and, for four or five lists, three-way interactions (a
 * three-way term only with its three pairs): every such model where there are at most ten candidate pairs
 * (3 lists: 8 models; 4 lists: 113, as Rcapture's closedpMS.t; 5 lists: 6,212), otherwise a stepwise BIC
 * search over pairs. Ranks them by BIC, averages the estimates with BIC weights, gives the selected model a
 * profile-likelihood interval and warns when it fits badly (goodness-of-fit p < 0.05).
 */
export function selectLoglinear(table: CaptureTable, options: SelectionOptions = {}): LoglinearResult {
  const lists = table.lists.length;
  if (lists < 3) throw new Error('estimation needs at least 3 lists');
  const candidates = pairs(lists);
  const fits = new Map<string, ModelFit>();
  const add = (model: LoglinearModel) => {
    const fit = tryFit(table, model);
    if (fit) fits.set(fit.name, fit);
    return fit;
  };
  const exhaustive = candidates.length <= (options.exhaustiveUpTo ?? 10);
  const withTriples = (options.maxOrder ?? 3) === 3 && lists >= 4 && lists <= 5;
  const maxOrder = withTriples ? 3 : 2;
  if (exhaustive) {
    for (let mask = 0; mask < 2 ** candidates.length; mask++) {
      const terms = candidates.filter((_, i) => mask & (1 << i));
      add({ terms });
      if (withTriples) {
        const triples = triplesWithin(terms, lists);
        for (let t = 1; t < 2 ** triples.length; t++)
          add({ terms: [...terms, ...triples.filter((_, i) => t & (1 << i))] });
      }
    }
  } else {
    // Forward then backward, one pair at a time, while BIC improves.
    let current = add({ terms: [] });
    for (let improved = true; improved && current;) {
      improved = false;
      const moves = [
        ...candidates
          .filter((p) => !current!.model.terms.some((t) => t[0] === p[0] && t[1] === p[1]))
          .map((p) => [...current!.model.terms, p]),
        ...current.model.terms.map((_, i) => current!.model.terms.filter((__, j) => j !== i)),
      ];
      for (const terms of moves) {
        const fit = fits.get(modelName({ terms }, lists)) ?? add({ terms });
        if (fit && fit.bic < current.bic - 1e-9) {
          current = fit;
          improved = true;
        }
      }
    }
  }
  const ranked = [...fits.values()].sort((a, b) => a.bic - b.bic);
  const best = ranked[0];
  if (!best) throw new Error('no log-linear model could be fitted to these data');
  const weights = ranked.map((f) => Math.exp(-(f.bic - best.bic) / 2));
  const total = weights.reduce((a, b) => a + b, 0);
  const models = ranked.map((f, i) => ({ ...f, bicWeight: weights[i]! / total }));
  const [lower, upper] = profileInterval(table, best.model, best.estimate);
  const warnings = fitWarnings(best, lists, maxOrder);
  if (best.estimate > 20 * best.observed)
    warnings.push(
      'the estimate is more than 20 times the observed count: the lists overlap too little for a stable estimate',
    );
  return {
    method: 'loglinear',
    observed: best.observed,
    models,
    selected: { ...best, lower, upper },
    bestAic: [...ranked].sort((a, b) => a.aic - b.aic)[0]!,
    averaged: models.reduce((sum, f) => sum + f.bicWeight * f.estimate, 0),
    search: exhaustive ? 'exhaustive' : 'stepwise',
    maxOrder,
    warnings,
  };
}
