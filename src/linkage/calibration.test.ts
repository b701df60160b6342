import { describe, expect, it } from 'vitest';
import { applyCalibration, fitCalibration, reviewPriority } from './calibration.js';
import { seededRandom } from './rng.js';

/** Decisions on pairs of weights spread over [-6, 6], each a match with probability σ(slope·w + shift) (log2). */
function decisions(count: number, slope: number, shift: number, seed = 7) {
  const random = seededRandom(seed);
  const weights: number[] = [];
  const isMatch: boolean[] = [];
  for (let i = 0; i < count; i++) {
    const w = -6 + 12 * random.next();
    const p = 1 / (1 + Math.pow(2, -(slope * w + shift)));
    weights.push(w);
    isMatch.push(random.next() < p);
  }
  return { weights, isMatch };
}

describe('calibration from review decisions', () => {
  it('stays near the identity when the decisions bear the model out', () => {
    const { weights, isMatch } = decisions(2000, 1, 0);
    const c = fitCalibration(weights, isMatch, { fitSlope: true });
    expect(c.slope).toBeGreaterThan(0.9);
    expect(c.slope).toBeLessThan(1.1);
    expect(Math.abs(c.shift)).toBeLessThan(0.2);
  });

  it('learns that pairs of a given weight are less often the same person than the model thinks', () => {
    // Namesakes: a pair the model puts at even odds is a match one time in eight.
    const { weights, isMatch } = decisions(2000, 1, -3);
    const c = fitCalibration(weights, isMatch);
    expect(c.shift).toBeLessThan(-2.5);
    expect(c.shift).toBeGreaterThan(-3.5);
  });

  it('moves a little on a few decisions and not at all on one kind of decision only', () => {
    const few = decisions(12, 1, -3, 3);
    const strong = decisions(2000, 1, -3, 3);
    const a = fitCalibration(few.weights, few.isMatch, { minEach: 2 });
    const b = fitCalibration(strong.weights, strong.isMatch, { minEach: 2 });
    expect(a.shift).toBeLessThan(0);
    expect(Math.abs(a.shift)).toBeLessThan(Math.abs(b.shift));
    const onlyMatches = fitCalibration([1, 2, 3, 4, 5, 6], [true, true, true, true, true, true]);
    expect(onlyMatches).toEqual({ matches: 6, nonMatches: 0, slope: 1, shift: 0 });
  });

  it('fits the slope only on request', () => {
    const { weights, isMatch } = decisions(2000, 0.5, 0);
    expect(fitCalibration(weights, isMatch).slope).toBe(1);
    const c = fitCalibration(weights, isMatch, { fitSlope: true });
    expect(c.slope).toBeGreaterThan(0.4);
    expect(c.slope).toBeLessThan(0.6);
  });

  it('rescales weights in place', () => {
    const w = Float32Array.from([0, 2, -2]);
    applyCalibration(w, { matches: 10, nonMatches: 10, slope: 0.5, shift: -1 });
    expect([...w]).toEqual([-1, 0, -2]);
  });
});

describe('review priority', () => {
  it('puts first the doubt that many pairs share, then moves on to another kind', () => {
    // Pairs 0–3 share pattern "A", pair 4 is alone in "B", pair 5 is nearly certain.
    const order = reviewPriority([0.5, 0.5, 0.45, 0.5, 0.5, 0.99], ['A', 'A', 'A', 'A', 'B', 'C']);
    expect(order[0]).toBe(0);
    // A's second pair scores half its first (4·0.25/2 = 0.5), still above B's lone pair (0.25); its fourth
    // (4·0.2475/4) falls below B.
    expect(order.slice(1, 3)).toEqual([1, 3]);
    expect(order.indexOf(4)).toBeLessThan(order.indexOf(2));
    expect(order[order.length - 1]).toBe(5);
  });
});
