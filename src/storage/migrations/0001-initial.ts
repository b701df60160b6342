import type { CreateTableBuilder, Kysely } from 'kysely';

/* Migrations are frozen once released: never edit this file, add the next one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
type Db = Kysely<any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Table = CreateTableBuilder<string, any>;

function recordTable(db: Db, name: string): Table {
  return db.schema
    .createTable(name)
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('sensitivity', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull());
}

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('sensitivity', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('is_admin', 'integer', (c) => c.notNull())
    .addColumn('must_change_password', 'integer', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('memberships')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('protected_grant', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('memberships_case_user', ['case_id', 'user_id'])
    .execute();

  await recordTable(db, 'sources')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('authors', 'text', (c) => c.notNull())
    .addColumn('publisher', 'text')
    .addColumn('date', 'text')
    .addColumn('date_start', 'text')
    .addColumn('date_end', 'text')
    .addColumn('language', 'text')
    .addColumn('url', 'text')
    .addColumn('origin', 'text')
    .addColumn('collection', 'text')
    .addColumn('reliability', 'text')
    .addColumn('consent', 'text')
    .addColumn('contact', 'text')
    .addColumn('notes', 'text', (c) => c.notNull())
    .execute();

  await recordTable(db, 'excerpts')
    .addColumn('source_id', 'text', (c) => c.notNull().references('sources.id'))
    .addColumn('locator', 'text', (c) => c.notNull())
    .addColumn('quote', 'text', (c) => c.notNull())
    .addColumn('translation', 'text')
    .addColumn('language', 'text')
    .execute();

  await recordTable(db, 'places')
    .addColumn('names', 'text', (c) => c.notNull())
    .addColumn('name_index', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('location', 'text')
    .addColumn('parent_id', 'text', (c) => c.references('places.id'))
    .addColumn('observations', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .execute();

  await recordTable(db, 'people')
    .addColumn('names', 'text', (c) => c.notNull())
    .addColumn('name_index', 'text')
    .addColumn('father_name', 'text')
    .addColumn('gender', 'text', (c) => c.notNull())
    .addColumn('birth_date', 'text')
    .addColumn('birth_date_start', 'text')
    .addColumn('birth_date_end', 'text')
    .addColumn('birth_place_id', 'text', (c) => c.references('places.id'))
    .addColumn('contact', 'text')
    .addColumn('synthetic', 'integer', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull())
    .execute();

  await recordTable(db, 'organizations')
    .addColumn('names', 'text', (c) => c.notNull())
    .addColumn('name_index', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .execute();

  await recordTable(db, 'events')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('date', 'text')
    .addColumn('date_start', 'text')
    .addColumn('date_end', 'text')
    .addColumn('place_id', 'text', (c) => c.references('places.id'))
    .addColumn('description', 'text', (c) => c.notNull())
    .execute();

  await recordTable(db, 'involvements')
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('perpetrator_degree', 'text')
    .addColumn('notes', 'text', (c) => c.notNull())
    .execute();

  await recordTable(db, 'relations')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('start_date', 'text')
    .addColumn('end_date', 'text')
    .addColumn('certainty', 'text', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull())
    .execute();

  await recordTable(db, 'claims')
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('property', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('claimant', 'text')
    .addColumn('qualifiers', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('credibility', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('preferred', 'integer', (c) => c.notNull())
    .addColumn('preferred_reason', 'text')
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('resource_type', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text')
    .addColumn('digest', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('ledger_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db
    .insertInto('ledger_head')
    .values({ id: 1, seq: 0, hash: '0'.repeat(64) })
    .execute();

  const indexes: Array<[string, string, string[]]> = [
    ['audit_log_resource', 'audit_log', ['resource_id', 'seq']],
    ['memberships_user', 'memberships', ['user_id']],
    ['sessions_user', 'sessions', ['user_id']],
    ['excerpts_source', 'excerpts', ['source_id']],
    ['involvements_event', 'involvements', ['event_id']],
    ['involvements_actor', 'involvements', ['actor_id']],
    ['relations_subject', 'relations', ['subject_id']],
    ['relations_object', 'relations', ['object_id']],
    ['claims_subject', 'claims', ['subject_id', 'property']],
  ];
  for (const table of [
    'sources',
    'excerpts',
    'people',
    'organizations',
    'places',
    'events',
    'involvements',
    'relations',
    'claims',
  ]) {
    indexes.push([`${table}_case`, table, ['case_id', 'sensitivity']]);
  }
  for (const [name, table, columns] of indexes) {
    await db.schema.createIndex(name).on(table).columns(columns).execute();
  }
}

export async function down(): Promise<void> {
  throw new Error('the initial migration cannot be reverted; restore a backup instead');
}
