import { sql, type Kysely } from 'kysely';
import type { Sensitivity } from '../domain/sensitivity.js';
import { canonicalJson } from '../domain/canonical-json.js';
import { FieldCipher } from './field-cipher.js';
import type { DialectInfo } from './database.js';
import type { ResourceSpec } from './resource-spec.js';
import type { Database } from './schema.js';

// The repository is generic over the record tables, whose row types differ; Kysely cannot type a table
// chosen at run time, so queries go through an untyped handle. Rows are validated by the specs' codecs.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;
export type Executor = Kysely<Database>;
export type Row = Record<string, string | number | null>;
export type RecordValue = Record<string, unknown> & {
  id: string;
  caseId: string;
  sensitivity: Sensitivity;
  createdAt: string;
  updatedAt: string;
};

export interface ListQuery {
  caseId: string;
  /** The labels the actor may read; the filter is applied inside the query so counts never leak. */
  labels: readonly Sensitivity[];
  filters: Record<string, string>;
  /** Folded search text for the spec's search column. */
  q?: string;
  limit: number;
  offset: number;
}

const BASE_COLUMNS = ['id', 'caseId', 'sensitivity', 'createdAt', 'updatedAt'] as const;

/** Reads and writes the record tables described by resource specs; encrypts identifying fields of protected records. */
export class RecordRepository {
  constructor(
    private readonly cipher: FieldCipher,
    private readonly dialect: DialectInfo,
  ) {}

  /** The row exactly as it will be stored: what the ledger's digest covers. */
  toRow(spec: ResourceSpec, record: RecordValue): Row {
    const row: Row = {};
    for (const column of BASE_COLUMNS) row[column] = record[column] as string;
    const isProtected = record.sensitivity === 'protected';
    for (const [field, fieldSpec] of Object.entries(spec.fields)) {
      const column = fieldSpec.column ?? field;
      const value = record[field] ?? null;
      let stored: string | number | null = encode(fieldSpec.codec, value);
      if (fieldSpec.interval) {
        const interval = value as { start: string | null; end: string | null } | null;
        row[fieldSpec.interval.start] = interval?.start ?? null;
        row[fieldSpec.interval.end] = interval?.end ?? null;
      }
      if (isProtected && fieldSpec.identifying && stored !== null) {
        stored = this.cipher.encrypt(String(stored), `${spec.table}:${record.id}:${field}`);
      }
      row[column] = stored;
    }
    if (spec.nameIndexOf) row.nameIndex = isProtected ? null : spec.nameIndexOf(record);
    return row;
  }

  fromRow(spec: ResourceSpec, row: Row): RecordValue {
    const record: Record<string, unknown> = {};
    for (const column of BASE_COLUMNS) record[column] = row[column];
    for (const [field, fieldSpec] of Object.entries(spec.fields)) {
      let stored = row[fieldSpec.column ?? field] ?? null;
      if (FieldCipher.isEncrypted(stored)) {
        stored = this.cipher.decrypt(stored, `${spec.table}:${String(row.id)}:${field}`);
        if (fieldSpec.codec === 'int') stored = Number(stored);
        if (fieldSpec.codec === 'bool') stored = Number(stored);
      }
      record[field] = decode(fieldSpec.codec, stored);
    }
    return record as RecordValue;
  }

  async insert(db: Executor, spec: ResourceSpec, record: RecordValue): Promise<Row> {
    const row = this.toRow(spec, record);
    await (db as AnyDb).insertInto(spec.table).values(row).execute();
    return row;
  }

  /** Inserts many records of one kind in chunks (bulk imports); returns the stored rows. */
  async insertMany(db: Executor, spec: ResourceSpec, records: RecordValue[]): Promise<Row[]> {
    const rows = records.map((r) => this.toRow(spec, r));
    const columns = rows[0] ? Object.keys(rows[0]).length : 1;
    // Stay under SQLite's limit of 32,766 bound parameters and PostgreSQL's 65,535.
    const chunk = Math.max(1, Math.floor(30_000 / columns));
    for (let i = 0; i < rows.length; i += chunk) {
      await (db as AnyDb)
        .insertInto(spec.table)
        .values(rows.slice(i, i + chunk))
        .execute();
    }
    return rows;
  }

  async update(db: Executor, spec: ResourceSpec, record: RecordValue): Promise<Row> {
    const row = this.toRow(spec, record);
    const { id, caseId, ...changes } = row;
    await (db as AnyDb)
      .updateTable(spec.table)
      .set(changes)
      .where('id', '=', id)
      .where('caseId', '=', caseId)
      .execute();
    return row;
  }

  async delete(db: Executor, spec: ResourceSpec, caseId: string, id: string): Promise<void> {
    await (db as AnyDb).deleteFrom(spec.table).where('id', '=', id).where('caseId', '=', caseId).execute();
  }

  async findById(
    db: Executor,
    spec: ResourceSpec,
    caseId: string,
    id: string,
  ): Promise<RecordValue | undefined> {
    const row = (await (db as AnyDb)
      .selectFrom(spec.table)
      .selectAll()
      .where('id', '=', id)
      .where('caseId', '=', caseId)
      .executeTakeFirst()) as Row | undefined;
    return row ? this.fromRow(spec, row) : undefined;
  }

  /** Sensitivity of each id that exists in the case, in one query. */
  async labelsOf(
    db: Executor,
    spec: ResourceSpec,
    caseId: string,
    ids: string[],
  ): Promise<Map<string, Sensitivity>> {
    if (ids.length === 0) return new Map();
    const rows = (await (db as AnyDb)
      .selectFrom(spec.table)
      .select(['id', 'sensitivity'])
      .where('caseId', '=', caseId)
      .where('id', 'in', ids)
      .execute()) as Array<{ id: string; sensitivity: Sensitivity }>;
    return new Map(rows.map((r) => [r.id, r.sensitivity]));
  }

  async list(
    db: Executor,
    spec: ResourceSpec,
    query: ListQuery,
  ): Promise<{ items: RecordValue[]; total: number }> {
    if (query.labels.length === 0) return { items: [], total: 0 };
    let base = (db as AnyDb)
      .selectFrom(spec.table)
      .where('caseId', '=', query.caseId)
      .where('sensitivity', 'in', [...query.labels]);
    for (const [name, value] of Object.entries(query.filters)) {
      const filter = spec.filters[name];
      if (filter) base = base.where(filter.column, '=', value);
    }
    if (query.q && spec.searchColumn) {
      const pattern = `%${escapeLike(query.q)}%`;
      base = base.where(
        sql<boolean>`${sql.ref(spec.searchColumn === 'title' ? 'title' : 'name_index')} ${sql.raw(
          this.dialect.caseInsensitiveLike,
        )} ${pattern} escape '\\'`,
      );
    }
    const counted = (await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst()) as
      { n: number | string } | undefined;
    const rows = (await base
      .selectAll()
      .orderBy('createdAt')
      .orderBy('id')
      .limit(query.limit)
      .offset(query.offset)
      .execute()) as Row[];
    return { items: rows.map((r) => this.fromRow(spec, r)), total: Number(counted?.n ?? 0) };
  }

  /** Records of this kind in the case that mention `id` in one of their reference columns. */
  async referrers(
    db: Executor,
    spec: ResourceSpec,
    caseId: string,
    id: string,
    limit = 20,
  ): Promise<string[]> {
    if (spec.referringColumns.length === 0) return [];
    let query = (db as AnyDb)
      .selectFrom(spec.table)
      .select('id')
      .where('caseId', '=', caseId)
      .where((eb) =>
        eb.or(
          spec.referringColumns.map((c) =>
            c.json ? eb(c.column, 'like', `%"${escapeLike(id)}"%`) : eb(c.column, '=', id),
          ),
        ),
      );
    if (Number.isFinite(limit)) query = query.limit(limit);
    const rows = (await query.execute()) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  /** Every row of the table, as stored (for verification and export). */
  async *allRows(db: Executor, table: string, batch = 5000): AsyncGenerator<Row[]> {
    let after = '';
    for (;;) {
      const rows = (await (db as AnyDb)
        .selectFrom(table)
        .selectAll()
        .where('id', '>', after)
        .orderBy('id')
        .limit(batch)
        .execute()) as Row[];
      if (rows.length === 0) return;
      yield rows;
      after = String(rows[rows.length - 1]?.id);
    }
  }
}

function encode(codec: string, value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  switch (codec) {
    case 'json':
      return canonicalJson(value);
    case 'bool':
      return value ? 1 : 0;
    case 'int':
      return Number(value);
    default:
      return String(value);
  }
}

function decode(codec: string, stored: string | number | null): unknown {
  if (stored === null) return null;
  switch (codec) {
    case 'json':
      return JSON.parse(String(stored));
    case 'bool':
      return Number(stored) === 1;
    case 'int':
      return Number(stored);
    default:
      return stored;
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
