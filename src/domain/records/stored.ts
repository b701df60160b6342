import { z } from 'zod';
import { fuzzyDateSchema } from '../fuzzy-date.js';

/** Plain (transform-free) shapes of values as they are stored and returned. */
export const storedNameSchema = z.object({
  text: z.string(),
  script: z.enum(['persian', 'latin']),
  kind: z.string(),
});
export const storedDateSchema = fuzzyDateSchema.nullable();
