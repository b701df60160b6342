import type { Actor } from '../src/auth/index.js';
import type { Role } from '../src/domain/records/membership.js';
import { actorForUser, createUser } from '../src/services/accounts.js';
import { addMemberById, createCase } from '../src/services/cases.js';
import type { ServiceContext } from '../src/services/context.js';

export const SYSTEM: Actor = { kind: 'system', name: 'test' };
export const TEST_PASSWORD = 'correct horse battery staple';

export async function makeCase(
  ctx: ServiceContext,
  sensitivity: 'public' | 'internal' = 'internal',
  title = 'Test case',
) {
  return createCase(ctx, SYSTEM, { title, description: '', sensitivity });
}

/** A user with the given role in the case (or none), logged-in form as an actor. */
export async function makeMember(
  ctx: ServiceContext,
  caseId: string,
  username: string,
  role: Role | null,
  protectedGrant = false,
  isAdmin = false,
): Promise<Actor> {
  const user = await createUser(ctx, SYSTEM, { username, password: TEST_PASSWORD, isAdmin });
  if (role) await addMemberById(ctx, SYSTEM, caseId, user.id, role, protectedGrant);
  return actorForUser(ctx, { id: user.id, username, isAdmin, mustChangePassword: false });
}

/** A kind of actor the policy distinguishes, as the matrix tests create it (anonymous has no cookie). */
export interface Subject {
  name: string;
  role: Role | null;
  grant: boolean;
  admin?: boolean;
}

/** Every kind of actor: anonymous, a stranger, an instance administrator, and each role with and without the grant. */
export const SUBJECTS: readonly Subject[] = [
  { name: 'anonymous', role: null, grant: false },
  { name: 'outsider', role: null, grant: false },
  { name: 'admin', role: null, grant: false, admin: true },
  { name: 'viewer', role: 'viewer', grant: false },
  { name: 'viewer-granted', role: 'viewer', grant: true },
  { name: 'analyst', role: 'analyst', grant: false },
  { name: 'analyst-granted', role: 'analyst', grant: true },
  { name: 'investigator', role: 'investigator', grant: false },
  { name: 'investigator-granted', role: 'investigator', grant: true },
  { name: 'owner', role: 'owner', grant: false },
  { name: 'owner-granted', role: 'owner', grant: true },
];
