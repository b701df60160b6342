/**
 * The public family search runs in worker threads of its own, each with its own read-only connection to the
 * store and its own copy of the memorial index in memory (memorial-memory.ts), so that anonymous searchers
 * never hold up the thread that answers investigators. Each search is sent as a message and answered with
 * the cards' JSON text. A thread that fails is replaced; after repeated failures, or where threads cannot start
 * (run from source without tsx), `search` answers null and the caller searches in its own thread.
 */
import type { Worker } from 'node:worker_threads';
import { workerStarter, type WorkerStarter } from '../runtime/worker.js';
import type { StoreOptions } from '../storage/index.js';
import type { MemorialSearch } from './memorial-search.js';

export type SearchRequest = { id: number; search: MemorialSearch };
export type SearchReply = { id: number; cards: string[] } | { id: number; error: string };

/** A search not answered within this time is given up (and searched in the caller's thread). */
const TIMEOUT_MS = 10_000;
/** More unanswered searches than this per thread: the thread is busy, the caller's thread takes the search. */
const QUEUE_LIMIT = 1_000;
/** After this many threads failed, no more are started. */
const MAX_FAILURES = 3;

interface Running {
  worker: Worker;
  pending: Map<number, (cards: string[] | null) => void>;
}

export class MemorialSearchThreads {
  private readonly running: Running[] = [];
  private nextId = 1;
  private failures = 0;
  private closed = false;

  constructor(
    private readonly start: WorkerStarter | null,
    private readonly store: StoreOptions,
    private readonly size: number,
  ) {}

  /** The cards found, or null when no thread can take the search. */
  search(search: MemorialSearch): Promise<string[] | null> {
    const thread = this.pick();
    if (!thread) return Promise.resolve(null);
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        thread.pending.delete(id);
        resolve(null);
      }, TIMEOUT_MS);
      thread.pending.set(id, (cards) => {
        clearTimeout(timer);
        resolve(cards);
      });
      thread.worker.postMessage({ id, search } satisfies SearchRequest);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = this.running.splice(0);
    await Promise.all(all.map((t) => t.worker.terminate()));
    for (const t of all) for (const answer of t.pending.values()) answer(null);
  }

  private pick(): Running | null {
    if (this.closed || !this.start || this.failures >= MAX_FAILURES) return null;
    if (this.running.length < this.size) this.launch(this.start);
    let best: Running | null = null;
    for (const t of this.running) if (!best || t.pending.size < best.pending.size) best = t;
    return best && best.pending.size < QUEUE_LIMIT ? best : null;
  }

  private launch(start: WorkerStarter): void {
    const worker = start(this.store);
    // The thread must not keep the process alive on its own (a CLI that searched once exits).
    worker.unref();
    const thread: Running = { worker, pending: new Map() };
    this.running.push(thread);
    worker.on('message', (reply: SearchReply) => {
      const answer = thread.pending.get(reply.id);
      thread.pending.delete(reply.id);
      answer?.('cards' in reply ? reply.cards : null);
    });
    const fail = () => {
      const at = this.running.indexOf(thread);
      if (at < 0) return;
      this.running.splice(at, 1);
      if (!this.closed) this.failures++;
      for (const answer of thread.pending.values()) answer(null);
      thread.pending.clear();
    };
    worker.once('error', fail);
    worker.once('exit', fail);
  }
}

/**
 * Search threads for a store, `size` of them (0: none, search in the caller's thread). An in-memory SQLite
 * database cannot be opened by a second connection: none then.
 */
export function memorialSearchThreads(store: StoreOptions, size: number): MemorialSearchThreads | null {
  if (size <= 0 || (store.kind === 'sqlite' && store.path === ':memory:')) return null;
  return new MemorialSearchThreads(workerStarter(import.meta.url, 'memorial-search-worker'), store, size);
}
