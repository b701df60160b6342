/** The bundle's manifest and record lines, and the manifest's signature: shared by making and checking. */
import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../domain/canonical-json.js';
import type { Checkpoint, SigningKey } from '../storage/index.js';

export interface BundleManifest {
  format: 'dossier-bundle';
  version: 1;
  case: { id: string; title: string };
  audience: string;
  createdAt: string;
  /** The signed tree head every record's inclusion proof is against. */
  treeHead: Checkpoint;
  /** The instance's Ed25519 public key (raw, base64), as `dossier keys show` prints it. */
  publicKey: string;
  /** Files a bundle normally holds that this one does not, and why (`report.pdf` made without a browser). */
  notProduced?: Array<{ path: string; reason: string }>;
  records: number;
  omitted: number;
  files: Array<{ path: string; sha256: string; size: number }>;
  /** Ed25519 over the label and the canonical JSON of every other field, base64. */
  signature?: string;
}

export interface BundleRecordLine {
  type: string;
  record: Record<string, unknown> & { id: string };
  /** The ledger entry of the record's last write: its fields, previous hash and hash. */
  entry: {
    seq: number;
    at: string;
    actor: string;
    action: string;
    resourceType: string;
    resourceId: string;
    caseId: string | null;
    digest: string | null;
    prevHash: string;
    hash: string;
  };
  /** Inclusion proof of the entry in the manifest's tree head, hex. */
  proof: string[];
}

function manifestBytes(manifest: BundleManifest): Buffer {
  const { signature: _signature, ...fields } = manifest;
  return Buffer.from(`dossier bundle manifest\n${canonicalJson(fields)}`, 'utf8');
}

export function signManifest(key: SigningKey, manifest: BundleManifest): BundleManifest {
  return { ...manifest, signature: sign(null, manifestBytes(manifest), key.privateKey).toString('base64') };
}

export function manifestSignatureValid(manifest: BundleManifest, publicKey: KeyObject): boolean {
  try {
    return verify(
      null,
      manifestBytes(manifest),
      publicKey,
      Buffer.from(String(manifest.signature), 'base64'),
    );
  } catch {
    return false;
  }
}

/**
 * The digest a release entry records for a protected record let into a court bundle with consent: of the record
 * as the bundle holds it, in clear (its stored row is encrypted, so the row's digest cannot be checked offline).
 */
export function releaseDigest(record: object): string {
  return createHash('sha256').update(canonicalJson(record)).digest('hex');
}
