import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { actorLabel, type Actor } from '../auth/index.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import type { Sensitivity } from '../domain/sensitivity.js';
import {
  CaptureTableError,
  chaoLowerBound,
  estimateStrata,
  fitHeterogeneity,
  readPatternCsv,
  selectLoglinear,
  type CaptureTable,
} from '../estimation/index.js';
import { lcmcrParallel, type LcmcrOptions } from '../estimation/lcmcr/index.js';
import { lcmcrStrata, posteriorRecord } from '../estimation/lcmcr/summary.js';
import { ESTIMATE_RUN_SPEC, inTransaction, rowDigest, type RecordValue } from '../storage/index.js';
import { loadCaseFor } from './cases.js';
import { readableRecords } from './records.js';
import { REGISTRY_STRATA, registryCaptureTables } from './registry.js';
import { registryLinkageUncertainty, type LinkageRecord } from './linkage-uncertainty.js';
import { now, type ServiceContext } from './context.js';

export const SOFTWARE_VERSION = `dossier ${(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version}`;

export interface EstimateRequest {
  title: string;
  /** A capture-pattern CSV, or nothing to take the capture histories from the linked registry. */
  csv?: string | undefined;
  /** From the registry: the lists to use (default all). */
  lists?: string[] | undefined;
  method: 'loglinear' | 'lcmcr';
  strata?: string | undefined;
  sensitivity: Sensitivity;
  /** Sampler settings for `lcmcr`; defaults are the LCMCR package's reference settings with two chains. */
  sampler?: LcmcrOptions | undefined;
  /** Log-linear: highest interaction order searched (default 3 for four or five lists). */
  maxOrder?: 2 | 3 | undefined;
  /** From the registry: clusterings drawn to carry the linkage's uncertainty into the count. */
  linkage?: { draws?: number | undefined; seed?: number | undefined } | undefined;
}

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

function tableJson(table: CaptureTable) {
  return { lists: table.lists, patterns: Array.from(table.patterns), freq: Array.from(table.freq) };
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
export async function computeEstimate(
  tables: Map<string, CaptureTable>,
  options: {
    method: 'loglinear' | 'lcmcr';
    strata: boolean;
    sampler?: LcmcrOptions | undefined;
    maxOrder?: 2 | 3 | undefined;
  },
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

/**
 * Adds the count over the linkage's plausible range to an estimate from the registry (one table, no strata):
 * the log-linear model selected there (for LCMCR, the best-BIC log-linear model) refitted to each drawn
 * clustering. The draws and seed go into the parameters too, so that the run can be repeated.
 */
export async function withLinkage(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  computed: ComputedEstimate,
  options: {
    lists?: string[] | undefined;
    maxOrder?: 2 | 3 | undefined;
    draws?: number | undefined;
    seed?: number | undefined;
  },
): Promise<ComputedEstimate> {
  const terms = computed.result.terms as number[][] | undefined;
  const linkage = await registryLinkageUncertainty(ctx, actor, caseId, {
    ...options,
    model: terms ? { terms } : undefined,
  });
  return {
    parameters: {
      ...(computed.parameters as Record<string, unknown>),
      linkage: { draws: linkage.draws, seed: linkage.seed, model: linkage.model },
    },
    result: { ...computed.result, linkage },
  };
}

/**
 * Runs multiple systems estimation on a capture-pattern table and records the run (inputs, method,
 * parameters, software version and result) in the case, so that the figure can be reproduced and cited.
 */
export async function runEstimate(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  request: EstimateRequest,
): Promise<RecordValue> {
  await loadCaseFor(ctx, actor, caseId, {
    action: 'create',
    type: 'claim',
    sensitivity: request.sensitivity,
    purpose: 'recording an estimate needs the right to record claims',
  });
  let tables: Map<string, CaptureTable>;
  if (request.csv === undefined) {
    const strata = request.strata ? REGISTRY_STRATA.find((k) => k === request.strata) : undefined;
    if (request.strata && !strata)
      throw new ValidationError([
        { field: 'strata', message: `from the registry, strata are one of ${REGISTRY_STRATA.join(', ')}` },
      ]);
    tables = await registryCaptureTables(ctx, actor, caseId, { lists: request.lists, strata });
  } else {
    try {
      tables = readPatternCsv(request.csv, request.strata);
    } catch (error) {
      if (error instanceof CaptureTableError)
        throw new ValidationError([{ field: 'csv', message: error.message }]);
      throw error;
    }
  }
  let computed: ComputedEstimate;
  try {
    computed = await computeEstimate(tables, {
      method: request.method,
      strata: Boolean(request.strata),
      sampler: request.sampler,
      maxOrder: request.maxOrder,
    });
  } catch (error) {
    throw new ValidationError([
      { field: request.csv === undefined ? 'registry' : 'csv', message: (error as Error).message },
    ]);
  }
  if (request.csv === undefined && !request.strata)
    computed = await withLinkage(ctx, actor, caseId, computed, {
      lists: request.lists,
      maxOrder: request.maxOrder,
      ...request.linkage,
    });
  const { parameters, result } = computed;
  const at = now();
  const record = {
    id: randomUUID(),
    caseId,
    sensitivity: request.sensitivity,
    createdAt: at,
    updatedAt: at,
    title: request.title,
    method: request.method,
    input: {
      source: request.csv === undefined ? 'registry' : 'patterns',
      strata: request.strata ?? null,
      tables: Object.fromEntries([...tables].map(([k, t]) => [k, tableJson(t)])),
    },
    parameters,
    softwareVersion: SOFTWARE_VERSION,
    result,
  } as RecordValue;
  await inTransaction(ctx.store, async ({ db, ledger }) => {
    const row = await ctx.records.insert(db, ESTIMATE_RUN_SPEC, record);
    ledger.append({
      actor: actorLabel(actor),
      action: 'create',
      resourceType: 'estimate_run',
      resourceId: record.id,
      caseId,
      digest: rowDigest(row),
    });
  });
  return record;
}

export async function listEstimateRuns(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
): Promise<RecordValue[]> {
  const runs = await readableRecords(ctx, actor, caseId, ESTIMATE_RUN_SPEC);
  return runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export async function getEstimateRun(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  id: string,
): Promise<RecordValue> {
  const runs = await listEstimateRuns(ctx, actor, caseId);
  const run = runs.find((r) => r.id === id);
  if (!run) throw new NotFoundError('estimate', id);
  return run;
}
