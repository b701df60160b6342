/**
 * Merkle tree hashing, proofs and their checks as RFC 6962 (section 2.1) and RFC 9162 (section 2.1) define
 * them, over SHA-256: a leaf is hashed as SHA-256(0x00 || data), an inner node as SHA-256(0x01 || left ||
 * right), and a tree of n leaves splits at the largest power of two smaller than n. Pure code, no I/O.
 */
import { createHash } from 'node:crypto';

export type Hash = Buffer;

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** The hash of a leaf: SHA-256(0x00 || data). */
export function leafHash(data: Uint8Array): Hash {
  return createHash('sha256').update(LEAF_PREFIX).update(data).digest();
}

/** The hash of an inner node: SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Hash {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** The root of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT: Hash = createHash('sha256').digest();

/** The largest power of two strictly smaller than n (n > 1). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  // Arithmetic rather than bit operators, which stop at 32 bits.
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}

/**
 * A tree over a list of leaf hashes, with every complete subtree's hash computed once (levels), so that roots
 * of earlier sizes and proofs cost a few hashes each instead of a pass over all leaves.
 */
export class MerkleTree {
  /** levels[h][i]: hash of the complete subtree of 2^h leaves starting at leaf i·2^h. */
  private readonly levels: Hash[][];

  constructor(leafHashes: readonly Hash[]) {
    this.levels = [leafHashes.slice()];
    for (let level = this.levels[0]!; level.length > 1;) {
      const next: Hash[] = [];
      for (let i = 0; i + 1 < level.length; i += 2) next.push(nodeHash(level[i]!, level[i + 1]!));
      this.levels.push(next);
      level = next;
    }
  }

  /** A tree whose leaves are the given data, each hashed as a leaf. */
  static fromData(data: readonly Uint8Array[]): MerkleTree {
    return new MerkleTree(data.map((d) => leafHash(d)));
  }

  get size(): number {
    return this.levels[0]!.length;
  }

  leaf(index: number): Hash {
    const hash = this.levels[0]![index];
    if (!hash) throw new RangeError(`no leaf ${index} in a tree of ${this.size}`);
    return hash;
  }

  /** The root of the tree made of the first `size` leaves (RFC 6962 MTH). */
  root(size: number = this.size): Hash {
    this.checkSize(size);
    return size === 0 ? EMPTY_ROOT : this.rangeHash(0, size);
  }

  /** The audit path of leaf `index` in the tree of the first `size` leaves (RFC 6962 PATH). */
  inclusionProof(index: number, size: number = this.size): Hash[] {
    this.checkSize(size);
    if (!Number.isSafeInteger(index) || index < 0 || index >= size)
      throw new RangeError(`leaf ${index} is not in a tree of ${size}`);
    const proof: Hash[] = [];
    // Walk down from the root, noting each sibling; the path is read leaf-first, so reverse at the end.
    let start = 0;
    let end = size;
    while (end - start > 1) {
      const k = splitPoint(end - start);
      if (index < start + k) {
        proof.push(this.rangeHash(start + k, end));
        end = start + k;
      } else {
        proof.push(this.rangeHash(start, start + k));
        start += k;
      }
    }
    return proof.reverse();
  }

  /** The proof that the tree of `oldSize` leaves is a prefix of the tree of `newSize` (RFC 6962 PROOF). */
  consistencyProof(oldSize: number, newSize: number = this.size): Hash[] {
    this.checkSize(newSize);
    if (!Number.isSafeInteger(oldSize) || oldSize < 0 || oldSize > newSize)
      throw new RangeError(`a tree of ${oldSize} cannot precede a tree of ${newSize}`);
    if (oldSize === 0 || oldSize === newSize) return [];
    const proof: Hash[] = [];
    const sub = (m: number, start: number, end: number, whole: boolean): void => {
      const n = end - start;
      if (m === n) {
        if (!whole) proof.push(this.rangeHash(start, end));
        return;
      }
      const k = splitPoint(n);
      if (m <= k) {
        sub(m, start, start + k, whole);
        proof.push(this.rangeHash(start + k, end));
      } else {
        sub(m - k, start + k, end, false);
        proof.push(this.rangeHash(start, start + k));
      }
    };
    sub(oldSize, 0, newSize, true);
    return proof;
  }

  private checkSize(size: number): void {
    if (!Number.isSafeInteger(size) || size < 0 || size > this.size)
      throw new RangeError(`the tree has ${this.size} leaves, not ${size}`);
  }

  /** Hash of the leaves [start, end): a stored complete subtree when aligned, else split as MTH does. */
  private rangeHash(start: number, end: number): Hash {
    const n = end - start;
    if (n === 1) return this.levels[0]![start]!;
    if (isPowerOfTwo(n) && start % n === 0) {
      const height = Math.log2(n);
      const stored = this.levels[height]?.[start / n];
      if (stored) return stored;
    }
    const k = splitPoint(n);
    return nodeHash(this.rangeHash(start, start + k), this.rangeHash(start + k, end));
  }
}

const odd = (n: number) => n % 2 === 1;
const half = (n: number) => Math.floor(n / 2);

/**
 * Checks that `leaf` (a leaf hash) is leaf `index` of the tree of `size` leaves whose root is `root`, with the
 * audit path `proof` (RFC 9162, 2.1.3.2).
 */
export function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!odd(fn))
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && Buffer.from(r).equals(Buffer.from(root));
}

/**
 * Checks that the tree of `oldSize` leaves with root `oldRoot` is a prefix of the tree of `newSize` leaves with
 * root `newRoot`, with the consistency proof `proof` (RFC 9162, 2.1.4.2).
 */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  proof: readonly Uint8Array[],
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
): boolean {
  if (!Number.isSafeInteger(oldSize) || !Number.isSafeInteger(newSize) || oldSize < 0 || oldSize > newSize)
    return false;
  const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
  if (oldSize === newSize) return proof.length === 0 && same(oldRoot, newRoot);
  // Every tree extends the empty one; there is nothing to prove.
  if (oldSize === 0) return proof.length === 0 && same(oldRoot, EMPTY_ROOT);
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : [...proof];
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Uint8Array = path[0]!;
  let sr: Uint8Array = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!odd(fn))
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return same(fr, oldRoot) && same(sr, newRoot) && sn === 0;
}
