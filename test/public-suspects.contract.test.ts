import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError } from '../src/domain/errors.js';
import { getCaseSettings, updateCaseSettings } from '../src/services/case-settings.js';
import { updateCase } from '../src/services/cases.js';
import { initInstance } from '../src/services/instance.js';
import { getPublicSuspect, listPublicSuspects } from '../src/services/public-suspects.js';
import { verifyLedger } from '../src/services/verify.js';
import { makeMember, SYSTEM } from './factories.js';
import { createTestStore, DIALECTS, type TestStore } from './stores.js';

const ACCUSED = ['Ebrahim Raisi', 'Mostafa Pour-Mohammadi', 'Hamid Nouri'];

describe.each(DIALECTS)('public pages of the people alleged responsible (%s)', (dialect) => {
  let t: TestStore;
  let caseId: string;
  const idOf = new Map<string, string>();
  const latin = (names: Array<{ text: string; script: string }>) =>
    names.filter((n) => n.script === 'latin').map((n) => n.text);

  beforeAll(async () => {
    t = await createTestStore(dialect);
    caseId = (await initInstance(t.ctx, { demo: true })).demoCase!.id;
    for (const person of await t.ctx.store.db.selectFrom('people').select(['id', 'names']).execute()) {
      const text = typeof person.names === 'string' ? person.names : JSON.stringify(person.names);
      for (const name of ACCUSED) if (text.includes(name)) idOf.set(name, person.id);
    }
  }, 120_000);
  afterAll(async () => {
    await t.cleanup();
  });

  it('publishes nothing until an owner turns the setting on', async () => {
    expect(await getCaseSettings(t.ctx, SYSTEM, caseId)).toEqual({ publishSuspects: false });
    expect(await listPublicSuspects(t.ctx)).toEqual([]);
    await expect(getPublicSuspect(t.ctx, idOf.get('Ebrahim Raisi')!)).rejects.toThrow(/not found/);
    const investigator = await makeMember(t.ctx, caseId, `inv-${dialect}`, 'investigator', true);
    await expect(
      updateCaseSettings(t.ctx, investigator, caseId, { publishSuspects: true }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('lists the alleged perpetrators only, each page allegations with their sources, nothing internal', async () => {
    await updateCaseSettings(t.ctx, SYSTEM, caseId, { publishSuspects: true });
    const listed = await listPublicSuspects(t.ctx);
    expect(listed.map((p) => p.id).sort()).toEqual(ACCUSED.map((n) => idOf.get(n)!).sort());
    const victims = await t.ctx.store.db
      .selectFrom('involvements')
      .select('actorId')
      .where('role', '=', 'victim')
      .execute();
    for (const v of victims) expect(listed.map((p) => p.id)).not.toContain(v.actorId);

    const raisi = await getPublicSuspect(t.ctx, idOf.get('Ebrahim Raisi')!);
    expect(latin(raisi.names)).toContain('Ebrahim Raisi');
    const member = raisi.allegations.find((a) => a.property === 'member_of')!;
    expect(member).toMatchObject({ claimant: 'Amnesty International', value: { type: 'entity' } });
    // The organisation by its name, never its id.
    expect(member.value).not.toHaveProperty('id');
    expect(String(member.value.name)).toMatch(/commission/i);
    expect(member.sources.length).toBeGreaterThan(0);
    expect(member.sources[0]!.title).toMatch(/Blood-soaked|Amnesty|cover-up/i);
    expect(raisi.positions.map((p) => p.attributedTo)).toEqual([['Amnesty International']]);
    expect(raisi.events).toHaveLength(1);
    // Nothing protected or internal reaches the page: the demo's protected witness and its contact.
    const text = JSON.stringify(raisi);
    expect(text).not.toContain('synthetic-witness@example.org');
    const internal = await t.ctx.store.db
      .selectFrom('claims')
      .select('id')
      .where('sensitivity', '!=', 'public')
      .execute();
    for (const c of internal) expect(text).not.toContain(c.id);
  });

  it('shows nobody once the case is no longer public, and the ledger stays whole', async () => {
    await updateCase(t.ctx, SYSTEM, caseId, { sensitivity: 'internal' });
    expect(await listPublicSuspects(t.ctx)).toEqual([]);
    await expect(getPublicSuspect(t.ctx, idOf.get('Hamid Nouri')!)).rejects.toThrow(/not found/);
    await updateCase(t.ctx, SYSTEM, caseId, { sensitivity: 'public' });
    await updateCaseSettings(t.ctx, SYSTEM, caseId, { publishSuspects: false });
    expect(await listPublicSuspects(t.ctx)).toEqual([]);
    const report = await verifyLedger(t.ctx);
    expect(report.ok, JSON.stringify(report).slice(0, 2000)).toBe(true);
  });
});
