import { describe, expect, it } from 'vitest';
import { allocatePairs } from './compare.js';
import { denseLabels, evaluateClusters, evaluatePairs } from './evaluate.js';

// Records 0..5. Truth: {0,1,2} {3,4} {5}. Prediction: {0,1} {2,3,4} {5}.
const truth = denseLabels(['a', 'a', 'a', 'b', 'b', 'c']);
const predicted = Int32Array.from([0, 0, 1, 1, 1, 2]);

describe('evaluation', () => {
  it('computes pairwise and cluster metrics of a hand-checked case', () => {
    const m = evaluateClusters(predicted, truth);
    // True pairs: 01 02 12 34 = 4. Predicted: 01 23 24 34 = 4. Both: 01 34 = 2.
    expect(m.truePairs).toBe(4);
    expect(m.predictedPairs).toBe(4);
    expect(m.truePositives).toBe(2);
    expect(m.precision).toBe(0.5);
    expect(m.recall).toBe(0.5);
    expect(m.f1).toBe(0.5);
    expect(m.predictedClusters).toBe(3);
    expect(m.trueClusters).toBe(3);
    // B-cubed precision per record: 1, 1, 1/3, 2/3, 2/3, 1 → 14/3 / 6.
    expect(m.bcubedPrecision).toBeCloseTo(14 / 18, 10);
    // B-cubed recall per record: 2/3, 2/3, 1/3, 1, 1, 1 → 14/3 / 6.
    expect(m.bcubedRecall).toBeCloseTo(14 / 18, 10);
    // ARI: index 2, expected 4·4/15, max 4.
    const expected = 16 / 15;
    expect(m.adjustedRand).toBeCloseTo((2 - expected) / (4 - expected), 10);
  });

  it('gives 1 for a perfect clustering', () => {
    const m = evaluateClusters(truth, truth);
    expect([m.precision, m.recall, m.bcubedPrecision, m.adjustedRand]).toEqual([1, 1, 1, 1]);
  });

  it('scores a list of predicted pairs', () => {
    const pairs = allocatePairs(3);
    [
      [0, 1],
      [1, 2],
      [2, 3],
    ].forEach(([l, r], p) => {
      pairs.left[p] = l!;
      pairs.right[p] = r!;
    });
    const m = evaluatePairs(pairs, truth);
    expect(m.truePositives).toBe(2);
    expect(m.precision).toBeCloseTo(2 / 3);
    expect(m.recall).toBe(0.5);
  });
});
