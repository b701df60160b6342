export { ANONYMOUS, actorLabel, type Actor, type CaseGrant } from './actor.js';
export {
  ROLE_RULES,
  RECORD_TYPES,
  abilities,
  can,
  readableLabels,
  type Abilities,
  type Action,
  type CaseAction,
  type RecordAction,
  type RecordType,
  type Resource,
} from './policy.js';
export { hashPassword, verifyPassword } from './passwords.js';
