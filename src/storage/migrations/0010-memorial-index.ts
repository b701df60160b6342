import { sql, type Kysely } from 'kysely';

/* Frozen once released: add a new migration instead of editing this one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
type Db = Kysely<any>;

async function onPostgres(db: Db): Promise<boolean> {
  const { rows } = await sql<{ t: unknown }>`select (1 = 1) as t`.execute(db);
  return typeof rows[0]?.t === 'boolean';
}

/**
 * The memorial index (services/memorial-index.ts): one row per public victim of a public case, with the card a
 * search shows and the page the memorial shows, and one row per (victim, name key). Derived data, rebuilt from
 * the records; it never holds anything a `public` record of a `public` case does not show.
 */
export async function up(db: Db): Promise<void> {
  const postgres = await onPostgres(db);
  await db.schema
    .createTable('memorial_people')
    .addColumn('person_id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('sort_name', 'text', (c) => c.notNull())
    .addColumn('father_known', 'integer', (c) => c.notNull())
    .addColumn('birth_from', 'integer')
    .addColumn('birth_to', 'integer')
    .addColumn('card', 'text', (c) => c.notNull())
    .addColumn('page', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('memorial_people_case').on('memorial_people').column('case_id').execute();
  // Keys are compared byte by byte on both databases, so that a prefix is a range of the index.
  await db.schema
    .createTable('memorial_keys')
    .addColumn('key', 'text', (c) => (postgres ? c.notNull().modifyEnd(sql`collate "C"`) : c.notNull()))
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('weight', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('memorial_keys_key')
    .on('memorial_keys')
    .columns(['key', 'person_id', 'weight'])
    .execute();
  await db.schema.createIndex('memorial_keys_person').on('memorial_keys').column('person_id').execute();
}

export async function down(): Promise<void> {
  throw new Error('irreversible; restore a backup instead');
}
