import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EMPTY_ROOT, MerkleTree, leafHash, nodeHash, verifyConsistency, verifyInclusion } from './index.js';

/** The eight leaf inputs used across RFC 6962 implementations' tests. */
const INPUTS = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((h) => Buffer.from(h, 'hex'));

/** The published roots of the trees of the first 0..8 of those inputs (transparency-dev/merkle test data). */
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

/** Published leaf hashes of the eight inputs. */
const LEAVES = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
  '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
  '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
  'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
  '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
  'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
  '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
];

const hex = (b: Buffer) => b.toString('hex');
const tree = MerkleTree.fromData(INPUTS);

/** A copy of the proof with one bit of element `i` flipped. */
function flipped(proof: Buffer[], i: number): Buffer[] {
  return proof.map((p, j) => {
    if (j !== i) return p;
    const copy = Buffer.from(p);
    copy[copy.length - 1]! ^= 1;
    return copy;
  });
}

describe('RFC 6962 hashing', () => {
  it('hashes the eight standard inputs to the published leaf hashes', () => {
    expect(INPUTS.map((d) => hex(leafHash(d)))).toEqual(LEAVES);
  });

  it('gives the published root for every tree size from 0 to 8', () => {
    for (let size = 0; size <= 8; size++) expect(hex(tree.root(size)), `size ${size}`).toBe(ROOTS[size]);
    expect(hex(EMPTY_ROOT)).toBe(ROOTS[0]);
  });

  it('builds the same roots when the tree is made for each size on its own', () => {
    for (let size = 1; size <= 8; size++)
      expect(hex(MerkleTree.fromData(INPUTS.slice(0, size)).root())).toBe(ROOTS[size]);
  });

  it('separates leaves from nodes (the prefixes matter)', () => {
    const a = leafHash(INPUTS[0]!);
    const b = leafHash(INPUTS[1]!);
    expect(hex(nodeHash(a, b))).toBe(ROOTS[2]);
    const plain = createHash('sha256')
      .update(Buffer.concat([a, b]))
      .digest();
    expect(hex(plain)).not.toBe(ROOTS[2]);
  });
});

describe('inclusion proofs', () => {
  const big = MerkleTree.fromData(Array.from({ length: 70 }, (_, i) => Buffer.from(`leaf ${i}`)));

  it('verify for every leaf of every tree size up to 70', () => {
    for (let size = 1; size <= 70; size++) {
      const root = big.root(size);
      for (let index = 0; index < size; index++) {
        const proof = big.inclusionProof(index, size);
        expect(verifyInclusion(big.leaf(index), index, size, proof, root), `${index}/${size}`).toBe(true);
      }
    }
  });

  it('match the published audit path of leaf 0 in the eight-leaf tree', () => {
    // Siblings up the tree: leaf 1, the hash of leaves 2..3, the hash of leaves 4..7 (published node hashes).
    expect(tree.inclusionProof(0, 8).map(hex)).toEqual([
      LEAVES[1],
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
  });

  it('fail when any part is altered', () => {
    for (let size = 2; size <= 20; size++) {
      const root = big.root(size);
      for (let index = 0; index < size; index++) {
        const proof = big.inclusionProof(index, size);
        const leaf = big.leaf(index);
        for (let i = 0; i < proof.length; i++)
          expect(verifyInclusion(leaf, index, size, flipped(proof, i), root)).toBe(false);
        expect(verifyInclusion(leaf, index, size, proof.slice(0, -1), root)).toBe(false);
        expect(verifyInclusion(leaf, index, size, [...proof, root], root)).toBe(false);
        expect(verifyInclusion(big.leaf((index + 1) % size), index, size, proof, root)).toBe(false);
        expect(verifyInclusion(leaf, (index + 1) % size, size, proof, root)).toBe(false);
        expect(verifyInclusion(leaf, index, size, proof, big.root(size - 1))).toBe(false);
        // A proof for one size does not prove the leaf in the next tree, whose root differs.
        expect(verifyInclusion(leaf, index, size + 1, proof, big.root(size + 1))).toBe(false);
      }
    }
    expect(verifyInclusion(big.leaf(0), 0, 0, [], EMPTY_ROOT)).toBe(false);
    expect(verifyInclusion(big.leaf(3), 3, 2, [], big.root(2))).toBe(false);
  });

  it('refuses to prove a leaf outside the tree', () => {
    expect(() => big.inclusionProof(5, 5)).toThrow(RangeError);
    expect(() => big.inclusionProof(0, 71)).toThrow(RangeError);
  });
});

describe('consistency proofs', () => {
  const big = MerkleTree.fromData(Array.from({ length: 40 }, (_, i) => Buffer.from(`entry ${i}`)));

  it('verify between every pair of sizes up to 40', () => {
    for (let newSize = 1; newSize <= 40; newSize++)
      for (let oldSize = 0; oldSize <= newSize; oldSize++) {
        const proof = big.consistencyProof(oldSize, newSize);
        expect(
          verifyConsistency(oldSize, newSize, proof, big.root(oldSize), big.root(newSize)),
          `${oldSize}→${newSize}`,
        ).toBe(true);
      }
  });

  it('match the published proof from the four-leaf tree to the eight-leaf tree', () => {
    // The old tree is a complete subtree: its root is not repeated; the hash of leaves 4..7 completes it.
    expect(tree.consistencyProof(4, 8).map(hex)).toEqual([
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
  });

  it('fail when a proof, a size or a root is altered, or the old tree was rewritten', () => {
    for (let newSize = 2; newSize <= 20; newSize++)
      for (let oldSize = 1; oldSize < newSize; oldSize++) {
        const proof = big.consistencyProof(oldSize, newSize);
        const [oldRoot, newRoot] = [big.root(oldSize), big.root(newSize)];
        for (let i = 0; i < proof.length; i++)
          expect(verifyConsistency(oldSize, newSize, flipped(proof, i), oldRoot, newRoot)).toBe(false);
        expect(verifyConsistency(oldSize, newSize, proof.slice(1), oldRoot, newRoot)).toBe(false);
        expect(verifyConsistency(oldSize, newSize, [...proof, newRoot], oldRoot, newRoot)).toBe(false);
        expect(verifyConsistency(oldSize, newSize, proof, big.root(oldSize - 1), newRoot)).toBe(false);
        expect(verifyConsistency(oldSize, newSize, proof, oldRoot, big.root(newSize - 1))).toBe(false);
        expect(verifyConsistency(oldSize, newSize + 1, proof, oldRoot, big.root(newSize + 1))).toBe(false);
        expect(verifyConsistency(newSize, oldSize, proof, newRoot, oldRoot)).toBe(false);
      }
    // A log whose early entry was rewritten: the old root no longer follows from the new tree.
    const rewritten = MerkleTree.fromData(
      Array.from({ length: 12 }, (_, i) => Buffer.from(i === 2 ? 'rewritten' : `entry ${i}`)),
    );
    expect(verifyConsistency(5, 12, rewritten.consistencyProof(5, 12), big.root(5), rewritten.root(12))).toBe(
      false,
    );
    expect(verifyConsistency(3, 3, [], big.root(3), big.root(4))).toBe(false);
  });
});
