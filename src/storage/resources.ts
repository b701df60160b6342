import { z } from 'zod';
import { FILE_STATUSES, MENTION_KINDS, MENTION_STATUSES } from '../domain/evidence-views.js';
import * as claim from '../domain/records/claim.js';
import * as event from '../domain/records/event.js';
import * as finding from '../domain/records/finding.js';
import * as position from '../domain/records/position.js';
import { canonicalJson } from '../domain/canonical-json.js';
import * as excerpt from '../domain/records/excerpt.js';
import * as involvement from '../domain/records/involvement.js';
import * as organization from '../domain/records/organization.js';
import * as person from '../domain/records/person.js';
import * as place from '../domain/records/place.js';
import * as relation from '../domain/records/relation.js';
import * as source from '../domain/records/source.js';
import * as submission from '../domain/records/submission.js';
import type { EntityType } from '../domain/records/common.js';
import { sensitivitySchema } from '../domain/sensitivity.js';
import { foldForSearch } from '../names/index.js';
import type { FieldSpec, RecordSpec, Reference, ResourceSpec } from './resource-spec.js';

const T: FieldSpec = { codec: 'text' };
const J: FieldSpec = { codec: 'json' };
const B: FieldSpec = { codec: 'bool' };
const I: FieldSpec = { codec: 'int' };
const secret = (spec: FieldSpec): FieldSpec => ({ ...spec, identifying: true });
const date = (start: string, end: string): FieldSpec => ({ codec: 'json', interval: { start, end } });

function enumFilter(values: readonly [string, ...string[]]) {
  return z.enum(values);
}
const idFilter = z.string().uuid();

function ref(record: Record<string, unknown>, field: string, type: Reference['type']): Reference[] {
  const id = record[field];
  return typeof id === 'string' ? [{ field, type, id }] : [];
}

function namesIndex(record: Record<string, unknown>): string {
  const names = (record.names as Array<{ text: string }> | undefined) ?? [];
  const father = typeof record.fatherName === 'string' ? [record.fatherName] : [];
  return foldForSearch([...names.map((n) => n.text), ...father].join(' | '));
}

const sourceSpec: RecordSpec = {
  type: 'source',
  table: 'sources',
  plural: 'sources',
  fields: {
    kind: T,
    title: T,
    authors: secret(J),
    publisher: T,
    date: date('dateStart', 'dateEnd'),
    language: T,
    url: T,
    origin: T,
    collection: secret(J),
    reliability: T,
    consent: J,
    contact: secret(T),
    notes: secret(T),
  },
  createSchema: source.sourceInputSchema,
  updateSchema: source.sourceUpdateSchema,
  recordSchema: source.sourceRecordSchema,
  filters: {
    kind: { column: 'kind', schema: enumFilter(source.SOURCE_KINDS) },
    language: { column: 'language', schema: z.string().max(35) },
    reliability: { column: 'reliability', schema: z.enum(['A', 'B', 'C', 'D', 'E', 'F']) },
  },
  searchColumn: 'title',
  referencesOf: () => [],
  referringColumns: [],
};

const excerptSpec: RecordSpec = {
  type: 'excerpt',
  table: 'excerpts',
  plural: 'excerpts',
  // A quote from a protected testimony may name the witness: encrypted like other identifying fields. Rows
  // written in clear before this was so are still read (decryption applies only to encrypted values).
  fields: { sourceId: T, locator: J, quote: secret(T), translation: secret(T), language: T },
  createSchema: excerpt.excerptInputSchema,
  updateSchema: excerpt.excerptUpdateSchema,
  recordSchema: excerpt.excerptRecordSchema,
  filters: { sourceId: { column: 'sourceId', schema: idFilter } },
  referencesOf: (r) => ref(r, 'sourceId', 'source'),
  referringColumns: [{ column: 'sourceId' }],
};

const personSpec: RecordSpec = {
  type: 'person',
  table: 'people',
  plural: 'people',
  fields: {
    names: secret(J),
    fatherName: secret(T),
    gender: T,
    birthDate: date('birthDateStart', 'birthDateEnd'),
    birthPlaceId: T,
    contact: secret(T),
    synthetic: B,
    notes: secret(T),
  },
  createSchema: person.personInputSchema,
  updateSchema: person.personUpdateSchema,
  recordSchema: person.personRecordSchema,
  filters: {
    gender: { column: 'gender', schema: z.enum(['female', 'male', 'other', 'unknown']) },
    birthPlaceId: { column: 'birthPlaceId', schema: idFilter },
  },
  searchColumn: 'nameIndex',
  nameIndexOf: namesIndex,
  referencesOf: (r) => ref(r, 'birthPlaceId', 'place'),
  referringColumns: [{ column: 'birthPlaceId' }],
};

const organizationSpec: RecordSpec = {
  type: 'organization',
  table: 'organizations',
  plural: 'organizations',
  fields: { names: J, kind: T, description: T },
  createSchema: organization.organizationInputSchema,
  updateSchema: organization.organizationUpdateSchema,
  recordSchema: organization.organizationRecordSchema,
  filters: { kind: { column: 'kind', schema: enumFilter(organization.ORGANIZATION_KINDS) } },
  searchColumn: 'nameIndex',
  nameIndexOf: namesIndex,
  referencesOf: () => [],
  referringColumns: [],
};

const placeSpec: RecordSpec = {
  type: 'place',
  table: 'places',
  plural: 'places',
  fields: { names: J, kind: T, location: J, parentId: T, observations: J, description: T },
  createSchema: place.placeInputSchema,
  updateSchema: place.placeUpdateSchema,
  recordSchema: place.placeRecordSchema,
  filters: {
    kind: { column: 'kind', schema: enumFilter(place.PLACE_KINDS) },
    parentId: { column: 'parentId', schema: idFilter },
  },
  searchColumn: 'nameIndex',
  nameIndexOf: namesIndex,
  referencesOf: (r) => [
    ...ref(r, 'parentId', 'place'),
    ...((r.observations as Array<{ sourceId: string | null }> | undefined) ?? []).flatMap((o, i) =>
      o.sourceId ? [{ field: `observations.${i}.sourceId`, type: 'source' as const, id: o.sourceId }] : [],
    ),
  ],
  referringColumns: [{ column: 'parentId' }, { column: 'observations', json: true }],
};

const eventSpec: RecordSpec = {
  type: 'event',
  table: 'events',
  plural: 'events',
  fields: { kind: T, title: T, date: date('dateStart', 'dateEnd'), placeId: T, description: T },
  createSchema: event.eventInputSchema,
  updateSchema: event.eventUpdateSchema,
  recordSchema: event.eventRecordSchema,
  filters: {
    kind: { column: 'kind', schema: enumFilter(event.EVENT_KINDS) },
    placeId: { column: 'placeId', schema: idFilter },
  },
  searchColumn: 'title',
  referencesOf: (r) => ref(r, 'placeId', 'place'),
  referringColumns: [{ column: 'placeId' }],
};

const involvementSpec: RecordSpec = {
  type: 'involvement',
  table: 'involvements',
  plural: 'involvements',
  fields: { eventId: T, actorType: T, actorId: T, role: T, perpetratorDegree: T, notes: T },
  createSchema: involvement.involvementInputSchema,
  updateSchema: involvement.involvementUpdateSchema,
  recordSchema: involvement.involvementRecordSchema,
  filters: {
    eventId: { column: 'eventId', schema: idFilter },
    actorId: { column: 'actorId', schema: idFilter },
    role: { column: 'role', schema: enumFilter(involvement.INVOLVEMENT_ROLES) },
  },
  referencesOf: (r) => [...ref(r, 'eventId', 'event'), ...ref(r, 'actorId', r.actorType as EntityType)],
  referringColumns: [{ column: 'eventId' }, { column: 'actorId' }],
};

const relationSpec: RecordSpec = {
  type: 'relation',
  table: 'relations',
  plural: 'relations',
  fields: {
    kind: T,
    subjectType: T,
    subjectId: T,
    objectType: T,
    objectId: T,
    title: T,
    start: { codec: 'json', column: 'startDate' },
    end: { codec: 'json', column: 'endDate' },
    certainty: T,
    notes: T,
  },
  createSchema: relation.relationInputSchema,
  updateSchema: relation.relationUpdateSchema,
  recordSchema: relation.relationRecordSchema,
  filters: {
    kind: { column: 'kind', schema: enumFilter(relation.RELATION_KINDS) },
    subjectId: { column: 'subjectId', schema: idFilter },
    objectId: { column: 'objectId', schema: idFilter },
  },
  referencesOf: (r) => [
    ...ref(r, 'subjectId', r.subjectType as EntityType),
    ...ref(r, 'objectId', r.objectType as EntityType),
  ],
  referringColumns: [{ column: 'subjectId' }, { column: 'objectId' }],
};

const claimSpec: RecordSpec = {
  type: 'claim',
  table: 'claims',
  plural: 'claims',
  fields: {
    subjectType: T,
    subjectId: T,
    property: T,
    // What a claim says about a protected person is as identifying as the person's own fields.
    value: secret(J),
    claimant: secret(T),
    qualifiers: secret(J),
    evidence: J,
    credibility: I,
    status: T,
    preferred: B,
    preferredReason: T,
  },
  createSchema: claim.claimInputSchema,
  updateSchema: claim.claimUpdateSchema,
  recordSchema: claim.claimRecordSchema,
  filters: {
    subjectId: { column: 'subjectId', schema: idFilter },
    subjectType: { column: 'subjectType', schema: z.string().max(30) },
    property: { column: 'property', schema: z.string().max(200) },
    status: { column: 'status', schema: enumFilter(claim.CLAIM_STATUSES) },
  },
  referencesOf: (r) => {
    const refs = ref(r, 'subjectId', r.subjectType as EntityType);
    const value = r.value as { type?: string; entityType?: EntityType; id?: string } | undefined;
    if (value?.type === 'entity' && value.id && value.entityType) {
      refs.push({ field: 'value.id', type: value.entityType, id: value.id });
    }
    ((r.evidence as Array<{ excerptId: string }> | undefined) ?? []).forEach((e, i) =>
      refs.push({ field: `evidence.${i}.excerptId`, type: 'excerpt', id: e.excerptId }),
    );
    return refs;
  },
  referringColumns: [
    { column: 'subjectId' },
    { column: 'value', json: true },
    { column: 'evidence', json: true },
  ],
  commandDefaults: { preferred: false, preferredReason: null },
};

/** The content of a finding's version: what its history keeps. */
function findingContent(record: Record<string, unknown>) {
  return Object.fromEntries(finding.FINDING_CONTENT_FIELDS.map((f) => [f, record[f]]));
}

const findingSpec: RecordSpec = {
  type: 'finding',
  table: 'findings',
  plural: 'findings',
  fields: {
    // A finding about a protected person says who they are: its words are as identifying as the person's.
    statement: secret(J),
    subjects: J,
    standard: T,
    evidence: J,
    elements: J,
    notes: secret(T),
    author: T,
    status: T,
    version: I,
    reviews: secret(J),
    history: secret(J),
  },
  createSchema: finding.findingInputSchema,
  updateSchema: finding.findingUpdateSchema,
  recordSchema: finding.findingRecordSchema,
  filters: {
    status: { column: 'status', schema: z.enum(finding.FINDING_STATUSES) },
    standard: { column: 'standard', schema: z.enum(finding.STANDARDS_OF_PROOF) },
  },
  referencesOf: (r) => [
    ...((r.subjects as Array<{ type: EntityType; id: string }> | undefined) ?? []).map((s, i) => ({
      field: `subjects.${i}.id`,
      type: s.type,
      id: s.id,
    })),
    ...((r.evidence as Array<{ kind: 'claim' | 'excerpt'; id: string }> | undefined) ?? []).map((e, i) => ({
      field: `evidence.${i}.id`,
      type: e.kind,
      id: e.id,
    })),
  ],
  referringColumns: [
    { column: 'subjects', json: true },
    { column: 'evidence', json: true },
  ],
  commandDefaults: { author: '', status: 'draft', version: 1, reviews: [], history: [] },
  // A new version for any change of content: the one before goes to the history, and the review starts over.
  onWrite: ({ current, next, by }) => {
    if (!current) return { ...next, author: by, status: 'draft', version: 1, reviews: [], history: [] };
    if (canonicalJson(findingContent(current)) === canonicalJson(findingContent(next))) return next;
    const previous = {
      version: current.version,
      at: current.updatedAt,
      by: current.author,
      ...findingContent(current),
    };
    return {
      ...next,
      status: 'draft',
      version: Number(current.version) + 1,
      history: [...((current.history as unknown[] | undefined) ?? []), previous],
    };
  },
};

const positionSpec: RecordSpec = {
  type: 'position',
  table: 'positions',
  plural: 'positions',
  fields: {
    personId: T,
    title: T,
    titleFa: T,
    organizationId: T,
    placeId: T,
    start: { codec: 'json', column: 'startDate' },
    end: { codec: 'json', column: 'endDate' },
    claimIds: J,
    notes: T,
  },
  createSchema: position.positionInputSchema,
  updateSchema: position.positionUpdateSchema,
  recordSchema: position.positionRecordSchema,
  filters: {
    personId: { column: 'personId', schema: idFilter },
    organizationId: { column: 'organizationId', schema: idFilter },
  },
  referencesOf: (r) => [
    ...ref(r, 'personId', 'person'),
    ...ref(r, 'organizationId', 'organization'),
    ...ref(r, 'placeId', 'place'),
    ...((r.claimIds as string[] | undefined) ?? []).map((id, i) => ({
      field: `claimIds.${i}`,
      type: 'claim' as const,
      id,
    })),
  ],
  referringColumns: [
    { column: 'personId' },
    { column: 'organizationId' },
    { column: 'placeId' },
    { column: 'claimIds', json: true },
  ],
};

/** The record resources in dependency order: a record only refers to kinds listed before it, except claims. */
export const RESOURCE_SPECS: readonly RecordSpec[] = [
  sourceSpec,
  excerptSpec,
  placeSpec,
  personSpec,
  organizationSpec,
  eventSpec,
  involvementSpec,
  relationSpec,
  claimSpec,
  findingSpec,
  positionSpec,
];

/** Submissions from the public memorial: always protected, kept apart from the case records' routes. */
export const SUBMISSION_SPEC: ResourceSpec = {
  type: 'submission',
  table: 'submissions',
  plural: 'submissions',
  fields: {
    kind: T,
    personId: T,
    message: secret(T),
    submitterName: secret(T),
    relationship: secret(T),
    contact: secret(T),
    status: T,
    reviewNote: T,
  },
  createSchema: submission.submissionInputSchema,
  importSchema: submission.submissionRecordSchema
    .omit({ id: true, caseId: true, createdAt: true, updatedAt: true })
    .strict(),
  updateSchema: submission.submissionReviewSchema,
  recordSchema: submission.submissionRecordSchema,
  filters: { status: { column: 'status', schema: z.enum(submission.SUBMISSION_STATUSES) } },
  referencesOf: (r) => ref(r, 'personId', 'person'),
  referringColumns: [],
};

/** Recorded estimate runs: inputs, method, parameters, software version and result, kept for citation. */
export const ESTIMATE_RUN_SPEC: ResourceSpec = {
  type: 'estimate_run',
  table: 'estimateRuns',
  plural: 'estimates',
  fields: { title: T, method: T, input: J, parameters: J, softwareVersion: T, result: J },
  createSchema: z.object({}),
  importSchema: z
    .object({
      sensitivity: sensitivitySchema,
      title: z.string().min(1).max(300),
      method: z.enum(['loglinear', 'lcmcr']),
      input: z.record(z.string(), z.unknown()),
      parameters: z.record(z.string(), z.unknown()),
      softwareVersion: z.string().max(100),
      result: z.record(z.string(), z.unknown()),
    })
    .strict(),
  updateSchema: z.object({}),
  recordSchema: z.object({}),
  filters: { method: { column: 'method', schema: z.enum(['loglinear', 'lcmcr']) } },
  referencesOf: () => [],
  referringColumns: [],
};

export const RELIABILITIES = ['high', 'medium', 'low', 'unknown'] as const;

/** An imported victim list: its origin, reliability, file hash and how its columns were read. */
export const VICTIM_LIST_SPEC: ResourceSpec = {
  type: 'victim_list',
  table: 'victimLists',
  plural: 'lists',
  fields: {
    name: T,
    origin: T,
    published: T,
    reliability: T,
    fileName: T,
    fileSha256: T,
    idColumn: T,
    mapping: J,
    rowCount: I,
  },
  createSchema: z.object({}),
  importSchema: z
    .object({
      sensitivity: sensitivitySchema,
      name: z.string().min(1).max(200),
      origin: z.string().max(2000).nullable(),
      published: z.string().max(100).nullable(),
      reliability: z.enum(RELIABILITIES),
      fileName: z.string().max(500),
      fileSha256: z.string().regex(/^[0-9a-f]{64}$/),
      idColumn: z.string().max(200),
      mapping: z.record(z.string(), z.string()),
      rowCount: z.number().int().min(0),
    })
    .strict(),
  updateSchema: z.object({}),
  recordSchema: z.object({}),
  filters: {},
  referencesOf: () => [],
  referringColumns: [],
};

/**
 * One row of a victim list: the raw cells as read, the normalised fields, and the registry cluster the
 * linkage put it in. Raw cells and fields are identifying: encrypted when the list is protected.
 */
export const LIST_RECORD_SPEC: ResourceSpec = {
  type: 'list_record',
  table: 'listRecords',
  plural: 'list-records',
  fields: { listId: T, recordKey: T, rowNumber: I, raw: secret(J), fields: secret(J), cluster: T },
  createSchema: z.object({}),
  importSchema: z
    .object({
      sensitivity: sensitivitySchema,
      listId: z.string().uuid(),
      recordKey: z.string().min(1).max(200),
      rowNumber: z.number().int().min(1),
      raw: z.record(z.string(), z.string()),
      fields: z.record(z.string(), z.unknown()),
      cluster: z.string().max(100).nullable(),
    })
    .strict(),
  updateSchema: z.object({}),
  recordSchema: z.object({}),
  filters: { list: { column: 'listId', schema: z.string().uuid() } },
  referencesOf: (r) => ref(r, 'listId', 'victim_list'),
  referringColumns: [],
};

export const LINK_DECISIONS = ['pending', 'match', 'non_match', 'skipped'] as const;

/**
 * A pair of list rows the linkage was unsure about: its match probability in parts per million (exact on
 * both databases), the field-by-field explanation (which holds the rows' values, so it is identifying), and
 * a person's decision, which later link runs obey.
 */
export const LINK_PAIR_SPEC: ResourceSpec = {
  type: 'link_pair',
  table: 'linkPairs',
  plural: 'link-pairs',
  fields: { leftId: T, rightId: T, probabilityPpm: I, explanation: secret(J), decision: T, note: T },
  createSchema: z.object({}),
  importSchema: z
    .object({
      sensitivity: sensitivitySchema,
      leftId: z.string().uuid(),
      rightId: z.string().uuid(),
      probabilityPpm: z.number().int().min(0).max(1_000_000),
      explanation: z.record(z.string(), z.unknown()),
      decision: z.enum(LINK_DECISIONS),
      note: z.string().max(5000).nullable(),
    })
    .strict(),
  updateSchema: z.object({}),
  recordSchema: z.object({}),
  filters: { decision: { column: 'decision', schema: z.enum(LINK_DECISIONS) } },
  referencesOf: (r) => [...ref(r, 'leftId', 'list_record'), ...ref(r, 'rightId', 'list_record')],
  referringColumns: [],
};

/**
 * An evidence file (original or derived), its bytes in the blob store under `sha256`. The name it arrived
 * under and its collection record are identifying: encrypted when the file is protected.
 */
export const FILE_SPEC: ResourceSpec = {
  type: 'file',
  table: 'files',
  plural: 'files',
  fields: {
    sourceId: T,
    sha256: T,
    size: I,
    mediaType: T,
    originalName: secret(T),
    parentId: T,
    parentSha256: T,
    derivation: J,
    collection: secret(J),
    status: T,
    statusNote: T,
    extraction: J,
  },
  createSchema: z.object({}),
  updateSchema: z.object({}),
  recordSchema: z.object({}),
  filters: {
    source: { column: 'sourceId', schema: idFilter },
    status: { column: 'status', schema: z.enum(FILE_STATUSES) },
  },
  referencesOf: (r) => [...ref(r, 'sourceId', 'source')],
  referringColumns: [],
};

export { FILE_STATUSES, MENTION_KINDS, MENTION_STATUSES };

/** What spotting found in a document's text, at its character offsets, and what a person decided about it. */
export const MENTION_SPEC: ResourceSpec = {
  type: 'mention',
  table: 'mentions',
  plural: 'mentions',
  fields: {
    fileId: T,
    sourceId: T,
    kind: T,
    charStart: I,
    charEnd: I,
    text: secret(T),
    entityType: T,
    entityId: T,
    match: T,
    score: I,
    value: secret(J),
    status: T,
    excerptId: T,
    claimId: T,
    decidedBy: T,
    note: secret(T),
  },
  createSchema: z.object({}),
  updateSchema: z.object({}),
  recordSchema: z.object({}),
  filters: {
    file: { column: 'fileId', schema: idFilter },
    kind: { column: 'kind', schema: z.enum(MENTION_KINDS) },
    status: { column: 'status', schema: z.enum(MENTION_STATUSES) },
  },
  referencesOf: () => [],
  referringColumns: [],
};

/** Everything a case holds, in the order exports write it. */
export const CASE_SPECS: readonly ResourceSpec[] = [
  ...RESOURCE_SPECS,
  SUBMISSION_SPEC,
  ESTIMATE_RUN_SPEC,
  VICTIM_LIST_SPEC,
  LIST_RECORD_SPEC,
  LINK_PAIR_SPEC,
];

const byType = new Map(RESOURCE_SPECS.map((s) => [s.type, s]));
const caseSpecByType = new Map(CASE_SPECS.map((s) => [s.type, s]));

/** Any kind a case holds, including submissions and estimate runs. */
export function caseSpecForType(type: string): ResourceSpec | undefined {
  return caseSpecByType.get(type as ResourceSpec['type']);
}
const byPlural = new Map(RESOURCE_SPECS.map((s) => [s.plural, s]));

export function specForType(type: string): RecordSpec | undefined {
  return byType.get(type as RecordSpec['type']);
}
export function specForPlural(plural: string): RecordSpec | undefined {
  return byPlural.get(plural);
}
