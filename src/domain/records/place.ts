import { z } from 'zod';
import { placeLocationSchema } from '../geometry.js';
import {
  entityNamesSchema,
  fuzzyDateInputSchema,
  idSchema,
  patchSchema,
  recordBaseSchema,
  sensitivityInputSchema,
  text,
} from './common.js';
import { storedDateSchema, storedNameSchema } from './stored.js';

export const PLACE_KINDS = [
  'prison',
  'mass_grave',
  'cemetery',
  'city',
  'province',
  'country',
  'building',
  'other',
] as const;

/** A dated observation of a site ("bulldozed", "walled off"), pointing at the source that reports it. */
const observationSchema = z
  .object({
    date: fuzzyDateInputSchema.nullable().default(null),
    description: text(5000)
      .transform((s) => s.trim())
      .pipe(z.string().min(1, 'must not be empty')),
    sourceId: idSchema.nullable().default(null),
  })
  .strict();

const fields = {
  names: entityNamesSchema,
  kind: z.enum(PLACE_KINDS),
  location: placeLocationSchema.nullable().default(null),
  parentId: idSchema.nullable().default(null),
  observations: z.array(observationSchema).max(500).default([]),
  description: text(20_000).default(''),
  sensitivity: sensitivityInputSchema,
};

export const placeInputSchema = z.object(fields).strict();
export const placeUpdateSchema = patchSchema(fields);

export const placeRecordSchema = recordBaseSchema.extend({
  names: z.array(storedNameSchema),
  kind: z.enum(PLACE_KINDS),
  location: z.record(z.string(), z.unknown()).nullable(),
  parentId: idSchema.nullable(),
  observations: z.array(
    z.object({ date: storedDateSchema, description: z.string(), sourceId: idSchema.nullable() }),
  ),
  description: z.string(),
});
export type PlaceRecord = z.infer<typeof placeRecordSchema>;
