import { z } from 'zod';
import { idSchema, omit, patchSchema, recordBaseSchema, sensitivityInputSchema, text } from './common.js';

export const INVOLVEMENT_ROLES = ['victim', 'perpetrator', 'witness', 'other'] as const;
/** Degree of a perpetrator's involvement, from giving the order to complicity. */
export const PERPETRATOR_DEGREES = ['ordered', 'decided', 'carried_out', 'present', 'complicit'] as const;

const fields = {
  eventId: idSchema,
  actorType: z.enum(['person', 'organization']),
  actorId: idSchema,
  role: z.enum(INVOLVEMENT_ROLES),
  perpetratorDegree: z.enum(PERPETRATOR_DEGREES).nullable().default(null),
  notes: text(20_000).default(''),
  sensitivity: sensitivityInputSchema,
};

function degreeOnlyForPerpetrators(v: { role?: string; perpetratorDegree?: string | null }): boolean {
  return !v.perpetratorDegree || v.role === undefined || v.role === 'perpetrator';
}
const degreeMessage = {
  message: 'only a perpetrator has a degree of involvement',
  path: ['perpetratorDegree'],
};

export const involvementInputSchema = z
  .object(fields)
  .strict()
  .refine(degreeOnlyForPerpetrators, degreeMessage);
export const involvementUpdateSchema = patchSchema(
  omit(fields, { eventId: true, actorType: true, actorId: true }),
).refine(degreeOnlyForPerpetrators, degreeMessage);

export const involvementRecordSchema = recordBaseSchema.extend({
  eventId: idSchema,
  actorType: z.enum(['person', 'organization']),
  actorId: idSchema,
  role: z.enum(INVOLVEMENT_ROLES),
  perpetratorDegree: z.enum(PERPETRATOR_DEGREES).nullable(),
  notes: z.string(),
});
export type InvolvementRecord = z.infer<typeof involvementRecordSchema>;
