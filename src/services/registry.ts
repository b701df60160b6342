/**
 * The victim registry: imported lists kept row by row (raw cells beside normalised fields), and the capture
 * histories they give once the linkage has put every row in a cluster (one cluster = one person).
 */
import { createHash } from 'node:crypto';
import { actorLabel, can, type Actor } from '../auth/index.js';
import { ForbiddenError, ValidationError } from '../domain/errors.js';
import { mostRestrictive } from '../domain/sensitivity.js';
import { emptyTable, patternIndex, type CaptureTable } from '../estimation/index.js';
import { foldForSearch, latinWordKey, longVowelKey, skeletonKey } from '../names/index.js';
import { knownEncoding, readTable, TableReadError, type ListFormat } from '../registry/read-table.js';
import type { NormalisedRecord } from '../registry/normalise.js';
import {
  inTransaction,
  LIST_RECORD_SPEC,
  rowDigest,
  specForType,
  type RecordSpec,
  VICTIM_LIST_SPEC,
  type RecordValue,
  type UnitOfWork,
} from '../storage/index.js';
import { loadCase, loadCaseFor } from './cases.js';
import { createRecordsInBatch, readableRecords } from './records.js';
import { now, type ServiceContext } from './context.js';

export {
  importList,
  MAX_REPORTED,
  type ImportReport,
  type ListImportRequest,
  type ListImportResult,
  type ReportedFlag,
} from './list-import.js';

/** The case's lists the actor may read, oldest first. */
export async function listVictimLists(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
): Promise<RecordValue[]> {
  const lists = await readableRecords(ctx, actor, caseId, VICTIM_LIST_SPEC);
  return lists.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export const REGISTRY_STRATA = ['prison', 'city', 'sex'] as const;
export type RegistryStratum = (typeof REGISTRY_STRATA)[number];

/** Whether a list row has a name to be linked by (a row whose name cells were empty or flagged has none). */
export function rowHasName(fields: NormalisedRecord): boolean {
  return Boolean(fields.fullName || fields.givenName || fields.surname);
}

/** The registry's capture tables, and the rows they leave out. */
export interface RegistryCapture {
  tables: Map<string, CaptureTable>;
  /**
   * Rows of groups in which no row has a name: who they are is unknown (anyone of the other lists, or no one
   * else), so they are not counted as people of their own. Names lost at random thin a list at random, which
   * leaves the estimate of the whole unbiased; counting each such row as one more person would inflate it.
   */
  nameless: number;
}

/**
 * Capture histories from the registry: for each cluster (person), which of the chosen lists name them.
 * Every row must have been linked (`dossier link`); lists default to all the actor may read. With `strata`,
 * one table per value of the person's prison, city or sex (the value most of their rows give; spellings
 * in either script that share a skeleton are one value; people without one are "unknown"). Groups of rows
 * without a name are left out and counted (`RegistryCapture.nameless`).
 */
export async function registryCaptureTables(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  options: { lists?: string[] | undefined; strata?: RegistryStratum | undefined } = {},
): Promise<RegistryCapture> {
  const lists = await listVictimLists(ctx, actor, caseId);
  const chosen = options.lists
    ? options.lists.map((name) => {
        const list = lists.find((l) => l.name === name);
        if (!list)
          throw new ValidationError([
            {
              field: 'lists',
              message: `no list "${name}" (lists: ${lists.map((l) => String(l.name)).join(', ')})`,
            },
          ]);
        return list;
      })
    : lists;
  if (chosen.length < 3)
    throw new ValidationError([
      { field: 'lists', message: `estimation needs at least 3 lists; the registry has ${chosen.length}` },
    ]);
  const position = new Map(chosen.map((l, j) => [l.id, j]));
  const rows = (await loadRegistryRows(ctx, actor, caseId)).filter((r) => position.has(r.listId));
  const unlinked = rows.filter((r) => r.cluster === null).length;
  if (unlinked)
    throw new ValidationError([
      { field: 'registry', message: `${unlinked} list rows are not linked yet; run dossier link first` },
    ]);
  const byCluster = new Map<string, RegistryRow[]>();
  for (const r of rows) byCluster.set(r.cluster!, [...(byCluster.get(r.cluster!) ?? []), r]);
  const valueOf = (r: RegistryRow): string | null =>
    options.strata === 'prison'
      ? r.fields.placeOfDetention
      : options.strata === 'city'
        ? r.fields.city
        : options.strata === 'sex'
          ? r.fields.sex
          : null;
  // Label of each skeleton: the spelling seen most often.
  const spellings = new Map<string, Map<string, number>>();
  const keyOf = (value: string) => skeletonKey(value) || foldForSearch(value);
  for (const r of rows) {
    const v = valueOf(r);
    if (!v) continue;
    const seen = spellings.get(keyOf(v)) ?? new Map<string, number>();
    seen.set(v, (seen.get(v) ?? 0) + 1);
    spellings.set(keyOf(v), seen);
  }
  const label = (key: string) => [...spellings.get(key)!].sort((x, y) => y[1] - x[1])[0]![0];
  const tables = new Map<string, CaptureTable>();
  let nameless = 0;
  for (const members of byCluster.values()) {
    if (!members.some((m) => rowHasName(m.fields))) {
      nameless += members.length;
      continue;
    }
    let stratum = '';
    if (options.strata) {
      const votes = new Map<string, number>();
      for (const m of members) {
        const v = valueOf(m);
        if (v) votes.set(keyOf(v), (votes.get(keyOf(v)) ?? 0) + 1);
      }
      const best = [...votes].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))[0];
      stratum = best ? label(best[0]) : 'unknown';
    }
    let table = tables.get(stratum);
    if (!table) tables.set(stratum, (table = emptyTable(chosen.map((l) => String(l.name)))));
    const bits = new Array<number>(chosen.length).fill(0);
    for (const m of members) bits[position.get(m.listId)!] = 1;
    const index = patternIndex(bits);
    table.freq[index] = (table.freq[index] ?? 0) + 1;
  }
  if (!options.strata && !tables.has('')) tables.set('', emptyTable(chosen.map((l) => String(l.name))));
  return { tables, nameless };
}

/** The registry's capture histories as one table (see `registryCaptureTables`). */
export async function registryCaptureTable(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  listNames?: string[],
): Promise<CaptureTable> {
  return (await registryCaptureTables(ctx, actor, caseId, { lists: listNames })).tables.get('')!;
}

export interface RegistryRow {
  id: string;
  listId: string;
  recordKey: string;
  fields: NormalisedRecord;
  cluster: string | null;
  /** The stored record, for updates. */
  record: RecordValue;
}

/** Every list row of the case the actor may read, with its normalised fields (the linkage's input). */
export async function loadRegistryRows(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
): Promise<RegistryRow[]> {
  return (await readableRecords(ctx, actor, caseId, LIST_RECORD_SPEC)).map((r) => ({
    id: r.id,
    listId: String(r.listId),
    recordKey: String(r.recordKey),
    fields: r.fields as NormalisedRecord,
    cluster: (r.cluster as string | null) ?? null,
    record: r,
  }));
}

/**
 * Writes the linkage's clusters: each row's cluster id, in one transaction, with a ledger entry for every
 * row whose cluster changed. Rows not named keep their cluster.
 */
export async function assignClusters(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  rows: RegistryRow[],
  clusterOf: Map<string, string>,
): Promise<{ changed: number }> {
  const write = await prepareClusters(ctx, actor, caseId, rows, clusterOf);
  return { changed: await inTransaction(ctx.store, write) };
}

/**
 * The write of `assignClusters`, to run inside a transaction of the caller's (a link run writes its clusters
 * and its review queue in one): the reads and the permission check happen now, before any transaction.
 */
export async function prepareClusters(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  rows: RegistryRow[],
  clusterOf: Map<string, string>,
): Promise<(uow: UnitOfWork) => Promise<number>> {
  const found = await loadCase(ctx, actor, caseId);
  for (const sensitivity of new Set(rows.map((r) => r.record.sensitivity))) {
    const resource = {
      kind: 'record',
      type: 'person',
      caseId,
      caseSensitivity: found.sensitivity,
      sensitivity,
    } as const;
    if (!can(actor, 'update', resource))
      throw new ForbiddenError('linking lists needs the right to edit people');
  }
  const who = actorLabel(actor);
  return async ({ db, ledger }) => {
    const at = now();
    let changed = 0;
    for (const row of rows) {
      const cluster = clusterOf.get(row.id);
      if (cluster === undefined || cluster === row.cluster) continue;
      const stored = await ctx.records.update(db, LIST_RECORD_SPEC, {
        ...row.record,
        cluster,
        updatedAt: at,
      } as RecordValue);
      ledger.append({
        actor: who,
        action: 'update',
        resourceType: 'list_record',
        resourceId: row.id,
        caseId,
        digest: rowDigest(stored),
      });
      changed++;
    }
    return changed;
  };
}

/**
 * The columns and first rows of a file, as read, so that a person can map its columns before importing.
 * Reading an untrusted file costs work, so only those who may import a list into the case may inspect one.
 */
export async function inspectList(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  file: { bytes: Uint8Array; format: ListFormat; fileName: string; encoding?: string | undefined },
) {
  await loadCaseFor(ctx, actor, caseId, {
    action: 'create',
    type: 'person',
    sensitivity: 'public',
    purpose: 'inspecting a list needs the right to import lists (to record people)',
  });
  const { bytes, format, fileName, encoding } = file;
  if (encoding !== undefined && !knownEncoding(encoding))
    throw new ValidationError([
      {
        field: 'encoding',
        message: `"${encoding}" is not an encoding this server reads (e.g. windows-1256)`,
      },
    ]);
  try {
    const table = await readTable(bytes, format, undefined, encoding);
    return {
      columns: table.header,
      rows: table.rows.length,
      sample: table.rows.slice(0, 5).map((r) => r.cells),
    };
  } catch (error) {
    if (error instanceof TableReadError)
      throw new ValidationError([{ field: `file ${fileName}, ${error.where}`, message: error.detail }]);
    throw error;
  }
}

export interface RegistryEntry {
  cluster: string;
  names: string[];
  lists: string[];
  rows: Array<{ listId: string; list: string; recordKey: string; fields: NormalisedRecord }>;
}

/**
 * The registry as people: linked rows grouped by cluster (unlinked rows stand alone), optionally only
 * those with a name containing `q` (folded, any script), largest groups first.
 */
export async function registryEntries(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  query: { q?: string | undefined; offset: number; limit: number },
): Promise<{ items: RegistryEntry[]; total: number; linked: boolean }> {
  const lists = new Map((await listVictimLists(ctx, actor, caseId)).map((l) => [l.id, String(l.name)]));
  const rows = await loadRegistryRows(ctx, actor, caseId);
  const groups = new Map<string, RegistryEntry>();
  for (const r of rows) {
    const cluster = r.cluster ?? `row:${r.id}`;
    let entry = groups.get(cluster);
    if (!entry) groups.set(cluster, (entry = { cluster, names: [], lists: [], rows: [] }));
    const list = lists.get(r.listId) ?? r.listId;
    entry.rows.push({ listId: r.listId, list, recordKey: r.recordKey, fields: r.fields });
    // A row whose name was flagged has none ('') and shows only under its list and id.
    for (const name of [r.fields.fullName, ...(r.fields.nameVariants ?? [])])
      if (name && !entry.names.includes(name)) entry.names.push(name);
    if (!entry.lists.includes(list)) entry.lists.push(list);
  }
  const needle = query.q ? foldForSearch(query.q) : '';
  const matched = [...groups.values()]
    .filter((g) => !needle || g.names.some((n) => foldForSearch(n).includes(needle)))
    .sort((a, b) => b.rows.length - a.rows.length || (a.names[0] ?? '').localeCompare(b.names[0] ?? ''));
  return {
    items: matched.slice(query.offset, query.offset + query.limit),
    total: matched.length,
    linked: rows.length > 0 && rows.every((r) => r.cluster !== null),
  };
}

/** A stable person id for a registry cluster, so that promoting twice does not create the person twice. */
function personIdOf(cluster: string): string {
  const h = createHash('sha256').update(`registry-person:${cluster}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** What a promotion did: people added, people given the claims of rows new to them, people left as they were. */
export type PromoteReport = {
  /** People created (one per cluster promoted for the first time). */
  people: number;
  /** People already in the case who received claims from rows new to them (a list imported since). */
  updated: number;
  /** Of those, people recorded before by hand, recognised by a name spelt the same and no other father. */
  matchedByName: number;
  /** Claims written. */
  claims: number;
  /** People already in the case with nothing new from their rows (left as they were). */
  alreadyPromoted: number;
  /** Clusters whose rows give no name (they wait for a correction of their lists). */
  unnamed: number;
  /** Clusters now joining people promoted apart (a later linkage merged them): promoted into the first, to review. */
  joined: Array<{ kept: string; others: string[] }>;
};

/**
 * Keys under which two spellings of a name are the same name: as written (folded), and for Latin letters the
 * sound key (Hossein = Hosein = Husein). Across scripts only with `crossScript` (the consonant skeleton with
 * long vowels, which also makes Mahmoud = Mohammad: used for fathers' names, to tell a conflict, not a match).
 */
function spellingKeys(text: string | null | undefined, crossScript = false): string[] {
  const words = foldForSearch(text ?? '')
    .split(/\s+/)
    .map((w) => w.replace(/[^\p{L}\p{M}\p{N}]/gu, ''))
    .filter(Boolean);
  if (words.length === 0) return [];
  const keys = [`e:${words.join(' ')}`];
  if (words.every((w) => /^[a-z]+$/.test(w))) keys.push(`s:${words.map(latinWordKey).join(' ')}`);
  if (crossScript) keys.push(`v:${words.map(longVowelKey).join(' ')}`);
  return keys;
}

/** True when a person's father's name and a cluster's fathers' names can be the same (or either is unknown). */
function fathersAgree(personFather: unknown, clusterFathers: string[]): boolean {
  const mine = new Set(spellingKeys(typeof personFather === 'string' ? personFather : null, true));
  const theirs = clusterFathers.flatMap((f) => spellingKeys(f, true));
  return mine.size === 0 || theirs.length === 0 || theirs.some((k) => mine.has(k));
}

/**
 * Makes every linked cluster a person of the case: one Person with every name the lists give, and for each
 * row one claim per attribute it states (name, father's name, birth, death, place of detention), attributed to
 * its list, qualified by the row it came from. Values the lists disagree on stay side by side as competing
 * claims. All or nothing.
 *
 * Promoting again adds nobody twice. A cluster's person is found by any of its rows (a cluster is named after
 * one of its rows, and a later linkage may name it after another), or else, when the case already records the
 * person by hand, by a name spelt the same or sounding the same in Latin letters, with no other father's name,
 * when exactly one person of the case fits (spelling keys: `spellingKeys`). Such a person receives the claims of the rows it has none from;
 * their names stay as recorded (the new spellings are claims).
 */
export async function promoteRegistry(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
): Promise<PromoteReport> {
  // Before reading anything: an actor who may read no row would otherwise be told "nothing to promote".
  await loadCaseFor(ctx, actor, caseId, {
    action: 'create',
    type: 'person',
    sensitivity: 'public',
    purpose: 'promoting the registry needs the right to create people in this case',
  });
  const rows = await loadRegistryRows(ctx, actor, caseId);
  const unlinked = rows.filter((r) => r.cluster === null).length;
  if (unlinked)
    throw new ValidationError([
      { field: 'registry', message: `${unlinked} list rows are not linked yet; run the linkage first` },
    ]);
  const lists = new Map((await listVictimLists(ctx, actor, caseId)).map((l) => [l.id, String(l.name)]));
  const clusters = new Map<string, RegistryRow[]>();
  for (const r of rows) clusters.set(r.cluster!, [...(clusters.get(r.cluster!) ?? []), r]);
  const personSpec = specForType('person')!;
  const claimSpec = specForType('claim')!;

  // The people of the case: those promoted before (their id is derived from one of their rows) and the others.
  const people = await readableRecords(ctx, actor, caseId, personSpec);
  const peopleById = new Map(people.map((p) => [p.id, p]));
  const registryIds = new Set(rows.map((r) => personIdOf(r.id)));
  const byName = new Map<string, RecordValue[]>();
  for (const p of people) {
    if (registryIds.has(p.id)) continue;
    for (const key of new Set((p.names as Array<{ text: string }>).flatMap((n) => spellingKeys(n.text))))
      byName.set(key, [...(byName.get(key) ?? []), p]);
  }
  const claimedRows = new Map<string, Set<string>>();
  const claimedBy = async () => {
    if (claimedRows.size > 0 || people.length === 0) return claimedRows;
    for (const c of await readableRecords(ctx, actor, caseId, claimSpec)) {
      const row = (c.qualifiers as Record<string, unknown> | null)?.list_record;
      if (typeof row !== 'string') continue;
      const subject = String(c.subjectId);
      claimedRows.set(subject, (claimedRows.get(subject) ?? new Set()).add(row));
    }
    if (claimedRows.size === 0) claimedRows.set('', new Set());
    return claimedRows;
  };

  const batch: Array<{ spec: RecordSpec; input: Record<string, unknown> }> = [];
  const report: PromoteReport = {
    people: 0,
    updated: 0,
    matchedByName: 0,
    claims: 0,
    alreadyPromoted: 0,
    unnamed: 0,
    joined: [],
  };
  const taken = new Set<string>();
  const addClaims = (personId: string, members: RegistryRow[]) => {
    for (const m of members) {
      const list = lists.get(m.listId) ?? m.listId;
      const claim = (property: string, value: Record<string, unknown>) => {
        batch.push({
          spec: claimSpec,
          input: claimSpec.createSchema.parse({
            subjectType: 'person',
            subjectId: personId,
            property,
            value,
            claimant: list,
            qualifiers: { list, list_record: m.id, row: String(m.record.rowNumber), record_id: m.recordKey },
            sensitivity: m.record.sensitivity,
          }) as Record<string, unknown>,
        });
        report.claims++;
      };
      const f = m.fields;
      if (f.fullName) claim('name', { type: 'text', text: f.fullName });
      if (f.fatherName) claim('father_name', { type: 'text', text: f.fatherName });
      if (f.birth) claim('date_of_birth', { type: 'date', date: f.birth });
      if (f.death) claim('date_of_death', { type: 'date', date: f.death });
      if (f.placeOfDetention) claim('place_of_detention', { type: 'text', text: f.placeOfDetention });
    }
  };
  for (const [cluster, members] of clusters) {
    const names: Array<{ text: string; kind: string }> = [];
    for (const m of members) {
      // Every spelling a row gives (the other script of a dual-script cell too); a flagged name gives none.
      for (const text of [m.fields.fullName, ...(m.fields.nameVariants ?? [])]) {
        if (!text || names.some((n) => n.text === text)) continue;
        names.push({
          text,
          kind: names.length === 0 ? 'birth' : /[a-z]/i.test(text) ? 'transliteration' : 'alias',
        });
      }
    }
    const fathers = members.map((m) => m.fields.fatherName).filter((f): f is string => Boolean(f));
    const father = fathers[0];

    // Promoted before, under this cluster's name or that of another of its rows.
    const before = [personIdOf(cluster), ...members.map((m) => personIdOf(m.id))].filter(
      (id, i, all) => peopleById.has(id) && all.indexOf(id) === i && !taken.has(id),
    );
    // Or recorded by hand: one person of the case with one of these spellings and no other father.
    let byHand: RecordValue | undefined;
    if (before.length === 0) {
      const fits = new Map<string, RecordValue>();
      for (const key of new Set(names.flatMap((n) => spellingKeys(n.text))))
        for (const p of byName.get(key) ?? [])
          if (!taken.has(p.id) && fathersAgree(p.fatherName, fathers)) fits.set(p.id, p);
      if (fits.size === 1) byHand = [...fits.values()][0];
    }
    const existing = before[0] ?? byHand?.id;
    if (existing) {
      taken.add(existing);
      if (before.length > 1) report.joined.push({ kept: existing, others: before.slice(1) });
      const claimed = (await claimedBy()).get(existing) ?? new Set<string>();
      const fresh = members.filter((m) => !claimed.has(m.id));
      if (fresh.length === 0) {
        report.alreadyPromoted++;
        continue;
      }
      addClaims(existing, fresh);
      report.updated++;
      if (byHand) report.matchedByName++;
      continue;
    }
    // A person is recorded by name: a cluster whose rows give none waits for a correction of its lists.
    if (names.length === 0) {
      report.unnamed++;
      continue;
    }
    const id = personIdOf(cluster);
    taken.add(id);
    const memberLists = [...new Set(members.map((m) => lists.get(m.listId) ?? m.listId))];
    batch.push({
      spec: personSpec,
      input: personSpec.createSchema.parse({
        names,
        fatherName: father ?? null,
        notes: `From the victim registry: named on ${memberLists.join(', ')}.`,
        sensitivity: mostRestrictive(...members.map((m) => m.record.sensitivity)),
      }) as Record<string, unknown>,
    });
    batch[batch.length - 1]!.input.id = id;
    report.people++;
    addClaims(id, members);
  }
  if (batch.length) await createRecordsInBatch(ctx, actor, caseId, batch);
  return report;
}
