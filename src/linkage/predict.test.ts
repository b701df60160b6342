import { describe, expect, it } from 'vitest';
import { allocatePairs, compareRange, allocateVectors } from './compare.js';
import type { ComparisonSpec } from './comparisons.js';
import type { FsModel } from './model.js';
import { compileModel, explainPair, predictRange } from './predict.js';
import { compileTable, type LinkRecord } from './table.js';

const comparisons: ComparisonSpec[] = [
  {
    name: 'given',
    field: 'given',
    transform: 'fold',
    levels: [
      { kind: 'exact' },
      { kind: 'key', key: 'name-skeleton' },
      { kind: 'jaro-winkler', threshold: 0.88 },
    ],
    termFrequency: true,
  },
  {
    name: 'year',
    field: 'year',
    transform: 'gregorian-year',
    valueKind: 'number',
    levels: [{ kind: 'within', max: 1 }],
  },
];

const given = [...Array<string>(40).fill('Mohammad'), 'Bardia', 'Bardia', 'حسین', 'Hossein', 'Hosein'];
const records: LinkRecord[] = given.map((g, i) => ({
  id: `r${i}`,
  list: i % 2 ? 'A' : 'B',
  fields: { given: g, year: i === 43 ? '۱۳۴۰' : i % 3 === 0 && i < 40 ? null : '1961' },
}));
const table = compileTable(records, comparisons);
const model: FsModel = {
  lambda: 0.01,
  comparisons: [
    { name: 'given', m: [1, 0.8, 0.1, 0.05, 0.05], u: [1, 0.05, 0.01, 0.04, 0.9] },
    { name: 'year', m: [1, 0.9, 0.1], u: [1, 0.1, 0.9] },
  ],
};

describe('prediction', () => {
  it('weighs an exact match on a rare name above one on a common name', () => {
    const common = explainPair(table, model, 0, 1);
    const rare = explainPair(table, model, 40, 41);
    expect(common.contributions[0]!.label).toBe('exact');
    expect(rare.contributions[0]!.label).toBe('exact');
    expect(rare.contributions[0]!.termFrequency).toBeGreaterThan(0);
    expect(common.contributions[0]!.termFrequency).toBeLessThan(0);
    expect(rare.weight).toBeGreaterThan(common.weight);
  });

  it('matches Persian script to a romanization through the key level, and Solar Hijri years', () => {
    const e = explainPair(table, model, 42, 43);
    expect(e.contributions.map((c) => c.label)).toEqual(['key name-skeleton', 'within 1']);
    expect(e.contributions[1]!.leftValue).toBe('1961');
  });

  it('explains a pair: prior plus contributions make the weight that predictRange computes', () => {
    const compiled = compileModel(table, model);
    const pairs = allocatePairs(3);
    [
      [0, 1],
      [40, 41],
      [43, 44],
    ].forEach(([l, r], p) => {
      pairs.left[p] = l!;
      pairs.right[p] = r!;
    });
    const vectors = allocateVectors(3, 2);
    compareRange(table, pairs, 0, 3, vectors);
    const out = new Float32Array(3);
    predictRange(table, compiled, pairs, vectors, 0, 3, out);
    for (let p = 0; p < 3; p++) {
      const e = explainPair(table, compiled, pairs.left[p]!, pairs.right[p]!);
      const sum = e.contributions.reduce((s, c) => s + c.weight + c.termFrequency, e.prior);
      expect(sum).toBeCloseTo(e.weight, 10);
      expect(out[p]).toBeCloseTo(e.weight, 4);
      expect(e.probability).toBeCloseTo(1 / (1 + 2 ** -e.weight), 10);
    }
    expect(explainPair(table, compiled, 43, 44).contributions[0]!.label).toBe('key name-skeleton');
  });
});

describe('a comparison over two fields, and term frequencies of a key', () => {
  const place: ComparisonSpec[] = [
    {
      name: 'place',
      field: 'prison',
      transform: 'place-name',
      levels: [
        { kind: 'exact' },
        { kind: 'exact', field: 'city' },
        { kind: 'key', key: 'name-skeleton', field: 'city', termFrequency: true },
      ],
      termFrequency: true,
    },
  ];
  const rows: Array<[string | null, string | null]> = [
    ['Evin', 'Tehran'], // 0
    ['اوین', 'تهران'], // 1: prisons differ as written, cities meet across scripts
    [null, 'Tehran'], // 2
    ['Evin', null], // 3
    [null, null], // 4
    ['Tabriz Central', 'Tabriz'], // 5
    ['Vakilabad', 'Mashhad'], // 6
    [null, 'مشهد'], // 7
    ...Array.from({ length: 12 }, (): [string, string] => ['Evin', 'تهران']),
  ];
  const t = compileTable(
    rows.map(([prison, city], i) => ({ id: `p${i}`, list: 'A', fields: { prison, city } })),
    place,
  );
  const flat: FsModel = {
    lambda: 0.01,
    comparisons: [{ name: 'place', m: [1, 0.5, 0.2, 0.2, 0.1], u: [1, 0.05, 0.05, 0.05, 0.85] }],
  };
  const level = (i: number, j: number): string => explainPair(t, flat, i, j).contributions[0]!.label;

  it('takes the first level both records can answer, null only when no field can be compared', () => {
    expect(level(0, 3)).toBe('exact');
    expect(level(0, 2)).toBe('city exact');
    expect(level(0, 1)).toBe('city key name-skeleton');
    expect(level(2, 3)).toBe('null');
    expect(level(0, 4)).toBe('null');
    expect(level(0, 5)).toBe('else');
    expect(explainPair(t, flat, 0, 1).contributions[0]!.rightValue).toBe('تهران');
  });

  it('weighs agreement on a rare key above agreement on a common one', () => {
    const common = explainPair(t, flat, 0, 1).contributions[0]!;
    const rare = explainPair(t, flat, 6, 7).contributions[0]!;
    expect(rare.label).toBe(common.label);
    expect(rare.termFrequency).toBeGreaterThan(0);
    expect(common.termFrequency).toBeLessThan(0);
  });
});
