/**
 * Worker-thread entry: one estimate computation (`estimate-compute.ts`) given as workerData, posted back
 * as its result or its error message. Log-linear model search over many lists can take tens of seconds of
 * pure computation; here it does not stop the server from answering.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { CaptureTable } from '../estimation/index.js';
import { computeEstimate, type ComputedEstimate, type EstimateOptions } from './estimate-compute.js';

export interface EstimateTask {
  tables: Map<string, CaptureTable>;
  options: EstimateOptions;
}

export type EstimateReply = { ok: true; computed: ComputedEstimate } | { ok: false; message: string };

async function run(task: EstimateTask): Promise<EstimateReply> {
  try {
    return { ok: true, computed: await computeEstimate(task.tables, task.options) };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

if (parentPort && workerData) parentPort.postMessage(await run(workerData as EstimateTask));
