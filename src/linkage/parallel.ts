import type { Worker } from 'node:worker_threads';
import { workerStarter } from '../runtime/worker.js';
import { allocateVectors, compareRange, type ComparisonVectors, type PairList } from './compare.js';
import { predictRange, type CompiledModel } from './predict.js';
import { breathe } from './progress.js';
import { tableCore, type TableCore } from './table.js';

/** A message to a worker; exported only for the worker module. */
export type WorkerTask =
  | { op: 'compare'; pairs: PairList; vectors: ComparisonVectors; start: number; end: number }
  | {
      op: 'predict';
      model: CompiledModel;
      pairs: PairList;
      vectors: ComparisonVectors;
      start: number;
      end: number;
      out: Float32Array;
    };

/**
 * Worker threads that hold one table. With `threads: 0` everything runs in the calling thread; results are
 * identical either way, since workers run the same functions on disjoint ranges of the same shared arrays.
 */
export interface LinkagePool {
  threads: number;
  /** Comparison vectors of every pair; `onProgress` hears the pairs done as chunks finish. */
  compare(pairs: PairList, onProgress?: ChunkProgress): Promise<ComparisonVectors>;
  /** Match weights of every pair; `onProgress` as in `compare`. */
  predict(
    model: CompiledModel,
    pairs: PairList,
    vectors: ComparisonVectors,
    onProgress?: ChunkProgress,
  ): Promise<Float32Array>;
  close(): Promise<void>;
}

/** Pairs done so far and in all; called after every chunk, done rising to total. */
export type ChunkProgress = (done: number, total: number) => void;

export interface PoolOptions {
  /** Number of worker threads; 0 for the single-thread path. Default 2. */
  threads?: number;
  /** Below this many pairs, work stays in the calling thread; default 100,000. */
  minPairs?: number;
  /** Work is cut into chunks of at least this many pairs (at most 16 chunks, or two per worker); default 10,000. */
  minChunk?: number;
}

/**
 * Chunks per task: enough for progress to advance in small steps and for a worker that finishes early to take
 * more, few enough that messages cost nothing next to the work.
 */
const CHUNKS = 16;

function spawn(table: TableCore): Worker {
  const start = workerStarter(import.meta.url, 'worker');
  if (!start)
    throw new Error('linkage workers cannot start from TypeScript sources without tsx; use threads: 0');
  return start(tableCore(table));
}

function run(worker: Worker, task: WorkerTask): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: { ok: boolean; error?: string }): void => {
      worker.off('error', onError);
      if (reply.ok) resolve();
      else reject(new Error(`linkage worker: ${reply.error}`));
    };
    const onError = (error: Error): void => {
      worker.off('message', onMessage);
      reject(error);
    };
    worker.once('message', onMessage);
    worker.once('error', onError);
    worker.postMessage(task);
  });
}

function ranges(length: number, parts: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const step = Math.ceil(length / parts);
  for (let s = 0; s < length; s += step) out.push([s, Math.min(length, s + step)]);
  return out;
}

/**
 * Runs `work` over chunks of [0, length): in the calling thread one chunk after another, or on the workers,
 * each taking the next chunk when it finishes one. Chunks are disjoint, so the order does not change results.
 */
async function inChunks(
  length: number,
  options: { minChunk: number; workers: Worker[] | null },
  work: { local: (start: number, end: number) => void; remote: (start: number, end: number) => WorkerTask },
  onProgress?: ChunkProgress,
): Promise<void> {
  const most = Math.max(CHUNKS, 2 * (options.workers?.length ?? 0));
  const chunks = ranges(length, Math.max(1, Math.min(most, Math.ceil(length / options.minChunk))));
  let done = 0;
  onProgress?.(0, length);
  if (!options.workers) {
    for (const [start, end] of chunks) {
      work.local(start, end);
      done += end - start;
      onProgress?.(done, length);
      if (onProgress && done < length) await breathe();
    }
    return;
  }
  let next = 0;
  let failed = false;
  await Promise.all(
    options.workers.map(async (worker) => {
      while (!failed && next < chunks.length) {
        const [start, end] = chunks[next++]!;
        try {
          await run(worker, work.remote(start, end));
        } catch (error) {
          failed = true;
          throw error;
        }
        done += end - start;
        onProgress?.(done, length);
      }
    }),
  );
}

/** Starts a pool of worker threads over a compiled table (workers start lazily, on the first large task). */
export function createPool(table: TableCore, options: PoolOptions = {}): LinkagePool {
  const threads = options.threads ?? 2;
  const minPairs = options.minPairs ?? 100_000;
  const minChunk = options.minChunk ?? 10_000;
  let workers: Worker[] | null = null;
  const pool = (length: number): Worker[] | null =>
    threads === 0 || length < minPairs
      ? null
      : (workers ??= Array.from({ length: threads }, () => spawn(table)));
  const width = table.comparisons.length;
  return {
    threads,
    async compare(pairs, onProgress) {
      const vectors = allocateVectors(pairs.length, width);
      await inChunks(
        pairs.length,
        { minChunk, workers: pool(pairs.length) },
        {
          local: (start, end) => compareRange(table, pairs, start, end, vectors),
          remote: (start, end) => ({ op: 'compare', pairs, vectors, start, end }),
        },
        onProgress,
      );
      return vectors;
    },
    async predict(model, pairs, vectors, onProgress) {
      const out = new Float32Array(new SharedArrayBuffer(Math.max(4, pairs.length * 4)), 0, pairs.length);
      await inChunks(
        pairs.length,
        { minChunk, workers: pool(pairs.length) },
        {
          local: (start, end) => predictRange(table, model, pairs, vectors, start, end, out),
          remote: (start, end) => ({ op: 'predict', model, pairs, vectors, start, end, out }),
        },
        onProgress,
      );
      return out;
    },
    async close() {
      if (workers) await Promise.all(workers.map((w) => w.terminate()));
      workers = null;
    },
  };
}
