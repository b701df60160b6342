import { describe, expect, it } from 'vitest';
import { Random } from './lcmcr/random.js';
import { drawClustering, drawClusterings, linkageInterval } from './linkage-uncertainty.js';

const same = (labels: Int32Array, a: number, b: number) => labels[a] === labels[b];

describe('clusterings drawn from uncertain pairs', () => {
  // Rows 0–2 are one stored person, 3 and 4 are two others.
  const stored = Int32Array.from([0, 0, 0, 1, 2]);

  it('without uncertain pairs every draw is the stored clustering', () => {
    for (const labels of drawClusterings(stored, [], 5, 1)) {
      expect(same(labels, 0, 1) && same(labels, 1, 2)).toBe(true);
      expect(same(labels, 0, 3) || same(labels, 3, 4)).toBe(false);
    }
  });

  it('a sure non-match takes the later row out; a sure match joins two people; decided pairs are not drawn', () => {
    const labels = drawClustering(
      stored,
      [
        { left: 1, right: 2, probability: 0 },
        { left: 3, right: 4, probability: 1 },
      ],
      new Random(3),
    );
    expect(same(labels, 0, 1)).toBe(true);
    expect(same(labels, 1, 2)).toBe(false);
    expect(same(labels, 3, 4)).toBe(true);
  });

  it('a row another drawn match holds stays in its cluster', () => {
    const labels = drawClustering(
      stored,
      [
        { left: 0, right: 2, probability: 0 },
        { left: 1, right: 2, probability: 1 },
      ],
      new Random(3),
    );
    expect(same(labels, 0, 2)).toBe(true);
  });

  it('draws each pair with its probability, reproducibly from the seed', () => {
    const links = [{ left: 3, right: 4, probability: 0.3 }];
    const draws = drawClusterings(stored, links, 2000, 42);
    const joined = draws.filter((l) => same(l, 3, 4)).length / draws.length;
    expect(joined).toBeGreaterThan(0.26);
    expect(joined).toBeLessThan(0.34);
    expect(drawClusterings(stored, links, 50, 42)).toEqual(draws.slice(0, 50));
    expect(drawClusterings(stored, links, 50, 43)).not.toEqual(draws.slice(0, 50));
  });
});

describe('the interval over the linkage draws', () => {
  const stored = { estimate: 1000, lower: 900, upper: 1150 };

  it('gives back the stored interval when every draw is the stored clustering', () => {
    const pooled = linkageInterval(stored, [stored, stored, stored]);
    expect(pooled.lower).toBeCloseTo(900, 6);
    expect(pooled.upper).toBeCloseTo(1150, 6);
    expect(pooled.linkageShare).toBe(0);
  });

  it('widens with the spread of the draws and says how much of the width is linkage', () => {
    const draws = [0.9, 0.95, 1, 1.05, 1.1].map((k) => ({
      estimate: 1000 * k,
      lower: 900 * k,
      upper: 1150 * k,
    }));
    const pooled = linkageInterval(stored, draws);
    expect(pooled.lower).toBeLessThan(900);
    expect(pooled.upper).toBeGreaterThan(1150);
    const width = pooled.upper - pooled.lower;
    expect(pooled.linkageShare).toBeCloseTo((width - 250) / width, 12);
    expect(pooled.linkageShare).toBeGreaterThan(0.1);
    expect(pooled.linkageShare).toBeLessThan(0.6);
  });
});
