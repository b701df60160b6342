import { sql, type Kysely } from 'kysely';

/* Frozen once released: add a new migration instead of editing this one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
type Db = Kysely<any>;

/** Which database runs the migration: a comparison comes back as a boolean from PostgreSQL only. */
async function onPostgres(db: Db): Promise<boolean> {
  const { rows } = await sql<{ t: unknown }>`select (1 = 1) as t`.execute(db);
  return typeof rows[0]?.t === 'boolean';
}

/**
 * The search index (src/search). `search_entries` holds what hits show (title, names, the text as written)
 * and what filters need; the words themselves, folded by src/names, live in the full-text index: an FTS5
 * table on SQLite, a tsvector column on PostgreSQL.
 */
export async function up(db: Db): Promise<void> {
  const postgres = await onPostgres(db);
  await db.schema
    .createTable('search_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('fts_rowid', 'integer')
    .addColumn('group_key', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('sensitivity', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text')
    .addColumn('file_id', 'text')
    .addColumn('part', 'integer', (c) => c.notNull())
    .addColumn('page', 'integer')
    .addColumn('part_start', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text')
    .addColumn('names', 'text', (c) => c.notNull())
    .addColumn('language', 'text')
    .addColumn('date_start', 'text')
    .addColumn('date_end', 'text')
    .addColumn('folded_names', 'text', (c) => c.notNull())
    .addColumn('keys', 'text', (c) => c.notNull())
    // Last: SQLite reads the filter columns of a row without touching the long text's overflow pages.
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('search_entries_group').on('search_entries').column('group_key').execute();
  await db.schema
    .createIndex('search_entries_case')
    .on('search_entries')
    .columns(['case_id', 'sensitivity', 'kind'])
    .execute();
  await db.schema.createIndex('search_entries_record').on('search_entries').column('record_id').execute();

  if (!postgres) {
    await db.schema
      .createIndex('search_entries_fts_rowid')
      .unique()
      .on('search_entries')
      .column('fts_rowid')
      .execute();
    // Contentless: the index holds folded words, which nobody reads back — snippets are cut from the text
    // as written, kept in search_entries. External content would need the folded text stored a second time;
    // contentless_delete lets an entry be removed by its rowid alone. The application splits words itself
    // (src/search/analyse.ts) and joins them with spaces; the tokenizer's categories are set to the same
    // classes (letters, digits, marks) so that it splits nothing further.
    await sql`create virtual table search_fts using fts5(
      title, names, body, keys, joins, facets,
      content = '', contentless_delete = 1,
      tokenize = "unicode61 remove_diacritics 2 categories 'L* N* M*'"
    )`.execute(db);
    return;
  }

  // pg_trgm for misspelt names. Extensions are per database, not per schema: install it in `public` (tests
  // and tenants use their own schemas, and a schema dropped with the extension inside would take it away
  // from every other), serialised because concurrent CREATE EXTENSION can collide. Queries qualify its
  // operators with the schema it lives in, whatever the search_path.
  await sql`select pg_advisory_xact_lock(hashtext('dossier: create extension pg_trgm'))`.execute(db);
  await sql`create extension if not exists pg_trgm with schema public`.execute(db);
  const { rows } = await sql<{ schema: string }>`
    select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace
     where e.extname = 'pg_trgm'`.execute(db);
  const trgm = rows[0]?.schema ?? 'public';
  await sql`alter table search_entries add column tsv tsvector not null`.execute(db);
  await sql`create index search_entries_tsv on search_entries using gin (tsv)`.execute(db);
  await sql`create index search_entries_trgm on search_entries
              using gin (folded_names ${sql.id(trgm)}.gin_trgm_ops)
              where kind in ('person', 'organization', 'place')`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('irreversible; restore a backup instead');
}
