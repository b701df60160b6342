import { entityTypeSchema, type EntityType } from '../domain/records/common.js';
import type { Role } from '../domain/records/membership.js';
import { labelsUpTo, type Sensitivity } from '../domain/sensitivity.js';
import { isRestricted, type Actor, type CaseGrant } from './actor.js';

export type RecordType = Exclude<EntityType, 'case'>;
export const RECORD_TYPES: readonly RecordType[] = entityTypeSchema.options.filter(
  (t): t is RecordType => t !== 'case',
);

export type RecordAction = 'read' | 'create' | 'update' | 'delete' | 'mark_preferred' | 'review';
export type CaseAction = 'read' | 'update' | 'read_members' | 'manage_members' | 'export' | 'import';
export type InstanceAction = 'create_case' | 'manage_users';

export type Resource =
  | {
      kind: 'record';
      type: RecordType;
      caseId: string;
      caseSensitivity: Sensitivity;
      sensitivity: Sensitivity;
    }
  | { kind: 'case'; caseId: string; sensitivity: Sensitivity }
  | { kind: 'instance' };

export type Action = RecordAction | CaseAction | InstanceAction;

interface RoleRule {
  /** Highest label readable without the protected grant. */
  maxLabel: Sensitivity;
  /** Whether the protected grant can lift the ceiling to `protected` for this role. */
  mayHoldProtectedGrant: boolean;
  write: readonly RecordType[];
  remove: readonly RecordType[];
  markPreferred: boolean;
  /** May approve (adopt) or return a finding another member wrote. */
  review: boolean;
  caseActions: readonly CaseAction[];
}

/** The whole permission model, as data: what each case role may do. Anything not listed is denied. */
export const ROLE_RULES: Readonly<Record<Role, RoleRule>> = {
  owner: {
    maxLabel: 'confidential',
    mayHoldProtectedGrant: true,
    write: RECORD_TYPES,
    remove: RECORD_TYPES,
    markPreferred: true,
    review: true,
    caseActions: ['read', 'update', 'read_members', 'manage_members', 'export', 'import'],
  },
  investigator: {
    maxLabel: 'confidential',
    mayHoldProtectedGrant: true,
    write: RECORD_TYPES,
    remove: RECORD_TYPES,
    markPreferred: true,
    review: true,
    caseActions: ['read', 'read_members', 'export', 'import'],
  },
  analyst: {
    maxLabel: 'confidential',
    mayHoldProtectedGrant: true,
    write: ['excerpt', 'relation', 'claim', 'finding', 'position'],
    remove: [],
    markPreferred: true,
    review: true,
    caseActions: ['read', 'read_members'],
  },
  viewer: {
    maxLabel: 'internal',
    mayHoldProtectedGrant: false,
    write: [],
    remove: [],
    markPreferred: false,
    review: false,
    caseActions: ['read', 'read_members'],
  },
};

/** The labels an actor may read in a case, or none. Lists and searches filter on exactly these. */
export function readableLabels(actor: Actor, caseId: string, caseSensitivity: Sensitivity): Sensitivity[] {
  switch (actor.kind) {
    case 'system':
      return labelsUpTo('protected');
    case 'anonymous':
      return caseSensitivity === 'public' ? ['public'] : [];
    case 'user': {
      const grant = isRestricted(actor) ? undefined : actor.cases.get(caseId);
      if (grant) return labelsUpTo(ceiling(grant));
      return caseSensitivity === 'public' ? ['public'] : [];
    }
  }
}

function ceiling(grant: CaseGrant): Sensitivity {
  const rule = ROLE_RULES[grant.role];
  return grant.protectedGrant && rule.mayHoldProtectedGrant ? 'protected' : rule.maxLabel;
}

/** The single decision point: may `actor` do `action` to `resource`? Denies anything not explicitly allowed. */
export function can(actor: Actor, action: Action, resource: Resource): boolean {
  if (actor.kind === 'system') return true;
  if (isRestricted(actor)) return false;
  if (resource.kind === 'instance') {
    return actor.kind === 'user' && actor.isAdmin && (action === 'create_case' || action === 'manage_users');
  }
  const grant = actor.kind === 'user' ? actor.cases.get(resource.caseId) : undefined;
  if (resource.kind === 'case') {
    if (!grant) return action === 'read' && resource.sensitivity === 'public';
    return (ROLE_RULES[grant.role].caseActions as readonly string[]).includes(action);
  }
  const readable = readableLabels(actor, resource.caseId, resource.caseSensitivity);
  if (!readable.includes(resource.sensitivity)) return false;
  if (action === 'read') return true;
  if (!grant) return false;
  const rule = ROLE_RULES[grant.role];
  switch (action) {
    case 'create':
    case 'update':
      return rule.write.includes(resource.type);
    case 'delete':
      return rule.remove.includes(resource.type);
    case 'mark_preferred':
      return resource.type === 'claim' && rule.markPreferred;
    case 'review':
      return resource.type === 'finding' && rule.review;
    default:
      return false;
  }
}

export interface Abilities {
  case: Record<CaseAction, boolean>;
  records: Record<RecordType, Record<RecordAction, boolean>>;
  /** Labels the actor may read and assign. */
  labels: Sensitivity[];
}

/** The whole ability map of an actor in a case, sent to the UI so it never re-derives permissions. */
export function abilities(actor: Actor, caseId: string, caseSensitivity: Sensitivity): Abilities {
  const caseResource: Resource = { kind: 'case', caseId, sensitivity: caseSensitivity };
  const caseActions: CaseAction[] = ['read', 'update', 'read_members', 'manage_members', 'export', 'import'];
  const labels = readableLabels(actor, caseId, caseSensitivity);
  const top = labels[labels.length - 1] ?? 'public';
  const records = {} as Abilities['records'];
  for (const type of RECORD_TYPES) {
    const resource: Resource = { kind: 'record', type, caseId, caseSensitivity, sensitivity: top };
    records[type] = {
      read: labels.length > 0 && can(actor, 'read', resource),
      create: can(actor, 'create', resource),
      update: can(actor, 'update', resource),
      delete: can(actor, 'delete', resource),
      mark_preferred: can(actor, 'mark_preferred', resource),
      review: can(actor, 'review', resource),
    };
  }
  return {
    case: Object.fromEntries(caseActions.map((a) => [a, can(actor, a, caseResource)])) as Abilities['case'],
    records,
    labels,
  };
}
