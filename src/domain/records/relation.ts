import { z } from 'zod';
import {
  fuzzyDateInputSchema,
  idSchema,
  omit,
  patchSchema,
  recordBaseSchema,
  sensitivityInputSchema,
  text,
} from './common.js';
import { storedDateSchema } from './stored.js';

export const RELATION_KINDS = [
  'membership',
  'position_held',
  'family',
  'detention',
  'burial',
  'other',
] as const;
export const RELATION_ENDPOINT_TYPES = ['person', 'organization', 'place'] as const;
export const CERTAINTIES = ['confirmed', 'probable', 'possible', 'unknown'] as const;

const fields = {
  kind: z.enum(RELATION_KINDS),
  subjectType: z.enum(RELATION_ENDPOINT_TYPES),
  subjectId: idSchema,
  objectType: z.enum(RELATION_ENDPOINT_TYPES),
  objectId: idSchema,
  /** Title of a position, or the family tie ("brother"). */
  title: text(500).nullable().default(null),
  start: fuzzyDateInputSchema.nullable().default(null),
  end: fuzzyDateInputSchema.nullable().default(null),
  certainty: z.enum(CERTAINTIES).default('unknown'),
  notes: text(20_000).default(''),
  sensitivity: sensitivityInputSchema,
};

export const relationInputSchema = z.object(fields).strict();
export const relationUpdateSchema = patchSchema(
  omit(fields, { subjectType: true, subjectId: true, objectType: true, objectId: true }),
);

export const relationRecordSchema = recordBaseSchema.extend({
  kind: z.enum(RELATION_KINDS),
  subjectType: z.enum(RELATION_ENDPOINT_TYPES),
  subjectId: idSchema,
  objectType: z.enum(RELATION_ENDPOINT_TYPES),
  objectId: idSchema,
  title: z.string().nullable(),
  start: storedDateSchema,
  end: storedDateSchema,
  certainty: z.enum(CERTAINTIES),
  notes: z.string(),
});
export type RelationRecord = z.infer<typeof relationRecordSchema>;
