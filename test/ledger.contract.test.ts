import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyLedger } from '../src/services/verify.js';
import { makeCase, makeMember, SYSTEM } from './factories.js';
import { seedRecords } from './samples.js';
import { createTestStore, DIALECTS, type TestStore } from './stores.js';

describe.each(DIALECTS)('ledger and verify (%s)', (dialect) => {
  let t: TestStore;
  let refs: Awaited<ReturnType<typeof seedRecords>>;

  beforeEach(async () => {
    t = await createTestStore(dialect);
    const found = await makeCase(t.ctx);
    await makeMember(t.ctx, found.id, 'reader', 'viewer');
    refs = await seedRecords(t.ctx, SYSTEM, found.id);
  });
  afterEach(async () => t.cleanup());

  it('passes on an untouched store, with one chained entry per write', async () => {
    const report = await verifyLedger(t.ctx);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    // case, user, membership and eleven records
    expect(report.entries).toBe(14);
    expect(report.head.seq).toBe(14);
  });

  it('names a row changed behind the application', async () => {
    await t.raw(`update people set father_name = 'Changed' where id = ?`, [refs.person]);
    const report = await verifyLedger(t.ctx);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'row_altered', table: 'people', id: refs.person }),
    ]);
  });

  it('names a row deleted behind the application', async () => {
    await t.raw(`delete from claims where id = ?`, [refs.claim]);
    const report = await verifyLedger(t.ctx);
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'row_missing', id: refs.claim })]);
  });

  it('names a row inserted behind the application', async () => {
    await t.raw(
      `insert into organizations (id, case_id, sensitivity, created_at, updated_at, names, name_index, kind, description)
       select '22222222-2222-4222-8222-222222222222', case_id, sensitivity, created_at, updated_at, names, name_index, kind, description from organizations`,
    );
    const report = await verifyLedger(t.ctx);
    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'row_unaudited', id: '22222222-2222-4222-8222-222222222222' }),
    ]);
  });

  it('names the first altered ledger entry', async () => {
    await t.raw(`update audit_log set actor = 'system:someone-else' where seq = 5`);
    const report = await verifyLedger(t.ctx);
    expect(report.problems[0]).toMatchObject({ kind: 'chain', seq: 5 });
    expect(report.problems[0]!.message).toMatch(/entry 5 was altered/);
  });

  it('names a deleted ledger entry', async () => {
    await t.raw(`delete from audit_log where seq = 7`);
    const report = await verifyLedger(t.ctx);
    expect(report.problems[0]).toMatchObject({ kind: 'chain', seq: 7 });
    expect(report.problems[0]!.message).toMatch(/entry 7 is missing/);
  });

  it('names reordered ledger entries', async () => {
    await t.raw(`update audit_log set seq = 1000 where seq = 3`);
    await t.raw(`update audit_log set seq = 3 where seq = 4`);
    await t.raw(`update audit_log set seq = 4 where seq = 1000`);
    const report = await verifyLedger(t.ctx);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ kind: 'chain', seq: 3 });
  });

  it('notices entries cut from the end through the head, and through an anchor', async () => {
    const anchor = (await verifyLedger(t.ctx)).head;
    await t.raw(`delete from audit_log where seq = 14`);
    const report = await verifyLedger(t.ctx, { anchor });
    expect(report.problems.map((p) => p.kind)).toEqual(expect.arrayContaining(['head', 'anchor']));
  });

  it('notices a rewritten chain with a rewritten head through the row digests', async () => {
    // An attacker who rewrites the last entry and the head consistently still leaves the row unmatched.
    await t.raw(`update claims set status = 'refuted' where id = ?`, [refs.claim]);
    const report = await verifyLedger(t.ctx);
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'row_altered', id: refs.claim })]);
  });
});
