/**
 * The dossier bundle: a folder that stands on its own for an audience (public, a UN body, a court). What goes in
 * is decided here, not trusted to the caller: each record's label must be within the audience's ceiling, a
 * testimony needs its witness's consent for that audience, and a record resting on one left out is left out too
 * — each with its place marked. Every record comes with the ledger entry of its last write and that entry's
 * inclusion proof in a signed tree head; `manifest.json` lists every file's SHA-256 and is signed with the
 * instance's Ed25519 key. `verifyBundle` (src/services/bundle-verify.ts) checks all of it without a database.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { actorLabel, readableLabels, type Actor } from '../auth/index.js';
import { canonicalJson } from '../domain/canonical-json.js';
import { ValidationError } from '../domain/errors.js';
import type { Sensitivity } from '../domain/sensitivity.js';
import {
  ESTIMATE_RUN_SPEC,
  FILE_SPEC,
  RESOURCE_SPECS,
  WRITE_ACTIONS,
  checkpointLine,
  inTransaction,
  type Checkpoint,
  type RecordValue,
  type ResourceSpec,
} from '../storage/index.js';
import { loadCase } from './cases.js';
import { writeCheckpoint, type CheckpointSettings } from './checkpoints.js';
import { now, type ServiceContext } from './context.js';
import { checkCaseFiles } from './files.js';
import { inclusionProofIn, ledgerTree } from './ledger-tree.js';
import { bundleReportHtml } from './bundle-report.js';
import { chromiumExecutable, printReportPdf } from './bundle-pdf.js';
import { zipFolder } from './zip-store.js';
import { disappearanceReports, followTheMoney, placesGeoJson } from './bundle-exports.js';
import { releaseDigest, signManifest, type BundleManifest, type BundleRecordLine } from './bundle-format.js';

export const AUDIENCES = ['public', 'un', 'court'] as const;
export type Audience = (typeof AUDIENCES)[number];

/**
 * The labels each audience may receive. Protected records stay out, except for a court: a protected testimony
 * whose witness consented to legal use (and its excerpts), when whoever makes the bundle may read protected
 * records (see `releasable`).
 */
const CEILING: Record<Audience, readonly Sensitivity[]> = {
  public: ['public'],
  un: ['public', 'internal'],
  court: ['public', 'internal', 'confidential'],
};
/** The consent scope a testimony needs for each audience. */
const CONSENT_SCOPE: Record<Audience, string> = { public: 'public', un: 'un', court: 'legal' };

export interface BundleSummary {
  dir: string;
  /** The folder as a zip beside it (`DIR.zip`). */
  zip: string;
  audience: Audience;
  records: number;
  files: number;
  omitted: Array<{ type: string; id: string; reason: string }>;
  treeHead: Checkpoint;
  /** Whether `report.pdf` is in the bundle (it is unless the caller asked for none). */
  pdf: boolean;
  /** Protected records released with their witness's consent for legal use (court bundles only). */
  released: number;
}

export interface BundleOptions {
  subjects?: readonly string[] | undefined;
  /**
   * `report.pdf`: printed by the Chromium at `chromium` (DOSSIER_CHROMIUM; Debian's by default), or `false` for a
   * bundle without it, which its manifest then says. A missing Chromium is an error naming the setting.
   */
  pdf?: { chromium?: string | undefined } | false | undefined;
}

function consentAllows(source: RecordValue, audience: Audience): boolean {
  if (source.kind !== 'testimony') return true;
  const consent = source.consent as { scopes: string[]; withdrawn: boolean } | null;
  return Boolean(consent && !consent.withdrawn && consent.scopes.includes(CONSENT_SCOPE[audience]));
}

/**
 * Whether a protected record may go to a court: a testimony whose witness consented to legal use, not withdrawn,
 * or an excerpt of one. Nothing else protected is released (a person, a claim, a file): their consent is not
 * recorded, so they stay out. Only ever asked for the court audience and a maker who reads protected records.
 */
function releasable(
  spec: ResourceSpec,
  record: RecordValue,
  sources: ReadonlyMap<string, RecordValue>,
): boolean {
  const consented = (source: RecordValue | undefined) =>
    Boolean(source && source.kind === 'testimony' && consentAllows(source, 'court'));
  if (spec.type === 'source') return consented(record);
  if (spec.type === 'excerpt') return consented(sources.get(String(record.sourceId)));
  return false;
}

/**
 * Narrows the bundle to its subjects: each subject, the records about it (claims, involvements, positions,
 * findings, relations that name it), and everything those rest on; files follow their sources. A subject that is
 * not in the case, or not for this audience, is an error naming it.
 */
function selectSubjects(
  all: ReadonlyArray<{ spec: ResourceSpec; record: RecordValue }>,
  included: Map<string, { spec: ResourceSpec; record: RecordValue }>,
  subjects: readonly string[],
): void {
  const problems = subjects.flatMap((id, i) =>
    !all.some((c) => c.record.id === id)
      ? [{ field: `subjects.${i}`, message: `no record ${id} in this case` }]
      : !included.has(id)
        ? [{ field: `subjects.${i}`, message: `record ${id} is not for this audience` }]
        : [],
  );
  if (problems.length) throw new ValidationError(problems);
  const chosen = new Set(subjects);
  const wanted = new Set(subjects);
  for (const [id, { spec, record }] of included)
    if (spec.referencesOf(record).some((r) => wanted.has(r.id))) chosen.add(id);
  for (let grew = true; grew;) {
    grew = false;
    for (const id of [...chosen]) {
      const item = included.get(id);
      for (const r of item ? item.spec.referencesOf(item.record) : [])
        if (included.has(r.id) && !chosen.has(r.id)) {
          chosen.add(r.id);
          grew = true;
        }
    }
    for (const [id, { spec, record }] of included)
      if (spec.type === 'file' && !chosen.has(id) && chosen.has(String(record.sourceId))) {
        chosen.add(id);
        grew = true;
      }
  }
  for (const id of [...included.keys()]) if (!chosen.has(id)) included.delete(id);
}

/** What a bundle for an audience holds and what it leaves out, with why. */
export interface BundleSelection {
  audience: Audience;
  included: Map<string, { spec: ResourceSpec; record: RecordValue }>;
  omitted: Array<{ type: string; id: string; reason: string }>;
  /** Every record of the case, included or not. */
  all: ReadonlyArray<{ spec: ResourceSpec; record: RecordValue }>;
  /** Protected records released with their witness's consent (court only), among `included`. */
  released: Set<string>;
}

function audienceOf(audience: string): Audience {
  if (!(AUDIENCES as readonly string[]).includes(audience))
    throw new ValidationError([{ field: 'audience', message: `one of ${AUDIENCES.join(', ')}` }]);
  return audience as Audience;
}

/**
 * Decides what goes into a bundle of the case for the audience (narrowed to `subjects` if given): labels within
 * the audience's ceiling, testimonies with consent, nothing resting on a record left out. Reads every record of
 * the case regardless of the actor's own labels, so only a caller who may export the case may call it.
 */
export async function selectForAudience(
  ctx: ServiceContext,
  caseId: string,
  audience: string,
  subjects?: readonly string[],
  options: { mayRelease?: boolean } = {},
): Promise<BundleSelection> {
  const who = audienceOf(audience);
  const ceiling = CEILING[who];
  const included = new Map<string, { spec: ResourceSpec; record: RecordValue }>();
  const omitted: BundleSelection['omitted'] = [];
  const all: Array<{ spec: ResourceSpec; record: RecordValue }> = [];
  for (const spec of [...RESOURCE_SPECS, ESTIMATE_RUN_SPEC, FILE_SPEC])
    for await (const batch of ctx.records.allRows(ctx.store.db, spec.table))
      for (const row of batch)
        if (row.caseId === caseId) all.push({ spec, record: ctx.records.fromRow(spec, row) });
  const sources = new Map(all.filter((a) => a.spec.type === 'source').map((a) => [a.record.id, a.record]));
  const released = new Set<string>();
  const candidates = all.filter(({ spec, record }) => {
    if (spec.type === 'file' && record.status === 'withdrawn') return false;
    if (
      who === 'court' &&
      options.mayRelease === true &&
      record.sensitivity === 'protected' &&
      releasable(spec, record, sources)
    ) {
      released.add(record.id);
      return true;
    }
    if (!ceiling.includes(record.sensitivity)) {
      omitted.push({ type: spec.type, id: record.id, reason: `labelled ${record.sensitivity}` });
      return false;
    }
    if (spec.type === 'source' && !consentAllows(record, who)) {
      omitted.push({ type: spec.type, id: record.id, reason: `no consent for the ${who} audience` });
      return false;
    }
    return true;
  });
  for (const c of candidates) included.set(c.record.id, c);
  // A record that rests on one left out goes too, until nothing changes.
  for (let changed = true; changed;) {
    changed = false;
    for (const [id, { spec, record }] of included) {
      const missing = spec.referencesOf(record).find((r) => r.type !== 'case' && !included.has(r.id));
      if (!missing) continue;
      included.delete(id);
      omitted.push({ type: spec.type, id, reason: 'rests on a record left out' });
      changed = true;
    }
  }
  if (subjects && subjects.length > 0) selectSubjects(all, included, subjects);
  for (const id of released) if (!included.has(id)) released.delete(id);
  return { audience: who, included, omitted, all, released };
}

/** Whether the actor may release consented protected records: only one who may read them in the case. */
export function mayRelease(actor: Actor, caseId: string, caseSensitivity: Sensitivity): boolean {
  return readableLabels(actor, caseId, caseSensitivity).includes('protected');
}

/** Writes the bundle of a case for an audience into `dir` (which must not hold an earlier bundle). */
export async function createBundle(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  audience: string,
  dir: string,
  settings: CheckpointSettings,
  options: BundleOptions = {},
): Promise<BundleSummary> {
  const who = audienceOf(audience);
  // A folder with files in it would mix this bundle with others: verify would name them as unlisted.
  if ((await readdir(dir).catch(() => [])).length > 0)
    throw new ValidationError([{ field: 'out', message: 'the folder is not empty; choose a new one' }]);
  const found = await loadCase(ctx, actor, caseId, 'export');
  // Before anything is written: a bundle that cannot get its PDF is refused whole, not left half made.
  const chromium = options.pdf === false ? null : chromiumExecutable(options.pdf?.chromium);
  // Nothing leaves while any of the case's evidence fails its hash: the refusal names each file.
  await checkCaseFiles(ctx, actor, caseId);
  const { included, omitted, released } = await selectForAudience(ctx, caseId, who, options.subjects, {
    mayRelease: mayRelease(actor, caseId, found.sensitivity),
  });
  // Each protected record released goes into the ledger first, with the digest of what the bundle will hold:
  // its stored row is encrypted, so only this entry can tie the clear text to the signed ledger.
  if (released.size > 0)
    await inTransaction(ctx.store, async ({ ledger }) => {
      for (const id of released) {
        const { spec, record } = included.get(id)!;
        ledger.append({
          actor: actorLabel(actor),
          action: 'release',
          resourceType: spec.type,
          resourceId: id,
          caseId,
          digest: releaseDigest(record),
        });
      }
    });

  // The last audited write of each record: its ledger entry, proved in the tree head signed now.
  const lastWrite = new Map<string, Record<string, unknown>>();
  for (let after = 0; ;) {
    const batch = await ctx.store.db
      .selectFrom('auditLog')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(10_000)
      .execute();
    if (batch.length === 0) break;
    for (const entry of batch)
      if (
        included.has(entry.resourceId) &&
        (released.has(entry.resourceId) ? entry.action === 'release' : WRITE_ACTIONS.has(entry.action))
      )
        lastWrite.set(entry.resourceId, entry);
    after = Number(batch[batch.length - 1]!.seq);
  }
  const head = await ctx.store.db
    .selectFrom('ledgerHead')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  const treeHead = await writeCheckpoint(ctx, settings, head);
  const tree = await ledgerTree(ctx, treeHead.seq);

  await mkdir(join(dir, 'files'), { recursive: true });
  const lines: string[] = [];
  const written: Array<{ type: string; record: RecordValue }> = [];
  for (const { spec, record } of included.values()) {
    const entry = lastWrite.get(record.id);
    if (!entry) {
      omitted.push({ type: spec.type, id: record.id, reason: 'has no audited write' });
      continue;
    }
    written.push({ type: spec.type, record });
    const seq = Number(entry.seq);
    const line: BundleRecordLine = {
      type: spec.type,
      record,
      entry: {
        seq,
        at: String(entry.at),
        actor: String(entry.actor),
        action: String(entry.action),
        resourceType: String(entry.resourceType),
        resourceId: String(entry.resourceId),
        caseId: (entry.caseId as string | null) ?? null,
        digest: (entry.digest as string | null) ?? null,
        prevHash: String(entry.prevHash),
        hash: String(entry.hash),
      },
      proof: inclusionProofIn(tree, seq, String(entry.hash), treeHead.seq).proof,
    };
    lines.push(canonicalJson(line));
  }
  for (const o of omitted) lines.push(canonicalJson({ type: 'omitted', omitted: o }));
  const recordsText = lines.join('\n') + '\n';
  await writeFile(join(dir, 'records.jsonl'), recordsText);
  const files: BundleManifest['files'] = [
    {
      path: 'records.jsonl',
      sha256: createHash('sha256').update(recordsText).digest('hex'),
      size: Buffer.byteLength(recordsText),
    },
  ];
  const views: Array<[string, string]> = [
    ['places.geojson', JSON.stringify(placesGeoJson(written), null, 2) + '\n'],
    [
      'entities.ftm.jsonl',
      followTheMoney(written)
        .map((e) => canonicalJson(e) + '\n')
        .join(''),
    ],
    [
      'wgeid.jsonl',
      disappearanceReports(written)
        .map((e) => canonicalJson(e) + '\n')
        .join(''),
    ],
  ];
  const html = bundleReportHtml(written, { caseTitle: found.title, audience: who, treeHead, omitted });
  views.push(['report.html', html]);
  const pdf = chromium ? await printReportPdf(html, chromium) : null;
  const outputs: Array<[string, string | Buffer]> = [
    ...views,
    ...(pdf ? [['report.pdf', pdf] as [string, Buffer]] : []),
  ];
  for (const [path, content] of outputs) {
    await writeFile(join(dir, path), content);
    files.push({
      path,
      sha256: createHash('sha256').update(content).digest('hex'),
      size: Buffer.byteLength(content),
    });
  }
  for (const { spec, record } of included.values()) {
    if (spec.type !== 'file') continue;
    const sha256 = String(record.sha256);
    if (files.some((f) => f.sha256 === sha256 && f.path.startsWith('files/'))) continue;
    await pipeline(ctx.evidence.blobs.openRead(sha256), createWriteStream(join(dir, 'files', sha256)));
    files.push({ path: `files/${sha256}`, sha256, size: Number(record.size) });
  }
  const manifest = signManifest(settings.key, {
    format: 'dossier-bundle',
    version: 1,
    case: { id: found.id, title: found.sensitivity === 'public' || who !== 'public' ? found.title : '' },
    audience: who,
    createdAt: now(),
    treeHead: JSON.parse(checkpointLine(treeHead)) as Checkpoint,
    publicKey: settings.key.publicKeyBase64,
    ...(pdf ? {} : { notProduced: [{ path: 'report.pdf', reason: 'the bundle was made without the PDF' }] }),
    records: lines.length - omitted.length,
    omitted: omitted.length,
    files,
  });
  const manifestText = JSON.stringify(manifest, null, 2) + '\n';
  await writeFile(join(dir, 'manifest.json'), manifestText);
  // The same folder as one file to hand over; unzipped, it verifies as the folder does.
  await zipFolder(dir, ['manifest.json', ...files.map((f) => f.path)], `${dir.replace(/\/+$/, '')}.zip`);
  // Every bundle made is in the ledger: who, which case, and the digest of the manifest that lists the rest.
  await inTransaction(ctx.store, async ({ ledger }) => {
    ledger.append({
      actor: actorLabel(actor),
      action: 'bundle',
      resourceType: 'case',
      resourceId: caseId,
      caseId,
      digest: createHash('sha256').update(manifestText).digest('hex'),
    });
  });
  return {
    dir,
    zip: `${dir.replace(/\/+$/, '')}.zip`,
    audience: who,
    records: lines.length - omitted.length,
    files: files.length - 1 - outputs.length,
    omitted,
    treeHead,
    pdf: pdf !== null,
    released: released.size,
  };
}
