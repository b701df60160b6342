import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MerkleTree, leafHash } from '../src/merkle/index.js';
import { checkCheckpoint, writeCheckpoint, type CheckpointSettings } from '../src/services/checkpoints.js';
import {
  checkConsistencyProof,
  checkInclusionProof,
  entryInclusionProof,
  ledgerConsistencyProof,
} from '../src/services/ledger-tree.js';
import { verifyLedger } from '../src/services/verify.js';
import {
  checkpointLine,
  newSigningKeyPem,
  parseCheckpoint,
  signCheckpoint,
  signatureValid,
  signingKeyFromPem,
} from '../src/storage/index.js';
import { makeCase, SYSTEM } from './factories.js';
import { seedRecords } from './samples.js';
import { createTestStore, DIALECTS, type TestStore } from './stores.js';

describe.each(DIALECTS)('the ledger as a Merkle tree (%s)', (dialect) => {
  let t: TestStore;
  let dir: string;
  let settings: CheckpointSettings;

  beforeEach(async () => {
    t = await createTestStore(dialect);
    dir = mkdtempSync(join(tmpdir(), 'dossier-tree-'));
    settings = { key: signingKeyFromPem(newSigningKeyPem()), file: join(dir, 'checkpoints.log') };
    const found = await makeCase(t.ctx);
    await seedRecords(t.ctx, SYSTEM, found.id, 'internal');
  });
  afterEach(async () => {
    await t.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  async function entries(): Promise<Array<{ seq: number; hash: string }>> {
    return (await t.raw(`select seq, hash from audit_log order by seq`)).map((r) => ({
      seq: Number(r.seq),
      hash: String(r.hash),
    }));
  }

  async function signHead() {
    const report = await verifyLedger(t.ctx, { checkpoints: settings });
    expect(report.problems).toEqual([]);
    return writeCheckpoint(t.ctx, settings, report.head);
  }

  it('signs a tree head whose root is the RFC 6962 root over the entries’ hashes', async () => {
    const all = await entries();
    const expected = new MerkleTree(all.map((e) => leafHash(Buffer.from(e.hash, 'hex')))).root();
    const head = await signHead();
    expect(head).toMatchObject({ version: 'v2', seq: all.length, root: expected.toString('hex') });
    expect(signatureValid(head, settings.key.publicKey)).toBe(true);
    expect(parseCheckpoint(checkpointLine(head))).toEqual({ checkpoint: head });
    // The root is signed: changing it breaks the signature.
    expect(signatureValid({ ...head, root: 'a'.repeat(64) }, settings.key.publicKey)).toBe(false);
    expect((await verifyLedger(t.ctx)).root).toBe(expected.toString('hex'));
    expect(await checkCheckpoint(t.ctx, settings, head)).toMatchObject({ ok: true });
  });

  it('proves every entry in the signed tree head, and fails on an altered proof or entry', async () => {
    const head = await signHead();
    for (const { seq, hash } of await entries()) {
      const proof = await entryInclusionProof(t.ctx, seq, head.seq);
      expect(proof.entryHash).toBe(hash);
      expect(checkInclusionProof(proof, head), `entry ${seq}`).toMatchObject({ ok: true });
      const altered = { ...proof, entryHash: hash.replace(/^./, hash[0] === '0' ? '1' : '0') };
      expect(checkInclusionProof(altered, head).ok).toBe(false);
      if (proof.proof.length > 0) {
        const first = proof.proof[0]!;
        const bent = {
          ...proof,
          proof: [first.replace(/^./, first[0] === '0' ? '1' : '0'), ...proof.proof.slice(1)],
        };
        expect(checkInclusionProof(bent, head).ok).toBe(false);
      }
      expect(checkInclusionProof({ ...proof, seq: seq === 1 ? 2 : seq - 1 }, head).ok).toBe(false);
    }
    // A proof against a root that is not the signed head's is refused, even if it is consistent in itself.
    await makeCase(t.ctx, 'internal', 'Later');
    const later = await entryInclusionProof(t.ctx, 1);
    expect(checkInclusionProof(later).ok).toBe(true);
    expect(checkInclusionProof(later, head)).toMatchObject({ ok: false, message: /signed head/ });
  });

  it('proves a later head consistent with an earlier one, and notices an early entry rewritten', async () => {
    const first = await signHead();
    await makeCase(t.ctx, 'internal', 'Another case');
    await makeCase(t.ctx, 'internal', 'A third case');
    const second = await signHead();
    expect(second.seq).toBeGreaterThan(first.seq);
    const proof = await ledgerConsistencyProof(t.ctx, first.seq, second.seq);
    expect([proof.oldRoot, proof.newRoot]).toEqual([first.root, second.root]);
    expect(checkConsistencyProof(proof).ok).toBe(true);
    expect(checkConsistencyProof({ ...proof, oldRoot: second.root! }).ok).toBe(false);
    expect(checkConsistencyProof({ ...proof, proof: proof.proof.slice(1) }).ok).toBe(false);

    // An insider rewrites entry 2's hash in place (the chain and head rewritten to match, as a careful forger would).
    await t.raw(`update audit_log set hash = ? where seq = 2`, ['ab'.repeat(32)]);
    const rebuilt = await ledgerConsistencyProof(t.ctx, first.seq, second.seq);
    // The proof made from the rewritten ledger does not join the roots that were signed.
    expect(checkConsistencyProof({ ...rebuilt, oldRoot: first.root!, newRoot: second.root! }).ok).toBe(false);
    const report = await verifyLedger(t.ctx, { checkpoints: settings });
    expect(report.ok).toBe(false);
    expect(await checkCheckpoint(t.ctx, settings, first)).toMatchObject({
      ok: false,
      message: /Merkle root/,
    });
  });

  it('names the signed tree head whose root an early entry’s rewrite breaks', async () => {
    const head = await signHead();
    // Entry `seq` keeps the hash the head names; entry 1 is rewritten: the chain breaks, and so does the root.
    await t.raw(`update audit_log set hash = ? where seq = 1`, ['cd'.repeat(32)]);
    const report = await verifyLedger(t.ctx, { checkpoints: settings });
    expect(report.problems.map((p) => p.kind)).toEqual(expect.arrayContaining(['chain', 'checkpoint']));
    expect(report.problems.find((p) => p.kind === 'checkpoint')!.message).toMatch(
      new RegExp(`entries 1\\.\\.${head.seq} no longer have the Merkle root`),
    );
  });

  it('keeps a store from before the tree verifiable: v1 checkpoints hold, and old entries are proved', async () => {
    // A checkpoint as the hash-chain-only version signed it, in the table and the file.
    const before = await verifyLedger(t.ctx);
    const v1 = signCheckpoint(settings.key, before.head, new Date().toISOString());
    expect(v1.version).toBe('v1');
    expect(v1.root).toBeUndefined();
    await t.ctx.store.db
      .insertInto('ledgerCheckpoints')
      .values({
        id: randomUUID(),
        version: 'v1',
        seq: v1.seq,
        hash: v1.hash,
        root: null,
        at: v1.at,
        keyId: v1.key,
        signature: v1.signature,
      })
      .execute();
    writeFileSync(settings.file!, checkpointLine(v1) + '\n');
    await makeCase(t.ctx, 'internal', 'After the upgrade');
    const report = await verifyLedger(t.ctx, { checkpoints: settings });
    expect(report.problems).toEqual([]);
    expect(report.checkpoints).toBe(1);
    expect(await checkCheckpoint(t.ctx, settings, v1)).toMatchObject({ ok: true });
    const head = await writeCheckpoint(t.ctx, settings, report.head);
    expect(head.version).toBe('v2');
    for (let seq = 1; seq <= v1.seq; seq++)
      expect(checkInclusionProof(await entryInclusionProof(t.ctx, seq, head.seq), head).ok).toBe(true);
    // The old head's tree is a prefix of the new one.
    expect(checkConsistencyProof(await ledgerConsistencyProof(t.ctx, v1.seq, head.seq)).ok).toBe(true);
    // A v1 checkpoint proves nothing about the tree.
    const proof = await entryInclusionProof(t.ctx, 1, v1.seq);
    expect(checkInclusionProof(proof, v1)).toMatchObject({ ok: false, message: /without a tree root/ });
  });

  it('refuses proofs of entries that are not there', async () => {
    const size = (await entries()).length;
    await expect(entryInclusionProof(t.ctx, size + 1)).rejects.toThrow(RangeError);
    await expect(entryInclusionProof(t.ctx, 0)).rejects.toThrow(RangeError);
    await expect(ledgerConsistencyProof(t.ctx, size + 1)).rejects.toThrow(RangeError);
  });
});
