import { describe, expect, it } from 'vitest';
import {
  blockCounter,
  blockingRules,
  candidatePairs,
  prepareBlocking,
  deriveBlocking,
  deriveComparisons,
  deriveSettings,
  parseSettings,
  profileRecords,
  runLinkage,
  toLinkageSettings,
  type DataProfile,
  type FieldType,
  type RecordSet,
} from './index.js';

const profile = (fields: Array<[string, FieldType, number?]>, records = 10_000): DataProfile => ({
  records,
  lists: 1,
  mode: 'dedupe',
  fields: fields.map(([name, type, distinct]) => ({ name, type, filled: 1, distinct: distinct ?? 2000 })),
});

describe('deriveComparisons', () => {
  it('compares each typed field by its type, the birth date falling back on the year', () => {
    const specs = deriveComparisons(
      profile([
        ['given', 'name'],
        ['surname', 'name'],
        ['birth_date', 'date'],
        ['birth_year', 'year', 80],
        ['postcode', 'postcode'],
        ['address_1', 'address'],
        ['email', 'identifier'],
        ['state', 'category', 8],
      ]),
    );
    expect(specs.map((s) => s.name)).toEqual([
      'given',
      'surname',
      'birth',
      'postcode',
      'address_1',
      'email',
      'state',
    ]);
    const birth = specs.find((s) => s.name === 'birth')!;
    expect(birth.levels.map((l) => l.kind)).toEqual([
      'exact',
      'key',
      'edit-distance',
      'key',
      'within',
      'within',
      'within',
      'within',
    ]);
    expect(birth.levels.at(-1)).toMatchObject({ field: 'birth_year', valueKind: 'number' });
  });

  it('gives the birth an overlap of year ranges between the same year and a year apart, never compared alone', () => {
    const specs = deriveComparisons(
      profile([
        ['given', 'name'],
        ['birth_year', 'year', 80],
        ['birth_years', 'text', 120],
      ]),
    );
    expect(specs.map((s) => s.name)).toEqual(['given', 'birth']);
    expect(specs[1]!.levels).toEqual([
      { kind: 'within', max: 0.5 },
      { kind: 'within', max: 0, field: 'birth_years', valueKind: 'number' },
      { kind: 'within', max: 1.5 },
      { kind: 'within', max: 3 },
    ]);
    expect(
      deriveBlocking(
        profile([
          ['given', 'name'],
          ['birth_years', 'text', 120],
        ]),
      ).rules.flatMap((r) => r.fields),
    ).not.toContain('birth_years');
  });

  it('uses the victim-list place comparison for prison and city', () => {
    const specs = deriveComparisons(
      profile([
        ['surname', 'name'],
        ['prison', 'place'],
        ['city', 'place'],
        ['locality', 'place'],
      ]),
    );
    expect(specs.find((s) => s.name === 'place')?.field).toBe('prison');
  });
});

describe('deriveBlocking', () => {
  it('covers every single failing field, and leaves no field in every rule', () => {
    const p = profile([
      ['given', 'name'],
      ['surname', 'name'],
      ['birth_date', 'date'],
      ['postcode', 'postcode'],
      ['suburb', 'place'],
    ]);
    const { rules, robustness } = deriveBlocking(p);
    expect(robustness).toBeGreaterThanOrEqual(1);
    for (const field of ['given', 'surname', 'birth_date', 'postcode', 'suburb'])
      expect(rules.some((r) => !r.fields.includes(field))).toBe(true);
  });

  it('keeps each rule within the pair budget', () => {
    const p = profile(
      [
        ['given', 'name', 300],
        ['surname', 'name', 900],
        ['birth_year', 'year', 60],
        ['father', 'name', 300],
      ],
      1_000_000,
    );
    const { rules, pairs } = deriveBlocking(p, { rulePairs: 5_000_000 });
    expect(rules.length).toBeGreaterThan(0);
    for (const count of pairs) expect(count).toBeLessThanOrEqual(5_000_000);
    // A single name on a million records makes far more pairs than that: names block together.
    expect(rules.every((r) => r.fields.length >= 2)).toBe(true);
  });

  it('never blocks on a category alone', () => {
    const { rules } = deriveBlocking(
      profile([
        ['surname', 'name'],
        ['state', 'category', 8],
      ]),
    );
    expect(rules.some((r) => r.fields.length === 1 && r.fields[0] === 'state')).toBe(false);
  });
});

describe('deriveSettings', () => {
  it('trains every comparison in some session', () => {
    const s = deriveSettings(
      profile([
        ['given', 'name'],
        ['surname', 'name'],
        ['birth_date', 'date'],
        ['birth_year', 'year', 80],
        ['postcode', 'postcode'],
      ]),
    );
    for (const c of s.comparisons)
      expect(s.sessions.some((session) => !session.inactive.includes(c.name))).toBe(true);
    expect(s.sameListThreshold).toBe(s.threshold);
  });

  it('round-trips through JSON and is accepted by the schema', () => {
    const s = deriveSettings(
      profile([
        ['given', 'name'],
        ['surname', 'name'],
        ['birth_year', 'year', 80],
      ]),
    );
    const parsed = parseSettings(JSON.parse(JSON.stringify(s)));
    expect(parsed).toEqual({ ok: true, settings: s });
  });

  it('names the field of every problem in a settings file', () => {
    const s = deriveSettings(profile([['surname', 'name']]));
    const bad = {
      ...s,
      threshold: 2,
      blocking: [{ ...s.blocking[0]!, transforms: ['no-such-key'] }],
      sessions: [{ rule: 'nowhere', inactive: [] }],
    };
    const parsed = parseSettings(bad);
    expect(parsed.ok).toBe(false);
    const fields = parsed.ok ? [] : parsed.problems.map((p) => p.field);
    expect(fields).toContain('settings.threshold');
    expect(fields).toContain('settings.blocking.0.transforms.0');
    expect(fields).toContain('settings.sessions.0.rule');
  });
});

describe('blockCounter', () => {
  it('counts the pairs of a rule from its block sizes', () => {
    const records: RecordSet = {
      ids: ['a', 'b', 'c', 'd'],
      lists: ['x', 'x', 'y', 'y'],
      fields: { surname: ['Ahmadi', 'Ahmadi', 'Ahmadi', 'Karimi'] },
    };
    const rule = { name: 's', fields: ['surname'], transforms: [null] };
    expect(blockCounter(records, 'dedupe')(rule)).toBe(3);
    expect(blockCounter(records, 'link')(rule)).toBe(2);
  });

  it('counts and blocks given name and surname as a set when the rule is unordered', () => {
    const records: RecordSet = {
      ids: ['a', 'b', 'c'],
      lists: ['x', 'x', 'x'],
      fields: { given: ['Reza', 'Karimi', 'Reza'], surname: ['Karimi', 'Reza', 'Ahmadi'] },
    };
    const swap = { name: 'swap', fields: ['given', 'surname'], transforms: [null, null], unordered: true };
    expect(blockCounter(records, 'dedupe')(swap)).toBe(1);
    const blocking = prepareBlocking(records, blockingRules({ blocking: [swap] }), { mode: 'dedupe' });
    expect([...candidatePairs(blocking)]).toEqual([[0, 1]]);
  });
});

/** A small set with duplicates: each person twice, the second with one error. */
function people(order: number[]): RecordSet {
  const base = [
    ['maryam', 'ahmadi', '1960-03-04', '2611'],
    ['reza', 'karimi', '1955-11-20', '2600'],
    ['ali', 'tehrani', '1962-01-15', '2612'],
    ['zahra', 'moradi', '1958-07-09', '2605'],
    ['hassan', 'rahimi', '1961-12-01', '2615'],
    ['fatemeh', 'jafari', '1959-05-30', '2620'],
  ];
  const rows = base.flatMap(([g, s, d, p], i) => [
    { id: `r${i}a`, g, s, d, p },
    { id: `r${i}b`, g: g + 'h', s, d: d!.slice(0, 8) + '1' + d!.slice(9), p },
  ]);
  const ordered = order.map((k) => rows[k % rows.length]!);
  return {
    ids: ordered.map((r) => r.id),
    lists: ordered.map(() => 'list'),
    fields: {
      given: ordered.map((r) => r.g!),
      surname: ordered.map((r) => r.s!),
      birth_date: ordered.map((r) => r.d),
      birth_year: ordered.map((r) => Number(r.d!.slice(0, 4))),
      postcode: ordered.map((r) => r.p!),
    },
  };
}

describe('derived settings on records', () => {
  const types: Record<string, FieldType> = {
    given: 'name',
    surname: 'name',
    birth_date: 'date',
    birth_year: 'year',
    postcode: 'postcode',
  };
  it('are the same whatever the order of the records, and run through the pipeline', async () => {
    const derive = (records: RecordSet) =>
      deriveSettings(profileRecords(records, types), { countRule: blockCounter(records, 'dedupe', 1000) });
    const forward = people([...Array(12).keys()]);
    const backward = people([...Array(12).keys()].reverse());
    expect(derive(backward)).toEqual(derive(forward));
    const result = await runLinkage(forward, { ...toLinkageSettings(derive(forward), 0), uSampleSize: 2000 });
    expect(result.pairs.length).toBeGreaterThan(0);
    expect(result.warnings.filter((w) => w.code === 'm-not-estimated')).toEqual([]);
  });
});

describe('derived settings for lists with identifiers, swapped names and within-list duplicates', () => {
  const withPair = profile([
    ['given', 'name'],
    ['surname', 'name'],
    ['name_pair', 'text'],
    ['email', 'identifier', 9000],
  ]);

  it('gives the name comparisons a "swapped" level after exact, and never blocks or compares the pair alone', () => {
    const specs = deriveComparisons(withPair);
    expect(specs.map((s) => s.name)).toEqual(['given', 'surname', 'email']);
    for (const name of ['given', 'surname'])
      expect(specs.find((s) => s.name === name)!.levels.slice(0, 2)).toEqual([
        { kind: 'exact' },
        { kind: 'exact', field: 'name_pair' },
      ]);
    const { rules } = deriveBlocking(withPair);
    expect(rules.flatMap((r) => r.fields)).not.toContain('name_pair');
    // Without the pair field the levels are as before.
    expect(deriveComparisons(profile([['given', 'name']]))[0]!.levels[1]).not.toMatchObject({
      field: 'name_pair',
    });
  });

  it('blocks an identifier also by its first characters, so a typo later in an email still blocks', () => {
    const { rules } = deriveBlocking(withPair);
    expect(rules.map((r) => [r.name, r.transforms])).toContainEqual(['email start', ['compact-start']]);
  });

  it('guards the clustering against chains, and reads settings saved without the guard as having none', () => {
    const settings = deriveSettings(withPair);
    expect(settings.clusterSizePenalty).toBeGreaterThan(0);
    expect(toLinkageSettings(settings).cluster.sizePenalty).toBe(settings.clusterSizePenalty);
    const { clusterSizePenalty: _, ...older } = settings;
    const parsed = parseSettings(JSON.parse(JSON.stringify(older)));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(toLinkageSettings(parsed.settings).cluster.sizePenalty).toBe(0);
  });
});
