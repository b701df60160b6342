/**
 * Worker-thread entry: reads one uploaded list given as workerData and posts the table or the reason it
 * cannot be read. One thread per file, started with heap limits and terminated at a deadline by
 * `read-table.ts`, so that a hostile file costs the thread, never the server.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  parseTable,
  TableReadError,
  type ListFormat,
  type RawTable,
  type TableLimits,
} from './parse-table.js';
import { checkXlsxParts, zipDirectory } from './zip-guard.js';

export interface ReadTask {
  bytes: Uint8Array;
  format: ListFormat;
  limits: TableLimits;
  /** A text file's stated encoding (UTF-8 when absent). */
  encoding?: string | undefined;
}

export type ReadReply = { ok: true; table: RawTable } | { ok: false; where: string; detail: string };

/** The reply to one task; also what the calling thread runs when no worker can be started. */
export async function runReadTask(task: ReadTask): Promise<ReadReply> {
  try {
    if (task.format === 'xlsx')
      checkXlsxParts(task.bytes, zipDirectory(task.bytes, task.limits), task.limits);
    return {
      ok: true,
      table: await parseTable(task.bytes, task.format, task.limits, { encoding: task.encoding }),
    };
  } catch (error) {
    if (error instanceof TableReadError) return { ok: false, where: error.where, detail: error.detail };
    if (error instanceof RangeError)
      return {
        ok: false,
        where: 'file',
        detail: `the file cannot be read within the limits (${error.message})`,
      };
    return { ok: false, where: 'file', detail: `the file cannot be read (${(error as Error).message})` };
  }
}

// Only a task of its own: another worker (a link run's) imports this module through the registry's services.
if (parentPort && (workerData as Partial<ReadTask> | null)?.bytes instanceof Uint8Array)
  parentPort.postMessage(await runReadTask(workerData as ReadTask));
