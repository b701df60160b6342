import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { actorLabel, can, readableLabels, type Actor } from '../auth/index.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.js';
import type { FuzzyDate } from '../domain/fuzzy-date.js';
import type { submissionInputSchema } from '../domain/records/submission.js';
import { detectScript } from '../domain/person-name.js';
import { foldForSearch, latinKeys } from '../names/index.js';
import {
  inTransaction,
  rowDigest,
  specForType,
  SUBMISSION_SPEC,
  type RecordValue,
} from '../storage/index.js';
import { loadCase } from './cases.js';
import { now, type ServiceContext } from './context.js';

/*
 * The public memorial shows only `public` records of `public` cases, and only the fields listed here:
 * names, father's name, gender, birth date, what happened to the person, where they were held and where
 * they may lie. Contact details and notes are never shown, whatever their label.
 */

type PlaceRef = {
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

const PUBLIC = ['public'] as const;
const people = specForType('person')!;
const places = specForType('place')!;

async function publicCaseIds(ctx: ServiceContext): Promise<string[]> {
  const rows = await ctx.store.db
    .selectFrom('cases')
    .select('id')
    .where('sensitivity', '=', 'public')
    .execute();
  return rows.map((r) => r.id);
}

/** Every word of every name, as keys: folded Persian words, and sound keys of Latin words. */
function nameKeys(person: RecordValue): { persian: string[]; latin: string[] } {
  const names = person.names as Array<{ text: string; script: string }>;
  const persian = names
    .filter((n) => n.script === 'persian')
    .flatMap((n) => foldForSearch(n.text).split(' '));
  const latin = names.filter((n) => n.script === 'latin').flatMap((n) => latinKeys(n.text));
  return { persian, latin };
}

/**
 * Finds people by name in Persian script or any common romanization: every word of the query must
 * begin a word of one of the person's names ("hosein rezaee" finds "Hossein Rezaei").
 */
export async function searchMemorial(
  ctx: ServiceContext,
  query: string,
  limit = 50,
): Promise<MemorialPerson[]> {
  const q = query.trim();
  if (q.length === 0) return [];
  const persianQuery = detectScript(q) === 'persian';
  const words = persianQuery ? foldForSearch(q).split(' ') : latinKeys(q);
  const found: Array<{ person: RecordValue; score: number }> = [];
  for (const caseId of await publicCaseIds(ctx)) {
    for (let offset = 0; ; offset += 500) {
      const page = await ctx.records.list(ctx.store.db, people, {
        caseId,
        labels: PUBLIC,
        filters: {},
        limit: 500,
        offset,
      });
      for (const person of page.items) {
        const keys = nameKeys(person)[persianQuery ? 'persian' : 'latin'];
        let score = 0;
        const matched = words.every((w) => {
          if (keys.includes(w)) return (score += 2);
          return keys.some((k) => k.startsWith(w)) && (score += 1);
        });
        if (matched && words.length > 0) found.push({ person, score });
      }
      if (page.items.length < 500) break;
    }
  }
  found.sort((a, b) => b.score - a.score);
  return Promise.all(found.slice(0, limit).map(({ person }) => presentMemorialPerson(ctx, person)));
}

export async function getMemorialPerson(ctx: ServiceContext, id: string): Promise<MemorialPerson> {
  for (const caseId of await publicCaseIds(ctx)) {
    const person = await ctx.records.findById(ctx.store.db, people, caseId, id).catch(() => undefined);
    if (person?.sensitivity === 'public') return presentMemorialPerson(ctx, person);
  }
  throw new NotFoundError('person', id);
}

async function placeRef(ctx: ServiceContext, caseId: string, id: unknown): Promise<PlaceRef | null> {
  if (typeof id !== 'string') return null;
  const place = await ctx.records.findById(ctx.store.db, places, caseId, id);
  if (!place || place.sensitivity !== 'public') return null;
  return {
    id: place.id,
    names: place.names as PlaceRef['names'],
    kind: place.kind as string,
    location: place.location,
  };
}

async function presentMemorialPerson(ctx: ServiceContext, person: RecordValue): Promise<MemorialPerson> {
  const caseId = person.caseId;
  const list = (type: string, filters: Record<string, string>) =>
    ctx.records.list(ctx.store.db, specForType(type)!, {
      caseId,
      labels: PUBLIC,
      filters,
      limit: 500,
      offset: 0,
    });
  const events: MemorialPerson['events'] = [];
  for (const involvement of (await list('involvement', { actorId: person.id, role: 'victim' })).items) {
    const event = await ctx.records.findById(
      ctx.store.db,
      specForType('event')!,
      caseId,
      involvement.eventId as string,
    );
    if (event?.sensitivity !== 'public') continue;
    events.push({
      id: event.id,
      kind: event.kind as string,
      title: event.title as string,
      date: event.date as FuzzyDate | null,
      place: await placeRef(ctx, caseId, event.placeId),
    });
  }
  events.sort((a, b) => (a.date?.start ?? '9999').localeCompare(b.date?.start ?? '9999'));
  const detention: MemorialPerson['detention'] = [];
  const burial: MemorialPerson['burial'] = [];
  for (const relation of (await list('relation', { subjectId: person.id })).items) {
    const place = relation.objectType === 'place' ? await placeRef(ctx, caseId, relation.objectId) : null;
    if (!place) continue;
    if (relation.kind === 'detention')
      detention.push({
        place,
        certainty: relation.certainty as string,
        start: relation.start as FuzzyDate | null,
        end: relation.end as FuzzyDate | null,
      });
    if (relation.kind === 'burial') burial.push({ place, certainty: relation.certainty as string });
  }
  return {
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
    events,
    detention,
    burial,
  };
}

/**
 * Stores what a relative sends as a pending, protected submission. The case must be public and the person,
 * if named, a public record of it. Nothing about the sender's connection is stored or logged.
 */
export async function submitToMemorial(
  ctx: ServiceContext,
  input: z.output<typeof submissionInputSchema>,
): Promise<{ id: string; status: string }> {
  const anonymous: Actor = { kind: 'anonymous' };
  const found = await loadCase(ctx, anonymous, input.caseId);
  if (input.personId) {
    const person = await ctx.records.findById(ctx.store.db, people, found.id, input.personId);
    if (person?.sensitivity !== 'public')
      throw new ValidationError([{ field: 'personId', message: 'no such person in the memorial' }]);
  }
  const at = now();
  const { caseId: _case, ...fields } = input;
  const record = {
    ...fields,
    id: randomUUID(),
    caseId: found.id,
    sensitivity: 'protected',
    status: 'pending',
    reviewNote: null,
    createdAt: at,
    updatedAt: at,
  } as RecordValue;
  await inTransaction(ctx.store, async ({ db, ledger }) => {
    const row = await ctx.records.insert(db, SUBMISSION_SPEC, record);
    ledger.append({
      actor: actorLabel(anonymous),
      action: 'create',
      resourceType: 'submission',
      resourceId: record.id,
      caseId: found.id,
      digest: rowDigest(row),
    });
  });
  return { id: record.id, status: 'pending' };
}

function mayReview(
  actor: Actor,
  caseId: string,
  caseSensitivity: 'public' | 'internal' | 'confidential' | 'protected',
): boolean {
  return (
    readableLabels(actor, caseId, caseSensitivity).includes('protected') &&
    can(actor, 'update', {
      kind: 'record',
      type: 'person',
      caseId,
      caseSensitivity,
      sensitivity: 'protected',
    })
  );
}

/** Submissions of a case, for members who hold the protected grant and may edit people. Each read is logged. */
export async function listSubmissions(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  status?: string,
): Promise<RecordValue[]> {
  const found = await loadCase(ctx, actor, caseId);
  if (!mayReview(actor, caseId, found.sensitivity))
    throw new ForbiddenError('reviewing submissions needs the protected grant');
  const page = await ctx.records.list(ctx.store.db, SUBMISSION_SPEC, {
    caseId,
    labels: ['protected'],
    filters: status ? { status } : {},
    limit: 500,
    offset: 0,
  });
  await inTransaction(ctx.store, async ({ ledger }) => {
    for (const s of page.items)
      ledger.append({
        actor: actorLabel(actor),
        action: 'read',
        resourceType: 'submission',
        resourceId: s.id,
        caseId,
        digest: null,
      });
  });
  return page.items;
}

export async function reviewSubmission(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  id: string,
  review: { status: string; reviewNote: string | null },
): Promise<RecordValue> {
  const found = await loadCase(ctx, actor, caseId);
  if (!mayReview(actor, caseId, found.sensitivity))
    throw new ForbiddenError('reviewing submissions needs the protected grant');
  return inTransaction(ctx.store, async ({ db, ledger }) => {
    const current = /^[0-9a-f-]{36}$/.test(id)
      ? await ctx.records.findById(db, SUBMISSION_SPEC, caseId, id)
      : undefined;
    if (!current) throw new NotFoundError('submission', id);
    const next = { ...current, ...review, updatedAt: now() };
    const row = await ctx.records.update(db, SUBMISSION_SPEC, next);
    ledger.append({
      actor: actorLabel(actor),
      action: 'update',
      resourceType: 'submission',
      resourceId: id,
      caseId,
      digest: rowDigest(row),
    });
    return next;
  });
}
