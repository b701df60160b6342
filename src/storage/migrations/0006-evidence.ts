import type { Kysely } from 'kysely';

/* Frozen once released: add a new migration instead of editing this one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
export async function up(db: Kysely<any>): Promise<void> {
  // Evidence files: originals and the files derived from them, their bytes kept in the blob store by SHA-256.
  await db.schema
    .createTable('files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('sensitivity', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.references('sources.id'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text', (c) => c.references('files.id'))
    .addColumn('parent_sha256', 'text')
    .addColumn('derivation', 'text')
    .addColumn('collection', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_note', 'text')
    .addColumn('extraction', 'text')
    .execute();
  await db.schema.createIndex('files_case').on('files').columns(['case_id', 'sensitivity']).execute();
  await db.schema.createIndex('files_sha256').on('files').columns(['sha256']).execute();
  await db.schema.createIndex('files_source').on('files').columns(['source_id']).execute();
  await db.schema.createIndex('files_parent').on('files').columns(['parent_id']).execute();

  // Chain of custody: one immutable row per collection, view, copy, export, withdrawal or integrity finding.
  await db.schema
    .createTable('custody_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('file_id', 'text', (c) => c.notNull().references('files.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('custody_events_file')
    .on('custody_events')
    .columns(['file_id', 'at'])
    .execute();

  // What spotting found in a document's text: suggestions a person accepts (excerpt and claim) or rejects.
  await db.schema
    .createTable('mentions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('sensitivity', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('file_id', 'text', (c) => c.notNull().references('files.id'))
    .addColumn('source_id', 'text', (c) => c.references('sources.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('char_start', 'integer', (c) => c.notNull())
    .addColumn('char_end', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text')
    .addColumn('entity_id', 'text')
    .addColumn('match', 'text')
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addColumn('value', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('excerpt_id', 'text', (c) => c.references('excerpts.id'))
    .addColumn('claim_id', 'text', (c) => c.references('claims.id'))
    .addColumn('decided_by', 'text')
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('mentions_file').on('mentions').columns(['file_id', 'char_start']).execute();
  await db.schema.createIndex('mentions_entity').on('mentions').columns(['entity_id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('irreversible; restore a backup instead');
}
