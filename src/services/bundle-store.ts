/**
 * Bundles made by the server: previewed (what goes in, what is left out and why), made in the background into the
 * data folder (`bundles/<case>/<bundle>/` and its zip beside it), listed from their signed manifests with the ones
 * being made, and handed out as zips.
 * Only a case member who may export the case may do any of it. The folder is the record of a bundle: nothing
 * about it is kept in the database but the ledger entry that `createBundle` appends.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { readableLabels, type Actor } from '../auth/index.js';
import { ConflictError, DomainError, NotFoundError } from '../domain/errors.js';
import type { BundleManifest } from './bundle-format.js';
import { chromiumExecutable } from './bundle-pdf.js';
import { createBundle, mayRelease, selectForAudience, type Audience } from './bundle.js';
import { loadCase } from './cases.js';
import type { CheckpointSettings } from './checkpoints.js';
import { now, type ServiceContext } from './context.js';

/** Where a server keeps its bundles, the key that signs them, and the browser that prints their PDF. */
export interface BundleSettings {
  dir: string;
  checkpoints: CheckpointSettings;
  chromium?: string | undefined;
}

/** Why a record is left out, as a stable code the web words in the reader's language. */
export type OmissionCode = 'label' | 'consent' | 'rests_on_omitted' | 'no_audited_write';

export interface OmittedItem {
  type: string;
  id: string;
  code: OmissionCode;
  /** For `label`: the record's label. */
  label?: string;
  reason: string;
  /** What the record is called, when the one asking may read it (names, or a title). */
  names?: Array<{ text: string; script?: string; kind?: string }>;
  title?: string;
}

export interface BundlePreview {
  audience: Audience;
  /** Records that go in, by type. */
  included: Record<string, number>;
  /** Of those, protected records let in with their witness's consent for legal use (court only). */
  released: number;
  omitted: OmittedItem[];
}

export interface BundleListing {
  id: string;
  /** `running` while it is made, `done` once its zip is written, `failed` with `error`. */
  state: 'running' | 'done' | 'failed';
  error?: string;
  audience: string;
  createdAt: string;
  records: number;
  omitted: number;
  files: number;
  pdf: boolean;
  zipBytes: number;
}

function omission(o: { type: string; id: string; reason: string }): OmittedItem {
  const label = /^labelled (\w+)$/.exec(o.reason)?.[1];
  if (label) return { ...o, code: 'label', label };
  if (o.reason.startsWith('no consent')) return { ...o, code: 'consent' };
  if (o.reason.startsWith('rests on')) return { ...o, code: 'rests_on_omitted' };
  return { ...o, code: 'no_audited_write' };
}

/** What a bundle of the case for the audience would hold and leave out, without writing anything. */
export async function previewBundle(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  audience: string,
  subjects?: readonly string[],
): Promise<BundlePreview> {
  const found = await loadCase(ctx, actor, caseId, 'export');
  const selection = await selectForAudience(ctx, caseId, audience, subjects, {
    mayRelease: mayRelease(actor, caseId, found.sensitivity),
  });
  const included: Record<string, number> = {};
  for (const { spec } of selection.included.values()) included[spec.type] = (included[spec.type] ?? 0) + 1;
  // Left-out records are named only to a reader of their label: a protected witness stays "a protected record".
  const labels = readableLabels(actor, caseId, found.sensitivity);
  const records = new Map(selection.all.map((a) => [a.record.id, a.record]));
  const omitted = selection.omitted.map((o) => {
    const item = omission(o);
    const record = records.get(o.id);
    if (!record || !labels.includes(record.sensitivity)) return item;
    if (Array.isArray(record.names)) return { ...item, names: record.names as OmittedItem['names'] };
    const title = record.title ?? record.originalName ?? record.property;
    return typeof title === 'string' ? { ...item, title } : item;
  });
  return { audience: selection.audience, included, released: selection.released.size, omitted };
}

const caseFolder = (settings: BundleSettings, caseId: string) => join(settings.dir, caseId);

/** A bundle being made, or whose making failed, in this process; a finished bundle is its folder. */
interface BundleRun {
  id: string;
  caseId: string;
  audience: string;
  createdAt: string;
  state: 'running' | 'failed';
  error?: string;
}
const runs = new Map<string, BundleRun>();

function presentRun(run: BundleRun): BundleListing {
  return {
    id: run.id,
    state: run.state,
    ...(run.error ? { error: run.error } : {}),
    audience: run.audience,
    createdAt: run.createdAt,
    records: 0,
    omitted: 0,
    files: 0,
    pdf: false,
    zipBytes: 0,
  };
}

/**
 * Starts making a bundle in the server's folder and answers at once with its id (state `running`); the list
 * shows it `done` when its zip is written, or `failed` with the reason. What can be refused at once is: the right
 * to export, the audience, the subjects, a missing Chromium, and a second bundle of the case while one is made.
 */
export async function startStoredBundle(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  settings: BundleSettings,
  request: { audience: string; subjects?: readonly string[] | undefined; pdf: boolean },
): Promise<BundleListing> {
  // Checked before a folder is made for it: an outsider must not leave empty folders behind.
  const found = await loadCase(ctx, actor, caseId, 'export');
  if (request.pdf) chromiumExecutable(settings.chromium);
  if (request.subjects?.length)
    await selectForAudience(ctx, caseId, request.audience, request.subjects, {
      mayRelease: mayRelease(actor, caseId, found.sensitivity),
    });
  if ([...runs.values()].some((r) => r.caseId === caseId && r.state === 'running'))
    throw new ConflictError('a bundle of this case is being made; wait until it is done');
  const run: BundleRun = {
    id: randomUUID(),
    caseId,
    audience: request.audience,
    createdAt: now(),
    state: 'running',
  };
  runs.set(run.id, run);
  await mkdir(caseFolder(settings, caseId), { recursive: true, mode: 0o700 });
  const dir = join(caseFolder(settings, caseId), run.id);
  createBundle(ctx, actor, caseId, request.audience, dir, settings.checkpoints, {
    subjects: request.subjects,
    pdf: request.pdf ? { chromium: settings.chromium } : false,
  }).then(
    () => runs.delete(run.id),
    async (error: unknown) => {
      run.state = 'failed';
      // A refusal the domain states (an altered evidence file, named) is shown; anything else only in the log.
      run.error =
        error instanceof DomainError ? error.message : 'the bundle could not be made; see the server log';
      if (!(error instanceof DomainError)) console.error('bundle failed', error);
      await rm(dir, { recursive: true, force: true });
      await rm(`${dir}.zip`, { force: true });
    },
  );
  return presentRun(run);
}

async function listingOf(
  settings: BundleSettings,
  caseId: string,
  id: string,
): Promise<BundleListing | null> {
  const dir = join(caseFolder(settings, caseId), id);
  try {
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as BundleManifest;
    const zip = await stat(`${dir}.zip`);
    return {
      id,
      state: 'done',
      audience: manifest.audience,
      createdAt: manifest.createdAt,
      records: manifest.records,
      omitted: manifest.omitted,
      files: manifest.files.filter((f) => f.path.startsWith('files/')).length,
      pdf: manifest.files.some((f) => f.path === 'report.pdf'),
      zipBytes: zip.size,
    };
  } catch {
    // A bundle still being written (or one whose zip was removed) is not listed.
    return null;
  }
}

/** The case's bundles, newest first. */
export async function listStoredBundles(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  settings: BundleSettings | undefined,
): Promise<BundleListing[]> {
  await loadCase(ctx, actor, caseId, 'export');
  if (!settings) return [];
  const names = await readdir(caseFolder(settings, caseId)).catch(() => [] as string[]);
  const ids = names.filter((n) => z.string().uuid().safeParse(n).success);
  // A bundle this process is making (or failed to make) is told by its run, not by a folder still being written.
  const current = [...runs.values()].filter((r) => r.caseId === caseId);
  const listings = await Promise.all(
    ids.filter((id) => !runs.has(id)).map((id) => listingOf(settings, caseId, id)),
  );
  return [...current.map(presentRun), ...listings.filter((l): l is BundleListing => l !== null)].sort(
    (a, b) => b.createdAt.localeCompare(a.createdAt),
  );
}

/** The zip of one of the case's bundles, to send. */
export async function openStoredBundleZip(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  settings: BundleSettings | undefined,
  bundleId: string,
): Promise<{ stream: ReadStream; size: number; fileName: string }> {
  await loadCase(ctx, actor, caseId, 'export');
  const listing =
    settings && z.string().uuid().safeParse(bundleId).success && !runs.has(bundleId)
      ? await listingOf(settings, caseId, bundleId)
      : null;
  if (!listing || !settings) throw new NotFoundError('bundle', bundleId);
  const path = `${join(caseFolder(settings, caseId), bundleId)}.zip`;
  return {
    stream: createReadStream(path),
    size: listing.zipBytes,
    fileName: `dossier-${listing.audience}-${listing.createdAt.slice(0, 10)}-${bundleId.slice(0, 8)}.zip`,
  };
}
