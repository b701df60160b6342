import { z } from 'zod';
import { fuzzyDateSchema, parseFuzzyDate, FuzzyDateError, type FuzzyDate } from '../fuzzy-date.js';
import { detectScript } from '../person-name.js';
import { sensitivitySchema } from '../sensitivity.js';

// Control characters other than tab and newline never belong in a record; they hide text from reviewers.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** A trimmed single-purpose string of at most `max` characters, free of control characters. */
export function text(max: number) {
  return z
    .string()
    .max(max)
    .refine((s) => !CONTROL.test(s), 'must not contain control characters');
}

export const idSchema = z.string().uuid();
export const timestampSchema = z.string().datetime();

/** A date as text ("8 Mordad 1367", "summer 1988") or an already parsed FuzzyDate. */
export const fuzzyDateInputSchema = z
  .union([text(200), fuzzyDateSchema])
  .transform((value, ctx): FuzzyDate => {
    if (typeof value !== 'string') {
      if (value.start && value.end && value.start > value.end) {
        ctx.addIssue({ code: 'custom', message: 'start is after end', params: { code: 'start_after_end' } });
        return z.NEVER;
      }
      return value;
    }
    try {
      return parseFuzzyDate(value);
    } catch (error) {
      if (error instanceof FuzzyDateError) {
        ctx.addIssue({
          code: 'custom',
          message: `cannot read "${value}" as a date`,
          params: { code: 'invalid_date', text: value },
        });
        return z.NEVER;
      }
      throw error;
    }
  });

/** Name of an organization or a place: script, kind, text. */
export const entityNameSchema = z
  .object({
    text: text(300)
      .transform((s) => s.trim())
      .pipe(z.string().min(1, 'must not be empty')),
    script: z.enum(['persian', 'latin']).optional(),
    kind: z.enum(['official', 'alias', 'transliteration', 'abbreviation']).default('official'),
  })
  .strict()
  .transform((n) => ({ ...n, script: n.script ?? detectScript(n.text) }));
export type EntityName = z.output<typeof entityNameSchema>;

export const entityNamesSchema = z.array(entityNameSchema).min(1, 'at least one name').max(50);

/** The fields every case record shares, as stored. */
export const recordBaseSchema = z.object({
  id: idSchema,
  caseId: idSchema,
  sensitivity: sensitivitySchema,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});

export const sensitivityInputSchema = sensitivitySchema.default('internal');

export const entityTypeSchema = z.enum([
  'case',
  'source',
  'excerpt',
  'person',
  'organization',
  'place',
  'event',
  'involvement',
  'relation',
  'claim',
  'finding',
  'position',
]);
export type EntityType = z.infer<typeof entityTypeSchema>;

/**
 * The schema of a partial update: every field optional and without its default, so that a PATCH changes
 * exactly the fields it names (a default would silently reset a label or a list of evidence).
 */
export function patchSchema(shape: z.ZodRawShape) {
  const optional = Object.fromEntries(
    Object.entries(shape).map(([key, field]) => [
      key,
      z.optional(field instanceof z.ZodDefault ? field.unwrap() : field),
    ]),
  );
  return z.object(optional).strict();
}

/** The shape without the named keys (fields an update may not change). */
export function omit(shape: z.ZodRawShape, keys: Record<string, true>): z.ZodRawShape {
  return Object.fromEntries(Object.entries(shape).filter(([key]) => !keys[key]));
}
