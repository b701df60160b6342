import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../src/domain/errors.js';
import { createUser } from '../src/services/accounts.js';
import { updateCaseSettings } from '../src/services/case-settings.js';
import { initInstance } from '../src/services/instance.js';
import { submitToMemorial } from '../src/services/memorial.js';
import { runEstimate } from '../src/services/estimates.js';
import { exportCase, importCase } from '../src/services/transfer.js';
import { verifyLedger } from '../src/services/verify.js';
import { SYSTEM, TEST_PASSWORD } from './factories.js';
import { createTestStore, DIALECTS, type TestStore } from './stores.js';

async function exportLines(t: TestStore, caseId: string): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of exportCase(t.ctx, SYSTEM, caseId)) lines.push(line);
  return lines;
}

describe('case export and import', () => {
  const stores: TestStore[] = [];
  let source: TestStore;
  let caseId: string;
  let original: string[];

  beforeAll(async () => {
    source = await createTestStore('sqlite');
    stores.push(source);
    const result = await initInstance(source.ctx, { demo: true });
    caseId = result.demoCase!.id;
    // A submission is about a person of the memorial (a public victim).
    const [person] = await source.raw(`select person_id as id from memorial_people limit 1`);
    await submitToMemorial(source.ctx, {
      caseId,
      personId: String(person!.id),
      kind: 'correction',
      message: 'A relative’s correction, kept protected.',
      submitterName: null,
      relationship: 'niece',
      contact: null,
    });
    await runEstimate(source.ctx, SYSTEM, caseId, {
      title: 'Run',
      csv: 'a,b,c,freq\n1,0,0,40\n0,1,0,30\n0,0,1,35\n1,1,0,12\n1,0,1,10\n0,1,1,9\n1,1,1,4',
      method: 'loglinear',
      sensitivity: 'internal',
    });
    // A setting away from its default, so that the round trip shows it carried.
    await updateCaseSettings(source.ctx, SYSTEM, caseId, { publishSuspects: true });
    original = await exportLines(source, caseId);
  }, 60_000);
  afterAll(async () => {
    for (const s of stores) await s.cleanup();
  });

  it('exports the demo case with its members, records and protected identities', () => {
    const types = original.map((l) => (JSON.parse(l) as { type: string }).type);
    expect(types[0]).toBe('header');
    expect(JSON.parse(original[0]!)).toMatchObject({ settings: { publishSuspects: true } });
    expect(types).toContain('member');
    for (const type of ['source', 'excerpt', 'place', 'person', 'organization', 'event', 'claim'])
      expect(types).toContain(type);
  });

  it.each(DIALECTS)('round-trips losslessly into an empty %s store', async (dialect) => {
    const target = await createTestStore(dialect);
    stores.push(target);
    const summary = await importCase(target.ctx, SYSTEM, original);
    expect(summary.caseId).toBe(caseId);
    expect(summary.createdUsers).toEqual(['admin']);
    expect((await exportLines(target, caseId)).join('\n')).toBe(original.join('\n'));
    expect((await verifyLedger(target.ctx)).problems).toEqual([]);
  });

  it('imports nothing when one line is bad, naming line and field', async () => {
    const target = await createTestStore('sqlite');
    stores.push(target);
    const broken = [...original];
    const index = broken.findIndex((l) => l.includes('"type":"person"'));
    const line = JSON.parse(broken[index]!) as { data: Record<string, unknown> };
    line.data.birthDate = '30 Esfand 1367';
    broken[index] = JSON.stringify(line);
    broken.push('{not json');
    const failure = await importCase(target.ctx, SYSTEM, broken).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ValidationError);
    const fields = (failure as ValidationError).problems.map((p) => p.field);
    expect(fields).toContain(`line ${index + 1}: data.birthDate`);
    expect(fields).toContain(`line ${broken.length}`);
    expect(await target.raw('select count(*) as n from cases')).toEqual([{ n: 0 }]);
    expect(await target.raw('select count(*) as n from audit_log')).toEqual([{ n: 0 }]);
  });

  it.each(DIALECTS)(
    "gives no role to an existing %s account that shares a member's username, unless mapped explicitly",
    async (dialect) => {
      const target = await createTestStore(dialect);
      stores.push(target);
      const local = await createUser(target.ctx, SYSTEM, { username: 'admin', password: TEST_PASSWORD });
      const failure = await importCase(target.ctx, SYSTEM, original).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(ConflictError);
      expect((failure as ConflictError).problems.map((p) => p.field)).toEqual(['members: admin']);
      expect(await target.raw('select id from cases')).toEqual([]);
      expect(await target.raw('select id from memberships')).toEqual([]);

      const mapped = await importCase(target.ctx, SYSTEM, original, { mapMembers: true });
      expect(mapped).toMatchObject({ mappedUsers: ['admin'], createdUsers: [] });
      const memberships = await target.raw('select user_id from memberships');
      expect(memberships).toEqual([{ user_id: local.id }]);
    },
  );

  it('refuses to import a case that already exists', async () => {
    await expect(importCase(source.ctx, SYSTEM, original)).rejects.toThrow(/already exists/);
  });
});
