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
