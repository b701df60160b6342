import { z } from 'zod';
import { idSchema, recordBaseSchema } from './common.js';

/**
 * An evidence file, stored by content hash. Derived files (extracted text, OCR, redactions, thumbnails)
 * name their parent's hash and the tool that made them. Storage of the bytes arrives with the evidence store.
 */
export const fileRecordSchema = recordBaseSchema.extend({
  sourceId: idSchema.nullable(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().min(0),
  mediaType: z.string(),
  originalName: z.string(),
  parentSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  derivation: z
    .object({
      kind: z.enum(['text', 'ocr', 'thumbnail', 'redaction']),
      tool: z.string(),
      toolVersion: z.string(),
    })
    .nullable(),
});
export type FileRecord = z.infer<typeof fileRecordSchema>;
