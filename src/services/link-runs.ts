/**
 * Link runs in the background, for the web application: a run is accepted (or refused) at once and then
 * polled for its stage and progress until it is done or has failed. The computation runs in a worker thread.
 *
 * Runs are kept in the store (table `link_runs`, migration 0021): a run's state, its options (settings
 * included), its report or its error outlive the process. A run still `running` when its process stopped is
 * found by the next process's first use of its runs and shown as failed, interrupted (one server process per
 * store, as the in-memory "one run per case" check already assumes). A run writes its clusters and its review
 * queue in one transaction (`writeLink`): cut while writing, it leaves the previous run's whole. Finished runs
 * are kept for 30 days, and only the last 20 per case.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../auth/index.js';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  InterruptedError,
  NotFoundError,
  ValidationError,
  type FieldProblem,
} from '../domain/errors.js';
import type { ServiceContext } from './context.js';
import {
  authorizeLink,
  checkLinkable,
  linkRegistry,
  summarizeLink,
  type LinkOptions,
  type LinkStage,
  type LinkSummary,
} from './linkage.js';

export const LINK_RUN_STATES = ['running', 'done', 'failed'] as const;
export type LinkRunState = (typeof LINK_RUN_STATES)[number];

/** A run as its poller sees it. `total` is 0 until the first stage reports. */
export interface LinkRun {
  id: string;
  caseId: string;
  state: LinkRunState;
  stage: LinkStage;
  done: number;
  total: number;
  startedAt: string;
  finishedAt?: string;
  /** When done: what `POST /link` would have answered. */
  report?: LinkSummary;
  /** When failed: the error as it was thrown (the HTTP layer decides what it becomes). */
  error?: Error;
}

export type LinkRunOptions = Pick<LinkOptions, 'threshold' | 'dryRun' | 'seed' | 'threads' | 'settings'>;

export interface LinkRunsOptions {
  /** Finished runs kept per case; default 20. */
  keepPerCase?: number;
  /** How long a finished run is kept, in milliseconds; default 30 days. */
  keepMs?: number;
  /** Hears every failure of a run, for the log (a run has no request to log it with). */
  onFailure?: (error: unknown, run: LinkRun) => void;
  clock?: () => number;
  /** The run itself; `linkRegistry` unless a test stands in for it. */
  link?: typeof linkRegistry;
}

interface Entry {
  run: LinkRun;
  /** Resolves when the run has finished, whatever the outcome; never rejects. */
  settled: Promise<void>;
}

/** A run's error as kept in the store: its stable code, its message and the fields it names. */
interface StoredError {
  code: string;
  message: string;
  problems?: FieldProblem[];
}

function storedError(error: Error): StoredError {
  const problems = (error as { problems?: FieldProblem[] }).problems;
  return {
    code: error instanceof DomainError ? error.code : 'internal_error',
    message: error.message,
    ...(Array.isArray(problems) && problems.length ? { problems } : {}),
  };
}

/** A domain error read back from the store under its own code (answered 400 unless revived as its class). */
class StoredDomainError extends DomainError {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The error a stored run failed with, as the class the HTTP layer answers it by. */
function revivedError(stored: StoredError): Error {
  switch (stored.code) {
    case 'validation_failed':
      return new ValidationError(stored.problems ?? [], stored.message);
    case 'forbidden':
      return new ForbiddenError(stored.message);
    case 'conflict':
      return new ConflictError(stored.message, stored.problems ?? []);
    case 'interrupted':
      return new InterruptedError(stored.message);
    case 'internal_error':
      return new Error(stored.message);
    default:
      return new StoredDomainError(stored.code, stored.message);
  }
}

type RunRow = {
  id: string;
  caseId: string;
  state: string;
  stage: string;
  done: number | string;
  total: number | string;
  startedAt: string;
  finishedAt: string | null;
  report: string | null;
  error: string | null;
};

function runOf(row: RunRow): LinkRun {
  return {
    id: row.id,
    caseId: row.caseId,
    state: row.state as LinkRunState,
    stage: row.stage as LinkStage,
    done: Number(row.done),
    total: Number(row.total),
    startedAt: row.startedAt,
    ...(row.finishedAt ? { finishedAt: row.finishedAt } : {}),
    ...(row.report ? { report: JSON.parse(row.report) as LinkSummary } : {}),
    ...(row.error ? { error: revivedError(JSON.parse(row.error) as StoredError) } : {}),
  };
}

/** The link runs of one process (one per case at a time), kept in the store. */
export class LinkRuns {
  /** Runs going in this process. */
  private readonly entries = new Map<string, Entry>();
  private readonly running = new Map<string, string>();
  /** This process, as the owner of the runs it starts. */
  private readonly owner = randomUUID();
  private recovered: Promise<void> | undefined;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly options: LinkRunsOptions = {},
  ) {}

  /**
   * Starts a run once the actor is known to be allowed to link the case and the run could start at all
   * (threshold, at least two rows); refused with 409, naming the running run, while another run of the case
   * is going. Returns at once; the run goes on in the background.
   */
  async start(actor: Actor, caseId: string, options: LinkRunOptions = {}): Promise<LinkRun> {
    return { ...(await this.begin(actor, caseId, options)).run };
  }

  /** Runs and waits: what the run reports, or the error it failed with, thrown as it was. */
  async run(actor: Actor, caseId: string, options: LinkRunOptions = {}): Promise<LinkSummary> {
    const entry = await this.begin(actor, caseId, options);
    await entry.settled;
    if (entry.run.error) throw entry.run.error;
    return entry.run.report!;
  }

  /** A run of the case, for an actor allowed to link it (404 for a run the store does not hold). */
  async get(actor: Actor, caseId: string, runId: string): Promise<LinkRun> {
    await authorizeLink(this.ctx, actor, caseId);
    await this.recover();
    const live = this.entries.get(runId);
    if (live && live.run.caseId === caseId) return { ...live.run };
    await this.prune(caseId);
    const row = await this.ctx.store.db
      .selectFrom('linkRuns')
      .selectAll()
      .where('id', '=', runId)
      .where('caseId', '=', caseId)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('link run', runId);
    return runOf(row);
  }

  /** Resolves once no run is going (before the store is closed). */
  async idle(): Promise<void> {
    await Promise.all([...this.entries.values()].map((e) => e.settled));
  }

  /**
   * Once per process, before its first use of the runs: runs left `running` by a process that stopped are
   * failed as interrupted, so that nobody waits for them.
   */
  private recover(): Promise<void> {
    this.recovered ??= (async () => {
      const at = new Date(this.now()).toISOString();
      const error = JSON.stringify(storedError(new InterruptedError()));
      await this.ctx.store.db
        .updateTable('linkRuns')
        .set({ state: 'failed', error, finishedAt: at })
        .where('state', '=', 'running')
        .where('owner', '!=', this.owner)
        .execute();
    })();
    return this.recovered;
  }

  private async begin(actor: Actor, caseId: string, options: LinkRunOptions): Promise<Entry> {
    await checkLinkable(this.ctx, actor, caseId, options);
    await this.recover();
    await this.prune(caseId);
    // Nothing is awaited from here until the run is registered, so two requests cannot both pass this check.
    const current = this.running.get(caseId);
    if (current)
      throw new ConflictError(`link run ${current} is still running for this case`, [
        { field: 'case', message: `link run ${current} is running` },
      ]);
    const run: LinkRun = {
      id: randomUUID(),
      caseId,
      state: 'running',
      stage: 'reading',
      done: 0,
      total: 0,
      startedAt: new Date(this.now()).toISOString(),
    };
    this.running.set(caseId, run.id);
    const stored = this.insert(run, options);
    const entry: Entry = {
      run,
      settled: stored.then(
        () => this.execute(actor, run, options),
        () => undefined,
      ),
    };
    this.entries.set(run.id, entry);
    try {
      await stored;
    } catch (error) {
      this.entries.delete(run.id);
      this.running.delete(caseId);
      throw error;
    }
    return entry;
  }

  private async insert(run: LinkRun, options: LinkRunOptions): Promise<void> {
    await this.ctx.store.db
      .insertInto('linkRuns')
      .values({
        id: run.id,
        caseId: run.caseId,
        state: run.state,
        stage: run.stage,
        done: run.done,
        total: run.total,
        startedAt: run.startedAt,
        finishedAt: null,
        owner: this.owner,
        options: JSON.stringify(options),
        report: null,
        error: null,
      })
      .execute();
  }

  /** The run's state as it stands, into the store (at each new stage and at the end). */
  private async save(run: LinkRun): Promise<void> {
    await this.ctx.store.db
      .updateTable('linkRuns')
      .set({
        state: run.state,
        stage: run.stage,
        done: run.done,
        total: run.total,
        finishedAt: run.finishedAt ?? null,
        report: run.report ? JSON.stringify(run.report) : null,
        error: run.error ? JSON.stringify(storedError(run.error)) : null,
      })
      .where('id', '=', run.id)
      .execute();
  }

  /** The run itself; catches everything, so that a failure never becomes an unhandled rejection. */
  private async execute(actor: Actor, run: LinkRun, options: LinkRunOptions): Promise<void> {
    // Stage changes are saved one after another, never two writes at once.
    let saving = Promise.resolve();
    const saveLater = () => {
      saving = saving.then(() => this.save({ ...run })).catch(() => undefined);
    };
    try {
      const link = this.options.link ?? linkRegistry;
      // The computation in a worker thread: the server goes on answering while it runs.
      const report = await link(this.ctx, actor, run.caseId, {
        ...options,
        worker: true,
        progress: (p) => {
          const next = p.stage !== run.stage;
          run.stage = p.stage;
          run.done = p.done;
          run.total = p.total;
          if (next) saveLater();
        },
      });
      run.report = summarizeLink(report);
      run.state = 'done';
    } catch (error) {
      run.error = error instanceof Error ? error : new Error(String(error));
      run.state = 'failed';
      try {
        this.options.onFailure?.(error, { ...run });
      } catch {
        // A failing logger must not turn a captured failure into an unhandled one.
      }
    } finally {
      run.finishedAt = new Date(this.now()).toISOString();
      // The case is free as soon as the run is over; its last state is read from here until it is saved.
      this.running.delete(run.caseId);
      await saving;
      try {
        await this.save(run);
      } catch (error) {
        try {
          this.options.onFailure?.(error, { ...run });
        } catch {
          // as above
        }
      }
      this.entries.delete(run.id);
    }
  }

  /** Forgets finished runs older than the limit, and all but the last few of the case. */
  private async prune(caseId: string): Promise<void> {
    const keepMs = this.options.keepMs ?? 30 * 24 * 60 * 60 * 1000;
    const keepPerCase = this.options.keepPerCase ?? 20;
    const cutoff = new Date(this.now() - keepMs).toISOString();
    const db = this.ctx.store.db;
    await db
      .deleteFrom('linkRuns')
      .where('state', '!=', 'running')
      .where('finishedAt', '<', cutoff)
      .execute();
    const finished = await db
      .selectFrom('linkRuns')
      .select('id')
      .where('caseId', '=', caseId)
      .where('state', '!=', 'running')
      .orderBy('finishedAt', 'desc')
      .orderBy('id')
      .execute();
    const extra = finished.slice(keepPerCase).map((r) => r.id);
    if (extra.length) await db.deleteFrom('linkRuns').where('id', 'in', extra).execute();
  }

  private now(): number {
    return (this.options.clock ?? Date.now)();
  }
}
