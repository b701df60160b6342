/**
 * Multiple systems estimation over capture tables, as the command line prints it and an estimate run records
 * it. Pure computation (no storage), so that it can run in a worker thread (`estimate-worker.ts`).
 */
import {
  chaoLowerBound,
  estimateStrata,
  fitHeterogeneity,
  selectLoglinear,
  type CaptureTable,
} from '../estimation/index.js';
import { lcmcrParallel, type LcmcrOptions } from '../estimation/lcmcr/index.js';
import { lcmcrStrata, posteriorRecord } from '../estimation/lcmcr/summary.js';
import type { LinkageRecord } from './linkage-uncertainty.js';

function loglinearParameters(maxOrder: 2 | 3 | undefined) {
  return {
    selection:
      maxOrder === 2
        ? 'BIC over hierarchical log-linear models with two-way interactions'
        : 'BIC over hierarchical log-linear models with two-way and, for four or five lists, three-way interactions',
    maxOrder: maxOrder ?? 3,
    interval: '95 % profile likelihood',
    goodnessOfFit: 'deviance against the saturated model, chi-square p-value; a warning below 0.05',
  };
}

async function lcmcrResult(tables: Map<string, CaptureTable>, strata: boolean, options: LcmcrOptions) {
  if (strata) {
    const combined = await lcmcrStrata(tables, options);
    return {
      parameters: { ...options, seed: combined.seed, combination: 'sum of the strata posterior draws' },
      result: {
        observed: combined.observed,
        estimate: combined.combined?.estimate ?? null,
        lower: combined.combined?.lower ?? null,
        upper: combined.combined?.upper ?? null,
        strata: combined.strata,
        warnings: combined.warnings,
      },
    };
  }
  const posterior = await lcmcrParallel(tables.get('')!, options);
  return { parameters: posterior.settings, result: posteriorRecord(posterior) };
}

function loglinearResult(table: CaptureTable, maxOrder: 2 | 3 | undefined) {
  const result = selectLoglinear(table, { maxOrder });
  return {
    observed: result.observed,
    estimate: result.selected.estimate,
    lower: result.selected.lower,
    upper: result.selected.upper,
    model: result.selected.name,
    /** The selected model's interaction terms (0-based list indices), to refit it. */
    terms: result.selected.model.terms,
    fit: {
      deviance: result.selected.deviance,
      df: result.selected.residualDf,
      pValue: result.selected.pValue,
    },
    averaged: result.averaged,
    search: result.search,
    maxOrder: result.maxOrder,
    modelsFitted: result.models.length,
    models: result.models.slice(0, 25).map((m) => ({
      model: m.name,
      estimate: m.estimate,
      deviance: m.deviance,
      df: m.residualDf,
      pValue: m.pValue,
      aic: m.aic,
      bic: m.bic,
      weight: m.bicWeight,
    })),
    heterogeneity: [
      fitHeterogeneity(table, 'darroch'),
      fitHeterogeneity(table, 'poisson2'),
      chaoLowerBound(table),
    ],
    warnings: result.warnings,
  };
}

export interface ComputedEstimate {
  parameters: unknown;
  /** At least observed, estimate, lower and upper; for log-linear the selected model, for LCMCR the diagnostics. */
  result: Record<string, unknown> & {
    observed: number;
    estimate: number | null;
    lower: number | null;
    upper: number | null;
    warnings: string[];
    /** From the registry: the count over the linkage's plausible range. */
    linkage?: LinkageRecord;
  };
}

/**
 * Multiple systems estimation over capture tables (one, or one per stratum), by the chosen method, as the
 * command line prints it and an estimate run records it. LCMCR chains default to two, in worker threads.
 */
export interface EstimateOptions {
  method: 'loglinear' | 'lcmcr';
  strata: boolean;
  sampler?: LcmcrOptions | undefined;
  /** Log-linear: highest interaction order searched (default 3 for four or five lists). */
  maxOrder?: 2 | 3 | undefined;
}

export async function computeEstimate(
  tables: Map<string, CaptureTable>,
  options: EstimateOptions,
): Promise<ComputedEstimate> {
  if (options.method === 'lcmcr')
    return (await lcmcrResult(tables, options.strata, { chains: 2, ...options.sampler })) as ComputedEstimate;
  const parameters = loglinearParameters(options.maxOrder);
  if (!options.strata) return { parameters, result: loglinearResult(tables.get('')!, options.maxOrder) };
  const strata = estimateStrata(tables, (table) => {
    const r = selectLoglinear(table, { maxOrder: options.maxOrder });
    return {
      estimate: r.selected.estimate,
      lower: r.selected.lower,
      upper: r.selected.upper,
      model: r.selected.name,
    };
  });
  return {
    parameters,
    result: {
      observed: strata.observed,
      estimate: strata.combined?.estimate ?? null,
      lower: strata.combined?.lower ?? null,
      upper: strata.combined?.upper ?? null,
      strata: strata.strata,
      warnings: strata.warnings,
    },
  };
}
