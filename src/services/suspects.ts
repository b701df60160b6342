/**
 * A suspect's summary: the person's involvements in events with their degree, the positions held over time
 * ("then", during the events, and "now", after them), the findings about them with the modes of liability
 * they address, and the gaps of the legal matrix for them.
 */
import { z } from 'zod';
import { can, type Actor } from '../auth/index.js';
import { NotFoundError } from '../domain/errors.js';
import type { FindingRecord } from '../domain/records/finding.js';
import type { PositionRecord } from '../domain/records/position.js';
import { specForType, type RecordValue } from '../storage/index.js';
import { loadCase, recordResource } from './cases.js';
import type { ServiceContext } from './context.js';
import { corroborationOf } from './findings.js';
import { legalGaps, type GapsReport } from './legal.js';
import { logProtectedReads, readableRecords } from './records.js';
import { readableLabels } from '../auth/index.js';

type StoredDate = { start: string | null; end: string | null; text: string } | null;

export interface SuspectSummary {
  person: RecordValue;
  involvements: Array<{ involvement: RecordValue; event: RecordValue | null }>;
  /** The period the events span (ISO days), from which then and now are told apart; null with no dated event. */
  period: { start: string; end: string } | null;
  positions: { all: PositionRecord[]; then: PositionRecord[]; now: PositionRecord[] };
  findings: Array<{ finding: FindingRecord; independentOrigins: number; contradictingOrigins: number }>;
  liability: Array<{ crime: string; element: string; findingId: string; standard: string; status: string }>;
  gaps: GapsReport;
}

const startOf = (d: StoredDate) => d?.start ?? null;
const endOf = (d: StoredDate) => d?.end ?? null;

/** Everything the actor may read about one person as a suspect. */
export async function suspectSummary(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  personId: string,
): Promise<SuspectSummary> {
  const found = await loadCase(ctx, actor, caseId);
  const person = z.string().uuid().safeParse(personId).success
    ? await ctx.records.findById(ctx.store.db, specForType('person')!, caseId, personId)
    : undefined;
  if (!person || !can(actor, 'read', recordResource(found, 'person', person.sensitivity)))
    throw new NotFoundError('person', personId);
  const involvements = await readableRecords(ctx, actor, caseId, specForType('involvement')!, {
    actorId: personId,
  });
  const events = new Map(
    (await readableRecords(ctx, actor, caseId, specForType('event')!)).map((e) => [e.id, e]),
  );
  const joined = involvements.map((involvement) => ({
    involvement,
    event: events.get(String(involvement.eventId)) ?? null,
  }));
  const dated = joined
    .filter((j) => j.involvement.role === 'perpetrator')
    .map((j) => j.event?.date as StoredDate)
    .filter((d) => startOf(d) && endOf(d));
  const period = dated.length
    ? {
        start: dated.map((d) => startOf(d)!).sort()[0]!,
        end: dated
          .map((d) => endOf(d)!)
          .sort()
          .reverse()[0]!,
      }
    : null;
  const positions = (
    (await readableRecords(ctx, actor, caseId, specForType('position')!, {
      personId,
    })) as unknown as PositionRecord[]
  ).sort((a, b) => (startOf(a.start) ?? '9999').localeCompare(startOf(b.start) ?? '9999'));
  // Then: held at some time during the events. Now: begun after them (the later career).
  const then = period
    ? positions.filter(
        (p) => (startOf(p.start) ?? '0000') <= period.end && (endOf(p.end) ?? '9999-12-31') >= period.start,
      )
    : [];
  const now = period ? positions.filter((p) => (startOf(p.start) ?? '0000') > period.end) : [];
  const findings = (
    (await readableRecords(ctx, actor, caseId, specForType('finding')!)) as unknown as FindingRecord[]
  ).filter((f) => f.subjects.some((s) => s.type === 'person' && s.id === personId));
  const labels = readableLabels(actor, caseId, found.sensitivity);
  const withOrigins = [];
  for (const finding of findings) {
    const counted = await corroborationOf(ctx, labels, caseId, finding);
    withOrigins.push({
      finding,
      independentOrigins: counted.supports.origins,
      contradictingOrigins: counted.contradicts.origins,
    });
  }
  await logProtectedReads(ctx, actor, 'person', caseId, [person]);
  return {
    person,
    involvements: joined,
    period,
    positions: { all: positions, then, now },
    findings: withOrigins,
    liability: findings.flatMap((f) =>
      f.elements
        .filter((e) => e.crime.startsWith('liability.'))
        .map((e) => ({ ...e, findingId: f.id, standard: f.standard, status: f.status })),
    ),
    gaps: await legalGaps(ctx, actor, caseId, { suspectId: personId }),
  };
}
