/**
 * Bayesian non-parametric latent class capture–recapture (Manrique-Vallier 2016, Biometrics 72:1246–54;
 * the R package LCMCR): a truncated Dirichlet-process mixture of product-Bernoulli classes with the
 * p(N) ∝ 1/N prior, fitted by a data-augmentation Gibbs sampler.
 */
import { availableParallelism } from 'node:os';
import { workerStarter } from '../../runtime/worker.js';
import { effectiveSampleSize, sortedQuantile, splitRhat } from './diagnostics.js';
import { runChain, type ChainSettings, type PatternData } from './sampler.js';
import type { CaptureTable } from '../capture-table.js';
import type { LcmcrOptions, LcmcrResult } from './types.js';
import type { ChainJob } from './worker.js';

export { effectiveSampleSize, splitRhat } from './diagnostics.js';
export type { LcmcrChain, LcmcrOptions, LcmcrResult } from './types.js';

const DEFAULTS = { K: 10, a: 0.25, b: 0.25, burnIn: 10_000, samples: 1000, thinning: 100, chains: 1 };

/**
 * Posterior of the population size N under LCMCR, running every chain in the calling thread. Chain c is
 * seeded with seed + c, so the result equals `lcmcrParallel` with the same options.
 */
export function lcmcr(table: CaptureTable, options: LcmcrOptions = {}): LcmcrResult {
  const settings = resolveSettings(options);
  const data = prepare(table);
  const chains: Float64Array[] = [];
  for (let c = 0; c < settings.chains; c++) chains.push(runChain(data, settings, settings.seed + c));
  return summarise(data, settings, chains);
}

/**
 * As `lcmcr`, with the chains in worker threads, at most os.availableParallelism() at a time (a single
 * chain too, so that a server stays responsive while it runs).
 * From compiled JavaScript the worker is `worker.js` beside this file. When this module runs as
 * TypeScript source (vitest, tsx), the worker is started through tsx's loader if tsx can be resolved;
 * otherwise the chains run one after another in this thread, with identical results.
 */
export async function lcmcrParallel(table: CaptureTable, options: LcmcrOptions = {}): Promise<LcmcrResult> {
  const settings = resolveSettings(options);
  const data = prepare(table);
  const launch = workerLauncher();
  if (!launch) {
    const chains: Float64Array[] = [];
    for (let c = 0; c < settings.chains; c++) chains.push(runChain(data, settings, settings.seed + c));
    return summarise(data, settings, chains);
  }
  const chains: Float64Array[] = new Array<Float64Array>(settings.chains);
  const threads = Math.max(1, Math.min(availableParallelism(), settings.chains));
  let next = 0;
  const runner = async (): Promise<void> => {
    while (next < settings.chains) {
      const c = next++;
      chains[c] = await launch({ data, settings: chainSettings(settings), seed: settings.seed + c });
    }
  };
  await Promise.all(Array.from({ length: threads }, runner));
  return summarise(data, settings, chains);
}

type Launcher = (job: ChainJob) => Promise<Float64Array>;

function workerLauncher(): Launcher | null {
  const start = workerStarter(import.meta.url, 'worker');
  if (!start) return null;
  return (job) =>
    new Promise<Float64Array>((resolve, reject) => {
      const worker = start(job);
      let result: Float64Array | null = null;
      worker.once('message', (draws: Float64Array) => {
        result = draws;
      });
      worker.once('error', reject);
      worker.once('exit', (code) => {
        if (result) resolve(result);
        else reject(new Error(`LCMCR worker exited with code ${code} before returning its draws`));
      });
    });
}

function chainSettings(s: Required<LcmcrOptions>): ChainSettings {
  return { K: s.K, a: s.a, b: s.b, burnIn: s.burnIn, samples: s.samples, thinning: s.thinning };
}

function resolveSettings(options: LcmcrOptions): Required<LcmcrOptions> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const s: Required<LcmcrOptions> = { ...DEFAULTS, ...stripUndefined(options), seed };
  const integer = (name: keyof LcmcrOptions, min: number): void => {
    const v = s[name];
    if (!Number.isInteger(v) || v < min)
      throw new RangeError(`LCMCR option ${name} must be an integer ≥ ${min}`);
  };
  integer('K', 1);
  integer('burnIn', 0);
  integer('samples', 1);
  integer('thinning', 1);
  integer('chains', 1);
  if (!Number.isSafeInteger(s.seed)) throw new RangeError('LCMCR option seed must be an integer');
  if (!(s.a > 0) || !(s.b > 0)) throw new RangeError('LCMCR options a and b must be positive');
  return s;
}

function stripUndefined(options: LcmcrOptions): LcmcrOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as LcmcrOptions;
}

/** Validates the table and keeps the rows with people on them. */
function prepare(table: CaptureTable): PatternData {
  const J = table.lists.length;
  if (J < 3) throw new Error(`LCMCR needs at least 3 lists, got ${J}`);
  const rows = table.freq.length;
  if (table.patterns.length !== rows * J) {
    throw new Error(`capture table has ${table.patterns.length} pattern cells, expected ${rows} × ${J}`);
  }
  const keep: number[] = [];
  for (let r = 0; r < rows; r++) {
    const f = table.freq[r] ?? 0;
    if (!Number.isInteger(f) || f < 0) throw new Error(`row ${r + 1}: freq must be a non-negative integer`);
    let any = false;
    for (let j = 0; j < J; j++) {
      const x = table.patterns[r * J + j];
      if (x !== 0 && x !== 1)
        throw new Error(`row ${r + 1}, list "${table.lists[j]}": pattern cells must be 0 or 1`);
      if (x === 1) any = true;
    }
    if (!any) throw new Error(`row ${r + 1}: the all-zero pattern cannot be observed`);
    if (f > 0) keep.push(r);
  }
  const patterns = new Uint8Array(keep.length * J);
  const freq = new Float64Array(keep.length);
  keep.forEach((r, i) => {
    patterns.set(table.patterns.subarray(r * J, r * J + J), i * J);
    freq[i] = table.freq[r] ?? 0;
  });
  if (keep.length === 0) throw new Error('capture table has nobody on it');
  return { lists: J, patterns, freq };
}

function summarise(data: PatternData, settings: Required<LcmcrOptions>, chains: Float64Array[]): LcmcrResult {
  const total = chains.reduce((acc, c) => acc + c.length, 0);
  const draws = new Float64Array(total);
  let at = 0;
  for (const c of chains) {
    draws.set(c, at);
    at += c.length;
  }
  const sorted = Float64Array.from(draws).sort();
  const perChain = chains.map((c) => ({ draws: c, ess: effectiveSampleSize(c) }));
  let observed = 0;
  for (const f of data.freq) observed += f;
  return {
    method: 'lcmcr',
    observed,
    median: sortedQuantile(sorted, 0.5),
    mean: draws.reduce((acc, v) => acc + v, 0) / total,
    lower: sortedQuantile(sorted, 0.025),
    upper: sortedQuantile(sorted, 0.975),
    draws,
    chains: perChain,
    rhat: splitRhat(chains),
    ess: perChain.reduce((acc, c) => acc + c.ess, 0),
    settings,
  };
}
