/**
 * Reading an uploaded list into a header and rows of strings (the parsers are in `parse-table.ts`). Uploaded
 * files are untrusted, so reading is bounded three ways: a workbook's ZIP directory is checked here before
 * anything is decompressed (entry count, declared sizes, ratios, nested archives); the file is then read in
 * a worker thread with a heap limit and a wall-clock deadline at which it is terminated; and in that thread
 * each XML part is inflated no further than its declared size and scanned for DOCTYPEs, depth and the
 * sheet's extent before the spreadsheet reader sees it. Every refusal is a TableReadError naming the problem.
 */
import { workerStarter, runBoundedWorker } from '../runtime/worker.js';
import {
  TABLE_LIMITS,
  TableReadError,
  type ListFormat,
  type RawTable,
  type TableLimits,
} from './parse-table.js';
import { runReadTask, type ReadReply, type ReadTask } from './read-worker.js';
import { zipDirectory } from './zip-guard.js';

export { decodeText, knownEncoding, TABLE_LIMITS, TableReadError } from './parse-table.js';
export type { ListFormat, RawTable, TableLimits } from './parse-table.js';

const startWorker = workerStarter(import.meta.url, 'read-worker');

function settle(reply: ReadReply): RawTable {
  if (reply.ok) return reply.table;
  throw new TableReadError(reply.where, reply.detail);
}

/** Reads the file as a table within `limits`, or throws a TableReadError saying where and why not. */
export async function readTable(
  bytes: Uint8Array,
  format: ListFormat,
  limits: TableLimits = TABLE_LIMITS,
  encoding?: string,
): Promise<RawTable> {
  // The directory check is cheap and refuses the obvious bombs before a thread is even started.
  if (format === 'xlsx') zipDirectory(bytes, limits);
  const task: ReadTask = { bytes, format, limits, encoding };
  if (!startWorker) return settle(await runReadTask(task));
  const outcome = await runBoundedWorker<ReadReply>(startWorker, task, {
    timeoutMs: limits.timeoutMs,
    resourceLimits: {
      maxOldGenerationSizeMb: limits.memoryMb,
      maxYoungGenerationSizeMb: Math.min(64, Math.ceil(limits.memoryMb / 8)),
    },
  });
  switch (outcome.kind) {
    case 'reply':
      return settle(outcome.reply);
    case 'timeout':
      throw new TableReadError(
        'file',
        `reading the file took longer than ${limits.timeoutMs / 1000} s and was stopped`,
      );
    case 'out_of_memory':
      throw new TableReadError(
        'file',
        `reading the file needed more than ${limits.memoryMb} MB of memory and was stopped`,
      );
    case 'failed':
      // The parsers' own errors come back as replies; an error that escaped them is still about this file.
      throw new TableReadError('file', `the file cannot be read (${outcome.error.message})`);
    default:
      throw new TableReadError('file', 'reading the file stopped unexpectedly');
  }
}
