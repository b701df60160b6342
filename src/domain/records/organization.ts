import { z } from 'zod';
import { entityNamesSchema, patchSchema, recordBaseSchema, sensitivityInputSchema, text } from './common.js';
import { storedNameSchema } from './stored.js';

export const ORGANIZATION_KINDS = [
  'political_group',
  'state_body',
  'prison_administration',
  'commission',
  'court',
  'ngo',
  'media',
  'other',
] as const;

const fields = {
  names: entityNamesSchema,
  kind: z.enum(ORGANIZATION_KINDS),
  description: text(20_000).default(''),
  sensitivity: sensitivityInputSchema,
};

export const organizationInputSchema = z.object(fields).strict();
export const organizationUpdateSchema = patchSchema(fields);

export const organizationRecordSchema = recordBaseSchema.extend({
  names: z.array(storedNameSchema),
  kind: z.enum(ORGANIZATION_KINDS),
  description: z.string(),
});
export type OrganizationRecord = z.infer<typeof organizationRecordSchema>;
