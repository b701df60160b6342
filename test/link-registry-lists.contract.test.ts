/**
 * Linking lists that are not about the 1988 events, through the service a user's `lists import` and `link`
 * call: births after 1988 stay births, a given name alone is not a surname, a pair whose names were written in
 * the other order links, the case's places join aliases of one prison, and one file imported twice links the
 * same way. On both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecord } from '../src/services/records.js';
import { linkRegistry, planLink, type LinkReport } from '../src/services/linkage.js';
import { importList } from '../src/services/registry.js';
import { specForType } from '../src/storage/index.js';
import { makeCase, SYSTEM } from './factories.js';
import { createTestStore, DIALECTS, type TestStore } from './stores.js';

const GIVEN = [
  'Olivia',
  'Noah',
  'Amelia',
  'Oliver',
  'Isla',
  'George',
  'Ava',
  'Harry',
  'Mia',
  'Jack',
  'Lily',
  'Leo',
  'Grace',
  'Oscar',
  'Freya',
  'Arthur',
  'Ella',
  'Henry',
  'Ivy',
  'Theo',
  'Rosie',
  'Alfie',
  'Evie',
  'Finley',
];
const SURNAMES = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Evans',
  'Walker',
  'Wright',
  'Hughes',
  'Green',
  'Hall',
  'Wood',
  'Clarke',
  'Turner',
  'Hill',
  'Moore',
  'Cooper',
  'Ward',
  'Morris',
  'King',
  'Baker',
  'Harris',
  'Lewis',
];
const CITIES = ['Leeds', 'York', 'Hull', 'Bristol', 'Bath', 'Derby', 'Exeter', 'Oxford', 'Durham', 'Truro'];

/**
 * One list of 90 people born 1975–2019 (drawn with a fixed seed), each written twice (a letter missing from a
 * third of the second given names), the first five people's second rows with given name and surname swapped;
 * then two strangers sharing a date and town: one with a given name only ("Lucas"), one whose surname is Lucas.
 */
function registerCsv(): string {
  let state = 12345;
  const random = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return Math.floor((state / 2 ** 31) * n);
  };
  const rows = ['id,first,last,dob,town'];
  for (let p = 0; p < 90; p++) {
    const given = GIVEN[random(GIVEN.length)]!;
    const surname = SURNAMES[random(SURNAMES.length)]!;
    const dob = `${1975 + random(45)}-${String(1 + random(12)).padStart(2, '0')}-${String(1 + random(28)).padStart(2, '0')}`;
    const town = CITIES[random(CITIES.length)]!;
    rows.push(`p${p}a,${given},${surname},${dob},${town}`);
    const typo = p % 3 === 1 ? given.slice(0, -1) : given;
    rows.push(p < 5 ? `p${p}b,${surname},${given},${dob},${town}` : `p${p}b,${typo},${surname},${dob},`);
  }
  rows.push('x1,Lucas,,2001-04-05,Leeds', 'x2,Anna,Lucas,2001-04-05,Leeds');
  return rows.join('\n') + '\n';
}

async function importRegister(t: TestStore, caseId: string, name = 'Register'): Promise<void> {
  await importList(t.ctx, SYSTEM, caseId, {
    name,
    reliability: 'unknown',
    sensitivity: 'internal',
    fileName: 'register.csv',
    bytes: Buffer.from(registerCsv()),
    format: 'csv',
    idColumn: 'id',
    mapping: { first: 'given_name', last: 'surname', dob: 'birth_date', town: 'city' },
  });
}

/** The clusters as sorted lists of row keys, independent of the store's ids. */
function partition(report: LinkReport): string[] {
  const groups = new Map<string, string[]>();
  for (const [id, cluster] of report.clusterOf)
    groups.set(cluster, [...(groups.get(cluster) ?? []), report.rowsById.get(id)!.recordKey]);
  return [...groups.values()].map((g) => g.sort().join(' ')).sort();
}
const together = (report: LinkReport, a: string, b: string) => {
  const byKey = new Map([...report.rowsById.values()].map((r) => [r.recordKey, report.clusterOf.get(r.id)]));
  return byKey.get(a) !== undefined && byKey.get(a) === byKey.get(b);
};

describe.each(DIALECTS)('linking a register that is not about 1988 (%s)', (dialect) => {
  let t: TestStore;
  let first: string;
  let second: string;
  let report: LinkReport;

  beforeAll(async () => {
    t = await createTestStore(dialect);
    first = (await makeCase(t.ctx)).id;
    second = (await makeCase(t.ctx)).id;
    await importRegister(t, first);
    await importRegister(t, second, 'The same file again');
    report = await linkRegistry(t.ctx, SYSTEM, first, { dryRun: true, threads: 0 });
  }, 120_000);
  afterAll(async () => t.cleanup());

  it('keeps births after 1988 when no event year was stated, and links on them', async () => {
    const plan = await planLink(t.ctx, SYSTEM, first);
    const birth = plan.settings.fields.find((f) => f.name === 'birth_date');
    expect(birth?.filled).toBe(1);
    // People born after 1988 are found as well as the others.
    for (const p of [20, 30, 40, 44]) expect(together(report, `p${p}a`, `p${p}b`)).toBe(true);
    const pairs = partition(report).filter((g) => /^p(\d+)a p\1b$/.test(g)).length;
    expect(pairs).toBeGreaterThanOrEqual(85);
  });

  it('links a pair whose given name and surname were written in the other order', () => {
    expect(report.settings.comparisons.find((c) => c.name === 'given')?.levels).toContainEqual({
      kind: 'exact',
      field: 'name_pair',
    });
    for (const p of [0, 1, 2, 3, 4]) expect(together(report, `p${p}a`, `p${p}b`)).toBe(true);
  });

  it('never takes a given name alone for a surname', () => {
    expect(together(report, 'x1', 'x2')).toBe(false);
  });

  it('links the same file imported twice in the same way', async () => {
    const again = await linkRegistry(t.ctx, SYSTEM, second, { dryRun: true, threads: 0 });
    expect(partition(again)).toEqual(partition(report));
    expect(again.settings).toEqual(report.settings);
  });
});

describe.each(DIALECTS)("the case's places join the aliases of one prison (%s)", (dialect) => {
  let t: TestStore;
  let caseId: string;

  beforeAll(async () => {
    t = await createTestStore(dialect);
    caseId = (await makeCase(t.ctx)).id;
    const a = ['id,given,surname,father,born,prison'];
    const b = ['ref,given,surname,father,born,prison'];
    const given = ['Reza', 'Ali', 'Hassan', 'Mahmoud', 'Akbar', 'Javad', 'Kazem', 'Naser'];
    const surnames = ['Ahmadi', 'Karimi', 'Moradi', 'Rahimi', 'Jafari', 'Sadeghi', 'Tehrani'];
    const fathers = ['Hossein', 'Abbas', 'Karim', 'Yousef', 'Jalal', 'Ebrahim'];
    for (let p = 0; p < 56; p++) {
      const row = `${given[p % 8]},${surnames[Math.floor(p / 8) % 7]},${fathers[p % 6]},${1940 + (p % 25)}`;
      // List A calls the prison Gohardasht, list B Rajaei Shahr (or Evin by both).
      const prison = p % 2 === 0 ? ['Gohardasht Prison', 'Rajaei Shahr'] : ['Evin', 'Evin Prison'];
      a.push(`a${p},${row},${prison[0]}`);
      b.push(`b${p},${row},${prison[1]}`);
    }
    for (const [key, lines, id] of [
      ['A', a, 'id'],
      ['B', b, 'ref'],
    ] as const)
      await importList(t.ctx, SYSTEM, caseId, {
        name: `List ${key}`,
        reliability: 'unknown',
        sensitivity: 'internal',
        fileName: `${key}.csv`,
        bytes: Buffer.from(lines.join('\n')),
        format: 'csv',
        idColumn: id,
        mapping: {
          given: 'given_name',
          surname: 'surname',
          father: 'father_name',
          born: 'birth_year',
          prison: 'place_of_detention',
        },
      });
  }, 120_000);
  afterAll(async () => t.cleanup());

  it('compares Gohardasht and Rajaei Shahr as one prison once the case records them as one place', async () => {
    const before = await planLink(t.ctx, SYSTEM, caseId);
    expect(before.gazetteer).toEqual({ places: 0, names: 0, values: 0 });
    await createRecord(t.ctx, SYSTEM, specForType('place')!, caseId, {
      names: [
        { text: 'Gohardasht Prison' },
        { text: 'زندان گوهردشت' },
        { text: 'Rajaei Shahr', kind: 'alias' },
      ],
      kind: 'prison',
      location: null,
      parentId: null,
      observations: [],
      description: '',
      sensitivity: 'internal',
    });
    const after = await planLink(t.ctx, SYSTEM, caseId);
    // Every Gohardasht of list A and Rajaei Shahr of list B is read as the place; Evin is not recorded.
    expect(after.gazetteer).toMatchObject({ places: 1, values: 56 });
    const report = await linkRegistry(t.ctx, SYSTEM, caseId, { dryRun: true, threads: 0 });
    const byKey = new Map(
      [...report.rowsById.values()].map((r) => [r.recordKey, report.clusterOf.get(r.id)]),
    );
    for (let p = 0; p < 56; p++) expect(byKey.get(`a${p}`)).toBe(byKey.get(`b${p}`));
  });
});
