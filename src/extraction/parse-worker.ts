/**
 * Worker thread entry: runs one parser task (`parsers.ts`) given as workerData and posts the reply. A
 * thread per task, so that the host can stop it at the deadline with `terminate()`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runParserTask, type ParserTask } from './parsers.js';

const reply = await runParserTask(workerData as ParserTask);
parentPort?.postMessage(reply);
