/**
 * Signed checkpoints of the ledger's head. A checkpoint says "entry `seq` of this instance's ledger had hash
 * `hash` at time `at`", signed with the instance's Ed25519 key. Kept in the database, appended to a file outside
 * it and printed for publication: whoever holds an earlier checkpoint can tell that entries up to it were
 * removed or rewritten since, even if the rest of the chain was re-hashed consistently.
 *
 * Version `v1` anchors the hash chain's head. Version `v2` is a signed tree head: it adds the root of the
 * RFC 6962 Merkle tree whose leaves are the hashes of entries 1..`seq` (src/merkle), so that one entry can be
 * proved to be in the ledger, and one head proved to extend another, without the whole ledger. A verifier
 * reads the version first and refuses one it does not know; v1 checkpoints made before the tree stay valid.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { canonicalJson, sha256Hex } from '../domain/canonical-json.js';

/** The version new checkpoints are made at: a signed tree head. */
export const CHECKPOINT_VERSION = 'v2';
export const CHECKPOINT_VERSIONS = ['v1', 'v2'] as const;

export interface Checkpoint {
  version: (typeof CHECKPOINT_VERSIONS)[number];
  seq: number;
  /** Hash of the ledger entry `seq` (the chain's head when the checkpoint was made). */
  hash: string;
  /** v2: root of the Merkle tree of entries 1..seq (the tree size is `seq`), hex. */
  root?: string;
  at: string;
  /** Id of the instance's public key (see `keyIdOf`). */
  key: string;
  /** Ed25519 signature of `signedBytes`, base64. */
  signature: string;
}

/** The instance's signing key and what others need to check its signatures. */
export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
  /** The raw 32-byte public key, base64: what `dossier keys show` prints for publication. */
  publicKeyBase64: string;
}

/** A new Ed25519 private key, PKCS#8 PEM, for the key file. */
export function newSigningKeyPem(): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

export function signingKeyFromPem(pem: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('the signing key is not an Ed25519 key');
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey), publicKeyBase64: rawPublicKey(publicKey) };
}

/** An Ed25519 public key from its raw 32 bytes in base64. */
export function publicKeyFromBase64(text: string): KeyObject {
  const raw = Buffer.from(text, 'base64');
  if (raw.length !== 32) throw new Error('an Ed25519 public key is 32 bytes');
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
    format: 'jwk',
  });
}

/** First 16 hex digits of the SHA-256 of the raw public key. */
export function keyIdOf(publicKey: KeyObject): string {
  return sha256Hex(rawPublicKey(publicKey)).slice(0, 16);
}

function rawPublicKey(publicKey: KeyObject): string {
  const { x } = publicKey.export({ format: 'jwk' });
  return Buffer.from(String(x), 'base64url').toString('base64');
}

/** What is signed: a fixed label (so the signature means nothing elsewhere) and the fields in canonical JSON. */
function signedBytes(checkpoint: Omit<Checkpoint, 'signature'>): Buffer {
  const { version, seq, hash, root, at, key } = checkpoint;
  if (version === 'v1')
    return Buffer.from(
      `dossier ledger checkpoint\n${canonicalJson({ version, seq, hash, at, key })}`,
      'utf8',
    );
  // A v2 signature covers the root too, under its own label: it cannot be passed off as a v1 one or back.
  return Buffer.from(
    `dossier ledger tree head\n${canonicalJson({ version, seq, hash, root: root ?? null, at, key })}`,
    'utf8',
  );
}

/**
 * Signs the head: a v2 tree head when the tree's root is given, else a v1 checkpoint of the chain alone (kept
 * so that stores and tests from before the tree can still make and read them).
 */
export function signCheckpoint(
  key: SigningKey,
  head: { seq: number; hash: string; root?: string },
  at: string,
): Checkpoint {
  const unsigned: Omit<Checkpoint, 'signature'> =
    head.root === undefined
      ? { version: 'v1', seq: head.seq, hash: head.hash, at, key: key.keyId }
      : { version: 'v2', seq: head.seq, hash: head.hash, root: head.root, at, key: key.keyId };
  return { ...unsigned, signature: sign(null, signedBytes(unsigned), key.privateKey).toString('base64') };
}

/** True when the signature is the given key's over exactly these fields. */
export function signatureValid(checkpoint: Checkpoint, publicKey: KeyObject): boolean {
  if (checkpoint.key !== keyIdOf(publicKey)) return false;
  try {
    return verify(null, signedBytes(checkpoint), publicKey, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}

/** One line of canonical JSON: the form written to the file and printed for publication. */
export function checkpointLine(checkpoint: Checkpoint): string {
  const { version, seq, hash, root, at, key, signature } = checkpoint;
  return canonicalJson({ version, seq, hash, ...(root !== undefined ? { root } : {}), at, key, signature });
}

/** Reads a checkpoint line; returns the reason when it is not one. */
export function parseCheckpoint(text: string): { checkpoint: Checkpoint } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: 'not JSON' };
  }
  if (value === null || typeof value !== 'object') return { error: 'not a JSON object' };
  const v = value as Record<string, unknown>;
  if (v.version !== 'v1' && v.version !== 'v2')
    return {
      error: `unknown checkpoint version ${JSON.stringify(v.version)} (this version reads v1 and v2)`,
    };
  if (typeof v.seq !== 'number' || !Number.isSafeInteger(v.seq) || v.seq < 0)
    return { error: 'seq is not a number' };
  if (typeof v.hash !== 'string' || !/^[0-9a-f]{64}$/.test(v.hash))
    return { error: 'hash is not 64 hex digits' };
  if (v.version === 'v2' && (typeof v.root !== 'string' || !/^[0-9a-f]{64}$/.test(v.root)))
    return { error: 'root is not 64 hex digits' };
  if (typeof v.at !== 'string') return { error: 'at is missing' };
  if (typeof v.key !== 'string') return { error: 'key is missing' };
  if (typeof v.signature !== 'string') return { error: 'signature is missing' };
  return {
    checkpoint: {
      version: v.version,
      seq: v.seq,
      hash: v.hash,
      ...(v.version === 'v2' ? { root: v.root as string } : {}),
      at: v.at,
      key: v.key,
      signature: v.signature,
    },
  };
}
