import type { PairList } from './compare.js';
import { probabilityToWeight } from './model.js';

export interface ClusterOptions {
  /** Pairs with a match probability at or above this are edges. */
  threshold: number;
  /**
   * Two clusters that both hold a record of the same list merge only through an edge at or above this
   * probability (1 forbids it). A list rarely names one victim twice, so such a merge needs stronger evidence.
   */
  sameListThreshold?: number;
  /** No merge may create a cluster larger than this; refused merges are reported. */
  maxClusterSize?: number;
  /**
   * Chain guard: merging clusters of sizes a and b needs `sizePenalty × log2(a·b)` bits of weight beyond the
   * threshold, since a spurious edge between two clusters is more likely the more record pairs they span.
   * 0 (default) turns it off.
   */
  sizePenalty?: number;
  /**
   * How two groups joined by an edge are judged: 'single' (default) joins them on that edge alone; 'average'
   * joins them only when the mean match weight (log-odds) of their compared pairs across lists also reaches the
   * threshold's (a group's records within one list are left to the same-list prior and guard), so that one doubtful pair cannot join two people whose other records disagree (a namesake's
   * father, a year), while a group whose records mostly agree strongly still takes a poorly recorded one.
   */
  linkage?: 'single' | 'average';
  /**
   * Per list (by index), the bits of weight a merge needs beyond the threshold when it would name a person twice
   * in that list through an edge that is not the list's own: the prior across lists less the list's own prior
   * (`FsModel.sameListLambda`). A pair within a list already carries its list's prior, but two groups joined by
   * a pair across lists (a namesake in a third list) carry only the prior across lists, while the join says
   * that one list named the person twice, which a list its compiler deduplicated rarely does.
   */
  repeatPenalties?: readonly number[];
}

export interface Clustering {
  /** Per record: its cluster, numbered 0 … clusters − 1 in order of first record. */
  cluster: Int32Array;
  clusters: number;
  edges: number;
  refused: { sameList: number; maxSize: number; chain: number; average?: number };
  /** Records (one per cluster) of clusters that refused a merge because of `maxClusterSize`. */
  cappedClusters: number[];
}

/**
 * Connected components over the edges above the threshold, joined strongest edge first with union-find, so that
 * the guards (same list, size cap, chain penalty) decide with the best evidence already merged.
 */
export function clusterPairs(
  size: number,
  list: Int32Array,
  pairs: PairList,
  weights: Float32Array,
  options: ClusterOptions,
): Clustering {
  const minWeight = probabilityToWeight(options.threshold);
  const sameListWeight =
    options.sameListThreshold === undefined ? minWeight : probabilityToWeight(options.sameListThreshold);
  const maxSize = options.maxClusterSize ?? Infinity;
  const penalty = options.sizePenalty ?? 0;
  const penalties = options.repeatPenalties ?? null;
  const guardLists = options.sameListThreshold !== undefined || penalties !== null;

  const edges: number[] = [];
  for (let p = 0; p < pairs.length; p++) if (weights[p]! >= minWeight) edges.push(p);
  const order = Uint32Array.from(edges).sort((a, b) => weights[b]! - weights[a]! || a - b);

  const parent = new Int32Array(size);
  const sizes = new Int32Array(size).fill(1);
  for (let i = 0; i < size; i++) parent[i] = i;
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  // Lists present in each multi-record cluster, keyed by root; a singleton's list is list[root].
  const listSets = new Map<number, Set<number>>();
  const listsOf = (root: number): Set<number> => listSets.get(root) ?? new Set([list[root]!]);
  const refused = { sameList: 0, maxSize: 0, chain: 0 };
  const capped = new Set<number>();

  const average = options.linkage === 'average';
  // Average linkage: every compared pair of each record, and the members of each group.
  let adjacency: { start: Uint32Array; pair: Uint32Array } | null = null;
  const members = new Map<number, number[]>();
  if (average) {
    const start = new Uint32Array(size + 1);
    for (let p = 0; p < pairs.length; p++) {
      start[pairs.left[p]! + 1]!++;
      start[pairs.right[p]! + 1]!++;
    }
    for (let i = 0; i < size; i++) start[i + 1]! += start[i]!;
    const fill = start.slice(0, size);
    const pair = new Uint32Array(2 * pairs.length);
    for (let p = 0; p < pairs.length; p++) {
      pair[fill[pairs.left[p]!]!++] = p;
      pair[fill[pairs.right[p]!]!++] = p;
    }
    adjacency = { start, pair };
  }
  const membersOf = (root: number): number[] => members.get(root) ?? [root];
  /** Mean match weight (log-odds) of the compared pairs across lists between two groups. */
  const meanBetween = (a: number, b: number): number => {
    const [small, other] = membersOf(a).length <= membersOf(b).length ? [a, b] : [b, a];
    let sum = 0;
    let n = 0;
    for (const i of membersOf(small))
      for (let k = adjacency!.start[i]!; k < adjacency!.start[i + 1]!; k++) {
        const p = adjacency!.pair[k]!;
        const j = pairs.left[p] === i ? pairs.right[p]! : pairs.left[p]!;
        // Pairs across lists only: one list's own repeats of a person are often copied carelessly (up to ten
        // corrupted copies in fake_1000), and their disagreement says less than two lists'.
        if (list[i] === list[j] || find(j) !== other) continue;
        sum += weights[p]!;
        n++;
      }
    return n === 0 ? Infinity : sum / n;
  };
  let refusedAverage = 0;

  for (const p of order) {
    const w = weights[p]!;
    let a = find(pairs.left[p]!);
    let b = find(pairs.right[p]!);
    if (a === b) continue;
    if (average && (sizes[a]! > 1 || sizes[b]! > 1) && meanBetween(a, b) < minWeight) {
      refusedAverage++;
      continue;
    }
    const sa = sizes[a]!;
    const sb = sizes[b]!;
    if (sa + sb > maxSize) {
      refused.maxSize++;
      capped.add(sa >= sb ? a : b);
      continue;
    }
    if (penalty > 0 && w < minWeight + penalty * Math.log2(sa * sb)) {
      refused.chain++;
      continue;
    }
    if (guardLists && (penalties !== null || w < sameListWeight)) {
      const la = listsOf(a);
      const lb = listsOf(b);
      const [small, large] = la.size <= lb.size ? [la, lb] : [lb, la];
      // The weight a merge needs: the same-list threshold's, and for each shared list whose prior the edge does
      // not carry, the difference of priors.
      const own = list[pairs.left[p]!] === list[pairs.right[p]!] ? list[pairs.left[p]!] : -1;
      let needed = -Infinity;
      for (const l of small)
        if (large.has(l))
          needed = Math.max(needed, sameListWeight, minWeight + (l === own ? 0 : (penalties?.[l] ?? 0)));
      if (w < needed) {
        refused.sameList++;
        continue;
      }
    }
    if (sa < sb) [a, b] = [b, a];
    parent[b] = a;
    sizes[a] = sa + sb;
    if (average) {
      const joined = membersOf(a);
      if (!members.has(a)) members.set(a, joined);
      for (const m of membersOf(b)) joined.push(m);
      members.delete(b);
    }
    if (guardLists) {
      const merged = listsOf(a);
      for (const l of listsOf(b)) merged.add(l);
      listSets.set(a, merged);
      listSets.delete(b);
    }
  }

  const cluster = new Int32Array(size).fill(-1);
  const idOfRoot = new Int32Array(size).fill(-1);
  let clusters = 0;
  for (let i = 0; i < size; i++) {
    const r = find(i);
    if (idOfRoot[r] === -1) idOfRoot[r] = clusters++;
    cluster[i] = idOfRoot[r]!;
  }
  const cappedClusters = [...new Set([...capped].map(find))];
  return {
    cluster,
    clusters,
    edges: order.length,
    refused: average ? { ...refused, average: refusedAverage } : refused,
    cappedClusters,
  };
}

/**
 * The match probability threshold that maximises the pairwise F1 the model itself expects: taking each
 * candidate pair's probability p as the chance that it is a match, cutting at t expects Σ_{p ≥ t} p true
 * pairs among #{p ≥ t} predicted, out of Σ p matches. On calibrated probabilities the best cut lies near half
 * the best F1, below 0.5 when many matches are doubtful (a million crowded records), near 0.5 when few are.
 * Searched on a grid of 0.05 bits of weight, within [min, max].
 */
export function expectedF1Threshold(weights: Float32Array, min = 0.05, max = 0.95): number {
  const step = 0.05;
  const lowest = probabilityToWeight(min);
  const highest = probabilityToWeight(max);
  const bins = Math.ceil((highest - lowest) / step) + 1;
  const count = new Float64Array(bins + 1);
  const mass = new Float64Array(bins + 1);
  let matches = 0;
  for (let p = 0; p < weights.length; p++) {
    const w = weights[p]!;
    const probability = 1 / (1 + Math.pow(2, -w));
    matches += probability;
    if (w < lowest) continue;
    // Bin k holds weights in [lowest + k·step, lowest + (k+1)·step); everything above max goes to the last.
    const k = Math.min(bins, Math.floor((w - lowest) / step));
    count[k]! += 1;
    mass[k]! += probability;
  }
  let best = max;
  let bestF1 = -1;
  let predicted = 0;
  let truePositives = 0;
  for (let k = bins; k >= 0; k--) {
    predicted += count[k]!;
    truePositives += mass[k]!;
    const f1 = predicted + matches > 0 ? (2 * truePositives) / (predicted + matches) : 0;
    if (f1 > bestF1) {
      bestF1 = f1;
      best = Math.min(max, 1 / (1 + Math.pow(2, -(lowest + k * step))));
    }
  }
  return best;
}
