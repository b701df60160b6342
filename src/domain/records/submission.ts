import { z } from 'zod';
import { idSchema, recordBaseSchema, text } from './common.js';

export const SUBMISSION_STATUSES = ['pending', 'reviewed', 'dismissed'] as const;

/**
 * What a relative or witness sends through the public memorial: a correction or new information.
 * Always stored as `protected`; nothing about the sender's connection is kept.
 */
export const submissionInputSchema = z
  .object({
    caseId: idSchema,
    personId: idSchema.nullable().default(null),
    kind: z.enum(['correction', 'new_information']),
    message: text(10_000)
      .transform((s) => s.trim())
      .pipe(z.string().min(10, 'write at least 10 characters')),
    submitterName: text(300).nullable().default(null),
    relationship: text(300).nullable().default(null),
    contact: text(500).nullable().default(null),
  })
  .strict();

export const submissionReviewSchema = z
  .object({ status: z.enum(SUBMISSION_STATUSES), reviewNote: text(5000).nullable().default(null) })
  .strict();

export const submissionRecordSchema = recordBaseSchema.extend({
  kind: z.string(),
  personId: idSchema.nullable(),
  message: z.string(),
  submitterName: z.string().nullable(),
  relationship: z.string().nullable(),
  contact: z.string().nullable(),
  status: z.enum(SUBMISSION_STATUSES),
  reviewNote: z.string().nullable(),
});
