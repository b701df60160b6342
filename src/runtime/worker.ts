/**
 * Starting worker threads from both the compiled program and its TypeScript source. Compiled, a worker
 * module `name.js` sits beside the module that starts it. Run from source (vitest, tsx), the worker is
 * `name.ts`, which Node cannot load by itself: a small bootstrap registers tsx's loader in the new thread
 * first. Without tsx (a production install from source is not supported) the caller gets null and runs
 * the work in its own thread.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

export type WorkerStarter = (workerData: unknown, resourceLimits?: ResourceLimits) => Worker;

/** A function that starts the worker module `name` found beside `base` (an `import.meta.url`), or null. */
export function workerStarter(base: string, name: string): WorkerStarter | null {
  if (!base.endsWith('.ts')) {
    const url = new URL(`./${name}.js`, base);
    return (workerData, resourceLimits) =>
      new Worker(url, { workerData, ...(resourceLimits ? { resourceLimits } : {}) });
  }
  const tsxApi = tsxEsmApi(base);
  if (!tsxApi) return null;
  const target = new URL(`./${name}.ts`, base).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(target)}); });`;
  return (workerData, resourceLimits) =>
    new Worker(bootstrap, { eval: true, workerData, ...(resourceLimits ? { resourceLimits } : {}) });
}

/**
 * URL of tsx's ESM registration API, read from tsx's own package exports. (Its CommonJS twin cannot be
 * loaded from an evaluated worker script, and bare specifiers there would resolve from the working
 * directory rather than from this project.)
 */
function tsxEsmApi(base: string): string | null {
  try {
    const manifestPath = createRequire(base).resolve('tsx/package.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      exports?: Record<string, { import?: { default?: string } }>;
    };
    const entry = manifest.exports?.['./esm/api']?.import?.default;
    return entry ? pathToFileURL(join(dirname(manifestPath), entry)).href : null;
  } catch {
    return null;
  }
}

/** How a bounded worker run ended: its one message, or why there was none. */
export type WorkerOutcome<T> =
  | { kind: 'reply'; reply: T }
  | { kind: 'timeout' }
  | { kind: 'out_of_memory' }
  | { kind: 'aborted'; reason: unknown }
  | { kind: 'failed'; error: Error }
  | { kind: 'exited'; code: number };

export interface WorkerBounds {
  /** Wall-clock limit: at this point the thread is terminated. */
  timeoutMs: number;
  /** Heap and stack limits of the thread; exceeding them ends it with 'out_of_memory'. */
  resourceLimits?: ResourceLimits;
  signal?: AbortSignal | undefined;
}

/**
 * Starts one worker thread for one task and waits for its single reply, terminating it at the deadline, on
 * abort, or once it has replied. Never rejects: the caller turns each outcome into its own error.
 */
export function runBoundedWorker<T>(
  start: WorkerStarter,
  workerData: unknown,
  bounds: WorkerBounds,
): Promise<WorkerOutcome<T>> {
  const worker = start(workerData, bounds.resourceLimits);
  return new Promise((resolve) => {
    let done = false;
    const finish = (outcome: WorkerOutcome<T>): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      bounds.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ kind: 'timeout' }), bounds.timeoutMs);
    const onAbort = (): void => finish({ kind: 'aborted', reason: bounds.signal?.reason });
    bounds.signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (reply: T) => finish({ kind: 'reply', reply }));
    worker.once('error', (error: Error & { code?: string }) =>
      finish(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? { kind: 'out_of_memory' } : { kind: 'failed', error },
      ),
    );
    worker.once('exit', (code) => finish({ kind: 'exited', code }));
  });
}
