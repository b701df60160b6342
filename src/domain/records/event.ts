import { z } from 'zod';
import {
  fuzzyDateInputSchema,
  idSchema,
  patchSchema,
  recordBaseSchema,
  sensitivityInputSchema,
  text,
} from './common.js';
import { storedDateSchema } from './stored.js';

export const EVENT_KINDS = [
  'arrest',
  'detention',
  'transfer',
  'hearing',
  'trial',
  'torture',
  'execution',
  'burial',
  'notification',
  'disappearance',
  'release',
  'site_change',
  'other',
] as const;

const fields = {
  kind: z.enum(EVENT_KINDS),
  title: text(1000)
    .transform((s) => s.trim())
    .pipe(z.string().min(1, 'must not be empty')),
  date: fuzzyDateInputSchema.nullable().default(null),
  placeId: idSchema.nullable().default(null),
  description: text(20_000).default(''),
  sensitivity: sensitivityInputSchema,
};

export const eventInputSchema = z.object(fields).strict();
export const eventUpdateSchema = patchSchema(fields);

export const eventRecordSchema = recordBaseSchema.extend({
  kind: z.enum(EVENT_KINDS),
  title: z.string(),
  date: storedDateSchema,
  placeId: idSchema.nullable(),
  description: z.string(),
});
export type EventRecord = z.infer<typeof eventRecordSchema>;
