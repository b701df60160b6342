import { z } from 'zod';
import { sensitivitySchema } from '../sensitivity.js';
import { idSchema, patchSchema, text, timestampSchema } from './common.js';

const fields = {
  title: text(300)
    .transform((s) => s.trim())
    .pipe(z.string().min(1, 'must not be empty')),
  description: text(20_000).default(''),
  // A case is internal unless someone decides to open it to the public memorial.
  sensitivity: sensitivitySchema.default('internal'),
};
export const caseInputSchema = z.object(fields).strict();
export const caseUpdateSchema = patchSchema(fields);

export const caseRecordSchema = z.object({
  id: idSchema,
  title: z.string(),
  description: z.string(),
  sensitivity: sensitivitySchema,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type CaseRecord = z.infer<typeof caseRecordSchema>;
