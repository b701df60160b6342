import { z } from 'zod';
import {
  fuzzyDateInputSchema,
  patchSchema,
  recordBaseSchema,
  sensitivityInputSchema,
  text,
} from './common.js';
import { storedDateSchema } from './stored.js';

export const SOURCE_KINDS = [
  'document',
  'testimony',
  'media',
  'dataset',
  'report',
  'book',
  'article',
  'court_record',
  'web_capture',
  'other',
] as const;

/** Where consent given by a witness or family allows their testimony to go; withdrawable. */
export const CONSENT_SCOPES = ['internal', 'legal', 'un', 'public'] as const;

const collectionSchema = z
  .object({
    collectedBy: text(300).optional(),
    collectedAt: text(100).optional(),
    method: text(1000).optional(),
    location: text(1000).optional(),
    tool: text(300).optional(),
  })
  .strict();

const consentSchema = z
  .object({
    scopes: z.array(z.enum(CONSENT_SCOPES)).max(4),
    withdrawn: z.boolean().default(false),
    notes: text(5000).optional(),
  })
  .strict();

const fields = {
  kind: z.enum(SOURCE_KINDS),
  title: text(1000)
    .transform((s) => s.trim())
    .pipe(z.string().min(1, 'must not be empty')),
  authors: z.array(text(300)).max(100).default([]),
  publisher: text(300).nullable().default(null),
  date: fuzzyDateInputSchema.nullable().default(null),
  language: text(35).nullable().default(null),
  url: text(2000).nullable().default(null),
  origin: text(2000).nullable().default(null),
  /** Who collected it, when, from where, how, with which tool. */
  collection: collectionSchema.nullable().default(null),
  /** Source reliability on the A (completely reliable) to F (cannot be judged) scale. */
  reliability: z.enum(['A', 'B', 'C', 'D', 'E', 'F']).nullable().default(null),
  consent: consentSchema.nullable().default(null),
  contact: text(2000).nullable().default(null),
  notes: text(20_000).default(''),
  sensitivity: sensitivityInputSchema,
};

export const sourceInputSchema = z.object(fields).strict();
export const sourceUpdateSchema = patchSchema(fields);

export const sourceRecordSchema = recordBaseSchema.extend({
  kind: z.enum(SOURCE_KINDS),
  title: z.string(),
  authors: z.array(z.string()),
  publisher: z.string().nullable(),
  date: storedDateSchema,
  language: z.string().nullable(),
  url: z.string().nullable(),
  origin: z.string().nullable(),
  collection: z.record(z.string(), z.string()).nullable(),
  reliability: z.string().nullable(),
  consent: z
    .object({ scopes: z.array(z.string()), withdrawn: z.boolean(), notes: z.string().optional() })
    .nullable(),
  contact: z.string().nullable(),
  notes: z.string(),
});
export type SourceRecord = z.infer<typeof sourceRecordSchema>;
