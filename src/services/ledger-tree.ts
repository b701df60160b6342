/**
 * The ledger as a Merkle tree (RFC 6962 hashing, src/merkle): leaf i is the hash of entry i+1, taken as its 32
 * bytes. The chain stays as it was — each entry still names the one before — and the tree is built over the
 * hashes the entries already carry, so a store from before the tree needs no rewriting to be proved.
 */
import { MerkleTree, leafHash, verifyConsistency, verifyInclusion, type Hash } from '../merkle/index.js';
import type { Checkpoint } from '../storage/index.js';
import type { ServiceContext } from './context.js';

/** The leaf of an entry: SHA-256(0x00 || the entry's 32-byte hash). */
export function entryLeaf(entryHashHex: string): Hash {
  return leafHash(Buffer.from(entryHashHex, 'hex'));
}

/** The tree of the ledger's first `size` entries as stored (all of them when no size is given). */
export async function ledgerTree(ctx: ServiceContext, size?: number): Promise<MerkleTree> {
  const leaves: Hash[] = [];
  for (let after = 0; ;) {
    let query = ctx.store.db
      .selectFrom('auditLog')
      .select(['seq', 'hash'])
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(20_000);
    if (size !== undefined) query = query.where('seq', '<=', size);
    const batch = await query.execute();
    if (batch.length === 0) break;
    for (const row of batch) leaves.push(entryLeaf(row.hash));
    after = Number(batch[batch.length - 1]!.seq);
  }
  return new MerkleTree(leaves);
}

/** What proves that one ledger entry is in the tree of a given size; all hashes hex. */
export interface InclusionProof {
  seq: number;
  /** The entry's own hash (the leaf's data). */
  entryHash: string;
  treeSize: number;
  root: string;
  proof: string[];
}

/** What proves that the tree of `oldSize` entries is a prefix of the tree of `newSize` entries. */
export interface ConsistencyProof {
  oldSize: number;
  oldRoot: string;
  newSize: number;
  newRoot: string;
  proof: string[];
}

const hex = (h: Buffer) => h.toString('hex');

/** The inclusion proof of entry `seq` in a tree (built once by the caller for many proofs). */
export function inclusionProofIn(
  tree: MerkleTree,
  seq: number,
  entryHash: string,
  treeSize = tree.size,
): InclusionProof {
  return {
    seq,
    entryHash,
    treeSize,
    root: hex(tree.root(treeSize)),
    proof: tree.inclusionProof(seq - 1, treeSize).map(hex),
  };
}

/** The inclusion proof of entry `seq` in the tree of the first `treeSize` entries (the whole ledger by default). */
export async function entryInclusionProof(
  ctx: ServiceContext,
  seq: number,
  treeSize?: number,
): Promise<InclusionProof> {
  const tree = await ledgerTree(ctx, treeSize);
  const size = treeSize ?? tree.size;
  if (!Number.isSafeInteger(seq) || seq < 1 || seq > size)
    throw new RangeError(`entry ${seq} is not in a ledger of ${size} entries`);
  if (size > tree.size) throw new RangeError(`the ledger has ${tree.size} entries, not ${size}`);
  return inclusionProofIn(tree, seq, await entryHashOf(ctx, seq), size);
}

async function entryHashOf(ctx: ServiceContext, seq: number): Promise<string> {
  const row = await ctx.store.db
    .selectFrom('auditLog')
    .select('hash')
    .where('seq', '=', seq)
    .executeTakeFirst();
  if (!row) throw new RangeError(`entry ${seq} is not in the ledger`);
  return row.hash;
}

/** The consistency proof between the trees of `oldSize` and `newSize` entries (the whole ledger by default). */
export async function ledgerConsistencyProof(
  ctx: ServiceContext,
  oldSize: number,
  newSize?: number,
): Promise<ConsistencyProof> {
  const tree = await ledgerTree(ctx, newSize);
  const size = newSize ?? tree.size;
  if (size > tree.size) throw new RangeError(`the ledger has ${tree.size} entries, not ${size}`);
  if (!Number.isSafeInteger(oldSize) || oldSize < 0 || oldSize > size)
    throw new RangeError(`a ledger of ${oldSize} entries cannot precede one of ${size}`);
  return {
    oldSize,
    oldRoot: hex(tree.root(oldSize)),
    newSize: size,
    newRoot: hex(tree.root(size)),
    proof: tree.consistencyProof(oldSize, size).map(hex),
  };
}

const bytes = (h: string) => Buffer.from(h, 'hex');
const isHash = (h: unknown): h is string => typeof h === 'string' && /^[0-9a-f]{64}$/.test(h);

/**
 * Checks an inclusion proof on its own (no database): the entry's leaf climbs to the root it names. With a
 * signed tree head, the root must also be the head's and the tree size its `seq`.
 */
export function checkInclusionProof(
  proof: InclusionProof,
  head?: Checkpoint,
): { ok: boolean; message: string } {
  if (
    !isHash(proof.entryHash) ||
    !isHash(proof.root) ||
    !Array.isArray(proof.proof) ||
    !proof.proof.every(isHash)
  )
    return { ok: false, message: 'the proof is not made of 64-hex-digit hashes' };
  if (head) {
    if (head.version !== 'v2' || !head.root)
      return {
        ok: false,
        message: `the checkpoint of entry ${head.seq} is a ${head.version} checkpoint without a tree root`,
      };
    if (head.seq !== proof.treeSize || head.root !== proof.root)
      return {
        ok: false,
        message: `the proof is for a tree of ${proof.treeSize} entries with another root than the signed head's`,
      };
  }
  const ok = verifyInclusion(
    entryLeaf(proof.entryHash),
    proof.seq - 1,
    proof.treeSize,
    proof.proof.map(bytes),
    bytes(proof.root),
  );
  return ok
    ? {
        ok,
        message: `entry ${proof.seq} is in the ledger of ${proof.treeSize} entries with root ${proof.root}`,
      }
    : {
        ok,
        message: `entry ${proof.seq} is not proved to be in the ledger of ${proof.treeSize} entries: the proof or the entry was altered`,
      };
}

/** Checks a consistency proof on its own (no database). */
export function checkConsistencyProof(proof: ConsistencyProof): { ok: boolean; message: string } {
  if (
    !isHash(proof.oldRoot) ||
    !isHash(proof.newRoot) ||
    !Array.isArray(proof.proof) ||
    !proof.proof.every(isHash)
  )
    return { ok: false, message: 'the proof is not made of 64-hex-digit hashes' };
  const ok = verifyConsistency(
    proof.oldSize,
    proof.newSize,
    proof.proof.map(bytes),
    bytes(proof.oldRoot),
    bytes(proof.newRoot),
  );
  return ok
    ? {
        ok,
        message: `the ledger of ${proof.newSize} entries extends the ledger of ${proof.oldSize} entries unchanged`,
      }
    : {
        ok,
        message: `the ledger of ${proof.newSize} entries is not proved to extend the one of ${proof.oldSize}: an earlier entry was rewritten, or the proof altered`,
      };
}
