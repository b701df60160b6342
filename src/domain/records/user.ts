import { z } from 'zod';
import { idSchema, timestampSchema } from './common.js';

export const usernameSchema = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, dot, dash and underscore only');

export const passwordSchema = z.string().min(12, 'at least 12 characters').max(1024);

export const userRecordSchema = z.object({
  id: idSchema,
  username: z.string(),
  displayName: z.string(),
  isAdmin: z.boolean(),
  mustChangePassword: z.boolean(),
  disabled: z.boolean(),
  createdAt: timestampSchema,
});
export type UserRecord = z.infer<typeof userRecordSchema>;
