import { describe, expect, it } from 'vitest';
import { clusterPairs, expectedF1Threshold } from './cluster.js';
import { allocatePairs } from './compare.js';
import { probabilityToWeight } from './model.js';

function edges(list: Array<[number, number, number]>) {
  const pairs = allocatePairs(list.length);
  const weights = new Float32Array(list.length);
  list.forEach(([l, r, p], k) => {
    pairs.left[k] = l;
    pairs.right[k] = r;
    weights[k] = probabilityToWeight(p);
  });
  return { pairs, weights };
}

describe('clustering', () => {
  // Records 0 and 1 are on list A, 2 on list B, 3 on list C.
  const list = Int32Array.from([0, 0, 1, 2]);

  it('joins connected components above the threshold', () => {
    const { pairs, weights } = edges([
      [0, 2, 0.9],
      [1, 2, 0.8],
      [2, 3, 0.3],
    ]);
    const c = clusterPairs(4, list, pairs, weights, { threshold: 0.5 });
    expect(c.clusters).toBe(2);
    expect(c.cluster[0]).toBe(c.cluster[1]);
    expect(c.cluster[3]).not.toBe(c.cluster[0]);
  });

  it('with average linkage, refuses a bridge between two people whose records across lists disagree', () => {
    // Lists: 0 → A, 1 → B, 2 → C, 3 → D. Records 0 and 1 are one person (strongly), 2 and 3 another; record 1
    // is poorly recorded and resembles 2, while 0 and 3 (fathers, years) disagree flatly.
    const four = Int32Array.from([0, 1, 2, 3]);
    const { pairs, weights } = edges([
      [0, 1, 0.9999],
      [2, 3, 0.9999],
      [1, 2, 0.7],
      [0, 3, 0.00001],
      [0, 2, 0.01],
      [1, 3, 0.4],
    ]);
    const single = clusterPairs(4, four, pairs, weights, { threshold: 0.5 });
    expect(single.clusters).toBe(1);
    const average = clusterPairs(4, four, pairs, weights, { threshold: 0.5, linkage: 'average' });
    expect(average.clusters).toBe(2);
    expect(average.cluster[0]).toBe(average.cluster[1]);
    expect(average.cluster[2]).toBe(average.cluster[3]);
    expect(average.refused.average).toBe(1);
    // Where the other pairs agree, the same bridge joins them.
    weights[3] = probabilityToWeight(0.9);
    weights[4] = probabilityToWeight(0.9);
    expect(clusterPairs(4, four, pairs, weights, { threshold: 0.5, linkage: 'average' }).clusters).toBe(1);
  });

  it("with average linkage, leaves a list's own repeats to the same-list rules", () => {
    // One list: a person's careless copies disagree with each other, yet a strong edge joins each to the group.
    const one = Int32Array.from([0, 0, 0]);
    const { pairs, weights } = edges([
      [0, 1, 0.99],
      [1, 2, 0.99],
      [0, 2, 0.0001],
    ]);
    expect(clusterPairs(3, one, pairs, weights, { threshold: 0.5, linkage: 'average' }).clusters).toBe(1);
  });

  describe("with each list's prior against repeats", () => {
    // Lists A (0, 1), B (2), C (3). Record 0 and 2 are one person; record 3, a namesake in C, resembles both 2
    // and 1: joining them would say that A names one person twice (0 and 1).
    const four = Int32Array.from([0, 0, 1, 2]);
    const chain: Array<[number, number, number]> = [
      [0, 2, 0.99],
      [1, 3, 0.98],
      [2, 3, 0.9],
    ];
    // A rarely repeats a person: its own prior is 6 bits below the prior across lists; C's is the same.
    const penalties = [6, 0, 0];

    it('keeps apart two groups that a pair across lists would join into a repeat within a list', () => {
      const { pairs, weights } = edges(chain);
      expect(clusterPairs(4, four, pairs, weights, { threshold: 0.5 }).clusters).toBe(1);
      const guarded = clusterPairs(4, four, pairs, weights, { threshold: 0.5, repeatPenalties: penalties });
      expect(guarded.clusters).toBe(2);
      expect(guarded.cluster[0]).toBe(guarded.cluster[2]);
      expect(guarded.cluster[1]).toBe(guarded.cluster[3]);
      expect(guarded.refused.sameList).toBe(1);
      // Evidence beyond the gap still joins them.
      weights[1] = weights[2] = probabilityToWeight(0.9999);
      expect(
        clusterPairs(4, four, pairs, weights, { threshold: 0.5, repeatPenalties: penalties }).clusters,
      ).toBe(1);
    });

    it("takes a pair within the list as carrying the list's own prior, and spares a list that repeats often", () => {
      const { pairs, weights } = edges([...chain.slice(0, 2), [0, 1, 0.9]]);
      expect(
        clusterPairs(4, four, pairs, weights, { threshold: 0.5, repeatPenalties: penalties }).clusters,
      ).toBe(1);
      const { pairs: p2, weights: w2 } = edges(chain);
      expect(clusterPairs(4, four, p2, w2, { threshold: 0.5, repeatPenalties: [0, 0, 0] }).clusters).toBe(1);
    });
  });

  it('keeps two records of one list apart unless the edge passes the higher threshold', () => {
    const { pairs, weights } = edges([
      [0, 2, 0.9],
      [1, 2, 0.8],
    ]);
    const guarded = clusterPairs(4, list, pairs, weights, { threshold: 0.5, sameListThreshold: 0.95 });
    expect(guarded.cluster[0]).toBe(guarded.cluster[2]);
    expect(guarded.cluster[1]).not.toBe(guarded.cluster[2]);
    expect(guarded.refused.sameList).toBe(1);
    // Strongest first: {1,2} forms, then 0 joins only because its own edge passes 0.95 too.
    const strong = edges([
      [0, 2, 0.97],
      [1, 2, 0.99],
    ]);
    const merged = clusterPairs(4, list, strong.pairs, strong.weights, {
      threshold: 0.5,
      sameListThreshold: 0.95,
    });
    expect(merged.cluster[0]).toBe(merged.cluster[1]);
  });

  it('caps cluster size and reports the capped cluster', () => {
    const { pairs, weights } = edges([
      [0, 1, 0.99],
      [1, 2, 0.98],
      [2, 3, 0.97],
    ]);
    const c = clusterPairs(4, list, pairs, weights, { threshold: 0.5, maxClusterSize: 3 });
    expect(c.clusters).toBe(2);
    expect(c.refused.maxSize).toBe(1);
    expect(c.cluster[0]).toBe(c.cluster[2]);
    expect(c.cappedClusters.length).toBe(1);
  });

  it('chain guard: a weak edge does not join two large clusters', () => {
    const { pairs, weights } = edges([
      [0, 1, 0.999],
      [2, 3, 0.999],
      [1, 2, 0.7],
    ]);
    const loose = clusterPairs(4, Int32Array.from([0, 1, 2, 3]), pairs, weights, { threshold: 0.5 });
    expect(loose.clusters).toBe(1);
    const guarded = clusterPairs(4, Int32Array.from([0, 1, 2, 3]), pairs, weights, {
      threshold: 0.5,
      sizePenalty: 1,
    });
    expect(guarded.clusters).toBe(2);
    expect(guarded.refused.chain).toBe(1);
  });
});

describe('threshold from the model', () => {
  const weights = (probabilities: number[]) =>
    Float32Array.from(probabilities, (p) => probabilityToWeight(p));

  it('cuts lower when many matches are doubtful, and not below the sure pairs when none are', () => {
    // 100 sure matches and 400 pairs at 0.4: taking the doubtful ones adds 160 expected matches for 240 errors.
    const doubtful = expectedF1Threshold(
      weights([...Array<number>(100).fill(0.99), ...Array<number>(400).fill(0.4)]),
    );
    expect(doubtful).toBeLessThanOrEqual(0.4);
    const clear = expectedF1Threshold(
      weights([...Array<number>(100).fill(0.99), ...Array<number>(400).fill(0.02)]),
    );
    expect(clear).toBeGreaterThan(0.02);
    expect(clear).toBeLessThanOrEqual(0.99);
  });
});
