/**
 * How uncertain linkage widens a count. The linkage decides which records name the same person; the pairs it
 * was unsure about (the review queue: match probabilities between 0.01 and 0.99, no one's decision yet) could
 * have gone either way. Each draw redecides every such pair with its probability, rebuilds the clusters, and
 * so gives another capture table; the estimates over the draws show how much of the interval linkage owns.
 */
import { Random } from './lcmcr/random.js';
import { normalQuantile } from './loglinear.js';
import { gammaQ } from './special.js';

/** A pair the linkage was unsure about, as row indices, with its match probability. */
export interface UncertainLink {
  left: number;
  right: number;
  probability: number;
}

/**
 * One clustering drawn from the stored one and the uncertain pairs (rows indexed in the order of their ids).
 * A pair in two different clusters is a match with its probability, and a match joins the two rows' clusters.
 * A pair the stored clustering put in one cluster is a non-match with one minus its probability, and then the
 * later of its two rows leaves the cluster, as a reviewer's "non-match" takes it out (`applyDecisions`),
 * unless another pair drawn as a match holds it. An approximation: the sure links inside a cluster are not
 * stored, so a cluster is never split except by taking single rows out.
 */
export function drawClustering(cluster: Int32Array, links: UncertainLink[], random: Random): Int32Array {
  const n = cluster.length;
  const matched: UncertainLink[] = [];
  const leaving = new Uint8Array(n);
  for (const link of links) {
    const u = random.uniform();
    const together = cluster[link.left] === cluster[link.right];
    if (u < link.probability) matched.push(link);
    else if (together) leaving[Math.max(link.left, link.right)] = 1;
  }
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const root = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const join = (a: number, b: number) => {
    const ra = root(a);
    const rb = root(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  // The stored clusters, less the rows that leave them.
  const first = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    if (leaving[i]) continue;
    const at = first.get(cluster[i]!);
    if (at === undefined) first.set(cluster[i]!, i);
    else join(at, i);
  }
  for (const link of matched) join(link.left, link.right);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = root(i);
  return labels;
}

/** The draws' clusterings: `draws` of them from `seed`, the pairs taken in a fixed order. */
export function drawClusterings(
  cluster: Int32Array,
  links: UncertainLink[],
  draws: number,
  seed: number,
): Int32Array[] {
  const random = new Random(seed);
  const ordered = [...links].sort((a, b) => a.left - b.left || a.right - b.right);
  return Array.from({ length: draws }, () => drawClustering(cluster, ordered, random));
}

export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
}

export interface LinkageInterval {
  /** 95 % interval over both sources of uncertainty: the draws' sampling distributions, pooled. */
  lower: number;
  upper: number;
  /** Part of the combined interval's width that the stored clustering's own interval does not cover (0–1). */
  linkageShare: number;
}

/** Standard normal distribution function, through Φ(z) = Q(½, z²/2) / 2 for z < 0. */
function normalCdf(z: number): number {
  const tail = 0.5 * gammaQ(0.5, (z * z) / 2);
  return z < 0 ? tail : 1 - tail;
}

/**
 * Pools the draws. Each draw's sampling distribution of log N is taken as two half-normals that meet at its
 * estimate and put 2.5 % beyond each end of its profile interval (so one draw alone gives back its own interval
 * exactly); the pooled 95 % interval is the 2.5 and 97.5 % points of their equal mixture. The linkage share is
 * (combined width − width at the stored clustering) / combined width, at least 0.
 */
export function linkageInterval(stored: Interval, draws: Interval[], level = 0.95): LinkageInterval {
  const usable = draws.filter((d) => d.lower > 0 && d.lower <= d.estimate && d.estimate <= d.upper);
  if (usable.length === 0) return { lower: stored.lower, upper: stored.upper, linkageShare: 0 };
  const z = normalQuantile(0.5 + level / 2);
  const parts = usable.map((d) => {
    const m = Math.log(d.estimate);
    return { m, below: (m - Math.log(d.lower)) / z, above: (Math.log(d.upper) - m) / z };
  });
  const cdf = (y: number) =>
    parts.reduce((sum, p) => {
      const s = y < p.m ? p.below : p.above;
      return sum + (s > 0 ? normalCdf((y - p.m) / s) : y < p.m ? 0 : 1);
    }, 0) / parts.length;
  const lo = Math.min(...usable.map((d) => Math.log(d.lower)));
  const hi = Math.max(...usable.map((d) => Math.log(d.upper)));
  const quantile = (q: number) => {
    let a = lo;
    let b = hi;
    for (let i = 0; i < 100 && b - a > 1e-12; i++) {
      const mid = (a + b) / 2;
      if (cdf(mid) < q) a = mid;
      else b = mid;
    }
    return Math.exp((a + b) / 2);
  };
  const lower = quantile((1 - level) / 2);
  const upper = quantile(1 - (1 - level) / 2);
  const width = upper - lower;
  const storedWidth = stored.upper - stored.lower;
  const linkageShare = width > 0 ? Math.max(0, (width - storedWidth) / width) : 0;
  return { lower, upper, linkageShare: linkageShare < 1e-6 ? 0 : linkageShare };
}
