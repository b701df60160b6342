import type { Role } from '../domain/records/membership.js';

export interface CaseGrant {
  role: Role;
  /** Explicit permission to see `protected` records in this case. */
  protectedGrant: boolean;
}

/** Who is asking. Every service call names its actor; there is no ambient identity. */
export type Actor =
  | { kind: 'anonymous' }
  | {
      kind: 'user';
      id: string;
      username: string;
      isAdmin: boolean;
      mustChangePassword: boolean;
      /**
       * Must enrol a second factor before anything else (DOSSIER_REQUIRE_TOTP decides who). Optional so that
       * actors built by hand (tests, benches) need not name it; `actorForUser` always sets it.
       */
      mustEnrolSecondFactor?: boolean;
      cases: ReadonlyMap<string, CaseGrant>;
    }
  /** The local operator at the command line, who holds the database and the key file already. */
  | { kind: 'system'; name: string };

export const ANONYMOUS: Actor = { kind: 'anonymous' };

/** How the actor is named in the ledger. */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'anonymous':
      return 'anonymous';
    case 'user':
      return `user:${actor.username}`;
    case 'system':
      return `system:${actor.name}`;
  }
}

/**
 * A user who must first change a one-time password or enrol a second factor: the policy lets them do nothing
 * and read only what anyone may read; the account routes (password, second factor) check the session themselves.
 */
export function isRestricted(actor: Actor): boolean {
  return actor.kind === 'user' && (actor.mustChangePassword || actor.mustEnrolSecondFactor === true);
}
