export { ANONYMOUS, actorLabel, isRestricted, type Actor, type CaseGrant } from './actor.js';
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
export { hashPassword, passwordVerificationCount, verifyPassword } from './passwords.js';
export {
  ACCOUNT_BUDGET,
  ADDRESS_BUDGET,
  BUDGET_RETENTION_MS,
  delayAfter,
  type BudgetRule,
} from './login-throttle.js';
export {
  base32Decode,
  base32Encode,
  matchTotp,
  newTotpSecret,
  otpauthUri,
  totpCode,
  totpStep,
} from './totp.js';
