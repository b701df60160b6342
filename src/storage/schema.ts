/**
 * Kysely table types. Columns use only text, integer and double precision so that a row reads back as the
 * same JavaScript object from SQLite and PostgreSQL: the ledger's row digests depend on it.
 * Booleans are 0/1 integers, timestamps ISO-8601 text, structured values canonical JSON text.
 */
interface RecordColumns {
  id: string;
  caseId: string;
  sensitivity: string;
  createdAt: string;
  updatedAt: string;
}

export interface CasesTable {
  id: string;
  title: string;
  description: string;
  sensitivity: string;
  createdAt: string;
  updatedAt: string;
}

export interface UsersTable {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string | null;
  isAdmin: number;
  mustChangePassword: number;
  disabled: number;
  createdAt: string;
  updatedAt: string;
}

export interface SessionsTable {
  tokenHash: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
}

export interface MembershipsTable {
  id: string;
  caseId: string;
  userId: string;
  role: string;
  protectedGrant: number;
  createdAt: string;
  updatedAt: string;
}

export interface SourcesTable extends RecordColumns {
  kind: string;
  title: string;
  authors: string;
  publisher: string | null;
  date: string | null;
  dateStart: string | null;
  dateEnd: string | null;
  language: string | null;
  url: string | null;
  origin: string | null;
  collection: string | null;
  reliability: string | null;
  consent: string | null;
  contact: string | null;
  notes: string;
}

export interface ExcerptsTable extends RecordColumns {
  sourceId: string;
  locator: string;
  quote: string;
  translation: string | null;
  language: string | null;
}

export interface PeopleTable extends RecordColumns {
  names: string;
  nameIndex: string | null;
  fatherName: string | null;
  gender: string;
  birthDate: string | null;
  birthDateStart: string | null;
  birthDateEnd: string | null;
  birthPlaceId: string | null;
  contact: string | null;
  synthetic: number;
  notes: string;
}

export interface OrganizationsTable extends RecordColumns {
  names: string;
  nameIndex: string | null;
  kind: string;
  description: string;
}

export interface PlacesTable extends RecordColumns {
  names: string;
  nameIndex: string | null;
  kind: string;
  location: string | null;
  parentId: string | null;
  observations: string;
  description: string;
}

export interface EventsTable extends RecordColumns {
  kind: string;
  title: string;
  date: string | null;
  dateStart: string | null;
  dateEnd: string | null;
  placeId: string | null;
  description: string;
}

export interface InvolvementsTable extends RecordColumns {
  eventId: string;
  actorType: string;
  actorId: string;
  role: string;
  perpetratorDegree: string | null;
  notes: string;
}

export interface RelationsTable extends RecordColumns {
  kind: string;
  subjectType: string;
  subjectId: string;
  objectType: string;
  objectId: string;
  title: string | null;
  startDate: string | null;
  endDate: string | null;
  certainty: string;
  notes: string;
}

export interface ClaimsTable extends RecordColumns {
  subjectType: string;
  subjectId: string;
  property: string;
  value: string;
  claimant: string | null;
  qualifiers: string;
  evidence: string;
  credibility: number | null;
  status: string;
  preferred: number;
  preferredReason: string | null;
}

/** A finding (migration 0019): JSON columns for the bilingual statement, subjects, evidence, elements, reviews, history. */
export interface FindingsTable extends RecordColumns {
  statement: string;
  subjects: string;
  standard: string;
  evidence: string;
  elements: string;
  notes: string;
  author: string;
  status: string;
  version: number;
  reviews: string;
  history: string;
}

/** A position held (migration 0019). */
export interface PositionsTable extends RecordColumns {
  personId: string;
  title: string;
  titleFa: string | null;
  organizationId: string | null;
  placeId: string | null;
  startDate: string | null;
  endDate: string | null;
  claimIds: string;
  notes: string;
}

export interface SubmissionsTable extends RecordColumns {
  kind: string;
  personId: string | null;
  message: string;
  submitterName: string | null;
  relationship: string | null;
  contact: string | null;
  status: string;
  reviewNote: string | null;
}

export interface EstimateRunsTable extends RecordColumns {
  title: string;
  method: string;
  input: string;
  parameters: string;
  softwareVersion: string;
  result: string;
}

export interface VictimListsTable {
  id: string;
  caseId: string;
  sensitivity: string;
  createdAt: string;
  updatedAt: string;
  name: string;
  origin: string | null;
  published: string | null;
  reliability: string;
  fileName: string;
  fileSha256: string;
  idColumn: string;
  mapping: string;
  rowCount: number;
}

/** What a list's import inferred for its columns (migration 0014); JSON, no cell values; not audited. */
export interface ListImportReportsTable {
  listId: string;
  caseId: string;
  report: string;
}

export interface ListRecordsTable {
  id: string;
  caseId: string;
  sensitivity: string;
  createdAt: string;
  updatedAt: string;
  listId: string;
  recordKey: string;
  rowNumber: number;
  raw: string;
  fields: string;
  cluster: string | null;
}

export interface LinkPairsTable {
  id: string;
  caseId: string;
  sensitivity: string;
  createdAt: string;
  updatedAt: string;
  leftId: string;
  rightId: string;
  probabilityPpm: number;
  explanation: string;
  decision: string;
  note: string | null;
}

export interface FilesTable extends RecordColumns {
  sourceId: string | null;
  sha256: string;
  size: number;
  mediaType: string;
  originalName: string;
  parentId: string | null;
  parentSha256: string | null;
  /** JSON: kind, tool, toolVersion — set on derived files only. */
  derivation: string | null;
  /** JSON collection record (who, when, where from, how, with which tool); encrypted when protected. */
  collection: string | null;
  status: string;
  statusNote: string | null;
  /** JSON: how text was extracted (method, tool, language, pages, warnings) or why it failed. */
  extraction: string | null;
}

export interface CustodyEventsTable {
  id: string;
  caseId: string;
  fileId: string;
  at: string;
  actor: string;
  action: string;
  detail: string;
}

export interface MentionsTable extends RecordColumns {
  fileId: string;
  sourceId: string | null;
  kind: string;
  charStart: number;
  charEnd: number;
  text: string;
  entityType: string | null;
  entityId: string | null;
  match: string | null;
  score: number;
  value: string | null;
  status: string;
  excerptId: string | null;
  claimId: string | null;
  decidedBy: string | null;
  note: string | null;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor: string;
  action: string;
  resourceType: string;
  resourceId: string;
  caseId: string | null;
  digest: string | null;
  prevHash: string;
  hash: string;
}

export interface LedgerHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface Database {
  cases: CasesTable;
  users: UsersTable;
  sessions: SessionsTable;
  memberships: MembershipsTable;
  sources: SourcesTable;
  excerpts: ExcerptsTable;
  people: PeopleTable;
  organizations: OrganizationsTable;
  places: PlacesTable;
  events: EventsTable;
  involvements: InvolvementsTable;
  relations: RelationsTable;
  claims: ClaimsTable;
  findings: FindingsTable;
  positions: PositionsTable;
  submissions: SubmissionsTable;
  estimateRuns: EstimateRunsTable;
  victimLists: VictimListsTable;
  listImportReports: ListImportReportsTable;
  listRecords: ListRecordsTable;
  linkPairs: LinkPairsTable;
  files: FilesTable;
  custodyEvents: CustodyEventsTable;
  mentions: MentionsTable;
  auditLog: AuditLogTable;
  ledgerHead: LedgerHeadTable;
  ledgerCheckpoints: LedgerCheckpointsTable;
  searchEntries: SearchEntriesTable;
  authThrottle: AuthThrottleTable;
  secondFactors: SecondFactorsTable;
  memorialPeople: MemorialPeopleTable;
  memorialKeys: MemorialKeysTable;
  memorialState: MemorialStateTable;
  memorialChanges: MemorialChangesTable;
  caseSettings: CaseSettingsTable;
  dataUpgrades: DataUpgradesTable;
  linkRuns: LinkRunsTable;
}

/** A signed checkpoint of the ledger's head (migration 0009, src/storage/checkpoint.ts); not audited. */
export interface LedgerCheckpointsTable {
  id: string;
  version: string;
  seq: number;
  hash: string;
  /** v2 (migration 0018): root of the Merkle tree of entries 1..seq; null for v1. */
  root: string | null;
  at: string;
  keyId: string;
  signature: string;
}

/** Tables whose rows the ledger vouches for; `dossier verify` checks each row against its last audited digest. */
export const AUDITED_TABLES = [
  'cases',
  'case_settings',
  'users',
  'memberships',
  'sources',
  'excerpts',
  'people',
  'organizations',
  'places',
  'events',
  'involvements',
  'relations',
  'claims',
  'findings',
  'positions',
  'submissions',
  'estimate_runs',
  'victim_lists',
  'list_records',
  'link_pairs',
  'files',
  'custody_events',
  'mentions',
] as const;
export type AuditedTable = (typeof AUDITED_TABLES)[number];

// --- Search index (migration 0007, src/search) -------------------------------------------------------------

/**
 * One searchable record or part of a document's extracted text. Derived data, not audited: `reindexCase`
 * rebuilds it from the records. Identifying fields of `protected` records are never put here. SQLite indexes
 * the folded words in the contentless FTS5 table `search_fts`; PostgreSQL keeps them in a `tsv` tsvector
 * column that the application writes but never reads back, and a trigger copies its words and their positions
 * to the table `search_phrases` (migration 0028), where phrases are checked.
 */
export interface SearchEntriesTable {
  /** `${kind}:${recordId}`, or `document:${fileId}:${part}`. */
  id: string;
  /** SQLite: this entry's row in `search_fts` (document group × 1024 + part); null on PostgreSQL. */
  ftsRowid: number | null;
  /** Hits are grouped by it: `document:${fileId}` for the parts of a document, the id otherwise. */
  groupKey: string;
  caseId: string;
  sensitivity: string;
  kind: string;
  recordId: string;
  sourceId: string | null;
  fileId: string | null;
  /** Part number of a document (0 for records), the page it starts on, and its offset in the text. */
  part: number;
  page: number | null;
  partStart: number;
  title: string;
  fileName: string | null;
  /** JSON array of the entity's names (or a source's authors). */
  names: string;
  /** Primary language subtag, lower case (`fa`). */
  language: string | null;
  dateStart: string | null;
  dateEnd: string | null;
  /** Title and names, folded: PostgreSQL matches misspelt names against it by trigram similarity. */
  foldedNames: string;
  /** Cross-script keys of the names, separated by spaces. */
  keys: string;
  /** The text as written, for snippets. */
  body: string;
}

// --- Login budgets and second factors (migration 0008, src/auth) --------------------------------------------

/** One failure budget: of an account name or of a client address, both only as a keyed hash. Not audited. */
export interface AuthThrottleTable {
  /** `account:<hmac>` or `address:<hmac>`. */
  key: string;
  /** Attempts counted since the budget was last cleared (each counted before its password is checked). */
  failures: number;
  /** ISO time before which no further attempt is allowed. */
  nextAt: string;
  /** ISO time after which the row is deleted. */
  expiresAt: string;
}

/** A user's second factor. Not audited by digest (the ledger records enrolment and removal by user id). */
export interface SecondFactorsTable {
  userId: string;
  kind: string;
  /** The TOTP secret, encrypted with the field key (associated data `second_factors:<userId>:secret`). */
  secret: string;
  /** Null while enrolment waits for a first code. */
  confirmedAt: string | null;
  /** Last accepted TOTP time step: a code of that step or earlier is refused (no replay). */
  lastStep: number | null;
  createdAt: string;
  updatedAt: string;
}

// --- Memorial index (migration 0010, services/memorial-index.ts) ------------------------------------------

/**
 * One public victim of a public case, as the memorial shows them. Derived data, not audited: rebuilt from the
 * records in the same transaction as every write that changes what the memorial shows.
 */
export interface MemorialPeopleTable {
  personId: string;
  caseId: string;
  /** Folded first name, for a stable order among equal scores. */
  sortName: string;
  /** 1 when the father's name is known (narrowing by it then excludes a different one). */
  fatherKnown: number;
  /** Gregorian years of the birth date's interval, when known. */
  birthFrom: number | null;
  birthTo: number | null;
  /** JSON: the search result card. */
  card: string;
  /** JSON: the memorial page. */
  page: string;
}

/** One name key of a memorial person (`e:` spelling, `s:` Latin sound, `v:`/`k:` cross-script, `d:` typo; `f…` father). */
export interface MemorialKeysTable {
  key: string;
  personId: string;
  weight: number;
}

/** One row (id 1): the version of the memorial index, raised by every transaction that writes it (migration 0020). */
export interface MemorialStateTable {
  id: number;
  /** bigint: PostgreSQL returns it as a string. */
  version: number | string;
}

/** The people a version of the memorial index changed; a null person: the whole index may have changed. */
export interface MemorialChangesTable {
  version: number | string;
  personId: string | null;
}

/** A case's settings (migration 0023); a case without a row has every setting at its default. */
export interface CaseSettingsTable {
  id: string;
  caseId: string;
  /** 1: a public case gives its alleged perpetrators public pages of allegations. */
  publishSuspects: number;
  updatedAt: string;
}

/** A one-time upgrade of the data that has run (migration 0020), e.g. `seal-protected` (services/seal.ts). */
export interface DataUpgradesTable {
  name: string;
  doneAt: string;
}

/** A link run of the registry (migration 0021, services/link-runs.ts); JSON in `options`, `report`, `error`. */
export interface LinkRunsTable {
  id: string;
  caseId: string;
  state: string;
  stage: string;
  /** bigint: PostgreSQL returns it as a string. */
  done: number | string;
  total: number | string;
  startedAt: string;
  finishedAt: string | null;
  /** The process running it (random per process). */
  owner: string;
  options: string;
  report: string | null;
  error: string | null;
}
