import type { CaptureTable } from './capture-table.js';
import { fitModel, modelName, profileInterval, type LoglinearModel, type ModelFit } from './loglinear.js';

export interface SelectionOptions {
  /** Highest interaction order searched: 2, or 3 for four or five lists. */
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
  warnings: string[];
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
 * Fits hierarchical log-linear models with two-way (and, for four or five lists, three-way) interactions,
 * exhaustively where that is feasible and by stepwise BIC search otherwise; ranks them by BIC, averages the
 * estimates with BIC weights and gives the selected model a profile-likelihood interval.
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
  const withTriples = (options.maxOrder ?? 2) === 3 && lists >= 4 && lists <= 5;
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
  const warnings: string[] = [];
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
    warnings,
  };
}
