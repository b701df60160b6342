import { z } from 'zod';
import { idSchema, omit, patchSchema, recordBaseSchema, sensitivityInputSchema, text } from './common.js';

const locatorSchema = z
  .object({
    page: z.number().int().min(1).optional(),
    charStart: z.number().int().min(0).optional(),
    charEnd: z.number().int().min(0).optional(),
    timeStartSeconds: z.number().min(0).optional(),
    timeEndSeconds: z.number().min(0).optional(),
    section: text(500).optional(),
  })
  .strict()
  .refine((l) => l.charStart === undefined || l.charEnd === undefined || l.charStart <= l.charEnd, {
    message: 'charStart is after charEnd',
    path: ['charEnd'],
  });

const fields = {
  sourceId: idSchema,
  locator: locatorSchema.default({}),
  quote: text(50_000).default(''),
  translation: text(50_000).nullable().default(null),
  language: text(35).nullable().default(null),
  sensitivity: sensitivityInputSchema,
};

export const excerptInputSchema = z.object(fields).strict();
export const excerptUpdateSchema = patchSchema(omit(fields, { sourceId: true }));

export const excerptRecordSchema = recordBaseSchema.extend({
  sourceId: idSchema,
  locator: z.record(z.string(), z.union([z.string(), z.number()])),
  quote: z.string(),
  translation: z.string().nullable(),
  language: z.string().nullable(),
});
export type ExcerptRecord = z.infer<typeof excerptRecordSchema>;
