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
