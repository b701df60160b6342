import { afterAll, describe, expect, it } from 'vitest';
import { collectPairs, prepareBlocking } from './blocking.js';
import type { ComparisonSpec } from './comparisons.js';
import type { FsModel } from './model.js';
import { createPool } from './parallel.js';
import { compileModel } from './predict.js';
import { seededRandom } from './rng.js';
import { compileTable, type RecordSet } from './table.js';

const random = seededRandom(11);
const n = 4000;
const word = (): string =>
  Array.from({ length: 4 + random.int(5) }, () => 'abdehikmnorsz'[random.int(13)]).join('');
const names = Array.from({ length: 300 }, word);
const records: RecordSet = {
  ids: Array.from({ length: n }, (_, i) => String(i)),
  lists: Array.from({ length: n }, () => (random.next() < 0.5 ? 'A' : 'B')),
  fields: {
    name: Array.from({ length: n }, () => names[random.int(names.length)]!),
    year: Array.from({ length: n }, () => (random.next() < 0.1 ? null : 1940 + random.int(30))),
    city: Array.from({ length: n }, () => ['tehran', 'tabriz', 'karaj'][random.int(3)]!),
  },
};
const comparisons: ComparisonSpec[] = [
  {
    name: 'name',
    field: 'name',
    levels: [{ kind: 'exact' }, { kind: 'jaro-winkler', threshold: 0.9 }, { kind: 'edit-distance', max: 2 }],
    termFrequency: true,
  },
  {
    name: 'year',
    field: 'year',
    valueKind: 'number',
    levels: [{ kind: 'exact' }, { kind: 'within', max: 2 }],
  },
  { name: 'city', field: 'city', levels: [{ kind: 'exact' }] },
];
const table = compileTable(records, comparisons);
const pairs = collectPairs(prepareBlocking(records, [{ name: 'city', fields: ['city'] }], { mode: 'link' }));
const model: FsModel = {
  lambda: 0.001,
  comparisons: [
    { name: 'name', m: [1, 0.7, 0.2, 0.05, 0.05], u: [1, 0.003, 0.01, 0.05, 0.937] },
    { name: 'year', m: [1, 0.8, 0.15, 0.05], u: [1, 0.03, 0.12, 0.85] },
    { name: 'city', m: [1, 0.9, 0.1], u: [1, 0.33, 0.67] },
  ],
};

describe('worker threads', () => {
  const threaded = createPool(table, { threads: 2, minPairs: 0 });
  const single = createPool(table, { threads: 0 });
  afterAll(() => threaded.close());

  it('compare and predict exactly as the single-thread path', async () => {
    expect(pairs.length).toBeGreaterThan(1_000_000);
    const compiled = compileModel(table, model);
    const a = await single.compare(pairs);
    const b = await threaded.compare(pairs);
    expect(Buffer.compare(Buffer.from(a.levels), Buffer.from(b.levels))).toBe(0);
    const wa = await single.predict(compiled, pairs, a);
    const wb = await threaded.predict(compiled, pairs, b);
    expect(Buffer.compare(Buffer.from(wa.buffer), Buffer.from(wb.buffer))).toBe(0);
  });

  it('reports the pairs done chunk by chunk, on workers and in the calling thread alike', async () => {
    for (const pool of [threaded, single]) {
      const heard: Array<[number, number]> = [];
      await pool.compare(pairs, (done, total) => heard.push([done, total]));
      expect(heard.length).toBeGreaterThan(4);
      expect(heard.every(([, total]) => total === pairs.length)).toBe(true);
      expect(heard.every(([done], k) => k === 0 || done > heard[k - 1]![0])).toBe(true);
      expect(heard[0]![0]).toBe(0);
      expect(heard.at(-1)![0]).toBe(pairs.length);
    }
  });
});
