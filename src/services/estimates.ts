import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { actorLabel, type Actor } from '../auth/index.js';
import { ConflictError, NotFoundError, TooManyRequestsError, ValidationError } from '../domain/errors.js';
import type { Sensitivity } from '../domain/sensitivity.js';
import { CaptureTableError, readPatternCsv, type CaptureTable } from '../estimation/index.js';
import type { LcmcrOptions } from '../estimation/lcmcr/index.js';
import { runBoundedWorker, workerStarter } from '../runtime/worker.js';
import { computeEstimate, type ComputedEstimate, type EstimateOptions } from './estimate-compute.js';
import type { EstimateReply, EstimateTask } from './estimate-worker.js';
import { ESTIMATE_RUN_SPEC, inTransaction, rowDigest, type RecordValue } from '../storage/index.js';
import { loadCaseFor } from './cases.js';
import { readableRecords } from './records.js';
import { REGISTRY_STRATA, registryCaptureTables } from './registry.js';
import { registryLinkageUncertainty } from './linkage-uncertainty.js';
import { now, type ServiceContext } from './context.js';

export { computeEstimate, type ComputedEstimate } from './estimate-compute.js';

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

const startWorker = workerStarter(import.meta.url, 'estimate-worker');

/** Limits of heavy estimate computations in a server: how many at once, how long, how much heap each. */
export const ESTIMATE_LIMITS = { concurrent: 2, timeoutMs: 10 * 60_000, memoryMb: 2048 };

/** Cases with an estimate being computed (in this process). One per case, `ESTIMATE_LIMITS.concurrent` in all. */
const running = new Set<string>();

/** Whether an estimate of the case is being computed now. */
export function estimateRunning(caseId: string): boolean {
  return running.has(caseId);
}

function takeSlot(caseId: string): () => void {
  if (running.has(caseId))
    throw new ConflictError(
      'an estimate of this case is already being computed; try again when it has finished',
    );
  if (running.size >= ESTIMATE_LIMITS.concurrent)
    throw new TooManyRequestsError(
      `the server is already computing ${running.size} estimates; try again in a minute`,
      60,
    );
  running.add(caseId);
  return () => running.delete(caseId);
}

/**
 * The computation, off this thread: log-linear model search in a worker thread bounded in time and heap
 * (LCMCR already runs its chains in worker threads). Without a worker it runs here.
 */
async function computeOffThread(
  tables: Map<string, CaptureTable>,
  options: EstimateOptions,
): Promise<ComputedEstimate> {
  if (options.method !== 'loglinear' || !startWorker) return computeEstimate(tables, options);
  const task: EstimateTask = { tables, options };
  const outcome = await runBoundedWorker<EstimateReply>(startWorker, task, {
    timeoutMs: ESTIMATE_LIMITS.timeoutMs,
    resourceLimits: { maxOldGenerationSizeMb: ESTIMATE_LIMITS.memoryMb },
  });
  switch (outcome.kind) {
    case 'reply':
      if (outcome.reply.ok) return outcome.reply.computed;
      throw new Error(outcome.reply.message);
    case 'timeout':
      throw new Error(
        `the estimate took longer than ${ESTIMATE_LIMITS.timeoutMs / 60_000} minutes and was stopped; use fewer lists or strata`,
      );
    case 'out_of_memory':
      throw new Error(
        `the estimate needed more than ${ESTIMATE_LIMITS.memoryMb} MB of memory and was stopped; use fewer lists`,
      );
    case 'failed':
      throw outcome.error;
    default:
      throw new Error('the estimate stopped unexpectedly');
  }
}

function tableJson(table: CaptureTable) {
  return { lists: table.lists, patterns: Array.from(table.patterns), freq: Array.from(table.freq) };
}

/** An estimate from the registry says how many rows it left out for want of a name (`RegistryCapture`). */
export function withNameless(computed: ComputedEstimate, nameless: number): ComputedEstimate {
  return { ...computed, result: { ...computed.result, namelessRows: nameless } };
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
  let nameless: number | undefined;
  if (request.csv === undefined) {
    const strata = request.strata ? REGISTRY_STRATA.find((k) => k === request.strata) : undefined;
    if (request.strata && !strata)
      throw new ValidationError([
        { field: 'strata', message: `from the registry, strata are one of ${REGISTRY_STRATA.join(', ')}` },
      ]);
    ({ tables, nameless } = await registryCaptureTables(ctx, actor, caseId, {
      lists: request.lists,
      strata,
    }));
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
  const release = takeSlot(caseId);
  try {
    computed = await computeOffThread(tables, {
      method: request.method,
      strata: Boolean(request.strata),
      sampler: request.sampler,
      maxOrder: request.maxOrder,
    });
  } catch (error) {
    throw new ValidationError([
      { field: request.csv === undefined ? 'registry' : 'csv', message: (error as Error).message },
    ]);
  } finally {
    release();
  }
  if (request.csv === undefined && !request.strata)
    computed = await withLinkage(ctx, actor, caseId, computed, {
      lists: request.lists,
      maxOrder: request.maxOrder,
      ...request.linkage,
    });
  if (nameless !== undefined) computed = withNameless(computed, nameless);
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
