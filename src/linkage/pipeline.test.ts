import { describe, expect, it } from 'vitest';
import type { ComparisonSpec } from './comparisons.js';
import { runLinkage, type LinkageResult, type LinkageSettings } from './pipeline.js';
import { LINKAGE_STAGES, type LinkageProgress } from './progress.js';
import { seededRandom } from './rng.js';
import type { RecordSet } from './table.js';

// Enough records that blocking by year makes more than 100,000 pairs, so two threads really use workers.
const random = seededRandom(5);
const n = 3000;
const word = (): string =>
  Array.from({ length: 4 + random.int(4) }, () => 'abdehikmnorsz'[random.int(13)]).join('');
const names = Array.from({ length: 400 }, word);
const people = Array.from({ length: n }, () => ({
  name: names[random.int(names.length)]!,
  year: 1940 + random.int(30),
  city: ['tehran', 'tabriz', 'karaj', 'rasht'][random.int(4)]!,
}));
// Every third record appears again with a typo in the name.
const copies = people.filter((_, i) => i % 3 === 0).map((p) => ({ ...p, name: `${p.name.slice(1)}a` }));
const all = [...people, ...copies];
const records: RecordSet = {
  ids: all.map((_, i) => String(i)),
  lists: all.map((_, i) => (i < n ? 'A' : 'B')),
  fields: {
    name: all.map((p) => p.name),
    year: all.map((p) => p.year),
    city: all.map((p) => p.city),
  },
};
const comparisons: ComparisonSpec[] = [
  { name: 'name', field: 'name', levels: [{ kind: 'exact' }, { kind: 'jaro-winkler', threshold: 0.85 }] },
  { name: 'year', field: 'year', valueKind: 'number', levels: [{ kind: 'exact' }] },
  { name: 'city', field: 'city', levels: [{ kind: 'exact' }] },
];
const settings = (threads: number): LinkageSettings => ({
  mode: 'dedupe',
  comparisons,
  blocking: [
    { name: 'year', fields: ['year'] },
    { name: 'city + name', fields: ['city', 'name'] },
  ],
  sessions: [
    { rule: 'year', inactive: ['year'] },
    { rule: 'city + name', inactive: ['city', 'name'] },
  ],
  uSampleSize: 20_000,
  threads,
  cluster: { threshold: 0.5 },
});

function same(a: LinkageResult, b: LinkageResult): void {
  expect(Buffer.compare(Buffer.from(a.vectors.levels), Buffer.from(b.vectors.levels))).toBe(0);
  expect(Buffer.compare(Buffer.from(a.weights.buffer), Buffer.from(b.weights.buffer))).toBe(0);
  expect(Array.from(a.clustering.cluster)).toEqual(Array.from(b.clustering.cluster));
}

describe('runLinkage progress', () => {
  it('reports every stage in order, monotone, ending at done === total, and changes no result', async () => {
    const heard: LinkageProgress[] = [];
    const threaded = await runLinkage(records, settings(2), { onProgress: (p) => heard.push(p) });
    expect(threaded.pairs.length).toBeGreaterThan(100_000);
    const stages = heard.map((p) => p.stage).filter((s, i, a) => s !== a[i - 1]);
    expect(stages).toEqual([...LINKAGE_STAGES]);
    for (const stage of LINKAGE_STAGES) {
      const reports = heard.filter((p) => p.stage === stage);
      expect(reports.length, stage).toBeGreaterThanOrEqual(2);
      for (let k = 1; k < reports.length; k++) {
        expect(reports[k]!.done, stage).toBeGreaterThanOrEqual(reports[k - 1]!.done);
        expect(reports[k]!.total, stage).toBe(reports[0]!.total);
      }
      expect(reports.at(-1)!.done, stage).toBe(reports.at(-1)!.total);
    }
    expect(heard.find((p) => p.stage === 'compare')!.total).toBe(threaded.pairs.length);
    expect(heard.find((p) => p.stage === 'train')!.total).toBe(4);

    const single = await runLinkage(records, settings(0));
    same(threaded, single);
  }, 60_000);
});
