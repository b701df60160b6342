/**
 * Worker-thread entry of a link run: the computation (`computeLink`) given as workerData, its progress and plan
 * posted as they come, then its result or its failure (a refusal with the fields it names). Blocking, EM and
 * clustering of a large registry are seconds of pure computation; here they do not stop a server answering.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ValidationError } from '../domain/errors.js';
import { computeLink, type LinkInput, type LinkWorkerMessage } from './linkage.js';

// Only a link task: other workers import the services this module imports.
const task = workerData as Partial<LinkInput> | null;
if (parentPort && Array.isArray(task?.rows) && Array.isArray(task?.places)) {
  const port = parentPort;
  const post = (message: LinkWorkerMessage) => port.postMessage(message);
  try {
    const computed = await computeLink(task as LinkInput, {
      progress: (progress) => post({ kind: 'progress', progress }),
      onPlan: (plan) => post({ kind: 'plan', plan }),
    });
    post({ kind: 'done', computed });
  } catch (error) {
    post({
      kind: 'failed',
      message: error instanceof Error ? error.message : String(error),
      ...(error instanceof ValidationError ? { problems: error.problems } : {}),
    });
  }
}
