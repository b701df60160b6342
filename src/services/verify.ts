import {
  AUDITED_TABLES,
  entryHash,
  GENESIS_HASH,
  RESOURCE_SPECS,
  rowDigest,
  WRITE_ACTIONS,
  type AuditedTable,
} from '../storage/index.js';
import type { ServiceContext } from './context.js';
import {
  describeCheckpoint,
  knownCheckpoints,
  type CheckpointSettings,
  type KnownCheckpoint,
} from './checkpoints.js';
import { verifyBlobs } from './files.js';
import { MerkleTree, type Hash } from '../merkle/index.js';
import { entryLeaf } from './ledger-tree.js';

export interface VerifyProblem {
  kind:
    | 'chain'
    | 'head'
    | 'anchor'
    | 'checkpoint'
    | 'checkpoint_signature'
    | 'row_altered'
    | 'row_unaudited'
    | 'row_missing'
    | 'file_missing'
    | 'file_altered'
    | 'blob_unreferenced';
  message: string;
  seq?: number;
  table?: string;
  id?: string;
}

export interface VerifyReport {
  ok: boolean;
  entries: number;
  rows: number;
  head: { seq: number; hash: string };
  /** Root of the Merkle tree over every entry as stored (hex): what a signed tree head of the head would sign. */
  root: string;
  /** Signed checkpoints the chain was checked against (table and file, each counted once). */
  checkpoints: number;
  problems: VerifyProblem[];
}

export interface VerifyOptions {
  /** An entry's hash recorded elsewhere (`--anchor seq:hash`). */
  anchor?: { seq: number; hash: string };
  /** The instance's key and checkpoint file: every earlier checkpoint is checked against the chain. */
  checkpoints?: CheckpointSettings;
}

const TABLE_OF_TYPE: Record<string, AuditedTable> = {
  case: 'cases',
  case_setting: 'case_settings',
  user: 'users',
  membership: 'memberships',
  submission: 'submissions',
  estimate_run: 'estimate_runs',
  victim_list: 'victim_lists',
  list_record: 'list_records',
  link_pair: 'link_pairs',
  file: 'files',
  custody_event: 'custody_events',
  mention: 'mentions',
  ...Object.fromEntries(RESOURCE_SPECS.map((s) => [s.type, s.table])),
};

/**
 * Recomputes the ledger's hash chain and checks every audited row against the digest of its last
 * audited write. Names the first broken entry of the chain (altered, deleted or reordered) and every
 * row that was changed, added or removed behind the application's back.
 */
export async function verifyLedger(ctx: ServiceContext, options: VerifyOptions = {}): Promise<VerifyReport> {
  const { anchor } = options;
  const db = ctx.store.db;
  const problems: VerifyProblem[] = [];
  // Earlier checkpoints: an entry they name must still have the hash they signed, whatever else was re-chained.
  const checkpointsAt = new Map<number, KnownCheckpoint[]>();
  let checkpoints = 0;
  const treeHeads: KnownCheckpoint[] = [];
  if (options.checkpoints) {
    const known = await knownCheckpoints(ctx, options.checkpoints);
    problems.push(...known.findings);
    treeHeads.push(...known.valid.filter((k) => k.checkpoint.version === 'v2'));
    checkpoints = known.valid.length;
    for (const k of known.valid)
      checkpointsAt.set(k.checkpoint.seq, [...(checkpointsAt.get(k.checkpoint.seq) ?? []), k]);
  }
  const lastWrite = new Map<string, { digest: string | null; seq: number; table: AuditedTable }>();
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let chainBroken = false;
  let entries = 0;
  let anchorSeen = false;
  const leaves: Hash[] = [];

  for (let after = 0; ;) {
    const batch = await db
      .selectFrom('auditLog')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(10_000)
      .execute();
    if (batch.length === 0) break;
    for (const entry of batch) {
      entries += 1;
      leaves.push(entryLeaf(entry.hash));
      if (!chainBroken) {
        const problem =
          entry.seq !== expectedSeq
            ? `entry ${expectedSeq} is missing or out of order (found ${entry.seq} in its place)`
            : entry.prevHash !== prevHash
              ? `entry ${entry.seq} does not follow entry ${entry.seq - 1}: an entry was deleted, inserted or reordered`
              : entryHash(prevHash, entry) !== entry.hash
                ? `entry ${entry.seq} was altered: its content no longer matches its hash`
                : undefined;
        if (problem) {
          chainBroken = true;
          problems.push({
            kind: 'chain',
            seq: entry.seq !== expectedSeq ? expectedSeq : entry.seq,
            message: problem,
          });
        }
      }
      if (anchor && entry.seq === anchor.seq) {
        anchorSeen = true;
        if (entry.hash !== anchor.hash)
          problems.push({
            kind: 'anchor',
            seq: entry.seq,
            message: `entry ${entry.seq} differs from the recorded anchor`,
          });
      }
      for (const known of checkpointsAt.get(entry.seq) ?? []) {
        if (entry.hash !== known.checkpoint.hash)
          problems.push({
            kind: 'checkpoint',
            seq: entry.seq,
            message: `entry ${entry.seq} no longer has the hash signed in ${describeCheckpoint(known)}: the ledger was rewritten up to that entry`,
          });
      }
      checkpointsAt.delete(entry.seq);
      expectedSeq = entry.seq + 1;
      prevHash = entry.hash;
      const table = TABLE_OF_TYPE[entry.resourceType];
      if (table && WRITE_ACTIONS.has(entry.action))
        lastWrite.set(entry.resourceId, { digest: entry.digest, seq: entry.seq, table });
    }
    after = batch[batch.length - 1]!.seq;
  }

  // Signed tree heads: the entries up to each must still give the root it signed, whatever the chain says.
  const tree = new MerkleTree(leaves);
  for (const known of treeHeads) {
    const { seq, root } = known.checkpoint;
    // The same checkpoint already named for its entry's hash: one finding per rewrite is enough.
    const named = problems.some((p) => p.kind === 'checkpoint' && p.seq === seq);
    if (!named && seq <= tree.size && tree.root(seq).toString('hex') !== root)
      problems.push({
        kind: 'checkpoint',
        seq,
        message: `entries 1..${seq} no longer have the Merkle root signed in ${describeCheckpoint(known)}: an entry up to ${seq} was removed, added or rewritten`,
      });
  }

  const head = await db
    .selectFrom('ledgerHead')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  if (head.seq !== expectedSeq - 1 || head.hash !== prevHash) {
    problems.push({
      kind: 'head',
      seq: head.seq,
      message: `the ledger head says entry ${head.seq} is the last, but the log ends at entry ${expectedSeq - 1}: entries were removed or added at the end`,
    });
  }
  if (anchor && !anchorSeen)
    problems.push({
      kind: 'anchor',
      seq: anchor.seq,
      message: `anchored entry ${anchor.seq} is no longer in the log`,
    });

  for (const [seq, known] of checkpointsAt)
    for (const k of known)
      problems.push({
        kind: 'checkpoint',
        seq,
        message: `entry ${seq}, signed in ${describeCheckpoint(k)}, is no longer in the log: entries were removed`,
      });

  let rows = 0;
  const present = new Set<string>();
  for (const table of AUDITED_TABLES) {
    for await (const batch of ctx.records.allRows(db, table)) {
      for (const row of batch) {
        rows += 1;
        const id = String(row.id);
        present.add(id);
        const audited = lastWrite.get(id);
        if (!audited || audited.table !== table) {
          problems.push({
            kind: 'row_unaudited',
            table,
            id,
            message: `${table} row ${id} has no audited write: it was inserted behind the ledger's back`,
          });
        } else if (audited.digest === null) {
          problems.push({
            kind: 'row_unaudited',
            table,
            id,
            message: `${table} row ${id} was deleted (entry ${audited.seq}) but exists again`,
          });
        } else if (rowDigest(row) !== audited.digest) {
          problems.push({
            kind: 'row_altered',
            table,
            id,
            message: `${table} row ${id} no longer matches its last audited write (entry ${audited.seq})`,
          });
        }
      }
    }
  }
  for (const [id, audited] of lastWrite) {
    if (audited.digest !== null && !present.has(id)) {
      problems.push({
        kind: 'row_missing',
        table: audited.table,
        id,
        message: `${audited.table} row ${id} (entry ${audited.seq}) is gone: it was deleted behind the ledger's back`,
      });
    }
  }
  // Evidence bytes: every stored file must still hash to the digest it is stored under.
  for (const finding of await verifyBlobs(ctx)) {
    problems.push({
      kind: finding.problem === 'missing' ? 'file_missing' : 'file_altered',
      table: 'files',
      id: finding.fileId,
      message: finding.message,
    });
  }
  // Bytes no file row refers to: a rejected upload of an older version, or rows removed behind the ledger's back.
  const referenced = new Set<string>();
  for await (const batch of ctx.records.allRows(db, 'files'))
    for (const row of batch) referenced.add(String(row.sha256));
  for await (const blob of ctx.evidence.blobs.unreferenced(referenced))
    problems.push({
      kind: 'blob_unreferenced',
      id: blob.name,
      message: `stored blob ${blob.name} (${blob.size} bytes, written ${blob.modifiedAt}) belongs to no file; "dossier gc" removes it`,
    });
  return {
    ok: problems.length === 0,
    entries,
    rows,
    head: { seq: head.seq, hash: head.hash },
    root: tree.root().toString('hex'),
    checkpoints,
    problems,
  };
}
