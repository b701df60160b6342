import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  checkpointLine,
  entryHash,
  parseCheckpoint,
  signCheckpoint,
  signatureValid,
  type Checkpoint,
  type SigningKey,
} from '../storage/index.js';
import { now, type ServiceContext } from './context.js';
import { ledgerTree } from './ledger-tree.js';

/** Where checkpoints are signed and kept besides the database. */
export interface CheckpointSettings {
  key: SigningKey;
  /** Append-only file of checkpoint lines outside the database; null to keep them in the database only. */
  file: string | null;
}

/** A checkpoint as found, with where it was found (for findings that name it). */
export interface KnownCheckpoint {
  checkpoint: Checkpoint;
  where: string[];
}

export interface CheckpointFinding {
  kind: 'checkpoint' | 'checkpoint_signature';
  seq?: number;
  message: string;
}

/**
 * Signs the given head (entry `seq` with its hash) with the root of the Merkle tree of entries 1..seq — a
 * signed tree head — and records it in the table and the file.
 */
export async function writeCheckpoint(
  ctx: ServiceContext,
  settings: CheckpointSettings,
  head: { seq: number; hash: string },
): Promise<Checkpoint> {
  const tree = await ledgerTree(ctx, head.seq);
  if (tree.size !== head.seq)
    throw new Error(`the ledger holds ${tree.size} of the ${head.seq} entries the head names: not signed`);
  const root = tree.root().toString('hex');
  const checkpoint = signCheckpoint(settings.key, { seq: head.seq, hash: head.hash, root }, now());
  await ctx.store.db
    .insertInto('ledgerCheckpoints')
    .values({
      id: randomUUID(),
      version: checkpoint.version,
      seq: checkpoint.seq,
      hash: checkpoint.hash,
      root: checkpoint.root ?? null,
      at: checkpoint.at,
      keyId: checkpoint.key,
      signature: checkpoint.signature,
    })
    .execute();
  if (settings.file) {
    await mkdir(dirname(settings.file), { recursive: true, mode: 0o700 });
    await appendFile(settings.file, checkpointLine(checkpoint) + '\n', { mode: 0o600, flag: 'a' });
  }
  return checkpoint;
}

/** The latest checkpoint in the database, if any. */
export async function latestCheckpoint(ctx: ServiceContext): Promise<Checkpoint | null> {
  const row = await ctx.store.db
    .selectFrom('ledgerCheckpoints')
    .selectAll()
    .orderBy('seq', 'desc')
    .orderBy('at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? fromRow(row) : null;
}

function fromRow(row: {
  version: string;
  seq: number;
  hash: string;
  root: string | null;
  at: string;
  keyId: string;
  signature: string;
}): Checkpoint {
  // A row whose version was rewritten is kept as read, so that its signature fails instead of being skipped.
  return {
    version: row.version as Checkpoint['version'],
    seq: Number(row.seq),
    hash: row.hash,
    ...(row.root !== null ? { root: row.root } : {}),
    at: row.at,
    key: row.keyId,
    signature: row.signature,
  };
}

/**
 * Every checkpoint the instance knows, from the table and from the file, each once (by signature), and what
 * could not be read. Checkpoints whose signature fails are reported and left out: they anchor nothing.
 */
export async function knownCheckpoints(
  ctx: ServiceContext,
  settings: CheckpointSettings,
): Promise<{ valid: KnownCheckpoint[]; findings: CheckpointFinding[] }> {
  const found = new Map<string, KnownCheckpoint>();
  const findings: CheckpointFinding[] = [];
  const add = (checkpoint: Checkpoint, where: string) => {
    const key = checkpointLine(checkpoint);
    const known = found.get(key);
    if (known) known.where.push(where);
    else found.set(key, { checkpoint, where: [where] });
  };
  const rows = await ctx.store.db.selectFrom('ledgerCheckpoints').selectAll().orderBy('seq').execute();
  for (const row of rows) add(fromRow(row), 'the ledger_checkpoints table');
  if (settings.file) {
    let text = '';
    try {
      text = await readFile(settings.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      if (rows.length > 0)
        findings.push({
          kind: 'checkpoint',
          message: `the checkpoint file ${settings.file} is missing, though the database holds ${rows.length} checkpoint(s)`,
        });
    }
    text.split('\n').forEach((line, index) => {
      if (!line.trim()) return;
      const parsed = parseCheckpoint(line);
      if ('error' in parsed)
        findings.push({
          kind: 'checkpoint',
          message: `${settings.file} line ${index + 1} is not a checkpoint: ${parsed.error}`,
        });
      else add(parsed.checkpoint, `${settings.file} line ${index + 1}`);
    });
  }
  const valid: KnownCheckpoint[] = [];
  for (const known of found.values()) {
    if (signatureValid(known.checkpoint, settings.key.publicKey)) valid.push(known);
    else
      findings.push({
        kind: 'checkpoint_signature',
        seq: known.checkpoint.seq,
        message: `${describeCheckpoint(known)} does not carry this instance's signature (key ${settings.key.keyId}): it was altered or forged`,
      });
  }
  return { valid, findings };
}

export function describeCheckpoint(known: KnownCheckpoint): string {
  return `the checkpoint of entry ${known.checkpoint.seq} made ${known.checkpoint.at} (in ${known.where.join(' and ')})`;
}

/**
 * Checks a checkpoint (one published elsewhere, say) against the store: its signature, and that entry `seq`
 * still has the hash it names.
 */
export async function checkCheckpoint(
  ctx: ServiceContext,
  settings: CheckpointSettings,
  checkpoint: Checkpoint,
): Promise<{ ok: boolean; message: string }> {
  if (!signatureValid(checkpoint, settings.key.publicKey))
    return {
      ok: false,
      message: `the signature is not this instance's (key ${settings.key.keyId}): the checkpoint was altered, or comes from another instance`,
    };
  const entry = await ctx.store.db
    .selectFrom('auditLog')
    .select(['hash'])
    .where('seq', '=', checkpoint.seq)
    .executeTakeFirst();
  if (!entry)
    return { ok: false, message: `entry ${checkpoint.seq} is no longer in the ledger: entries were removed` };
  if (entry.hash !== checkpoint.hash)
    return {
      ok: false,
      message: `entry ${checkpoint.seq} no longer has the hash the checkpoint names: the ledger was rewritten up to it`,
    };
  if (checkpoint.version === 'v2') {
    const tree = await ledgerTree(ctx, checkpoint.seq);
    if (tree.size !== checkpoint.seq || tree.root().toString('hex') !== checkpoint.root)
      return {
        ok: false,
        message: `the ledger's first ${checkpoint.seq} entries no longer have the Merkle root the tree head signed: an entry up to ${checkpoint.seq} was removed or rewritten`,
      };
    return {
      ok: true,
      message: `entry ${checkpoint.seq} still has the hash, and entries 1..${checkpoint.seq} the Merkle root, signed on ${checkpoint.at}`,
    };
  }
  return { ok: true, message: `entry ${checkpoint.seq} still has the hash signed on ${checkpoint.at}` };
}

/**
 * The scheduled checkpoint (`dossier serve`): checks that the chain from the latest checkpoint to the head is
 * intact and extends it, then signs the head. Writes nothing when the head has not moved, or when the check
 * fails (the findings are returned; `dossier verify` gives the full report).
 */
export async function checkpointHead(
  ctx: ServiceContext,
  settings: CheckpointSettings,
): Promise<{ checkpoint: Checkpoint | null; problems: string[] }> {
  const db = ctx.store.db;
  const head = await db
    .selectFrom('ledgerHead')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  if (head.seq === 0) return { checkpoint: null, problems: [] };
  const previous = await latestCheckpoint(ctx);
  if (previous && previous.seq === head.seq && previous.hash === head.hash)
    return { checkpoint: null, problems: [] };
  let from = { seq: 0, hash: '0'.repeat(64) };
  if (previous) {
    const check = await checkCheckpoint(ctx, settings, previous);
    if (!check.ok) return { checkpoint: null, problems: [`latest checkpoint: ${check.message}`] };
    from = { seq: previous.seq, hash: previous.hash };
  }
  const problem = await checkChainSegment(ctx, from, head);
  if (problem) return { checkpoint: null, problems: [problem] };
  return { checkpoint: await writeCheckpoint(ctx, settings, head), problems: [] };
}

/** Walks the chain from entry `from.seq` (whose hash is known) to the head; the first break, if any. */
async function checkChainSegment(
  ctx: ServiceContext,
  from: { seq: number; hash: string },
  head: { seq: number; hash: string },
): Promise<string | null> {
  let prevHash = from.hash;
  let expected = from.seq + 1;
  while (expected <= head.seq) {
    const batch = await ctx.store.db
      .selectFrom('auditLog')
      .selectAll()
      .where('seq', '>=', expected)
      .where('seq', '<=', head.seq)
      .orderBy('seq')
      .limit(10_000)
      .execute();
    if (batch.length === 0) break;
    for (const entry of batch) {
      if (entry.seq !== expected) return `entry ${expected} is missing`;
      if (entry.prevHash !== prevHash || entryHash(prevHash, entry) !== entry.hash)
        return `entry ${entry.seq} does not follow from the entries before it`;
      prevHash = entry.hash;
      expected++;
    }
  }
  if (expected <= head.seq) return `entries ${expected} to ${head.seq} are missing`;
  if (prevHash !== head.hash) return 'the ledger head does not match the last entry';
  return null;
}
