import { sql, type Kysely } from 'kysely';
import { entryFromRow, prepareEntry } from '../../search/entry-row.js';
import { ftsValues } from '../../search/sqlite-index.js';
import type { SearchEntriesTable } from '../schema.js';

/* Frozen once released: add a new migration instead of editing this one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
type Db = Kysely<any>;

/**
 * A contentless_delete FTS5 table only marks a deleted row and keeps its words in the file until its segment
 * is merged: a record relabelled protected left its former words readable to whoever holds the file. The
 * table is made again as a plain contentless table in secure-delete mode, from which the application deletes
 * an entry by value (the words it was indexed with, prepared again from `search_entries`), and which then
 * removes them from the index at once. The existing entries are indexed again from their rows (with the
 * analyser of this version, as `dossier reindex` would). PostgreSQL rewrites a row's tsvector with the row.
 */
export async function up(db: Db): Promise<void> {
  const { rows } = await sql<{ t: unknown }>`select (1 = 1) as t`.execute(db);
  if (typeof rows[0]?.t === 'boolean') return;
  await sql`drop table search_fts`.execute(db);
  await sql`create virtual table search_fts using fts5(
    title, names, body, keys, joins, facets,
    content = '',
    tokenize = "unicode61 remove_diacritics 2 categories 'L* N* M*'"
  )`.execute(db);
  await sql`insert into search_fts (search_fts, rank) values ('secure-delete', 1)`.execute(db);
  for (let after = -1; ;) {
    const batch = await db
      .selectFrom('search_entries')
      .selectAll()
      .where('fts_rowid', '>', after)
      .orderBy('fts_rowid')
      .limit(500)
      .execute();
    if (batch.length === 0) break;
    for (const raw of batch) {
      // The migrator's connection may or may not map column names to camelCase: accept both.
      const row = Object.fromEntries(
        Object.entries(raw as Record<string, unknown>).map(([k, v]) => [
          k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
          v,
        ]),
      ) as unknown as SearchEntriesTable;
      const entry = entryFromRow(row);
      after = row.ftsRowid!;
      // The first six columns: later analysers add columns, which migration 0016 makes and fills.
      await sql`insert into search_fts (rowid, title, names, body, keys, joins, facets)
                values (${row.ftsRowid}, ${sql.join(ftsValues(prepareEntry(entry)).slice(0, 6))})`.execute(
        db,
      );
    }
  }
}

export async function down(): Promise<void> {
  throw new Error('irreversible; restore a backup instead');
}
