import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkCheckpoint,
  checkpointHead,
  writeCheckpoint,
  type CheckpointSettings,
} from '../src/services/checkpoints.js';
import { getRecord } from '../src/services/records.js';
import { verifyLedger } from '../src/services/verify.js';
import {
  entryHash,
  GENESIS_HASH,
  newSigningKeyPem,
  parseCheckpoint,
  signingKeyFromPem,
  specForType,
  type Checkpoint,
} from '../src/storage/index.js';
import { makeCase, makeMember, SYSTEM } from './factories.js';
import { seedRecords } from './samples.js';
import { createTestStore, DIALECTS, type TestStore } from './stores.js';

describe.each(DIALECTS)('signed checkpoints of the ledger (%s)', (dialect) => {
  let t: TestStore;
  let dir: string;
  let settings: CheckpointSettings;

  beforeEach(async () => {
    t = await createTestStore(dialect);
    dir = mkdtempSync(join(tmpdir(), 'dossier-checkpoints-'));
    settings = { key: signingKeyFromPem(newSigningKeyPem()), file: join(dir, 'checkpoints.log') };
    const found = await makeCase(t.ctx);
    const reader = await makeMember(t.ctx, found.id, 'granted', 'investigator', true);
    const refs = await seedRecords(t.ctx, SYSTEM, found.id, 'protected');
    // Protected reads: each appends a `read` entry to the ledger.
    for (let i = 0; i < 3; i++) await getRecord(t.ctx, reader, specForType('person')!, found.id, refs.person);
  });
  afterEach(async () => {
    await t.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  /** What an insider with the database does: drop the `read` entries and re-chain the rest consistently. */
  async function eraseReads(): Promise<number> {
    const entries = await t.raw(`select * from audit_log order by seq`);
    const kept = entries.filter((e) => e.action !== 'read');
    await t.raw(`delete from audit_log`);
    let prevHash = GENESIS_HASH;
    let seq = 0;
    for (const e of kept) {
      seq++;
      const entry = {
        seq,
        at: String(e.at),
        actor: String(e.actor),
        action: String(e.action),
        resourceType: String(e.resource_type),
        resourceId: String(e.resource_id),
        caseId: (e.case_id as string | null) ?? null,
        digest: (e.digest as string | null) ?? null,
      };
      const hash = entryHash(prevHash, entry);
      await t.raw(
        `insert into audit_log (seq, at, actor, action, resource_type, resource_id, case_id, digest, prev_hash, hash)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          seq,
          entry.at,
          entry.actor,
          entry.action,
          entry.resourceType,
          entry.resourceId,
          entry.caseId,
          entry.digest,
          prevHash,
          hash,
        ],
      );
      prevHash = hash;
    }
    await t.raw(`update ledger_head set seq = ?, hash = ? where id = 1`, [seq, prevHash]);
    return entries.length - kept.length;
  }

  async function checkpointNow(): Promise<Checkpoint> {
    const report = await verifyLedger(t.ctx, { checkpoints: settings });
    expect(report.problems).toEqual([]);
    return writeCheckpoint(t.ctx, settings, report.head);
  }

  it('passes on an intact store, checked against the checkpoints in the table and the file', async () => {
    const first = await checkpointNow();
    const second = await checkpointNow();
    expect(second.seq).toBe(first.seq);
    const report = await verifyLedger(t.ctx, { checkpoints: settings });
    expect(report.problems).toEqual([]);
    expect(report.checkpoints).toBe(2);
    expect(readFileSync(settings.file!, 'utf8').trim().split('\n')).toHaveLength(2);
    expect(await checkCheckpoint(t.ctx, settings, first)).toMatchObject({ ok: true });
  });

  it('notices protected reads erased and the chain rebuilt, against an earlier checkpoint', async () => {
    const checkpoint = await checkpointNow();
    expect(await eraseReads()).toBe(3);
    // Without the checkpoint the rewrite is invisible: the chain and every row are consistent.
    expect((await verifyLedger(t.ctx)).problems).toEqual([]);

    const report = await verifyLedger(t.ctx, { checkpoints: settings });
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'checkpoint', seq: checkpoint.seq })]);
    expect(report.problems[0]!.message).toMatch(/checkpoints\.log line 1/);
    // A published copy tells the same, and the schedule refuses to sign the rewritten head.
    expect(await checkCheckpoint(t.ctx, settings, checkpoint)).toMatchObject({ ok: false });
    expect((await checkpointHead(t.ctx, settings)).checkpoint).toBeNull();
  });

  it('still notices when the insider also emptied the checkpoint table: the file is the anchor', async () => {
    await checkpointNow();
    await eraseReads();
    await t.raw(`delete from ledger_checkpoints`);
    const report = await verifyLedger(t.ctx, { checkpoints: settings });
    expect(report.problems.map((p) => p.kind)).toContain('checkpoint');
  });

  it('reports a checkpoint whose signature was tampered with', async () => {
    const checkpoint = await checkpointNow();
    const forged = { ...checkpoint, hash: 'f'.repeat(64) };
    writeFileSync(settings.file!, JSON.stringify(forged) + '\n');
    const report = await verifyLedger(t.ctx, { checkpoints: settings });
    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'checkpoint_signature', seq: checkpoint.seq }),
    ]);
    expect(await checkCheckpoint(t.ctx, settings, forged)).toMatchObject({ ok: false });
    const parsed = parseCheckpoint(JSON.stringify({ ...checkpoint, version: 'v9' }));
    expect(parsed).toEqual({ error: expect.stringMatching(/unknown checkpoint version/) });
  });

  it('signs the head on schedule only when it moved, extending the last checkpoint', async () => {
    const first = (await checkpointHead(t.ctx, settings)).checkpoint;
    expect(first).not.toBeNull();
    expect((await checkpointHead(t.ctx, settings)).checkpoint).toBeNull();
    await makeCase(t.ctx, 'internal', 'Another case');
    const next = (await checkpointHead(t.ctx, settings)).checkpoint;
    expect(next!.seq).toBeGreaterThan(first!.seq);
    expect((await verifyLedger(t.ctx, { checkpoints: settings })).problems).toEqual([]);
  });
});
