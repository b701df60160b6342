import { z } from 'zod';
import { personNamesSchema } from '../person-name.js';
import {
  fuzzyDateInputSchema,
  idSchema,
  patchSchema,
  recordBaseSchema,
  sensitivityInputSchema,
  text,
} from './common.js';
import { storedDateSchema, storedNameSchema } from './stored.js';

const fields = {
  names: personNamesSchema,
  /** The father's name: a key identifier in Iranian records. */
  fatherName: text(300).nullable().default(null),
  gender: z.enum(['female', 'male', 'other', 'unknown']).default('unknown'),
  birthDate: fuzzyDateInputSchema.nullable().default(null),
  birthPlaceId: idSchema.nullable().default(null),
  /** Contact details of a witness or relative; encrypted at rest when the record is protected. */
  contact: text(2000).nullable().default(null),
  /** Marks generated example data, never real people. */
  synthetic: z.boolean().default(false),
  notes: text(20_000).default(''),
  sensitivity: sensitivityInputSchema,
};

export const personInputSchema = z.object(fields).strict();
export const personUpdateSchema = patchSchema(fields);

export const personRecordSchema = recordBaseSchema.extend({
  names: z.array(storedNameSchema),
  fatherName: z.string().nullable(),
  gender: z.string(),
  birthDate: storedDateSchema,
  birthPlaceId: idSchema.nullable(),
  contact: z.string().nullable(),
  synthetic: z.boolean(),
  notes: z.string(),
});
export type PersonRecord = z.infer<typeof personRecordSchema>;
