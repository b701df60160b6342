/**
 * Runs a parser task (`parsers.ts`) in a worker thread bounded by the extraction's deadline: at the
 * deadline the thread is terminated and the extraction fails with 'timeout'; an abort stops it too. When
 * no worker can be started (running from TypeScript source without tsx) the task runs in this thread,
 * where the deadline is checked only when it ends.
 */
import type { ExtractionJob } from './job.js';
import { runParserTask, type ParserReply, type ParserResult, type ParserTask } from './parsers.js';
import { remaining } from './tools.js';
import { runBoundedWorker, workerStarter } from '../runtime/worker.js';
import { ExtractionError } from './types.js';

const startWorker = workerStarter(import.meta.url, 'parse-worker');

function settle(reply: ParserReply, what: string): ParserResult {
  if (reply.ok) return reply.result;
  throw new ExtractionError(
    reply.code ?? 'malformed',
    reply.code ? reply.message : `${what} failed: ${reply.message}`,
  );
}

function describe(task: ParserTask): string {
  if (task.kind === 'html') return 'reading the HTML page';
  return task.kind === 'pdf' ? 'reading the PDF' : 'checking the PDF for lam-alef ligatures';
}

/** The result of `task`, or an ExtractionError ('timeout' at the deadline, the parser's own code otherwise). */
export async function runInParser(job: ExtractionJob, task: ParserTask): Promise<ParserResult> {
  const what = describe(task);
  const left = remaining(job.deadline, what);
  job.signal?.throwIfAborted();
  if (!startWorker) {
    const reply = await runParserTask(task);
    remaining(job.deadline, `finishing ${what}`);
    return settle(reply, what);
  }
  const outcome = await runBoundedWorker<ParserReply>(startWorker, task, {
    timeoutMs: left,
    signal: job.signal,
  });
  switch (outcome.kind) {
    case 'reply':
      return settle(outcome.reply, what);
    case 'timeout':
      throw new ExtractionError('timeout', `${what} did not finish within the time limit and was stopped`);
    case 'aborted':
      throw outcome.reason;
    // An uncaught error in the thread is not the file's fault (the parsers catch their own): a worker
    // that could not load, or one that ran out of memory on a hostile file.
    case 'out_of_memory':
      throw new ExtractionError('too_large', `${what} needed more memory than allowed`);
    case 'failed':
      throw outcome.error;
    case 'exited':
      throw new ExtractionError('malformed', `${what} stopped unexpectedly (exit code ${outcome.code})`);
  }
}
