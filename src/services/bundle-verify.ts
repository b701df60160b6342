/**
 * Checks a bundle folder offline: no database, no key but the public one. The manifest's signature, the signed
 * tree head, every file's SHA-256 (and no file the manifest does not list), and for every record: its digest
 * matches the ledger entry of its last write, the entry's hash follows from its fields, and the entry is in the
 * signed tree head by its inclusion proof. Each problem names the file, the line or the record.
 */
import { createHash, randomBytes, type KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { FieldCipher } from '../storage/field-cipher.js';
import { RecordRepository } from '../storage/record-repository.js';
import {
  caseSpecForType,
  entryHash,
  FILE_SPEC,
  parseCheckpoint,
  publicKeyFromBase64,
  rowDigest,
  signatureValid,
  type RecordValue,
} from '../storage/index.js';
import {
  manifestSignatureValid,
  releaseDigest,
  type BundleManifest,
  type BundleRecordLine,
} from './bundle-format.js';
import { checkInclusionProof } from './ledger-tree.js';

export interface BundleProblem {
  kind: 'manifest' | 'signature' | 'tree_head' | 'file_missing' | 'file_altered' | 'file_unlisted' | 'record';
  message: string;
  file?: string;
  line?: number;
  id?: string;
}

export interface BundleReport {
  ok: boolean;
  audience: string | null;
  records: number;
  files: number;
  problems: BundleProblem[];
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

// Only the row layout is used (a protected record in a bundle is checked by its release entry instead), so the
// cipher's key is never used.
const repository = new RecordRepository(new FieldCipher(randomBytes(32)), {
  name: 'sqlite',
  supportsRowLocks: false,
  caseInsensitiveLike: 'like',
});

/** Checks the bundle in `dir`; with `expectedKey` (base64), the manifest must be signed by that key. */
export async function verifyBundle(dir: string, expectedKey?: string): Promise<BundleReport> {
  const problems: BundleProblem[] = [];
  const report = (manifest: BundleManifest | null, records = 0): BundleReport => ({
    ok: problems.length === 0,
    audience: manifest?.audience ?? null,
    records,
    files: manifest ? manifest.files.length : 0,
    problems,
  });
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as BundleManifest;
  } catch {
    problems.push({
      kind: 'manifest',
      file: 'manifest.json',
      message: 'manifest.json is missing or not JSON',
    });
    return report(null);
  }
  if (manifest.format !== 'dossier-bundle' || manifest.version !== 1 || !Array.isArray(manifest.files)) {
    problems.push({
      kind: 'manifest',
      file: 'manifest.json',
      message: 'not a dossier bundle manifest of version 1',
    });
    return report(null);
  }
  let key: KeyObject;
  try {
    if (expectedKey && expectedKey !== manifest.publicKey)
      throw new Error('the manifest names another public key than the one given');
    key = publicKeyFromBase64(manifest.publicKey);
  } catch (error) {
    problems.push({ kind: 'signature', file: 'manifest.json', message: (error as Error).message });
    return report(manifest);
  }
  if (!manifestSignatureValid(manifest, key))
    problems.push({
      kind: 'signature',
      file: 'manifest.json',
      message: 'manifest.json does not carry a valid signature of its key: the manifest was edited',
    });
  const parsedHead = parseCheckpoint(JSON.stringify(manifest.treeHead));
  const head = 'checkpoint' in parsedHead ? parsedHead.checkpoint : null;
  if (!head || head.version !== 'v2' || !signatureValid(head, key)) {
    problems.push({
      kind: 'tree_head',
      file: 'manifest.json',
      message: 'the tree head is not a v2 head signed by this key',
    });
  }

  const listed = new Map(manifest.files.map((f) => [f.path, f]));
  for (const file of manifest.files) {
    if (
      !/^(records\.jsonl|places\.geojson|report\.html|report\.pdf|entities\.ftm\.jsonl|wgeid\.jsonl|files\/[0-9a-f]{64})$/.test(
        file.path,
      )
    ) {
      problems.push({
        kind: 'manifest',
        file: file.path,
        message: `the manifest lists an unexpected path ${file.path}`,
      });
      continue;
    }
    let actual: string;
    try {
      actual = await sha256Of(join(dir, file.path));
    } catch {
      problems.push({ kind: 'file_missing', file: file.path, message: `${file.path} is missing` });
      continue;
    }
    if (actual !== file.sha256)
      problems.push({
        kind: 'file_altered',
        file: file.path,
        message: `${file.path} does not have the SHA-256 the manifest lists: it was altered`,
      });
  }
  const present = [
    ...(await readdir(dir)).filter((n) => n !== 'manifest.json' && n !== 'files'),
    ...(await readdir(join(dir, 'files')).catch(() => [] as string[])).map((n) => `files/${n}`),
  ];
  for (const path of present)
    if (!listed.has(path))
      problems.push({ kind: 'file_unlisted', file: path, message: `${path} is not in the manifest` });

  let records = 0;
  const text = await readFile(join(dir, 'records.jsonl'), 'utf8').catch(() => null);
  // A missing records.jsonl is already named with the manifest's files.
  if (text === null) return report(manifest);
  const lines = text.split('\n').filter((l) => l.trim());
  lines.forEach((raw, index) => {
    const where = { file: 'records.jsonl', line: index + 1 };
    let line: BundleRecordLine | { type: 'omitted' };
    try {
      line = JSON.parse(raw) as BundleRecordLine;
    } catch {
      problems.push({ kind: 'record', ...where, message: `records.jsonl line ${index + 1} is not JSON` });
      return;
    }
    if (line.type === 'omitted') return;
    const { type, record, entry, proof } = line as BundleRecordLine;
    const spec = type === 'file' ? FILE_SPEC : caseSpecForType(type);
    if (!spec || !record || !entry || !Array.isArray(proof)) {
      problems.push({
        kind: 'record',
        ...where,
        message: `records.jsonl line ${index + 1} is not a bundle record`,
      });
      return;
    }
    records++;
    const name = `${type} ${record.id} (records.jsonl line ${index + 1})`;
    const fail = (message: string) =>
      problems.push({ kind: 'record', ...where, id: record.id, message: `${name} ${message}` });
    if (entry.resourceId !== record.id) return fail('comes with the ledger entry of another record');
    // A released protected record is tied to the ledger by its release entry, over the record in clear (its
    // stored row is encrypted); every other record by the digest of its row.
    const digest =
      entry.action === 'release'
        ? releaseDigest(record)
        : rowDigest(repository.toRow(spec, record as RecordValue));
    if (digest !== entry.digest)
      return fail(
        `no longer matches the digest its ledger entry ${entry.seq} recorded: the record was altered`,
      );
    if (entryHash(entry.prevHash, entry) !== entry.hash)
      return fail(`has a ledger entry ${entry.seq} whose hash does not follow from its fields`);
    if (head) {
      const included = checkInclusionProof(
        { seq: entry.seq, entryHash: entry.hash, treeSize: head.seq, root: head.root ?? '', proof },
        head,
      );
      if (!included.ok) fail(`is not proved to be in the ledger: ${included.message}`);
    }
  });
  if (records !== manifest.records)
    problems.push({
      kind: 'manifest',
      file: 'records.jsonl',
      message: `the manifest counts ${manifest.records} records, records.jsonl holds ${records}`,
    });
  return report(manifest, records);
}
