import { describe, expect, it } from 'vitest';
import {
  blockingSteps,
  candidatePairs,
  collectPairs,
  collectPairsSteps,
  countPairs,
  prepareBlocking,
  type BlockingRule,
} from './blocking.js';
import { seededRandom } from './rng.js';
import type { RecordSet } from './table.js';

function randomRecords(n: number, seed: number): RecordSet {
  const random = seededRandom(seed);
  const pick = (values: string[]): string | null =>
    random.next() < 0.1 ? null : values[random.int(values.length)]!;
  return {
    ids: Array.from({ length: n }, (_, i) => `r${i}`),
    lists: Array.from({ length: n }, () => ['A', 'B', 'C'][random.int(3)]!),
    fields: {
      surname: Array.from({ length: n }, () => pick(['karimi', 'rahimi', 'ahmadi', 'mousavi', 'rezaei'])),
      year: Array.from({ length: n }, () => pick(['1950', '1955', '1960', '1965'])),
      city: Array.from({ length: n }, () => pick(['tehran', 'shiraz', 'tabriz'])),
    },
  };
}

const rules: BlockingRule[] = [
  { name: 'surname', fields: ['surname'] },
  { name: 'year + city', fields: ['year', 'city'] },
  { name: 'initial', key: (r, i) => (r.fields.surname![i] as string | null)?.slice(0, 1) ?? null },
];

function bruteForce(records: RecordSet, link: boolean): Set<string> {
  const out = new Set<string>();
  const n = records.ids.length;
  const f = records.fields;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (link && records.lists[i] === records.lists[j]) continue;
      const eq = (k: string): boolean => f[k]![i] !== null && f[k]![i] === f[k]![j];
      const initial =
        f.surname![i] !== null &&
        f.surname![j] !== null &&
        String(f.surname![i])[0] === String(f.surname![j])[0];
      if (eq('surname') || (eq('year') && eq('city')) || initial) out.add(`${i},${j}`);
    }
  }
  return out;
}

describe('blocking', () => {
  const records = randomRecords(300, 7);

  it.each(['dedupe', 'link'] as const)('%s: each rule counts the pairs it generates', (mode) => {
    for (const rule of rules) {
      const blocking = prepareBlocking(records, [rule], { mode });
      expect(collectPairs(blocking).length).toBe(countPairs(blocking)[0]!.pairs);
    }
  });

  it.each(['dedupe', 'link'] as const)(
    '%s: the union yields each pair once, as brute force finds',
    (mode) => {
      const blocking = prepareBlocking(records, rules, { mode });
      const seen = new Set<string>();
      for (const [i, j] of candidatePairs(blocking)) {
        expect(i).toBeLessThan(j);
        const key = `${i},${j}`;
        expect(seen.has(key)).toBe(false);
        seen.add(key);
      }
      expect(seen).toEqual(bruteForce(records, mode === 'link'));
      expect(collectPairs(blocking).length).toBe(seen.size);
      const sum = countPairs(blocking).reduce((s, r) => s + r.pairs, 0);
      expect(sum).toBeGreaterThanOrEqual(seen.size);
    },
  );

  it('skips and reports blocks above the size limit, and a later rule still produces their pairs', () => {
    const blocking = prepareBlocking(records, rules, { mode: 'dedupe', maxBlockSize: 40 });
    const surname = countPairs(blocking)[0]!;
    expect(surname.skipped.length).toBe(5);
    expect(surname.pairs).toBe(0);
    const pairs = collectPairs(blocking);
    const keys = new Set(
      Array.from({ length: pairs.length }, (_, p) => `${pairs.left[p]},${pairs.right[p]}`),
    );
    expect(keys.size).toBe(pairs.length);
  });

  it('lets a rule set its own block size limit', () => {
    const own = rules.map((r, k) => (k === 0 ? { ...r, maxBlockSize: 40 } : r));
    const blocking = prepareBlocking(records, own, { mode: 'dedupe', maxBlockSize: 1000 });
    const [surname, ...others] = countPairs(blocking);
    expect(surname!.skipped.length).toBe(5);
    for (const r of others) expect(r.skipped).toEqual([]);
  });

  it('runs one rule per step when asked, with the same result', () => {
    const steps = (generator: Generator<number, unknown, void>) => {
      const done: number[] = [];
      for (let step = generator.next(); ; step = generator.next()) {
        if (step.done) return { done, value: step.value };
        done.push(step.value);
      }
    };
    const prepared = steps(blockingSteps(records, rules, { mode: 'link' }));
    expect(prepared.done).toEqual([1, 2, 3]);
    const blocking = prepared.value as ReturnType<typeof prepareBlocking>;
    expect(countPairs(blocking)).toEqual(countPairs(prepareBlocking(records, rules, { mode: 'link' })));
    const collected = steps(collectPairsSteps(blocking));
    expect(collected.done).toEqual([1, 2, 3]);
    const pairs = collected.value as ReturnType<typeof collectPairs>;
    const once = collectPairs(blocking);
    expect(Array.from(pairs.left)).toEqual(Array.from(once.left));
    expect(Array.from(pairs.right)).toEqual(Array.from(once.right));
  });
});

describe('a rule of key sets (a name and its one-letter-off neighbours)', () => {
  // Importing the settings registers the named keys, among them the key set `name-key-near`.
  const near = async () => (await import('./settings.js')) && 'name-key-near';
  const records: RecordSet = {
    ids: ['a', 'b', 'c', 'd', 'e', 'f'],
    lists: ['A', 'B', 'B', 'A', 'B', 'A'],
    fields: {
      given: ['Ali', 'Ali', 'علی', 'Ali', 'Reza', 'Ali'],
      // Talvazfar; a scan's TaIvazfar (read as l); a letter added in Persian; a letter dropped; another name.
      surname: ['Talvazfar', 'TaIvazfar', 'تلوزفرد', 'Tavazfar', 'Talvazfar', 'Karimi'],
    },
  };

  it.each(['dedupe', 'link'] as const)('%s: finds names one letter apart, each pair once', async (mode) => {
    const rule: BlockingRule = {
      name: 'near',
      fields: ['given', 'surname'],
      transform: ['name-key', await near()],
    };
    const blocking = prepareBlocking(records, [rule], { mode });
    const pairs = [...candidatePairs(blocking)].map(([i, j]) => records.ids[i]! + records.ids[j]!);
    expect(new Set(pairs).size).toBe(pairs.length);
    // c and d are two letters apart: no key of one is a key of the other.
    const expected = ['ab', 'ac', 'ad', 'bc', 'bd'].filter(
      (p) => mode === 'dedupe' || records.lists[p.charCodeAt(0) - 97] !== records.lists[p.charCodeAt(1) - 97],
    );
    expect(pairs.sort()).toEqual(expected);
    expect(collectPairs(blocking).length).toBe(pairs.length);
    // Counted once per block a pair shares: never fewer than the pairs made.
    expect(countPairs(blocking)[0]!.pairs).toBeGreaterThanOrEqual(pairs.length);
  });

  it('leaves to an earlier rule the pairs it made, and skips its blocks over the limit', async () => {
    const exact: BlockingRule = { name: 'exact', fields: ['given', 'surname'], transform: 'name-key' };
    const rule: BlockingRule = {
      name: 'near',
      fields: ['given', 'surname'],
      transform: ['name-key', await near()],
      maxBlockSize: 2,
    };
    const blocking = prepareBlocking(records, [exact, rule], { mode: 'dedupe' });
    const pairs = [...candidatePairs(blocking)].map(([i, j]) => records.ids[i]! + records.ids[j]!);
    expect(new Set(pairs).size).toBe(pairs.length);
    // a and b share the key itself (exact), and every block that would join c or d to them holds three records.
    expect(pairs.sort()).toEqual(['ab']);
    expect(countPairs(blocking)[1]!.skipped.length).toBeGreaterThan(0);
  });

  it('takes one key set per rule', async () => {
    const rule: BlockingRule = { name: 'two sets', fields: ['given', 'surname'], transform: await near() };
    expect(() => prepareBlocking(records, [rule], { mode: 'dedupe' })).toThrow(/one key-set transform/);
  });
});
