/**
 * Importing a victim list. A list is refused only when it cannot be read as a list: bytes that are not text,
 * no id column, duplicate ids, an unknown mapping, no rows. A bad cell never refuses it: the cell stays in the
 * row's raw cells exactly as written, is flagged with a stable code, fills nothing (or only its certain part),
 * and is listed in the import report, where it can be corrected later (list-corrections.ts). What was inferred
 * for whole columns (order of day and month, calendar, event year) is reported too. The write is one
 * transaction: the list, every row and the report, or nothing.
 */
import { createHash, randomUUID } from 'node:crypto';
import { actorLabel, type Actor } from '../auth/index.js';
import { ValidationError, type FieldProblem } from '../domain/errors.js';
import type { Sensitivity } from '../domain/sensitivity.js';
import { CSV_DELIMITERS } from '../registry/parse-table.js';
import { knownEncoding, readTable, TableReadError, type ListFormat } from '../registry/read-table.js';
import {
  DEFAULT_EVENT_YEAR,
  normaliseList,
  readMapping,
  type ColumnDateReading,
  type ColumnInference,
  type DateOrder,
  type NormalisedRecord,
  type RowFlag,
} from '../registry/normalise.js';
import {
  inTransaction,
  LIST_RECORD_SPEC,
  rowDigest,
  VICTIM_LIST_SPEC,
  type RecordValue,
  type RELIABILITIES,
} from '../storage/index.js';
import { loadCaseFor } from './cases.js';
import { now, type ServiceContext } from './context.js';

export interface ListImportRequest {
  name: string;
  origin?: string | null | undefined;
  /** When the list was published or compiled, as written (any calendar). */
  published?: string | null | undefined;
  reliability: (typeof RELIABILITIES)[number];
  sensitivity: Sensitivity;
  fileName: string;
  bytes: Uint8Array;
  format: ListFormat;
  /** A CSV or JSON file's encoding when it is not UTF-8 (windows-1256…); never guessed. */
  encoding?: string | undefined;
  idColumn: string;
  /**
   * Column name → list field (`full_name`) or extra typed field (`date:arrest_date`). Columns not named here
   * are kept only as raw cells.
   */
  mapping: Record<string, string>;
  /** The order of day and month in the list's numeric dates, when known; else inferred per column. */
  dateOrder?: DateOrder | undefined;
  /**
   * The year of the list's events, at which ages without a date of death are taken (default 1988, assumed),
   * and, when stated, after which no birth may lie.
   */
  eventYear?: number | undefined;
  /** Today as an ISO day (tests); default the current day. */
  today?: string | undefined;
  /** Validate and preview without writing anything. */
  dryRun?: boolean | undefined;
}

/** One flagged cell, with the row it is on. */
export interface ReportedFlag extends RowFlag {
  row: number;
  key: string;
}

/** What an import inferred and flagged. Stored with the list, without cell values (`StoredReport`). */
export interface ImportReport {
  eventYear: number;
  /** Whether the event year was stated (births after it are flagged) or assumed (it only dates ages). */
  eventYearStated: boolean;
  dateOrder: DateOrder | null;
  inferences: ColumnInference[];
  /** Rows with at least one flagged cell. */
  flaggedRows: number;
  /** Flagged cells by code. */
  counts: Record<string, number>;
  /** The first flagged cells (at most MAX_REPORTED); `counts` says how many there were. */
  flags: ReportedFlag[];
}

/** The part of the report kept with the list: no cell values, so it need not be encrypted. */
export interface StoredReport {
  eventYear: number;
  /** Whether the event year was stated (it bounds births) or assumed; absent on older reports: stated. */
  eventYearStated?: boolean;
  dateOrder: DateOrder | null;
  inferences: ColumnInference[];
  readings: Record<string, ColumnDateReading>;
}

export interface ListImportResult {
  list: RecordValue | null;
  rows: number;
  preview: Array<{ row: number; key: string; fields: NormalisedRecord }>;
  report: ImportReport;
}

/** At most this many flagged cells are listed in an import's answer; the counts say how many there were. */
export const MAX_REPORTED = 500;

const fileProblem = (fileName: string, error: TableReadError) =>
  new ValidationError([{ field: `file ${fileName}, ${error.where}`, message: error.detail }]);

/** Imports a victim list (see the module comment). */
export async function importList(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  request: ListImportRequest,
): Promise<ListImportResult> {
  await loadCaseFor(ctx, actor, caseId, {
    action: 'create',
    type: 'person',
    sensitivity: request.sensitivity,
    purpose: 'importing a list needs the right to record people',
  });
  if (
    request.eventYear !== undefined &&
    (!Number.isInteger(request.eventYear) || request.eventYear < 1800 || request.eventYear > 2200)
  )
    throw new ValidationError([{ field: 'event-year', message: 'expected a Gregorian year such as 1988' }]);

  if (request.encoding !== undefined && !knownEncoding(request.encoding))
    throw new ValidationError([
      {
        field: 'encoding',
        message: `"${request.encoding}" is not an encoding this server reads (e.g. windows-1256)`,
      },
    ]);
  let table;
  try {
    table = await readTable(request.bytes, request.format, undefined, request.encoding);
  } catch (error) {
    if (error instanceof TableReadError) throw fileProblem(request.fileName, error);
    throw error;
  }

  const problems: FieldProblem[] = [];
  const idAt = table.header.indexOf(request.idColumn);
  if (idAt < 0)
    problems.push({
      field: 'id-column',
      message: `no column "${request.idColumn}" (columns: ${table.header.join(', ')})`,
    });
  const { reading, problems: mappingProblems } = readMapping(request.mapping, table.header);
  problems.push(...mappingProblems);
  if (problems.length) throw new ValidationError(problems);
  if (table.rows.length === 0)
    throw new ValidationError([{ field: `file ${request.fileName}`, message: 'the list has no rows' }]);

  // Ids are how a row is named in every report and correction: duplicates make the file unreadable as a list.
  // An empty id is a flagged cell; the row is named by its row number instead.
  const seen = new Map<string, number>();
  const duplicates: FieldProblem[] = [];
  const keys = table.rows.map(({ row, cells }) => {
    const key = (cells[idAt] ?? '').trim();
    if (!key) return `row-${row}`;
    const earlier = seen.get(key);
    if (earlier !== undefined)
      duplicates.push({
        field: `row ${row}, column "${request.idColumn}"`,
        message: `id "${key}" is already used on row ${earlier}`,
      });
    else seen.set(key, row);
    return key;
  });
  if (duplicates.length)
    throw new ValidationError(
      duplicates.slice(0, 200),
      `${duplicates.length} duplicate id(s) in ${request.fileName}; ids must name one row each; nothing was imported`,
    );

  const asWritten = table.rows.map(({ cells }) =>
    Object.fromEntries(table.header.map((h, i) => [h, cells[i] ?? ''])),
  );
  // A row with more cells than the header may have a separator inside a value: which cell belongs to which
  // column is unknown, so none of its cells is read (all are kept as written, and the row is reported).
  const rows = table.rows.map(({ row, extra }, i) => ({ row, cells: extra ? {} : asWritten[i]! }));
  const normalised = normaliseList(rows, reading, {
    dateOrder: request.dateOrder,
    eventYear: request.eventYear,
    today: request.today,
  });
  const separator = CSV_DELIMITERS[table.delimiter ?? 'comma'];
  const records = normalised.records.map((r, i) => {
    const fields = r.fields;
    const { written, extra } = table.rows[i]!;
    if (extra)
      fields.flags.unshift({
        column: '',
        field: 'row',
        code: 'row_cells_extra',
        message: `the row has ${written} cells and the header ${table.header.length}: a value may hold a separator, so none of its cells is read; they are kept as written`,
        raw: extra.join(separator),
      });
    else if (written !== undefined)
      fields.flags.unshift({
        column: '',
        field: 'row',
        code: 'row_cells_missing',
        message: `the row has ${written} cells and the header ${table.header.length}: the last ${table.header.length - written} are read as empty`,
        raw: '',
      });
    if (keys[i]!.startsWith('row-') && !(table.rows[i]!.cells[idAt] ?? '').trim())
      fields.flags.unshift({
        column: request.idColumn,
        field: 'id',
        code: 'id_missing',
        message: `the row has no id; it is named ${keys[i]} after its row number`,
        raw: '',
      });
    return { row: r.row, key: keys[i]!, raw: asWritten[i]!, fields };
  });

  const fileInferences: ColumnInference[] = [];
  if (table.delimiter && table.delimiter !== 'comma')
    fileInferences.push({
      column: '',
      field: '',
      code: 'delimiter_inferred',
      message: `cells are separated by a ${table.delimiter} (found in the header line)`,
      count: 1,
      value: table.delimiter,
    });
  if (request.encoding)
    fileInferences.push({
      column: '',
      field: '',
      code: 'encoding_stated',
      message: `the file was read as ${request.encoding}, as stated`,
      count: 1,
      value: request.encoding,
    });
  const stored: StoredReport = {
    eventYear: normalised.eventYear,
    eventYearStated: normalised.eventYearStated,
    dateOrder: request.dateOrder ?? null,
    inferences: [...fileInferences, ...normalised.inferences],
    readings: normalised.readings,
  };
  const report = summarise(stored, records);
  const preview = records.slice(0, 10).map(({ row, key, fields }) => ({ row, key, fields }));
  if (request.dryRun) return { list: null, rows: records.length, preview, report };

  const duplicate = await ctx.store.db
    .selectFrom('victimLists')
    .select('id')
    .where('caseId', '=', caseId)
    .where('name', '=', request.name)
    .executeTakeFirst();
  if (duplicate)
    throw new ValidationError([
      { field: 'name', message: `the case already has a list named "${request.name}"` },
    ]);

  const at = now();
  const who = actorLabel(actor);
  const list = {
    id: randomUUID(),
    caseId,
    sensitivity: request.sensitivity,
    createdAt: at,
    updatedAt: at,
    name: request.name,
    origin: request.origin ?? null,
    published: request.published ?? null,
    reliability: request.reliability,
    fileName: request.fileName,
    fileSha256: createHash('sha256').update(request.bytes).digest('hex'),
    idColumn: request.idColumn,
    mapping: request.mapping,
    rowCount: records.length,
  } as RecordValue;
  await inTransaction(ctx.store, async ({ db, ledger }) => {
    const listRow = await ctx.records.insert(db, VICTIM_LIST_SPEC, list);
    ledger.append({
      actor: who,
      action: 'create',
      resourceType: 'victim_list',
      resourceId: list.id,
      caseId,
      digest: rowDigest(listRow),
    });
    await db
      .insertInto('listImportReports')
      .values({ listId: list.id, caseId, report: JSON.stringify(stored) })
      .execute();
    for (const { row, key, raw, fields } of records) {
      const record = {
        id: randomUUID(),
        caseId,
        sensitivity: request.sensitivity,
        createdAt: at,
        updatedAt: at,
        listId: list.id,
        recordKey: key,
        rowNumber: row,
        raw,
        fields,
        cluster: null,
      } as RecordValue;
      const storedRow = await ctx.records.insert(db, LIST_RECORD_SPEC, record);
      ledger.append({
        actor: who,
        action: 'create',
        resourceType: 'list_record',
        resourceId: record.id,
        caseId,
        digest: rowDigest(storedRow),
      });
    }
  });
  return { list, rows: records.length, preview, report };
}

/** The report of an import from its stored part and its rows' flags. */
export function summarise(
  stored: StoredReport,
  rows: Array<{ row: number; key: string; fields: Pick<NormalisedRecord, 'flags'> }>,
): ImportReport {
  const counts: Record<string, number> = {};
  const flags: ReportedFlag[] = [];
  let flaggedRows = 0;
  for (const { row, key, fields } of rows) {
    if (fields.flags.length) flaggedRows++;
    for (const flag of fields.flags) {
      counts[flag.code] = (counts[flag.code] ?? 0) + 1;
      if (flags.length < MAX_REPORTED) flags.push({ row, key, ...flag });
    }
  }
  return {
    eventYear: stored.eventYear,
    eventYearStated: stored.eventYearStated ?? true,
    dateOrder: stored.dateOrder,
    inferences: stored.inferences,
    flaggedRows,
    counts,
    flags,
  };
}

/** The stored part of a list's import report; lists imported before reports existed have a plain one. */
export async function storedReportOf(ctx: ServiceContext, listId: string): Promise<StoredReport> {
  const found = await ctx.store.db
    .selectFrom('listImportReports')
    .select('report')
    .where('listId', '=', listId)
    .executeTakeFirst();
  return found
    ? (JSON.parse(found.report) as StoredReport)
    : { eventYear: DEFAULT_EVENT_YEAR, dateOrder: null, inferences: [], readings: {} };
}
