import type { Worker } from 'node:worker_threads';
import { workerStarter } from '../runtime/worker.js';
import { allocateVectors, compareRange, type ComparisonVectors, type PairList } from './compare.js';
import { predictRange, type CompiledModel } from './predict.js';
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
  compare(pairs: PairList): Promise<ComparisonVectors>;
  predict(model: CompiledModel, pairs: PairList, vectors: ComparisonVectors): Promise<Float32Array>;
  close(): Promise<void>;
}

export interface PoolOptions {
  /** Number of worker threads; 0 for the single-thread path. Default 2. */
  threads?: number;
  /** Below this many pairs, work stays in the calling thread; default 100,000. */
  minPairs?: number;
}

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

/** Starts a pool of worker threads over a compiled table (workers start lazily, on the first large task). */
export function createPool(table: TableCore, options: PoolOptions = {}): LinkagePool {
  const threads = options.threads ?? 2;
  const minPairs = options.minPairs ?? 100_000;
  let workers: Worker[] | null = null;
  const pool = (): Worker[] => (workers ??= Array.from({ length: threads }, () => spawn(table)));
  const width = table.comparisons.length;
  return {
    threads,
    async compare(pairs) {
      const vectors = allocateVectors(pairs.length, width);
      if (threads === 0 || pairs.length < minPairs) compareRange(table, pairs, 0, pairs.length, vectors);
      else {
        const ws = pool();
        await Promise.all(
          ranges(pairs.length, ws.length).map(([start, end], k) =>
            run(ws[k]!, { op: 'compare', pairs, vectors, start, end }),
          ),
        );
      }
      return vectors;
    },
    async predict(model, pairs, vectors) {
      const out = new Float32Array(new SharedArrayBuffer(Math.max(4, pairs.length * 4)), 0, pairs.length);
      if (threads === 0 || pairs.length < minPairs)
        predictRange(table, model, pairs, vectors, 0, pairs.length, out);
      else {
        const ws = pool();
        await Promise.all(
          ranges(pairs.length, ws.length).map(([start, end], k) =>
            run(ws[k]!, { op: 'predict', model, pairs, vectors, start, end, out }),
          ),
        );
      }
      return out;
    },
    async close() {
      if (workers) await Promise.all(workers.map((w) => w.terminate()));
      workers = null;
    },
  };
}
