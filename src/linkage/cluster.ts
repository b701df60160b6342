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
}

export interface Clustering {
  /** Per record: its cluster, numbered 0 … clusters − 1 in order of first record. */
  cluster: Int32Array;
  clusters: number;
  edges: number;
  refused: { sameList: number; maxSize: number; chain: number };
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
  const guardLists = options.sameListThreshold !== undefined;

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

  for (const p of order) {
    const w = weights[p]!;
    let a = find(pairs.left[p]!);
    let b = find(pairs.right[p]!);
    if (a === b) continue;
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
    if (guardLists && w < sameListWeight) {
      const la = listsOf(a);
      const lb = listsOf(b);
      const [small, large] = la.size <= lb.size ? [la, lb] : [lb, la];
      let shared = false;
      for (const l of small) if (large.has(l)) shared = true;
      if (shared) {
        refused.sameList++;
        continue;
      }
    }
    if (sa < sb) [a, b] = [b, a];
    parent[b] = a;
    sizes[a] = sa + sb;
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
  return { cluster, clusters, edges: order.length, refused, cappedClusters };
}
