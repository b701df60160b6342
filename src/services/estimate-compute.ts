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

const LOGLINEAR_PARAMETERS = {
  selection: 'BIC over hierarchical log-linear models with two-way interactions',
  interval: '95 % profile likelihood',
};

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

function loglinearResult(table: CaptureTable) {
  const result = selectLoglinear(table);
  return {
    observed: result.observed,
    estimate: result.selected.estimate,
    lower: result.selected.lower,
    upper: result.selected.upper,
    model: result.selected.name,
    averaged: result.averaged,
    search: result.search,
    models: result.models.slice(0, 25).map((m) => ({
      model: m.name,
      estimate: m.estimate,
      deviance: m.deviance,
      df: m.residualDf,
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
}

export async function computeEstimate(
  tables: Map<string, CaptureTable>,
  options: EstimateOptions,
): Promise<ComputedEstimate> {
  if (options.method === 'lcmcr')
    return (await lcmcrResult(tables, options.strata, { chains: 2, ...options.sampler })) as ComputedEstimate;
  if (!options.strata) return { parameters: LOGLINEAR_PARAMETERS, result: loglinearResult(tables.get('')!) };
  const strata = estimateStrata(tables, (table) => {
    const r = selectLoglinear(table);
    return {
      estimate: r.selected.estimate,
      lower: r.selected.lower,
      upper: r.selected.upper,
      model: r.selected.name,
    };
  });
  return {
    parameters: LOGLINEAR_PARAMETERS,
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
