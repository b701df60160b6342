/**
 * Worker-thread entry: runs one LCMCR chain given in `workerData` and posts back its draws. Kept free of
 * logic so that the chain itself is the same code in a worker and in the calling thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runChain, type ChainSettings, type PatternData } from './sampler.js';

export interface ChainJob {
  data: PatternData;
  settings: ChainSettings;
  seed: number;
}

const job = workerData as ChainJob;
const draws = runChain(job.data, job.settings, job.seed);
// The draws' buffer is a plain ArrayBuffer (never shared), so it can be handed over without a copy.
parentPort?.postMessage(draws, [draws.buffer as ArrayBuffer]);
