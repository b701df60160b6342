import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { CamelCasePlugin, Kysely, Migrator, PostgresDialect, SqliteDialect, type Migration } from 'kysely';
import pg from 'pg';
import * as initial from './migrations/0001-initial.js';
import * as submissions from './migrations/0002-submissions.js';
import * as estimateRuns from './migrations/0003-estimate-runs.js';
import * as registry from './migrations/0004-registry.js';
import * as linkPairs from './migrations/0005-link-pairs.js';
import * as evidence from './migrations/0006-evidence.js';
import * as search from './migrations/0007-search.js';
import * as authHardening from './migrations/0008-auth-hardening.js';
import * as checkpoints from './migrations/0009-checkpoints.js';
import * as memorialIndex from './migrations/0010-memorial-index.js';
import * as secureDelete from './migrations/0012-secure-delete.js';
import * as listImportReport from './migrations/0014-list-import-report.js';
import * as spellingKeys from './migrations/0016-spelling-keys.js';
import * as ledgerTree from './migrations/0018-ledger-tree.js';
import * as findingsPositions from './migrations/0019-findings-positions.js';
import * as memorialChanges from './migrations/0020-memorial-changes.js';
import * as linkRuns from './migrations/0021-link-runs.js';
import * as caseSettings from './migrations/0023-case-settings.js';
import * as searchSpeed from './migrations/0024-search-speed.js';
import * as searchGroups from './migrations/0025-search-groups.js';
import * as searchPairs from './migrations/0026-search-pairs.js';
import * as searchWindow from './migrations/0027-search-window.js';
import * as searchPhrasePositions from './migrations/0028-search-phrase-positions.js';
import type { Database } from './schema.js';

/** What differs between the two storage dialects, stated as capabilities rather than names to test. */
export interface DialectInfo {
  readonly name: 'sqlite' | 'postgres';
  /** Row locks (`SELECT … FOR UPDATE`) serialise ledger appends between concurrent connections. */
  readonly supportsRowLocks: boolean;
  /** Case-insensitive LIKE operator for name filters. */
  readonly caseInsensitiveLike: 'like' | 'ilike';
}

const SQLITE: DialectInfo = { name: 'sqlite', supportsRowLocks: false, caseInsensitiveLike: 'like' };
const POSTGRES: DialectInfo = { name: 'postgres', supportsRowLocks: true, caseInsensitiveLike: 'ilike' };

export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: DialectInfo;
  /** Human-readable location, without credentials. */
  readonly location: string;
  /** How it was opened (a second connection, e.g. a search thread's, opens it the same way). */
  readonly options: StoreOptions;
  /**
   * Empties the write-ahead journal into the database after words were made secret (a record relabelled
   * protected), so that their earlier clear text does not stay on disk in it. SQLite: a truncating checkpoint
   * (freed pages are zeroed, `secure_delete`). PostgreSQL keeps old row versions until vacuum and its WAL
   * until recycled, which the application cannot erase: see docs/architecture.md, "Threat model".
   */
  purgeJournal(): Promise<void>;
  close(): Promise<void>;
}

export type StoreOptions =
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; url: string; /** Schema to use instead of `public` (tests). */ schema?: string };

const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-submissions': submissions,
  '0003-estimate-runs': estimateRuns,
  '0004-registry': registry,
  '0005-link-pairs': linkPairs,
  '0006-evidence': evidence,
  '0007-search': search,
  '0008-auth-hardening': authHardening,
  '0009-checkpoints': checkpoints,
  '0010-memorial-index': memorialIndex,
  '0012-secure-delete': secureDelete,
  '0014-list-import-report': listImportReport,
  '0016-spelling-keys': spellingKeys,
  '0018-ledger-tree': ledgerTree,
  '0019-findings-positions': findingsPositions,
  '0020-memorial-changes': memorialChanges,
  '0021-link-runs': linkRuns,
  '0023-case-settings': caseSettings,
  '0024-search-speed': searchSpeed,
  '0025-search-groups': searchGroups,
  '0026-search-pairs': searchPairs,
  '0027-search-window': searchWindow,
  '0028-search-phrase-positions': searchPhrasePositions,
};

/** Opens the store and brings its schema up to date. */
/** What opening a store tells its caller. */
export interface OpenHooks {
  /**
   * Called before an existing store is upgraded, with the migrations about to run: some write a whole index
   * again and take minutes on a large store, which would otherwise look like a hang. Not called for a new
   * store.
   */
  onUpgrade?: (migrations: string[]) => void;
}

export async function openStore(options: StoreOptions, hooks: OpenHooks = {}): Promise<Store> {
  const store =
    options.kind === 'sqlite' ? openSqlite(options.path) : openPostgres(options.url, options.schema);
  try {
    // Kysely looks for its bookkeeping tables in every schema unless told which one; a neighbouring
    // schema's tables (another tenant, a parallel test) would otherwise be taken for ours.
    await migrate(store.db, options.kind === 'postgres' ? (options.schema ?? 'public') : undefined, hooks);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

/**
 * A second connection to a store another connection of this process opened (and migrated), for reading only:
 * a worker thread's. SQLite: read-only, beside the writer thanks to the write-ahead log; PostgreSQL: a small
 * pool of its own.
 */
export function openStoreReader(options: StoreOptions): Store {
  if (options.kind === 'postgres') return openPostgres(options.url, options.schema, 2);
  const sqlite = new SQLite(options.path, { readonly: true, fileMustExist: true });
  sqlite.pragma('busy_timeout = 5000');
  return sqliteStore(sqlite, options.path, false);
}

function openSqlite(path: string): Store {
  if (path !== ':memory:') keepPrivate(path);
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  // FULL: every commit reaches the disk before it is acknowledged; evidence must not be lost on power failure.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Deleted or rewritten content is overwritten with zeros, so that words a record no longer holds in clear
  // (it was relabelled protected, or deleted) do not linger in free pages of the file.
  sqlite.pragma('secure_delete = ON');
  return sqliteStore(sqlite, path, true);
}

/** A Store over an open SQLite connection; only the writer empties the journal. */
function sqliteStore(sqlite: SQLite.Database, path: string, writer: boolean): Store {
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqlite }),
    plugins: [new CamelCasePlugin()],
  });
  return {
    db,
    dialect: SQLITE,
    location: `sqlite:${path}`,
    options: { kind: 'sqlite', path },
    purgeJournal: async () => {
      if (writer) sqlite.pragma('wal_checkpoint(TRUNCATE)');
    },
    close: () => db.destroy(),
  };
}

/**
 * The database holds everything: readable by its owner only. A new directory is made 0700; the file is made
 * (or set) 0600 before SQLite opens it, and SQLite gives its -wal and -shm files the database file's mode.
 * Those of an older run, made under a looser umask, are set too.
 */
function keepPrivate(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) {
    try {
      chmodSync(file, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

function openPostgres(url: string, schema?: string, connections = 10): Store {
  const pool = new pg.Pool({
    connectionString: url,
    max: connections,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
  });
  const parsed = new URL(url);
  const location = `postgres://${parsed.host}${parsed.pathname}${schema ? `#${schema}` : ''}`;
  return {
    db,
    dialect: POSTGRES,
    location,
    options: { kind: 'postgres', url, ...(schema ? { schema } : {}) },
    purgeJournal: async () => undefined,
    close: () => db.destroy(),
  };
}

async function migrate(db: Kysely<Database>, migrationTableSchema: string | undefined, hooks: OpenHooks) {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  if (hooks.onUpgrade) {
    const known = await migrator.getMigrations();
    const pending = known.filter((m) => !m.executedAt).map((m) => m.name);
    if (pending.length && pending.length < known.length) hooks.onUpgrade(pending);
  }
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}

/** True when the store holds no user and no case: a new installation. */
export async function storeIsEmpty(store: Store): Promise<boolean> {
  const user = await store.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  const anyCase = await store.db.selectFrom('cases').select('id').limit(1).executeTakeFirst();
  return !user && !anyCase;
}
