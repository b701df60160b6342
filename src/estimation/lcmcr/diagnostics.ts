/** Posterior summaries and MCMC diagnostics over draws held in typed arrays. */

/** Quantile with linear interpolation between order statistics (R's type 7) of already sorted values. */
export function sortedQuantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? Number.NaN;
  return a + (h - lo) * (b - a);
}

function mean(x: Float64Array, from = 0, to = x.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += x[i] ?? 0;
  return sum / (to - from);
}

function variance(x: Float64Array, from = 0, to = x.length): number {
  const mu = mean(x, from, to);
  let sum = 0;
  for (let i = from; i < to; i++) sum += ((x[i] ?? 0) - mu) ** 2;
  return sum / (to - from - 1);
}

/**
 * Effective sample size of one chain by Geyer's initial monotone sequence estimator: autocorrelations are
 * summed in adjacent pairs until a pair turns negative, each pair capped by the one before it.
 */
export function effectiveSampleSize(x: Float64Array): number {
  const n = x.length;
  if (n < 4) return n;
  const mu = mean(x);
  const centred = new Float64Array(n);
  for (let i = 0; i < n; i++) centred[i] = (x[i] ?? 0) - mu;
  const autocov = (lag: number): number => {
    let sum = 0;
    for (let i = 0; i + lag < n; i++) sum += (centred[i] ?? 0) * (centred[i + lag] ?? 0);
    return sum / n;
  };
  const c0 = autocov(0);
  if (!(c0 > 0)) return n;
  let tau = -1;
  let previousPair = Number.POSITIVE_INFINITY;
  for (let t = 0; t + 1 < n; t += 2) {
    let pair = (autocov(t) + autocov(t + 1)) / c0;
    if (pair <= 0) break;
    if (pair > previousPair) pair = previousPair;
    tau += 2 * pair;
    previousPair = pair;
  }
  return n / Math.max(tau, 1 / Math.log10(Math.max(n, 10)));
}

/**
 * Split R̂ (Gelman et al., BDA3 §11.4): every chain is cut in half and the halves compared as chains.
 * Null with fewer than two chains, as the brief asks; values near 1 (< 1.01–1.05) indicate mixing.
 */
export function splitRhat(chains: Float64Array[]): number | null {
  if (chains.length < 2) return null;
  const half = Math.floor(Math.min(...chains.map((c) => c.length)) / 2);
  if (half < 2) return null;
  const means: number[] = [];
  const variances: number[] = [];
  for (const c of chains) {
    for (const from of [0, half]) {
      means.push(mean(c, from, from + half));
      variances.push(variance(c, from, from + half));
    }
  }
  const m = means.length;
  const grand = means.reduce((a, b) => a + b, 0) / m;
  const between = (half / (m - 1)) * means.reduce((acc, v) => acc + (v - grand) ** 2, 0);
  const within = variances.reduce((a, b) => a + b, 0) / m;
  if (!(within > 0)) return between > 0 ? Number.POSITIVE_INFINITY : 1;
  const pooled = ((half - 1) / half) * within + between / half;
  return Math.sqrt(pooled / within);
}
