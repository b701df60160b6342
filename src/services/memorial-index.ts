import type { Kysely } from 'kysely';
import type { FuzzyDate } from '../domain/fuzzy-date.js';
import { memorialKeysOf, memorialWords } from '../search/memorial-keys.js';
import { specForType, type Executor, type RecordValue, type Row } from '../storage/index.js';
import type { ServiceContext } from './context.js';

/*
 * The memorial index (migration 0010): the public victims of public cases, each with a precomputed search card,
 * memorial page and name keys, so that a search is one indexed lookup and one read of cards. It is derived from
 * the records and kept current in the same transaction as every write that can change what the memorial shows
 * (people, involvements, events, places, relations, a case's label); `rebuildMemorialIndex` fills it for a store
 * that predates it.
 *
 * Who is in the memorial: a `public` person of a `public` case with at least one `public` involvement as a
 * victim in a `public` event. Someone named only as a perpetrator, witness or other is never in it.
 */

// The record tables are chosen at run time; rows are decoded by the specs' codecs.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export type PlaceRef = {
  id: string;
  names: Array<{ text: string; script: string }>;
  kind: string;
  location: unknown;
};

export type MemorialPerson = {
  id: string;
  caseId: string;
  names: Array<{ text: string; script: string; kind: string }>;
  fatherName: string | null;
  gender: string;
  birthDate: FuzzyDate | null;
  synthetic: boolean;
  events: Array<{ id: string; kind: string; title: string; date: FuzzyDate | null; place: PlaceRef | null }>;
  detention: Array<{ place: PlaceRef; certainty: string; start: FuzzyDate | null; end: FuzzyDate | null }>;
  burial: Array<{ place: PlaceRef; certainty: string }>;
};

type PlaceName = { names: Array<{ text: string; script: string }> };

/** What a search result shows: enough to tell namesakes apart. */
export type MemorialCard = {
  id: string;
  caseId: string;
  names: Array<{ text: string; script: string; kind: string }>;
  fatherName: string | null;
  gender: string;
  birthDate: FuzzyDate | null;
  synthetic: boolean;
  /** The execution (or, failing one, the last event) the person was a victim of. */
  death: { kind: string; date: FuzzyDate | null; place: PlaceName | null } | null;
  detention: Array<{ place: PlaceName; certainty: string }>;
  burial: Array<{ place: PlaceName; certainty: string }>;
};

const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** Public rows of a record kind in a case, optionally only those whose `column` is one of `values`. */
async function publicRows(
  ctx: ServiceContext,
  db: Executor,
  type: string,
  caseId: string,
  where: { column: string; values: readonly string[] } | null,
  extra: Record<string, string> = {},
): Promise<RecordValue[]> {
  const spec = specForType(type)!;
  const run = async (values: readonly string[] | null) => {
    let q = (db as AnyDb)
      .selectFrom(spec.table)
      .selectAll()
      .where('caseId', '=', caseId)
      .where('sensitivity', '=', 'public');
    for (const [column, value] of Object.entries(extra)) q = q.where(column, '=', value);
    if (where && values) q = q.where(where.column, 'in', [...values]);
    return ((await q.execute()) as Row[]).map((r) => ctx.records.fromRow(spec, r));
  };
  if (!where) return run(null);
  const out: RecordValue[] = [];
  for (const part of chunks([...new Set(where.values)])) out.push(...(await run(part)));
  return out;
}

const placeRef = (place: RecordValue): PlaceRef => ({
  id: place.id,
  names: place.names as PlaceRef['names'],
  kind: place.kind as string,
  location: place.location,
});

const byDate = (a: { date: FuzzyDate | null }, b: { date: FuzzyDate | null }) =>
  (a.date?.start ?? '9999').localeCompare(b.date?.start ?? '9999');

/** The memorial pages of the given people of a case (all its public victims when `ids` is null). */
async function buildPages(
  ctx: ServiceContext,
  db: Executor,
  caseId: string,
  ids: readonly string[] | null,
): Promise<Array<{ page: MemorialPerson; person: RecordValue }>> {
  const involvements = await publicRows(
    ctx,
    db,
    'involvement',
    caseId,
    ids ? { column: 'actorId', values: ids } : null,
    { role: 'victim', actorType: 'person' },
  );
  if (involvements.length === 0) return [];
  const victimIds = [...new Set(involvements.map((i) => i.actorId as string))];
  const people = await publicRows(ctx, db, 'person', caseId, { column: 'id', values: victimIds });
  const events = new Map(
    (
      await publicRows(ctx, db, 'event', caseId, {
        column: 'id',
        values: involvements.map((i) => i.eventId as string),
      })
    ).map((e) => [e.id, e]),
  );
  const relations = (
    await publicRows(ctx, db, 'relation', caseId, { column: 'subjectId', values: victimIds })
  ).filter((r) => r.objectType === 'place' && (r.kind === 'detention' || r.kind === 'burial'));
  const placeIds = [
    ...relations.map((r) => r.objectId as string),
    ...[...events.values()].map((e) => e.placeId).filter((id): id is string => typeof id === 'string'),
  ];
  const places = new Map(
    (await publicRows(ctx, db, 'place', caseId, { column: 'id', values: placeIds })).map((p) => [p.id, p]),
  );
  const involvementsOf = new Map<string, RecordValue[]>();
  for (const i of involvements)
    involvementsOf.set(i.actorId as string, [...(involvementsOf.get(i.actorId as string) ?? []), i]);
  const relationsOf = new Map<string, RecordValue[]>();
  for (const r of relations)
    relationsOf.set(r.subjectId as string, [...(relationsOf.get(r.subjectId as string) ?? []), r]);

  const out: Array<{ page: MemorialPerson; person: RecordValue }> = [];
  for (const person of people) {
    const seen = new Set<string>();
    const personEvents: MemorialPerson['events'] = [];
    for (const involvement of involvementsOf.get(person.id) ?? []) {
      const event = events.get(involvement.eventId as string);
      if (!event || seen.has(event.id)) continue;
      seen.add(event.id);
      const place = places.get(event.placeId as string);
      personEvents.push({
        id: event.id,
        kind: event.kind as string,
        title: event.title as string,
        date: (event.date as FuzzyDate | null) ?? null,
        place: place ? placeRef(place) : null,
      });
    }
    // A victim involvement whose event is not public does not make a memorial entry.
    if (personEvents.length === 0) continue;
    personEvents.sort(byDate);
    const detention: MemorialPerson['detention'] = [];
    const burial: MemorialPerson['burial'] = [];
    for (const relation of relationsOf.get(person.id) ?? []) {
      const place = places.get(relation.objectId as string);
      if (!place) continue;
      if (relation.kind === 'detention')
        detention.push({
          place: placeRef(place),
          certainty: relation.certainty as string,
          start: (relation.start as FuzzyDate | null) ?? null,
          end: (relation.end as FuzzyDate | null) ?? null,
        });
      else burial.push({ place: placeRef(place), certainty: relation.certainty as string });
    }
    out.push({
      person,
      page: {
        id: person.id,
        caseId,
        names: (person.names as MemorialPerson['names']).map(({ text, script, kind }) => ({
          text,
          script,
          kind,
        })),
        fatherName: (person.fatherName as string | null) ?? null,
        gender: person.gender as string,
        birthDate: (person.birthDate as FuzzyDate | null) ?? null,
        synthetic: Boolean(person.synthetic),
        events: personEvents,
        detention,
        burial,
      },
    });
  }
  return out;
}

function cardOf(page: MemorialPerson): MemorialCard {
  const names = (p: PlaceRef): PlaceName => ({ names: p.names });
  const death = page.events.find((e) => e.kind === 'execution') ?? page.events[page.events.length - 1];
  return {
    id: page.id,
    caseId: page.caseId,
    names: page.names,
    fatherName: page.fatherName,
    gender: page.gender,
    birthDate: page.birthDate,
    synthetic: page.synthetic,
    death: death
      ? { kind: death.kind, date: death.date, place: death.place ? names(death.place) : null }
      : null,
    detention: page.detention.map((d) => ({ place: names(d.place), certainty: d.certainty })),
    burial: page.burial.map((b) => ({ place: names(b.place), certainty: b.certainty })),
  };
}

const year = (iso: string | null | undefined) => (iso ? Number(iso.slice(0, 4)) : null);

/** Removes the entries of these people; how many were in the memorial. */
async function removeEntries(db: Executor, ids: readonly string[]): Promise<number> {
  let removed = 0;
  for (const part of chunks(ids)) {
    await db.deleteFrom('memorialKeys').where('personId', 'in', part).execute();
    const result = await db.deleteFrom('memorialPeople').where('personId', 'in', part).executeTakeFirst();
    removed += Number(result.numDeletedRows);
  }
  return removed;
}

async function writeEntries(db: Executor, built: Array<{ page: MemorialPerson }>): Promise<void> {
  const people = built.map(({ page }) => ({
    personId: page.id,
    caseId: page.caseId,
    sortName: memorialWords(page.names[0]?.text ?? '').join(' '),
    fatherKnown: page.fatherName ? 1 : 0,
    birthFrom: year(page.birthDate?.start),
    birthTo: year(page.birthDate?.end ?? page.birthDate?.start),
    card: JSON.stringify(cardOf(page)),
    page: JSON.stringify(page),
  }));
  for (let i = 0; i < people.length; i += 200)
    await db
      .insertInto('memorialPeople')
      .values(people.slice(i, i + 200))
      .execute();
  let keys: Array<{ key: string; personId: string; weight: number }> = [];
  const flush = async () => {
    if (keys.length) await db.insertInto('memorialKeys').values(keys).execute();
    keys = [];
  };
  for (const { page } of built) {
    const all = [
      ...memorialKeysOf(
        page.names.map((n) => n.text),
        'name',
      ),
      ...memorialKeysOf(page.fatherName ? [page.fatherName] : [], 'father'),
    ];
    for (const [key, weight] of all) keys.push({ key, personId: page.id, weight });
    if (keys.length >= 2000) await flush();
  }
  await flush();
}

async function casePublic(db: Executor, caseId: string): Promise<boolean> {
  const row = await db.selectFrom('cases').select('sensitivity').where('id', '=', caseId).executeTakeFirst();
  return row?.sensitivity === 'public';
}

/** Versions of changes kept for processes catching up; one further behind reads the whole index again. */
const CHANGES_KEPT = 10_000;

/**
 * Raises the memorial index's version and records whom it changed (null: anyone), in the caller's transaction
 * (migration 0020), so that every process's copy in memory (memorial-memory.ts) catches up before its next
 * search. On PostgreSQL the update locks the state row until commit, so versions commit in order.
 */
async function noteChange(db: Executor, personIds: readonly string[] | null): Promise<void> {
  const row = await db
    .updateTable('memorialState')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', 1)
    .returning('version')
    .executeTakeFirstOrThrow();
  const version = Number(row.version);
  const rows: Array<{ version: number; personId: string | null }> =
    personIds === null ? [{ version, personId: null }] : personIds.map((personId) => ({ version, personId }));
  for (const part of chunks(rows)) await db.insertInto('memorialChanges').values(part).execute();
  await db
    .deleteFrom('memorialChanges')
    .where('version', '<=', version - CHANGES_KEPT)
    .execute();
}

/** Recomputes the memorial entries of some people of a case, inside the caller's transaction. */
export async function refreshMemorialPeople(
  ctx: ServiceContext,
  db: Executor,
  caseId: string,
  personIds: readonly string[],
): Promise<void> {
  const ids = [...new Set(personIds)];
  if (ids.length === 0) return;
  const removed = await removeEntries(db, ids);
  // A write in a case that is not public changes the memorial only if it took someone out of it (never so
  // today: a case made internal is rebuilt whole); nothing to tell the processes' copies otherwise.
  if (!(await casePublic(db, caseId))) {
    if (removed > 0) await noteChange(db, ids);
    return;
  }
  await noteChange(db, ids);
  await writeEntries(db, await buildPages(ctx, db, caseId, ids));
}

/** Rebuilds every memorial entry of a case (after an import, or a change of the case's label). */
export async function refreshMemorialCase(ctx: ServiceContext, db: Executor, caseId: string): Promise<void> {
  const ids = (
    await db.selectFrom('memorialPeople').select('personId').where('caseId', '=', caseId).execute()
  ).map((r) => r.personId);
  await noteChange(db, null);
  await removeEntries(db, ids);
  if (!(await casePublic(db, caseId))) return;
  await writeEntries(db, await buildPages(ctx, db, caseId, null));
}

/** Beyond this many events and places in one write, the whole case is rebuilt instead. */
const WHOLE_CASE = 500;

/**
 * Keeps the memorial current after records of a case were written (created, updated or deleted; both the
 * old and the new values are passed): finds the people whose memorial entry they can change and recomputes
 * those, in the caller's transaction.
 */
export async function refreshMemorialAfterWrite(
  ctx: ServiceContext,
  db: Executor,
  caseId: string,
  written: ReadonlyArray<{ type: string; record: RecordValue }>,
): Promise<void> {
  const people = new Set<string>();
  const events = new Set<string>();
  const places = new Set<string>();
  for (const { type, record } of written) {
    if (type === 'person') people.add(record.id);
    else if (type === 'involvement' && record.actorType === 'person') people.add(record.actorId as string);
    else if (type === 'relation' && record.subjectType === 'person') people.add(record.subjectId as string);
    else if (type === 'event') events.add(record.id);
    else if (type === 'place') places.add(record.id);
  }
  if (people.size + events.size + places.size === 0) return;
  // Many events or places (a bulk load) reach most of the case: rebuilding it is cheaper than finding whom.
  if (events.size + places.size > WHOLE_CASE) return refreshMemorialCase(ctx, db, caseId);
  const ids = (table: string, column: string, values: Set<string>, select: string) =>
    values.size === 0
      ? Promise.resolve([] as string[])
      : (db as AnyDb)
          .selectFrom(table)
          .select(select)
          .where('caseId', '=', caseId)
          .where(column, 'in', [...values])
          .execute()
          .then((rows) => (rows as Array<Record<string, string>>).map((r) => r[select]!));
  for (const id of await ids('relations', 'objectId', places, 'subjectId')) people.add(id);
  for (const id of await ids('events', 'placeId', places, 'id')) events.add(id);
  for (const id of await ids('involvements', 'eventId', events, 'actorId')) people.add(id);
  await refreshMemorialPeople(ctx, db, caseId, [...people]);
}

/**
 * Fills the memorial index from the records of every case (`onlyIfEmpty`: only when it is empty, which `serve`
 * checks at start for a store that predates it).
 */
export async function rebuildMemorialIndex(
  ctx: ServiceContext,
  options: { onlyIfEmpty?: boolean } = {},
): Promise<{ people: number }> {
  if (options.onlyIfEmpty) {
    const any = await ctx.store.db
      .selectFrom('memorialPeople')
      .select('personId')
      .limit(1)
      .executeTakeFirst();
    if (any) return { people: 0 };
  }
  const cases = await ctx.store.db.selectFrom('cases').select('id').orderBy('id').execute();
  for (const c of cases) await ctx.store.db.transaction().execute((db) => refreshMemorialCase(ctx, db, c.id));
  const counted = await ctx.store.db
    .selectFrom('memorialPeople')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  return { people: Number(counted?.n ?? 0) };
}
