import { describe, expect, it } from 'vitest';
import { collectPairs, prepareBlocking } from './blocking.js';
import { compareRange, allocateVectors } from './compare.js';
import type { ComparisonSpec } from './comparisons.js';
import { seededRandom } from './rng.js';
import { allPairsCount, ruleMask, trainBySessions } from './sessions.js';
import { compileTable, levelCounts, type RecordSet } from './table.js';
import { estimateU, initialModel } from './training.js';

// People with a name, a year and a town; each appears on list A and, with probability 0.6, on list B with
// a changed year now and then. Truth: same index modulo the number of people.
const people = 3000;
const random = seededRandom(5);
const syllables = ['ka', 'ri', 'mo', 'sa', 'de', 'ghi', 'za', 'nu', 'ba', 'ha', 'ta', 'lo'];
const word = (): string => Array.from({ length: 3 }, () => syllables[random.int(syllables.length)]).join('');
const base = Array.from({ length: people }, () => ({
  name: word(),
  father: word(),
  year: 1930 + random.int(40),
  town: random.int(8),
}));
const rows = [
  ...base.map((p, k) => ({ ...p, list: 'A', person: k })),
  ...base.flatMap((p, k) =>
    random.next() < 0.6
      ? [{ ...p, year: random.next() < 0.2 ? p.year + 1 : p.year, list: 'B', person: k }]
      : [],
  ),
];
const records: RecordSet = {
  ids: rows.map((_, i) => String(i)),
  lists: rows.map((r) => r.list),
  fields: {
    name: rows.map((r) => r.name),
    father: rows.map((r) => r.father),
    year: rows.map((r) => r.year),
    town: rows.map((r) => String(r.town)),
  },
};
const comparisons: ComparisonSpec[] = [
  { name: 'name', field: 'name', levels: [{ kind: 'exact' }, { kind: 'jaro-winkler', threshold: 0.9 }] },
  { name: 'father', field: 'father', levels: [{ kind: 'exact' }, { kind: 'jaro-winkler', threshold: 0.9 }] },
  {
    name: 'year',
    field: 'year',
    valueKind: 'number',
    levels: [{ kind: 'exact' }, { kind: 'within', max: 1 }],
  },
  { name: 'town', field: 'town', levels: [{ kind: 'exact' }] },
];

describe('training sessions', () => {
  const table = compileTable(records, comparisons);
  const blocking = prepareBlocking(
    records,
    [
      { name: 'name', fields: ['name'] },
      { name: 'year', fields: ['year'] },
    ],
    { mode: 'link' },
  );
  const pairs = collectPairs(blocking);
  const vectors = allocateVectors(pairs.length, comparisons.length);
  compareRange(table, pairs, 0, pairs.length, vectors);

  it('masks the pairs a rule produces and counts all cross-list pairs', () => {
    const mask = ruleMask(blocking, 'name', pairs);
    for (let p = 0; p < pairs.length; p++) {
      expect(mask[p]).toBe(
        records.fields.name![pairs.left[p]!] === records.fields.name![pairs.right[p]!] ? 1 : 0,
      );
    }
    const b = rows.filter((r) => r.list === 'B').length;
    expect(allPairsCount(blocking)).toBe(people * b);
  });

  it('estimates m of each comparison from the sessions that leave it free, and λ over all pairs', () => {
    const u = estimateU(table, { mode: 'link', sampleSize: 50_000, seed: 2 });
    const start = initialModel(table, u);
    const { model, sessions, warnings } = trainBySessions(
      blocking,
      pairs,
      vectors,
      levelCounts(table),
      start,
      [
        { rule: 'name', inactive: ['name'] },
        { rule: 'year', inactive: ['year'] },
      ],
      { maxIterations: 500 },
    );
    expect(sessions.every((s) => s.report.converged)).toBe(true);
    expect(warnings).toEqual([]);
    const byName = Object.fromEntries(model.comparisons.map((c) => [c.name, c.m]));
    expect(byName.year![1]).toBeGreaterThan(0.7);
    expect(byName.year![1]! + byName.year![2]!).toBeGreaterThan(0.95);
    expect(byName.town![1]).toBeGreaterThan(0.95);
    expect(byName.name![1]).toBeGreaterThan(0.95);
    expect(byName.father![1]).toBeGreaterThan(0.95);
    const matches = rows.length - people;
    // A lower bound: the year rule alone finds ~80 % of the matches.
    expect(model.lambda * allPairsCount(blocking)).toBeGreaterThan(0.7 * matches);
    expect(model.lambda * allPairsCount(blocking)).toBeLessThan(1.05 * matches);
  });

  it('skips a session whose rule produced no pairs instead of learning 0/0', () => {
    const empty = prepareBlocking(
      records,
      [
        { name: 'name', fields: ['name'] },
        { name: 'nothing', key: () => null },
      ],
      { mode: 'link' },
    );
    const some = collectPairs(empty);
    const v = allocateVectors(some.length, comparisons.length);
    compareRange(table, some, 0, some.length, v);
    const u = estimateU(table, { mode: 'link', sampleSize: 20_000, seed: 3 });
    const { model, warnings } = trainBySessions(empty, some, v, levelCounts(table), initialModel(table, u), [
      { rule: 'name', inactive: ['name'] },
      { rule: 'nothing', inactive: ['town'] },
    ]);
    expect(warnings).toContainEqual({
      code: 'session-without-pairs',
      rule: 'nothing',
      text: 'nothing: no candidate pairs; session skipped',
    });
    for (const c of model.comparisons) for (const m of c.m) expect(Number.isFinite(m)).toBe(true);
    expect(Number.isFinite(model.lambda)).toBe(true);
  });

  it('deduplicating lists, gives pairs within a list a prior of their own: B repeats people, A never does', () => {
    // List B names a tenth of its people twice; list A names everyone once.
    const repeated = rows.filter((r, i) => r.list === 'B' && i % 10 === 0);
    const all = [...rows, ...repeated];
    const set: RecordSet = {
      ids: all.map((_, i) => String(i)),
      lists: all.map((r) => r.list),
      fields: {
        name: all.map((r) => r.name),
        father: all.map((r) => r.father),
        year: all.map((r) => r.year),
        town: all.map((r) => String(r.town)),
      },
    };
    const t = compileTable(set, comparisons);
    const dedupe = prepareBlocking(
      set,
      [
        { name: 'name', fields: ['name'] },
        { name: 'year', fields: ['year'] },
      ],
      { mode: 'dedupe' },
    );
    const found = collectPairs(dedupe);
    const v = allocateVectors(found.length, comparisons.length);
    compareRange(t, found, 0, found.length, v);
    const u = estimateU(t, { mode: 'dedupe', sampleSize: 50_000, seed: 2 });
    const { model } = trainBySessions(dedupe, found, v, levelCounts(t), initialModel(t, u), [
      { rule: 'name', inactive: ['name'] },
      { rule: 'year', inactive: ['year'] },
    ]);
    const [a, b] = model.sameListLambda!;
    const sizeA = rows.filter((r) => r.list === 'A').length;
    const sizeB = all.length - sizeA;
    // About the true repeats of B among its own pairs; next to none for A, and both unlike the cross-list prior.
    expect(b! * ((sizeB * (sizeB - 1)) / 2)).toBeGreaterThan(0.7 * repeated.length);
    expect(b! * ((sizeB * (sizeB - 1)) / 2)).toBeLessThan(1.3 * repeated.length);
    expect(a! * ((sizeA * (sizeA - 1)) / 2)).toBeLessThan(0.1 * repeated.length);
    // Every row of B, repeats included, names someone of A.
    const crossMatches = sizeB;
    expect(model.lambda * sizeA * sizeB).toBeGreaterThan(0.7 * crossMatches);
    expect(model.lambda * sizeA * sizeB).toBeLessThan(1.1 * crossMatches);
  });
});
