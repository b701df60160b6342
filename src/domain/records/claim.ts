import { z } from 'zod';
import {
  entityTypeSchema,
  fuzzyDateInputSchema,
  idSchema,
  omit,
  patchSchema,
  recordBaseSchema,
  sensitivityInputSchema,
  text,
} from './common.js';
import { storedDateSchema } from './stored.js';

export const CLAIM_STATUSES = ['asserted', 'corroborated', 'disputed', 'refuted', 'retracted'] as const;

/**
 * A typed claim value. Counts may be a single figure, a range ("4,500–5,000"), with a bound ("at least"), or
 * alternatives: one figure or another, the claimant unsure which ("2,800 or 3,800") — not the numbers between.
 */
const claimValueInput = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: text(20_000) }).strict(),
  z
    .object({
      type: z.literal('number'),
      value: z.number().finite(),
      bound: z.enum(['exact', 'at_least', 'at_most', 'about']).default('exact'),
    })
    .strict(),
  z
    .object({
      type: z.literal('number_range'),
      min: z.number().finite(),
      max: z.number().finite(),
      bound: z.enum(['exact', 'at_least', 'at_most', 'about']).default('exact'),
    })
    .strict()
    .refine((v) => v.min <= v.max, { message: 'min is greater than max', path: ['max'] }),
  z
    .object({
      type: z.literal('number_alternatives'),
      values: z.array(z.number().finite()).min(2).max(10),
      bound: z.enum(['exact', 'at_least', 'at_most', 'about']).default('exact'),
    })
    .strict(),
  z.object({ type: z.literal('date'), date: fuzzyDateInputSchema }).strict(),
  z.object({ type: z.literal('entity'), entityType: entityTypeSchema, id: idSchema }).strict(),
  z.object({ type: z.literal('boolean'), value: z.boolean() }).strict(),
]);

const evidenceSchema = z
  .object({ excerptId: idSchema, stance: z.enum(['supports', 'contradicts']).default('supports') })
  .strict();

const fields = {
  subjectType: entityTypeSchema,
  subjectId: idSchema,
  /** What is claimed about the subject: `death_toll`, `date_of_execution`, `member_of`. */
  property: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[a-z][a-z0-9_.]*$/, 'lower-case identifier (letters, digits, _ and .)'),
  value: claimValueInput,
  /** Who makes the claim, in the source's own attribution ("Amnesty International"). */
  claimant: text(1000).nullable().default(null),
  qualifiers: z.record(z.string().max(100), text(2000)).default({}),
  evidence: z.array(evidenceSchema).max(1000).default([]),
  /** Credibility of the information, 1 (confirmed) to 6 (cannot be judged). */
  credibility: z.number().int().min(1).max(6).nullable().default(null),
  status: z.enum(CLAIM_STATUSES).default('asserted'),
  sensitivity: sensitivityInputSchema,
};

export const claimInputSchema = z.object(fields).strict();
export const claimUpdateSchema = patchSchema(
  omit(fields, { subjectType: true, subjectId: true, property: true }),
);

/** Marking a preferred value among competing claims always needs a written reason. */
export const claimPreferenceSchema = z
  .object({
    preferred: z.boolean(),
    reason: text(5000)
      .transform((s) => s.trim())
      .pipe(z.string().min(10, 'give a reason of at least 10 characters')),
  })
  .strict();

export const claimRecordSchema = recordBaseSchema.extend({
  subjectType: entityTypeSchema,
  subjectId: idSchema,
  property: z.string(),
  value: z.union([
    z.object({ type: z.literal('text'), text: z.string() }),
    z.object({ type: z.literal('number'), value: z.number(), bound: z.string() }),
    z.object({ type: z.literal('number_range'), min: z.number(), max: z.number(), bound: z.string() }),
    z.object({ type: z.literal('number_alternatives'), values: z.array(z.number()), bound: z.string() }),
    z.object({ type: z.literal('date'), date: storedDateSchema }),
    z.object({ type: z.literal('entity'), entityType: entityTypeSchema, id: idSchema }),
    z.object({ type: z.literal('boolean'), value: z.boolean() }),
  ]),
  claimant: z.string().nullable(),
  qualifiers: z.record(z.string(), z.string()),
  evidence: z.array(z.object({ excerptId: idSchema, stance: z.enum(['supports', 'contradicts']) })),
  credibility: z.number().int().nullable(),
  status: z.enum(CLAIM_STATUSES),
  preferred: z.boolean(),
  preferredReason: z.string().nullable(),
});
export type ClaimRecord = z.infer<typeof claimRecordSchema>;
