export {
  openStore,
  openStoreReader,
  storeIsEmpty,
  type OpenHooks,
  type Store,
  type StoreOptions,
  type DialectInfo,
} from './database.js';
export { FieldCipher } from './field-cipher.js';
export {
  GENESIS_HASH,
  WRITE_ACTIONS,
  entryHash,
  rowDigest,
  type AuditInput,
  type UnitOfWork,
} from './ledger.js';
export {
  RecordRepository,
  type RecordValue,
  type Row,
  type ListQuery,
  type Executor,
} from './record-repository.js';
export {
  CASE_SPECS,
  caseSpecForType,
  ESTIMATE_RUN_SPEC,
  FILE_SPEC,
  FILE_STATUSES,
  MENTION_KINDS,
  MENTION_SPEC,
  MENTION_STATUSES,
  LINK_DECISIONS,
  LINK_PAIR_SPEC,
  LIST_RECORD_SPEC,
  RELIABILITIES,
  VICTIM_LIST_SPEC,
  RESOURCE_SPECS,
  SUBMISSION_SPEC,
  specForPlural,
  specForType,
} from './resources.js';
export type { RecordSpec, ResourceSpec, Reference } from './resource-spec.js';
export { AUDITED_TABLES, type AuditedTable, type Database } from './schema.js';
export { inTransaction } from './unit-of-work.js';
export {
  CHECKPOINT_VERSION,
  checkpointLine,
  keyIdOf,
  newSigningKeyPem,
  parseCheckpoint,
  publicKeyFromBase64,
  signCheckpoint,
  signatureValid,
  signingKeyFromPem,
  type Checkpoint,
  type SigningKey,
} from './checkpoint.js';
