import { describe, expect, it } from 'vitest';
import { allocatePairs, allocateVectors, compareRange } from './compare.js';
import type { ComparisonSpec } from './comparisons.js';
import { compileTable, type LinkRecord } from './table.js';

/** The level of every pair (i, j) of one comparison, as compareRange fills it. */
function levelsOf(records: LinkRecord[], spec: ComparisonSpec, pairs: Array<[number, number]>): number[] {
  const table = compileTable(records, [spec]);
  const list = allocatePairs(pairs.length);
  pairs.forEach(([i, j], k) => {
    list.left[k] = i;
    list.right[k] = j;
  });
  const vectors = allocateVectors(pairs.length, 1);
  compareRange(table, list, 0, pairs.length, vectors);
  return [...vectors.levels];
}

const record = (id: string, fields: LinkRecord['fields']): LinkRecord => ({ id, list: 'a', fields });

describe('Jaro–Winkler over keys', () => {
  const spec: ComparisonSpec = {
    name: 'surname',
    field: 'surname',
    transform: 'compact-name',
    levels: [
      { kind: 'exact' },
      { kind: 'key', key: 'name-skeleton' },
      { kind: 'jaro-winkler', threshold: 0.85, key: 'name-skeleton' },
    ],
  };
  const records = ['Noutaf Pour', 'نوتب‌پور', 'Pour-Noutaf', 'Karimi', null].map((s, i) =>
    record(`r${i}`, { surname: s }),
  );

  it('meets a misspelt romanization and its Persian spelling, whose own letters share nothing', () => {
    // Levels: 0 null, 1 exact, 2 same skeleton, 3 skeletons alike, 4 else.
    expect(levelsOf(records, spec, [[0, 1]])).toEqual([3]);
  });

  it('leaves unlike skeletons and missing values where they were', () => {
    expect(
      levelsOf(records, spec, [
        [0, 3],
        [1, 3],
        [0, 4],
        [0, 0],
      ]),
    ).toEqual([4, 4, 0, 1]);
  });
});

describe('a level that speaks only when it holds', () => {
  const spec: ComparisonSpec = {
    name: 'place',
    field: 'prison',
    transform: 'place-name',
    levels: [
      { kind: 'exact' },
      { kind: 'exact', field: 'city' },
      { kind: 'key', key: 'name-skeleton', field: 'locality', agreeOnly: true },
    ],
  };
  const place = (prison: string | null, city: string | null) => ({
    prison,
    city,
    locality: city ?? prison,
  });
  const records = [
    record('tabriz-prison', place('زندان تبریز', null)),
    record('tabriz-city', place(null, 'Tabriz')),
    record('evin', place('Evin', null)),
    record('tehran', place(null, 'Tehran')),
    record('evin-tehran', place('Evin', 'Tehran')),
    record('qasr-tehran', place('Qasr', 'Tehran')),
  ];

  it('counts a city that the prison names as agreement', () => {
    expect(levelsOf(records, spec, [[0, 1]])).toEqual([3]);
  });

  it('treats its failure as silence, not disagreement', () => {
    // Evin lies in Tehran: "Evin" and "Tehran" are no evidence either way.
    expect(levelsOf(records, spec, [[2, 3]])).toEqual([0]);
  });

  it('leaves the levels before it as they were', () => {
    // The first level both records answer and that holds: the same city over different prisons; two prisons
    // that differ stay a disagreement, whatever the locality says.
    expect(
      levelsOf(records, spec, [
        [4, 5],
        [3, 4],
        [0, 2],
      ]),
    ).toEqual([2, 2, 4]);
  });
});

describe('a level on another field beside the own field levels', () => {
  const spec: ComparisonSpec = {
    name: 'given',
    field: 'given',
    levels: [{ kind: 'exact' }, { kind: 'exact', field: 'pair' }, { kind: 'jaro-winkler', threshold: 0.9 }],
  };
  const records = [
    record('0', { given: 'isla', pair: 'hall isla' }),
    record('1', { given: 'isla', pair: 'hall isla' }),
    record('2', { given: 'hall', pair: 'hall isla' }),
    record('3', { given: 'islaa', pair: 'hall islaa' }),
    record('4', { given: null, pair: 'hall isla' }),
    record('5', { given: 'noah', pair: 'noah wood' }),
    record('6', { given: null, pair: null }),
    record('7', { given: null, pair: 'ava hill' }),
  ];

  it('takes the first level that holds, reads a pair missing the own field by the other field alone', () => {
    // exact; swapped (the other field); similar; own missing but the other equal; else; both missing; own
    // missing and the other different (else, as the other field answered).
    const pairs: Array<[number, number]> = [
      [0, 1],
      [0, 2],
      [0, 3],
      [0, 4],
      [0, 5],
      [6, 0],
      [4, 7],
    ];
    expect(levelsOf(records, spec, pairs)).toEqual([1, 2, 3, 2, 4, 0, 4]);
  });
});

describe('years as ranges', () => {
  // Levels: 0 null, 1 within 0 (overlap), 2 within 1, 3 else.
  const spec: ComparisonSpec = {
    name: 'birth',
    field: 'years',
    valueKind: 'number',
    levels: [
      { kind: 'within', max: 0 },
      { kind: 'within', max: 1 },
    ],
  };
  // An age at death (1967 or 1968), a Solar Hijri year (1968 or 1969), a year, a year three off, nothing.
  const records = ['1967..1968', '1968..1969', '1968', '1971', '1964..1966', null].map((s, i) =>
    record(`r${i}`, { years: s }),
  );

  it('agree where two ranges share a year, however far apart their middles', () => {
    expect(
      levelsOf(records, spec, [
        [0, 1],
        [1, 2],
        [0, 2],
      ]),
    ).toEqual([1, 1, 1]);
  });

  it('are as far apart as the gap between them, a plain number being a range of one', () => {
    expect(
      levelsOf(records, spec, [
        [0, 4],
        [2, 3],
        [1, 3],
        [0, 5],
      ]),
    ).toEqual([2, 3, 3, 0]);
  });
});
