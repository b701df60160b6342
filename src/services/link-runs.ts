/**
 * Link runs in the background, for the web application: a run is accepted (or refused) at once and then
 * polled for its stage and progress until it is done or has failed.
 *
 * Runs live in this process's memory only. They do not survive a restart: a run cut short by one is gone. Its
 * two writes (the clusters, then the review queue) are each one transaction, so a run cut between them leaves
 * the new clusters with the previous queue until the next run. A finished run is kept for an hour, and only the
 * last few per case.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../auth/index.js';
import { ConflictError, NotFoundError } from '../domain/errors.js';
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
  /** Finished runs kept per case; default 5. */
  keepPerCase?: number;
  /** How long a finished run is kept, in milliseconds; default one hour. */
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

/** The link runs of one process (one per case at a time). */
export class LinkRuns {
  private readonly entries = new Map<string, Entry>();
  private readonly running = new Map<string, string>();

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

  /** A run of the case, for an actor allowed to link it (404 for a run this process does not know). */
  async get(actor: Actor, caseId: string, runId: string): Promise<LinkRun> {
    await authorizeLink(this.ctx, actor, caseId);
    this.prune();
    const entry = this.entries.get(runId);
    if (!entry || entry.run.caseId !== caseId) throw new NotFoundError('link run', runId);
    return { ...entry.run };
  }

  /** Resolves once no run is going (before the store is closed). */
  async idle(): Promise<void> {
    await Promise.all([...this.entries.values()].map((e) => e.settled));
  }

  private async begin(actor: Actor, caseId: string, options: LinkRunOptions): Promise<Entry> {
    await checkLinkable(this.ctx, actor, caseId, options);
    // Nothing is awaited from here until the run is registered, so two requests cannot both pass this check.
    const current = this.running.get(caseId);
    if (current)
      throw new ConflictError(`link run ${current} is still running for this case`, [
        { field: 'case', message: `link run ${current} is running` },
      ]);
    this.prune();
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
    const entry: Entry = { run, settled: this.execute(actor, run, options) };
    this.entries.set(run.id, entry);
    return entry;
  }

  /** The run itself; catches everything, so that a failure never becomes an unhandled rejection. */
  private async execute(actor: Actor, run: LinkRun, options: LinkRunOptions): Promise<void> {
    try {
      const link = this.options.link ?? linkRegistry;
      const report = await link(this.ctx, actor, run.caseId, {
        ...options,
        progress: (p) => {
          run.stage = p.stage;
          run.done = p.done;
          run.total = p.total;
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
      this.running.delete(run.caseId);
    }
  }

  /** Forgets finished runs older than the limit, and all but the last few of each case. */
  private prune(): void {
    const keepMs = this.options.keepMs ?? 60 * 60 * 1000;
    const keepPerCase = this.options.keepPerCase ?? 5;
    const now = this.now();
    const finished = [...this.entries.values()]
      .map((e) => e.run)
      .filter((r) => r.finishedAt !== undefined)
      .sort((a, b) => b.finishedAt!.localeCompare(a.finishedAt!));
    const perCase = new Map<string, number>();
    for (const run of finished) {
      const kept = perCase.get(run.caseId) ?? 0;
      if (kept >= keepPerCase || now - Date.parse(run.finishedAt!) > keepMs) this.entries.delete(run.id);
      else perCase.set(run.caseId, kept + 1);
    }
  }

  private now(): number {
    return (this.options.clock ?? Date.now)();
  }
}
