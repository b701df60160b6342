/*
 * Worker thread for comparison and prediction. It receives the table once (its typed arrays live in shared
 * memory) and then ranges of pairs; results are written straight into shared output arrays.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compareRange } from './compare.js';
import { predictRange } from './predict.js';
import type { WorkerTask } from './parallel.js';
import type { TableCore } from './table.js';

const table = workerData as TableCore;

parentPort?.on('message', (task: WorkerTask) => {
  try {
    if (task.op === 'compare') compareRange(table, task.pairs, task.start, task.end, task.vectors);
    else predictRange(table, task.model, task.pairs, task.vectors, task.start, task.end, task.out);
    parentPort?.postMessage({ ok: true });
  } catch (error) {
    parentPort?.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});
