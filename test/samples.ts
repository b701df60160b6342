import type { Actor, RecordType } from '../src/auth/index.js';
import type { Sensitivity } from '../src/domain/sensitivity.js';
import type { ServiceContext } from '../src/services/context.js';
import { createRecord } from '../src/services/records.js';
import { specForType } from '../src/storage/index.js';

export type Refs = Record<
  'case' | 'source' | 'excerpt' | 'place' | 'person' | 'organization' | 'event',
  string
>;

/** A valid create input (before zod parsing) for each record kind, pointing at `refs`. */
export function sampleInput(
  type: RecordType,
  refs: Partial<Refs>,
  sensitivity: Sensitivity = 'internal',
): Record<string, unknown> {
  switch (type) {
    case 'source':
      return {
        kind: 'report',
        title: 'Report on prisons',
        authors: ['A. Author'],
        date: 'Mordad 1367',
        language: 'en',
        sensitivity,
      };
    case 'excerpt':
      return { sourceId: refs.source, locator: { page: 3 }, quote: 'a paraphrase', sensitivity };
    case 'place':
      return {
        names: [{ text: 'Evin Prison' }, { text: 'زندان اوین' }],
        kind: 'prison',
        location: {
          geometry: { type: 'Point', coordinates: [51.384, 35.796] },
          precision: 'approximate',
          certainty: 'confirmed',
        },
        sensitivity,
      };
    case 'person':
      return {
        names: [
          { text: 'حسین رضایی', script: 'persian', kind: 'birth' },
          { text: 'Hossein Rezaei', script: 'latin', kind: 'transliteration' },
        ],
        fatherName: 'Ali',
        birthDate: '1340',
        birthPlaceId: refs.place,
        sensitivity,
      };
    case 'organization':
      return { names: [{ text: 'Death commission' }], kind: 'commission', sensitivity };
    case 'event':
      return {
        kind: 'execution',
        title: 'Execution',
        date: '8 Mordad 1367',
        placeId: refs.place,
        sensitivity,
      };
    case 'involvement':
      return { eventId: refs.event, actorType: 'person', actorId: refs.person, role: 'victim', sensitivity };
    case 'relation':
      return {
        kind: 'burial',
        subjectType: 'person',
        subjectId: refs.person,
        objectType: 'place',
        objectId: refs.place,
        certainty: 'possible',
        sensitivity,
      };
    case 'claim':
      return {
        subjectType: 'case',
        subjectId: refs.case,
        property: 'death_toll',
        value: { type: 'number_range', min: 2800, max: 3800 },
        claimant: 'A memoir',
        evidence: refs.excerpt ? [{ excerptId: refs.excerpt }] : [],
        sensitivity,
      };
  }
}

export function parsedInput(
  type: RecordType,
  refs: Partial<Refs>,
  sensitivity: Sensitivity = 'internal',
): Record<string, unknown> {
  return specForType(type)!.createSchema.parse(sampleInput(type, refs, sensitivity)) as Record<
    string,
    unknown
  >;
}

/** One record of every kind, all with the given label, linked to each other; returns their ids by kind. */
export async function seedRecords(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  sensitivity: Sensitivity = 'internal',
) {
  const refs: Partial<Refs> & Record<string, string> = { case: caseId };
  for (const type of [
    'source',
    'excerpt',
    'place',
    'person',
    'organization',
    'event',
    'involvement',
    'relation',
    'claim',
  ] as const) {
    const created = await createRecord(
      ctx,
      actor,
      specForType(type)!,
      caseId,
      parsedInput(type, refs, sensitivity),
    );
    refs[type] = created.id;
  }
  return refs as Refs & Record<'involvement' | 'relation' | 'claim', string>;
}
