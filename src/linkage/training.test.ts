import { describe, expect, it } from 'vitest';
import { allocateVectors } from './compare.js';
import type { FsModel } from './model.js';
import { seededRandom } from './rng.js';
import { aggregateVectors, lambdaFromDeterministic, lambdaOverAllPairs, trainEm } from './training.js';

// Level 0 is null; the simulation draws only non-null levels.
const truth: FsModel = {
  lambda: 0.15,
  comparisons: [
    { name: 'given', m: [1, 0.8, 0.15, 0.05], u: [1, 0.02, 0.08, 0.9] },
    { name: 'surname', m: [1, 0.75, 0.2, 0.05], u: [1, 0.01, 0.04, 0.95] },
    { name: 'year', m: [1, 0.7, 0.25, 0.05], u: [1, 0.05, 0.15, 0.8] },
    { name: 'city', m: [1, 0.9, 0.1], u: [1, 0.2, 0.8] },
  ],
};

function draw(probabilities: number[], r: number): number {
  let acc = 0;
  for (let l = 1; l < probabilities.length; l++) {
    acc += probabilities[l]!;
    if (r < acc) return l;
  }
  return probabilities.length - 1;
}

function simulate(n: number, seed: number) {
  const random = seededRandom(seed);
  const width = truth.comparisons.length;
  const vectors = allocateVectors(n, width);
  for (let p = 0; p < n; p++) {
    const match = random.next() < truth.lambda;
    truth.comparisons.forEach((c, k) => {
      vectors.levels[p * width + k] = draw(match ? c.m : c.u, random.next());
    });
  }
  return aggregateVectors(
    vectors,
    truth.comparisons.map((c) => c.m.length),
  );
}

describe('EM', () => {
  const counts = simulate(60_000, 3);
  const start: FsModel = {
    lambda: 0.4,
    comparisons: truth.comparisons.map((c) => {
      const k = c.m.length - 1;
      const m = [1, ...Array.from({ length: k }, (_, l) => (l === 0 ? 0.6 : 0.4 / (k - 1)))];
      const u = [1, ...Array.from({ length: k }, () => 1 / k)];
      return { name: c.name, m, u };
    }),
  };

  it('aggregates identical vectors', () => {
    expect(counts.counts.reduce((s, v) => s + v, 0)).toBe(60_000);
    expect(counts.counts.length).toBeLessThanOrEqual(4 * 4 * 4 * 3);
  });

  it('recovers m, u and λ of a simulated set', () => {
    const { model, report } = trainEm(counts, start, { maxIterations: 500, tolerance: 1e-7 });
    expect(report.converged).toBe(true);
    expect(report.warning).toBeUndefined();
    expect(model.lambda).toBeCloseTo(truth.lambda, 2);
    model.comparisons.forEach((c, k) => {
      for (let l = 1; l < c.m.length; l++) {
        expect(Math.abs(c.m[l]! - truth.comparisons[k]!.m[l]!)).toBeLessThan(0.02);
        expect(Math.abs(c.u[l]! - truth.comparisons[k]!.u[l]!)).toBeLessThan(0.02);
      }
    });
  });

  it('recovers m and λ with u fixed at the true values', () => {
    const fixed = {
      ...start,
      comparisons: start.comparisons.map((c, k) => ({ ...c, u: truth.comparisons[k]!.u })),
    };
    const { model } = trainEm(counts, fixed, { fixU: true, maxIterations: 500 });
    expect(model.lambda).toBeCloseTo(truth.lambda, 2);
    expect(model.comparisons[0]!.m[1]).toBeCloseTo(0.8, 1);
  });

  it('warns when it stops at the iteration limit', () => {
    const { report } = trainEm(counts, start, { maxIterations: 2 });
    expect(report.converged).toBe(false);
    expect(report.iterations).toBe(2);
    expect(report.warning).toMatch(/did not converge in 2 iterations/);
  });
});

it('λ from a deterministic rule', () => {
  expect(lambdaFromDeterministic(300, 0.6, 10_000)).toBeCloseTo(0.05);
});

it('λ over all pairs: the prior among every pair, from the candidates that blocking kept', () => {
  // 400,000 pairs, 1 % matches; blocking keeps the pairs that agree exactly on given name or surname (95 % of
  // the matches) and the rest count as non-matches.
  const random = seededRandom(7);
  const width = truth.comparisons.length;
  const total = 400_000;
  const vectors = allocateVectors(total, width);
  let kept = 0;
  let matches = 0;
  for (let p = 0; p < total; p++) {
    const match = random.next() < 0.01;
    const levels = truth.comparisons.map((c) => draw(match ? c.m : c.u, random.next()));
    if (match) matches++;
    if (levels[0] !== 1 && levels[1] !== 1) continue;
    levels.forEach((l, k) => (vectors.levels[kept * width + k] = l));
    kept++;
  }
  const candidates = aggregateVectors(
    { levels: vectors.levels.subarray(0, kept * width), width, length: kept },
    truth.comparisons.map((c) => c.m.length),
  );
  const lambda = lambdaOverAllPairs(candidates, truth, total, 0);
  expect(lambda * total).toBeGreaterThan(0.9 * matches);
  expect(lambda * total).toBeLessThan(1.02 * matches);
});
