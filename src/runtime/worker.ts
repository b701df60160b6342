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
import { Worker } from 'node:worker_threads';

export type WorkerStarter = (workerData: unknown) => Worker;

/** A function that starts the worker module `name` found beside `base` (an `import.meta.url`), or null. */
export function workerStarter(base: string, name: string): WorkerStarter | null {
  if (!base.endsWith('.ts')) {
    const url = new URL(`./${name}.js`, base);
    return (workerData) => new Worker(url, { workerData });
  }
  const tsxApi = tsxEsmApi(base);
  if (!tsxApi) return null;
  const target = new URL(`./${name}.ts`, base).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(target)}); });`;
  return (workerData) => new Worker(bootstrap, { eval: true, workerData });
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
