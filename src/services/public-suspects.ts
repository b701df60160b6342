/**
 * Public pages of the people a case names as alleged perpetrators, for a public case that chose to publish them
 * (`case_settings.publish_suspects`). Written as allegations: each is a public claim about the person, with who
 * makes it and the public sources and excerpts behind it. Nothing here touches the memorial: these people are
 * never memorial entries, and the memorial search never reads these pages.
 */
import { z } from 'zod';
import { ANONYMOUS } from '../auth/index.js';
import { NotFoundError } from '../domain/errors.js';
import { specForType, type RecordValue } from '../storage/index.js';
import type { ServiceContext } from './context.js';
import { readableRecords } from './records.js';

type Names = Array<{ text: string; script: string; kind: string }>;
type StoredDate = {
  calendar: string;
  precision: string;
  text: string;
  start: string | null;
  end: string | null;
};

export interface PublicSuspectCard {
  id: string;
  caseId: string;
  caseTitle: string;
  names: Names;
}

export interface Allegation {
  property: string;
  /** The claim's value; an entity is given by its name (null when that record is not public), never its id. */
  value: Record<string, unknown>;
  claimant: string | null;
  status: string;
  sources: Array<{
    title: string;
    authors: string[];
    publisher: string | null;
    date: StoredDate | null;
    url: string | null;
    quote: string | null;
  }>;
}

export interface PublicSuspectPage extends PublicSuspectCard {
  allegations: Allegation[];
  positions: Array<{
    title: string;
    titleFa: string | null;
    organization: string | null;
    place: string | null;
    start: StoredDate | null;
    end: StoredDate | null;
    /** Who attributes it: the claimants of its public claims. */
    attributedTo: string[];
  }>;
  events: Array<{ title: string; date: StoredDate | null; degree: string | null }>;
}

/** Public cases whose owners chose to publish their alleged perpetrators. */
async function publishingCases(ctx: ServiceContext): Promise<Array<{ id: string; title: string }>> {
  const cases = await ctx.store.db
    .selectFrom('cases')
    .innerJoin('caseSettings', 'caseSettings.caseId', 'cases.id')
    .select(['cases.id', 'cases.title'])
    .where('cases.sensitivity', '=', 'public')
    .where('caseSettings.publishSuspects', '=', 1)
    .orderBy('cases.createdAt')
    .execute();
  return cases;
}

const read = (ctx: ServiceContext, caseId: string, type: string, filters: Record<string, string> = {}) =>
  readableRecords(ctx, ANONYMOUS, caseId, specForType(type)!, filters);

/** The public people named as perpetrators of public events, and those events, in one case. */
async function perpetrators(ctx: ServiceContext, caseId: string) {
  const events = new Map((await read(ctx, caseId, 'event')).map((e) => [e.id, e]));
  const involvements = (await read(ctx, caseId, 'involvement', { role: 'perpetrator' })).filter(
    (i) => i.actorType === 'person' && events.has(String(i.eventId)),
  );
  return { events, involvements };
}

/** Everyone alleged responsible, over every publishing case, in name order. */
export async function listPublicSuspects(ctx: ServiceContext): Promise<PublicSuspectCard[]> {
  const out: PublicSuspectCard[] = [];
  for (const c of await publishingCases(ctx)) {
    const { involvements } = await perpetrators(ctx, c.id);
    const ids = new Set(involvements.map((i) => String(i.actorId)));
    for (const person of await read(ctx, c.id, 'person'))
      if (ids.has(person.id))
        out.push({ id: person.id, caseId: c.id, caseTitle: c.title, names: person.names as Names });
  }
  const key = (p: PublicSuspectCard) =>
    p.names.find((n) => n.script === 'latin')?.text ?? p.names[0]?.text ?? '';
  return out.sort((a, b) => key(a).localeCompare(key(b), 'en'));
}

function nameOf(record: RecordValue | undefined): string | null {
  if (!record) return null;
  const names = record.names as Names | undefined;
  if (names?.length) return (names.find((n) => n.script === 'latin') ?? names[0])!.text;
  return typeof record.title === 'string' ? record.title : null;
}

/** One person's page of allegations; 404 unless the person is a public alleged perpetrator of a publishing case. */
export async function getPublicSuspect(ctx: ServiceContext, personId: string): Promise<PublicSuspectPage> {
  if (!z.string().uuid().safeParse(personId).success) throw new NotFoundError('person', personId);
  for (const c of await publishingCases(ctx)) {
    const { events, involvements } = await perpetrators(ctx, c.id);
    const own = involvements.filter((i) => i.actorId === personId);
    if (own.length === 0) continue;
    const person = (await read(ctx, c.id, 'person')).find((p) => p.id === personId);
    if (!person) continue;
    const named = new Map<string, RecordValue>();
    for (const type of ['person', 'organization', 'place', 'event'])
      for (const r of type === 'event' ? events.values() : await read(ctx, c.id, type)) named.set(r.id, r);
    const sources = new Map(
      (await read(ctx, c.id, 'source'))
        // A testimony reaches a public page only with its giver's consent to publication.
        .filter((s) => {
          if (s.kind !== 'testimony') return true;
          const consent = s.consent as { scopes: string[]; withdrawn: boolean } | null;
          return Boolean(consent && !consent.withdrawn && consent.scopes.includes('public'));
        })
        .map((s) => [s.id, s]),
    );
    const excerpts = new Map((await read(ctx, c.id, 'excerpt')).map((e) => [e.id, e]));
    const claims = await read(ctx, c.id, 'claim', { subjectId: personId });
    const allegationOf = (claim: RecordValue): Allegation | null => {
      const behind = ((claim.evidence as Array<{ excerptId: string; stance: string }>) ?? [])
        .filter((e) => e.stance === 'supports')
        .map((e) => excerpts.get(e.excerptId))
        .filter((e): e is RecordValue => Boolean(e))
        .flatMap((e) => {
          const source = sources.get(String(e.sourceId));
          return source
            ? [
                {
                  title: String(source.title),
                  authors: (source.authors as string[]) ?? [],
                  publisher: (source.publisher as string | null) ?? null,
                  date: (source.date as StoredDate | null) ?? null,
                  url: (source.url as string | null) ?? null,
                  quote: typeof e.quote === 'string' && e.quote ? e.quote : null,
                },
              ]
            : [];
        });
      // An allegation is shown with its source or not at all.
      if (behind.length === 0) return null;
      const value = claim.value as Record<string, unknown>;
      return {
        property: String(claim.property),
        value:
          value.type === 'entity'
            ? { type: 'entity', entityType: value.entityType, name: nameOf(named.get(String(value.id))) }
            : value,
        claimant: (claim.claimant as string | null) ?? null,
        status: String(claim.status),
        sources: behind,
      };
    };
    const byClaim = new Map(claims.map((claim) => [claim.id, claim]));
    const positions = (await read(ctx, c.id, 'position', { personId }))
      .map((p) => {
        const backing = ((p.claimIds as string[]) ?? [])
          .map((id) => byClaim.get(id))
          .filter((x): x is RecordValue => Boolean(x) && allegationOf(x!) !== null);
        return { p, backing };
      })
      .filter(({ backing }) => backing.length > 0)
      .map(({ p, backing }) => ({
        title: String(p.title),
        titleFa: (p.titleFa as string | null) ?? null,
        organization: p.organizationId ? nameOf(named.get(String(p.organizationId))) : null,
        place: p.placeId ? nameOf(named.get(String(p.placeId))) : null,
        start: (p.start as StoredDate | null) ?? null,
        end: (p.end as StoredDate | null) ?? null,
        attributedTo: [...new Set(backing.map((x) => String(x.claimant ?? '')).filter(Boolean))],
      }));
    return {
      id: person.id,
      caseId: c.id,
      caseTitle: c.title,
      names: person.names as Names,
      allegations: claims.map(allegationOf).filter((a): a is Allegation => a !== null),
      positions,
      events: own.map((i) => {
        const event = events.get(String(i.eventId))!;
        return {
          title: String(event.title),
          date: (event.date as StoredDate | null) ?? null,
          degree: (i.perpetratorDegree as string | null) ?? null,
        };
      }),
    };
  }
  throw new NotFoundError('person', personId);
}
