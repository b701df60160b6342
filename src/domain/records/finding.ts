import { z } from 'zod';
import { isKnownElement } from '../legal/index.js';
import { idSchema, omit, patchSchema, recordBaseSchema, sensitivityInputSchema, text } from './common.js';

/**
 * Standards of proof, weakest first. International fact-finding bodies mostly conclude on "reasonable
 * grounds to believe"; a criminal conviction needs "beyond reasonable doubt".
 */
export const STANDARDS_OF_PROOF = [
  'reasonable_grounds',
  'balance_of_probabilities',
  'clear_and_convincing',
  'beyond_reasonable_doubt',
] as const;
export type StandardOfProof = (typeof STANDARDS_OF_PROOF)[number];

export const FINDING_STATUSES = ['draft', 'adopted'] as const;
export const FINDING_SUBJECT_TYPES = ['person', 'organization', 'event', 'place'] as const;

const nonEmpty = (max: number) =>
  text(max)
    .transform((s) => s.trim())
    .pipe(z.string().min(1, 'must not be empty'));

/** What a finding says, in both languages: each reader sees it in theirs, and neither is a translation left out. */
const statementSchema = z.object({ en: nonEmpty(10_000), fa: nonEmpty(10_000) }).strict();

const subjectSchema = z.object({ type: z.enum(FINDING_SUBJECT_TYPES), id: idSchema }).strict();

/** A claim or an excerpt that supports the finding or contradicts it; contradicting evidence stays listed. */
const evidenceSchema = z
  .object({
    kind: z.enum(['claim', 'excerpt']),
    id: idSchema,
    stance: z.enum(['supports', 'contradicts']).default('supports'),
  })
  .strict();

/** A legal element the finding addresses, by its keys in the elements catalogue (src/domain/legal). */
const elementRefSchema = z
  .object({
    crime: z.string().regex(/^[a-z][a-z0-9_.]*$/, 'a crime key from the catalogue'),
    element: z.string().regex(/^[a-z][a-z0-9_]*$/, 'an element key from the catalogue'),
  })
  .strict()
  .refine((r) => isKnownElement(r.crime, r.element), {
    message: 'no such crime and element in the elements catalogue',
    path: ['element'],
  });

const fields = {
  statement: statementSchema,
  subjects: z.array(subjectSchema).max(200).default([]),
  standard: z.enum(STANDARDS_OF_PROOF),
  evidence: z.array(evidenceSchema).max(1000).default([]),
  elements: z.array(elementRefSchema).max(100).default([]),
  notes: text(20_000).default(''),
  sensitivity: sensitivityInputSchema,
};

export const findingInputSchema = z.object(fields).strict();
export const findingUpdateSchema = patchSchema(omit(fields, {}));

/**
 * A step of a finding's review: its author (or any member who may edit it) submits the draft for review; a
 * second member approves it, which adopts it, or returns it with a reason.
 */
export const findingReviewSchema = z
  .object({
    decision: z.enum(['submit', 'approve', 'return']),
    note: text(5000).default(''),
  })
  .strict();

const storedVersionSchema = z.object({
  version: z.number().int(),
  at: z.string(),
  by: z.string(),
  statement: z.object({ en: z.string(), fa: z.string() }),
  subjects: z.array(z.object({ type: z.string(), id: z.string() })),
  standard: z.string(),
  evidence: z.array(z.object({ kind: z.string(), id: z.string(), stance: z.string() })),
  elements: z.array(z.object({ crime: z.string(), element: z.string() })),
  notes: z.string(),
});

export const findingRecordSchema = recordBaseSchema.extend({
  statement: z.object({ en: z.string(), fa: z.string() }),
  subjects: z.array(z.object({ type: z.enum(FINDING_SUBJECT_TYPES), id: idSchema })),
  standard: z.enum(STANDARDS_OF_PROOF),
  evidence: z.array(
    z.object({
      kind: z.enum(['claim', 'excerpt']),
      id: idSchema,
      stance: z.enum(['supports', 'contradicts']),
    }),
  ),
  elements: z.array(z.object({ crime: z.string(), element: z.string() })),
  notes: z.string(),
  author: z.string(),
  status: z.enum(FINDING_STATUSES),
  version: z.number().int(),
  reviews: z.array(
    z.object({
      by: z.string(),
      at: z.string(),
      version: z.number().int(),
      decision: z.string(),
      note: z.string(),
    }),
  ),
  /** Every earlier version, as it was when the next one replaced it. */
  history: z.array(storedVersionSchema),
});
export type FindingRecord = z.infer<typeof findingRecordSchema>;

/** The fields that make up a version's content: changing any of them makes a new version, to be reviewed again. */
export const FINDING_CONTENT_FIELDS = [
  'statement',
  'subjects',
  'standard',
  'evidence',
  'elements',
  'notes',
] as const;

/**
 * Where a finding's review stands, from its status and the reviews of its current version: adopted, submitted
 * and awaiting a second member, returned with a reason, or a draft not yet submitted.
 */
export function reviewState(
  finding: Pick<FindingRecord, 'status' | 'version' | 'reviews'>,
): 'adopted' | 'submitted' | 'returned' | 'draft' {
  if (finding.status === 'adopted') return 'adopted';
  const last = finding.reviews.filter((r) => r.version === finding.version).at(-1);
  if (last?.decision === 'submit') return 'submitted';
  if (last?.decision === 'return') return 'returned';
  return 'draft';
}

/** Rank of a standard: higher is stronger. */
export function standardRank(standard: string): number {
  return (STANDARDS_OF_PROOF as readonly string[]).indexOf(standard);
}
