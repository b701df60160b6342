/** Compact, serialisable views of an LCMCR posterior for recording and drawing: histogram and traces. */
import { observedCount, type CaptureTable } from '../capture-table.js';
import { sparseWarning, sparsity, type StratumEstimate } from '../strata.js';
import { sortedQuantile } from './diagnostics.js';
import { lcmcrParallel } from './index.js';
import type { LcmcrOptions, LcmcrResult } from './types.js';

export interface PosteriorHistogram {
  /** Left edge of the first bin and the bin width, in people. */
  from: number;
  width: number;
  counts: number[];
}

/** Histogram of the draws over the central 99.5 % (the far tail is summarised in the interval, not drawn). */
export function histogram(draws: Float64Array, bins = 40): PosteriorHistogram {
  const sorted = Float64Array.from(draws).sort();
  const lo = Math.floor(sortedQuantile(sorted, 0.0025));
  const hi = Math.ceil(sortedQuantile(sorted, 0.9975));
  const width = Math.max(1, Math.ceil((hi - lo + 1) / bins));
  const counts = new Array<number>(bins).fill(0);
  for (const x of draws) {
    const b = Math.floor((x - lo) / width);
    if (b >= 0 && b < bins) counts[b] = (counts[b] ?? 0) + 1;
  }
  return { from: lo, width, counts };
}

/** Each chain's draws, thinned to at most `points` values, for a trace plot. */
export function traces(result: LcmcrResult, points = 200): number[][] {
  return result.chains.map(({ draws }) => {
    const step = Math.max(1, Math.ceil(draws.length / points));
    const out: number[] = [];
    for (let i = 0; i < draws.length; i += step) out.push(draws[i] ?? Number.NaN);
    return out;
  });
}

/** Diagnostics that make a posterior summary unreliable, in words. */
export function lcmcrWarnings(r: LcmcrResult): string[] {
  const warnings: string[] = [];
  if (r.rhat !== null && r.rhat > 1.05)
    warnings.push(`chains disagree (split R-hat ${r.rhat.toFixed(3)} > 1.05): run longer chains`);
  if (r.ess < 200)
    warnings.push(`effective sample size ${r.ess.toFixed(0)} < 200: interval ends are imprecise`);
  return warnings;
}

/** What a run records: the figures, the diagnostics and enough of the posterior to draw it. */
export function posteriorRecord(r: LcmcrResult) {
  return {
    observed: r.observed,
    estimate: r.median,
    lower: r.lower,
    upper: r.upper,
    mean: r.mean,
    ess: r.ess,
    rhat: r.rhat,
    settings: r.settings,
    histogram: histogram(r.draws),
    traces: traces(r),
    warnings: lcmcrWarnings(r),
  };
}

/**
 * LCMCR per stratum, combined by adding the strata's posterior draws index by index (the strata are
 * independent, so the sums are draws from the posterior of the total). Sparse strata get no model: their
 * documented people are added as they are, with a warning. Stratum i uses seed + 1,000 · i.
 */
export async function lcmcrStrata(tables: Map<string, CaptureTable>, options: LcmcrOptions) {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const strata: Array<StratumEstimate & { posterior: LcmcrResult | null }> = [];
  let index = 0;
  for (const [stratum, table] of tables) {
    const sparse = sparsity(table);
    const posterior = sparse ? null : await lcmcrParallel(table, { ...options, seed: seed + 1000 * index });
    index++;
    strata.push({
      stratum,
      observed: observedCount(table),
      sparse,
      result: posterior
        ? { estimate: posterior.median, lower: posterior.lower, upper: posterior.upper, model: 'LCMCR' }
        : null,
      posterior,
    });
  }
  const documentedOnly = strata.filter((s) => !s.posterior).reduce((sum, s) => sum + s.observed, 0);
  const modelled = strata.flatMap((s) => (s.posterior ? [s.posterior.draws] : []));
  let combined: { estimate: number; lower: number; upper: number } | null = null;
  if (modelled.length > 0) {
    const length = Math.min(...modelled.map((d) => d.length));
    const total = new Float64Array(length).fill(documentedOnly);
    for (const draws of modelled) for (let i = 0; i < length; i++) total[i] = total[i]! + draws[i]!;
    total.sort();
    combined = {
      estimate: sortedQuantile(total, 0.5),
      lower: sortedQuantile(total, 0.025),
      upper: sortedQuantile(total, 0.975),
    };
  }
  const warnings = strata.filter((s) => s.sparse).map(sparseWarning);
  for (const s of strata)
    if (s.posterior) warnings.push(...lcmcrWarnings(s.posterior).map((w) => `stratum "${s.stratum}": ${w}`));
  return {
    strata: strata.map(({ posterior: _, ...rest }) => rest),
    observed: strata.reduce((sum, s) => sum + s.observed, 0),
    combined,
    seed,
    warnings,
  };
}
