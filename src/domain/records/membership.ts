import { z } from 'zod';
import { idSchema, timestampSchema } from './common.js';

export const ROLES = ['owner', 'investigator', 'analyst', 'viewer'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const membershipInputSchema = z
  .object({
    username: z.string().min(1).max(100),
    role: roleSchema,
    /** Explicit grant to see `protected` records (witness and family identities). */
    protectedGrant: z.boolean().default(false),
  })
  .strict();
export const membershipUpdateSchema = z
  .object({ role: roleSchema.optional(), protectedGrant: z.boolean().optional() })
  .strict();

export const membershipRecordSchema = z.object({
  id: idSchema,
  caseId: idSchema,
  userId: idSchema,
  username: z.string(),
  role: roleSchema,
  protectedGrant: z.boolean(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type MembershipRecord = z.infer<typeof membershipRecordSchema>;
