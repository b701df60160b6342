/**
 * A list's import report, and corrections of its flagged cells. A correction never touches the raw cells: it
 * is kept beside them (who, when, why, the value before) in the row's stored fields, and the row is read again
 * with the corrected cell as its column was read at import (same date order, calendar and event year). Each
 * correction is one audited update of the row.
 */
import { z } from 'zod';
import { actorLabel, can, type Actor } from '../auth/index.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.js';
import { normaliseList, readMapping, type NormalisedRecord, type RowFlag } from '../registry/normalise.js';
import {
  inTransaction,
  LIST_RECORD_SPEC,
  rowDigest,
  VICTIM_LIST_SPEC,
  type RecordValue,
} from '../storage/index.js';
import { loadCase, recordResource } from './cases.js';
import { now, type ServiceContext } from './context.js';
import { storedReportOf, summarise, type ImportReport } from './list-import.js';
import { logProtectedReads, readableRecords } from './records.js';

/** One corrected cell: the value given, the value it replaced, who gave it, when and why. */
export interface CellCorrection {
  column: string;
  value: string;
  previous: string;
  note: string | null;
  at: string;
  by: string;
}

/** A row's stored fields: the normalised record and the corrections made to its cells since import. */
export type StoredListFields = NormalisedRecord & { corrections?: CellCorrection[] };

export interface ReportRow {
  id: string;
  row: number;
  key: string;
  fullName: string;
  flags: RowFlag[];
  corrections: CellCorrection[];
}

export interface ListReport extends ImportReport {
  list: { id: string; name: string; fileName: string; rowCount: number };
  /** Rows with a flagged or corrected cell, in row order (each row's flags in full). */
  rows: ReportRow[];
}

async function readableList(ctx: ServiceContext, actor: Actor, caseId: string, listId: string) {
  const found = await loadCase(ctx, actor, caseId);
  const list = z.string().uuid().safeParse(listId).success
    ? await ctx.records.findById(ctx.store.db, VICTIM_LIST_SPEC, caseId, listId)
    : undefined;
  if (!list || !can(actor, 'read', recordResource(found, 'person', list.sensitivity)))
    throw new NotFoundError('victim_list', listId);
  return { found, list };
}

/** The import report of a list: what was inferred, and every flagged or corrected row the actor may read. */
export async function listImportReport(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  listId: string,
): Promise<ListReport> {
  const { list } = await readableList(ctx, actor, caseId, listId);
  const stored = await storedReportOf(ctx, listId);
  const records = (await readableRecords(ctx, actor, caseId, LIST_RECORD_SPEC, { list: listId })).sort(
    (a, b) => Number(a.rowNumber) - Number(b.rowNumber),
  );
  const rows = records.map((r) => ({
    record: r,
    row: Number(r.rowNumber),
    key: String(r.recordKey),
    fields: r.fields as StoredListFields,
  }));
  const shown = rows.filter((r) => r.fields.flags?.length || r.fields.corrections?.length);
  await logProtectedReads(
    ctx,
    actor,
    'list_record',
    caseId,
    shown.map((r) => r.record),
  );
  return {
    ...summarise(
      stored,
      rows.map((r) => ({ ...r, fields: { flags: r.fields.flags ?? [] } })),
    ),
    list: {
      id: list.id,
      name: String(list.name),
      fileName: String(list.fileName),
      rowCount: Number(list.rowCount),
    },
    rows: shown.map((r) => ({
      id: r.record.id,
      row: r.row,
      key: r.key,
      fullName: r.fields.fullName,
      flags: r.fields.flags ?? [],
      corrections: r.fields.corrections ?? [],
    })),
  };
}

export interface CorrectionInput {
  column: string;
  value: string;
  note?: string | null | undefined;
}

/**
 * Corrects one cell of a list row: the raw cells stay as read, the correction is kept beside them, and the
 * row's fields are read again. Needs the right to edit people at the row's label.
 */
export async function correctListCell(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  recordId: string,
  input: CorrectionInput,
): Promise<{ id: string; fields: StoredListFields }> {
  const found = await loadCase(ctx, actor, caseId);
  const record = z.string().uuid().safeParse(recordId).success
    ? await ctx.records.findById(ctx.store.db, LIST_RECORD_SPEC, caseId, recordId)
    : undefined;
  const resource = record && recordResource(found, 'person', record.sensitivity);
  if (!record || !resource || !can(actor, 'read', resource)) throw new NotFoundError('list_record', recordId);
  if (!can(actor, 'update', resource))
    throw new ForbiddenError('correcting a list needs the right to edit people');
  const list = await ctx.records.findById(ctx.store.db, VICTIM_LIST_SPEC, caseId, String(record.listId));
  if (!list) throw new NotFoundError('victim_list', String(record.listId));
  const raw = record.raw as Record<string, string>;
  if (!(input.column in raw))
    throw new ValidationError([
      { field: 'column', message: `no column "${input.column}" (columns: ${Object.keys(raw).join(', ')})` },
    ]);
  if (input.column === list.idColumn)
    throw new ValidationError([
      { field: 'column', message: 'the id column names the row and is not corrected' },
    ]);

  const previousFields = record.fields as StoredListFields;
  const corrections = previousFields.corrections ?? [];
  // A row whose cells could not be trusted to sit in their columns (more cells than the header) is read only
  // in the cells someone corrected; the others stay as written and unread.
  const shifted = previousFields.flags?.some((f) => f.code === 'row_cells_extra') ?? false;
  const cells = shifted ? Object.fromEntries(Object.keys(raw).map((k) => [k, ''])) : { ...raw };
  for (const c of corrections) cells[c.column] = c.value;
  const correction: CellCorrection = {
    column: input.column,
    value: input.value,
    previous: corrections.findLast((c) => c.column === input.column)?.value ?? raw[input.column] ?? '',
    note: input.note ?? null,
    at: now(),
    by: actorLabel(actor),
  };
  cells[input.column] = input.value;

  const { reading, problems } = readMapping(list.mapping as Record<string, string>, Object.keys(raw));
  if (problems.length) throw new ValidationError(problems);
  const stored = await storedReportOf(ctx, String(list.id));
  const [again] = normaliseList([{ row: Number(record.rowNumber), cells }], reading, {
    dateOrder: stored.dateOrder ?? undefined,
    eventYear: stored.eventYearStated === false ? undefined : stored.eventYear,
    readings: stored.readings,
    datesBeforeEvents: stored.inferences.some((i) => i.code === 'dates_before_events'),
  }).records;
  // A flag on the id column came from the row's key, and a flag on the whole row from its shape in the file:
  // a correction of a cell changes neither.
  const idFlags =
    previousFields.flags?.filter((f) =>
      ['id_missing', 'row_cells_extra', 'row_cells_missing'].includes(f.code),
    ) ?? [];
  const fields: StoredListFields = {
    ...again!.fields,
    flags: [...idFlags, ...again!.fields.flags],
    corrections: [...corrections, correction],
  };
  await inTransaction(ctx.store, async ({ db, ledger }) => {
    const updated = await ctx.records.update(db, LIST_RECORD_SPEC, {
      ...record,
      fields,
      updatedAt: correction.at,
    } as RecordValue);
    ledger.append({
      actor: correction.by,
      action: 'update',
      resourceType: 'list_record',
      resourceId: record.id,
      caseId,
      digest: rowDigest(updated),
    });
  });
  return { id: record.id, fields };
}
