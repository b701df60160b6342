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

/**
 * A position a person held — a seat on a commission, a prosecutor's office, a later ministry — in an
 * organisation and a place, over a fuzzy period, each backed by claims. "Then and now" is read from these.
 */
const fields = {
  personId: idSchema,
  title: text(500)
    .transform((s) => s.trim())
    .pipe(z.string().min(1, 'must not be empty')),
  titleFa: text(500).nullable().default(null),
  organizationId: idSchema.nullable().default(null),
  placeId: idSchema.nullable().default(null),
  start: fuzzyDateInputSchema.nullable().default(null),
  end: fuzzyDateInputSchema.nullable().default(null),
  /** The claims that say the person held it: a position rests on at least one. */
  claimIds: z.array(idSchema).min(1, 'a position rests on at least one claim').max(200),
  notes: text(20_000).default(''),
  sensitivity: sensitivityInputSchema,
};

export const positionInputSchema = z.object(fields).strict();
export const positionUpdateSchema = patchSchema(omit(fields, { personId: true }));

export const positionRecordSchema = recordBaseSchema.extend({
  personId: idSchema,
  title: z.string(),
  titleFa: z.string().nullable(),
  organizationId: idSchema.nullable(),
  placeId: idSchema.nullable(),
  start: storedDateSchema,
  end: storedDateSchema,
  claimIds: z.array(idSchema),
  notes: z.string(),
});
export type PositionRecord = z.infer<typeof positionRecordSchema>;
