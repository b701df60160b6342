/**
 * Rebuilding the whole full-text index from `search_entries` with the analyser of this version: when the
 * analyser changes (new words or keys), entries indexed before must not keep their old terms. SQLite's
 * contentless FTS5 table deletes an entry by value — the terms prepared again from its row — so terms
 * prepared by an older analyser would never be found to delete: the table is emptied whole ('delete-all',
 * which in secure-delete mode leaves no term in the file) and every entry inserted again. PostgreSQL's
 * tsvector is recomputed row by row. What the index holds is still only what `search_entries` holds, so a
 * protected record's identity, never in `search_entries`, is never in the rebuilt index either.
 *
 * Used by migration 0016 (which also makes the FTS5 table's new columns) and by `dossier reindex`. Works
 * with or without the camel-case plugin (the migrator's connection has none).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { SearchEntriesTable } from '../storage/schema.js';
import { entryFromRow, prepareEntry, type PreparedEntry } from './entry-row.js';
import { tsvectorLiteral } from './postgres-index.js';
import { ftsValues } from './sqlite-index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- also runs inside migrations, before the typed schema
type AnyDb = Kysely<any>;

const BATCH = 500;

function camel(raw: Record<string, unknown>): SearchEntriesTable {
  return Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]),
  ) as unknown as SearchEntriesTable;
}

/** Pages of `search_entries` in a stable order, with their prepared entries. */
async function* pages(
  db: AnyDb,
  order: 'fts_rowid' | 'id',
): AsyncGenerator<Array<{ row: SearchEntriesTable; prepared: PreparedEntry }>> {
  let after: string | number | null = null;
  for (;;) {
    const where: RawBuilder<unknown> = after === null ? sql`` : sql`where ${sql.ref(order)} > ${after}`;
    const result: { rows: Array<Record<string, unknown>> } = await sql<Record<string, unknown>>`
      select * from search_entries ${where} order by ${sql.ref(order)} limit ${BATCH}`.execute(db);
    if (result.rows.length === 0) return;
    const batch: SearchEntriesTable[] = result.rows.map(camel);
    after = (order === 'id' ? batch.at(-1)!.id : batch.at(-1)!.ftsRowid)!;
    yield batch.map((row) => ({ row, prepared: prepareEntry(entryFromRow(row)) }));
  }
}

/** The columns of `search_entries` derived by the analyser. */
async function updateDerived(db: AnyDb, row: SearchEntriesTable, keys: string, foldedNames: string) {
  if (row.keys === keys && row.foldedNames === foldedNames) return;
  await sql`update search_entries set keys = ${keys}, folded_names = ${foldedNames}
             where id = ${row.id}`.execute(db);
}

/** SQLite: empties the FTS5 table and indexes every entry again. Returns the number of entries. */
export async function rebuildSqliteIndex(db: AnyDb): Promise<number> {
  await sql`insert into search_fts (search_fts) values ('delete-all')`.execute(db);
  let count = 0;
  for await (const batch of pages(db, 'fts_rowid')) {
    for (const { row, prepared } of batch) {
      await updateDerived(db, row, prepared.row.keys, prepared.row.foldedNames);
      await sql`insert into search_fts (rowid, title, names, body, keys, joins, facets, spelling, similar)
                values (${row.ftsRowid}, ${sql.join(ftsValues(prepared))})`.execute(db);
      count++;
    }
  }
  return count;
}

/** PostgreSQL: recomputes every entry's tsvector (and derived columns). Returns the number of entries. */
export async function rebuildPostgresIndex(db: AnyDb): Promise<number> {
  let count = 0;
  for await (const batch of pages(db, 'id')) {
    // One statement a page: the rows' new values as arrays, joined back by id.
    const column = (f: (p: PreparedEntry, row: SearchEntriesTable) => string) =>
      batch.map(({ prepared, row }) => f(prepared, row));
    await sql`update search_entries s
                 set tsv = v.tsv::tsvector, keys = v.keys, folded_names = v.folded_names
                from unnest(${column((_, r) => r.id)}::text[], ${column(tsvectorLiteral)}::text[],
                            ${column((p) => p.row.keys)}::text[], ${column((p) => p.row.foldedNames)}::text[])
                     as v(id, tsv, keys, folded_names)
               where s.id = v.id`.execute(db);
    count += batch.length;
  }
  return count;
}
