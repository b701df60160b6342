import { readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import { ValidationError } from '../../domain/errors.js';
import { sensitivitySchema } from '../../domain/sensitivity.js';
import type { ListFormat } from '../../registry/read-table.js';
import { listCases } from '../../services/cases.js';
import type { ServiceContext } from '../../services/context.js';
import { DEMO_CASE } from '../../services/demo-data.js';
import { correctListCell, listImportReport, type ListReport } from '../../services/list-corrections.js';
import { importList, listVictimLists, promoteRegistry, type ImportReport } from '../../services/registry.js';
import { DATE_ORDERS, EXTRA_TYPES, LIST_FIELDS, type DateOrder } from '../../registry/normalise.js';
import { RELIABILITIES } from '../../storage/index.js';
import { operator, withContext } from '../context.js';

/** A list of the case by name (or id). */
async function findList(ctx: ServiceContext, caseId: string, name: string) {
  const lists = await listVictimLists(ctx, operator(), caseId);
  const list = lists.find((l) => l.name === name || l.id === name);
  if (!list)
    throw new ValidationError([
      { field: 'list', message: `no list "${name}" (lists: ${lists.map((l) => String(l.name)).join(', ')})` },
    ]);
  return list;
}

/** Larger files are refused before they are read: a list of victims is megabytes, not gigabytes. */
const MAX_LIST_BYTES = 200 * 1024 * 1024;

interface ImportOptions {
  name: string;
  idColumn: string;
  map: string[];
  case?: string;
  origin?: string;
  published?: string;
  reliability: string;
  sensitivity: string;
  format?: string;
  dateOrder?: string;
  encoding?: string;
  eventYear?: string;
  dryRun?: boolean;
  json?: boolean;
}

/** The case a command works on: the one given, else the only case there is, else the demo case. */
export async function resolveCase(ctx: ServiceContext, given: string | undefined): Promise<string> {
  if (given) return given;
  const cases = await listCases(ctx, operator());
  if (cases.length === 1) return cases[0]!.id;
  const demo = cases.filter((c) => c.title === DEMO_CASE.title);
  if (demo.length === 1) return demo[0]!.id;
  throw new ValidationError([
    {
      field: 'case',
      message: cases.length
        ? `the store holds ${cases.length} cases; give --case (${cases.map((c) => `${c.id} ${c.title}`).join('; ')})`
        : 'the store holds no case; create one with dossier case create',
    },
  ]);
}

function parseMapping(pairs: string[]): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.lastIndexOf('=');
    if (at <= 0 || at === pair.length - 1)
      throw new ValidationError([{ field: 'map', message: `expected COLUMN=FIELD, found "${pair}"` }]);
    const column = pair.slice(0, at);
    if (column in mapping)
      throw new ValidationError([
        {
          field: `map ${column}`,
          message: `column "${column}" is mapped twice; a column is read as one field`,
        },
      ]);
    mapping[column] = pair.slice(at + 1);
  }
  return mapping;
}

/** How many flagged cells an import prints; `lists report` prints them all. */
const PRINTED_FLAGS = 20;

/** The import report as lines: what was inferred for each column, then the flagged cells. */
function printReport(report: ImportReport | ListReport, limit = PRINTED_FLAGS): void {
  // An inference about the whole file (its separator, its encoding) names no column.
  for (const i of report.inferences)
    console.log(`  ${i.column ? `column "${i.column}"` : 'file'}: ${i.message}`);
  const total = Object.values(report.counts).reduce((a, b) => a + b, 0);
  if (total === 0) {
    console.log('  no cell was flagged');
    return;
  }
  const counts = Object.entries(report.counts)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([code, n]) => `${n} ${code}`)
    .join(', ');
  console.log(
    `  ${total} flagged cell(s) on ${report.flaggedRows} row(s), kept as written and left out of linkage: ${counts}`,
  );
  for (const f of report.flags.slice(0, limit))
    console.log(
      `  row ${f.row} [${f.key}]${f.column ? `, column "${f.column}"` : ''}: ${f.code}: ${f.message}`,
    );
  if (total > limit)
    console.log(`  … ${total - limit} more: dossier lists report "<list>" shows every flagged row`);
}

export function registerLists(program: Command): void {
  const lists = program.command('lists').description("organisations' victim lists, merged into the registry");
  lists
    .command('import <file>')
    .description(
      'import a list (CSV, JSON or XLSX): refused only if unreadable as a list; a bad cell is kept as written, flagged by row and column in the report, and left out of linkage',
    )
    .requiredOption('--name <list>', 'name of the list in the case')
    .requiredOption('--id-column <column>', "column holding each row's id in the list")
    .option(
      '--map <column=field>',
      `read a column as a field (repeatable): COLUMN=FIELD with a field of ${LIST_FIELDS.join(', ')}; or COLUMN=TYPE:NAME for an extra field, with a type of ${EXTRA_TYPES.join(', ')} (e.g. "Street=address:address", dob2=date:arrest_date)`,
      (value: string, previous: string[]) => [...previous, value],
      [],
    )
    .option('--case <id>', 'case to import into (default: the only case)')
    .option('--origin <text>', 'who compiled the list and where it was published')
    .option('--published <date>', 'when the list was published, in either calendar')
    .option('--reliability <level>', `one of ${RELIABILITIES.join(', ')}`, 'unknown')
    .option('--sensitivity <label>', 'label of the list and its rows', 'internal')
    .option('--format <format>', 'csv, json or xlsx (default: from the file name)')
    .option(
      '--encoding <name>',
      'encoding of a CSV or JSON file that is not UTF-8, e.g. windows-1256 (never guessed; default UTF-8)',
    )
    .option(
      '--date-order <order>',
      `order of day and month in numeric dates: ${DATE_ORDERS.join(', ')} (default: inferred per column, and reported)`,
    )
    .option(
      '--event-year <year>',
      "year of the list's events: an age without a date of death is taken in it, and no birth may lie after it (default: 1988 for ages only, reported)",
    )
    .option('--dry-run', 'check and preview without writing')
    .option('--json', 'print a JSON object')
    .action(async (file: string, opts: ImportOptions) => {
      const format = (opts.format ?? extname(file).slice(1).toLowerCase()) as ListFormat;
      if (format !== 'csv' && format !== 'json' && format !== 'xlsx')
        throw new ValidationError([
          {
            field: 'format',
            message: `"${format}" is not supported; give CSV (UTF-8), JSON or XLSX (older .xls: save as .xlsx or "CSV UTF-8")`,
          },
        ]);
      const reliability = RELIABILITIES.find((r) => r === opts.reliability);
      if (!reliability)
        throw new ValidationError([
          { field: 'reliability', message: `expected one of ${RELIABILITIES.join(', ')}` },
        ]);
      const sensitivity = sensitivitySchema.safeParse(opts.sensitivity);
      if (!sensitivity.success)
        throw new ValidationError([
          { field: 'sensitivity', message: 'expected public, internal, confidential or protected' },
        ]);
      let size: number;
      try {
        size = statSync(file).size;
      } catch {
        throw new ValidationError([{ field: 'file', message: `cannot read ${file}` }]);
      }
      if (size > MAX_LIST_BYTES)
        throw new ValidationError([
          {
            field: 'file',
            message: `${file} is ${(size / 2 ** 20).toFixed(0)} MB; lists up to ${MAX_LIST_BYTES / 2 ** 20} MB are accepted`,
          },
        ]);
      const dateOrder = opts.dateOrder as DateOrder | undefined;
      if (dateOrder !== undefined && !DATE_ORDERS.includes(dateOrder))
        throw new ValidationError([
          { field: 'date-order', message: `expected one of ${DATE_ORDERS.join(', ')}` },
        ]);
      const eventYear = opts.eventYear === undefined ? undefined : Number(opts.eventYear);
      if (eventYear !== undefined && !Number.isInteger(eventYear))
        throw new ValidationError([{ field: 'event-year', message: 'expected a year such as 1988' }]);
      const mapping = parseMapping(opts.map);
      await withContext({}, async ({ ctx }) => {
        const caseId = await resolveCase(ctx, opts.case);
        const result = await importList(ctx, operator(), caseId, {
          name: opts.name,
          origin: opts.origin ?? null,
          published: opts.published ?? null,
          reliability,
          sensitivity: sensitivity.data,
          fileName: basename(file),
          bytes: readFileSync(file),
          format,
          encoding: opts.encoding,
          idColumn: opts.idColumn,
          mapping,
          dateOrder,
          eventYear,
          dryRun: opts.dryRun,
        });
        if (opts.json) {
          console.log(
            JSON.stringify(
              {
                listId: result.list?.id ?? null,
                rows: result.rows,
                preview: result.preview,
                report: result.report,
              },
              null,
              2,
            ),
          );
          return;
        }
        console.log(
          opts.dryRun
            ? `${result.rows} rows read; nothing was written (dry run)`
            : `imported ${result.rows} rows as list "${opts.name}" (${String(result.list?.id)})`,
        );
        // The event year is said where it mattered: ages read in it (the report's inferences say so).
        console.log(
          Object.values(mapping).includes('age')
            ? `report (ages without a date of death are taken in ${result.report.eventYear}):`
            : 'report:',
        );
        printReport(result.report);
        console.log('preview:');
        for (const p of result.preview.slice(0, 5)) {
          const f = p.fields;
          console.log(
            `  row ${p.row} [${p.key}] ${f.fullName}${f.fatherName ? ` (father ${f.fatherName})` : ''}${f.birth ? `, born ${f.birth.start}..${f.birth.end}` : ''}${f.death ? `, died ${f.death.start}..${f.death.end}` : ''}`,
          );
        }
      });
    });
  lists
    .command('list')
    .description("the case's lists")
    .option('--case <id>', 'case (default: the only case)')
    .action(async (opts: { case?: string }) => {
      await withContext({}, async ({ ctx }) => {
        const caseId = await resolveCase(ctx, opts.case);
        for (const l of await listVictimLists(ctx, operator(), caseId))
          console.log(
            `${l.id}  ${String(l.name).padEnd(30)} ${String(l.rowCount).padStart(8)} rows  ${String(l.reliability)}  ${String(l.fileName)}`,
          );
      });
    });
  lists
    .command('report <list>')
    .description(
      "a list's import report: what was inferred for its columns, and every flagged or corrected row",
    )
    .option('--case <id>', 'case (default: the only case)')
    .option('--json', 'print a JSON object')
    .action(async (name: string, opts: { case?: string; json?: boolean }) => {
      await withContext({}, async ({ ctx }) => {
        const caseId = await resolveCase(ctx, opts.case);
        const list = await findList(ctx, caseId, name);
        const report = await listImportReport(ctx, operator(), caseId, list.id);
        if (opts.json) {
          console.log(JSON.stringify(report, null, 2));
          return;
        }
        console.log(`list "${report.list.name}" (${report.list.fileName}), ${report.list.rowCount} rows`);
        printReport(report, Number.MAX_SAFE_INTEGER);
        for (const r of report.rows)
          for (const c of r.corrections)
            console.log(
              `  row ${r.row} [${r.key}], column "${c.column}": corrected "${c.previous}" → "${c.value}" by ${c.by} at ${c.at}${c.note ? ` (${c.note})` : ''}`,
            );
      });
    });
  lists
    .command('correct <list>')
    .description('correct a cell of a list row: the raw cell stays as read, the row is read again; audited')
    .requiredOption('--id <id>', "the row's id in the list")
    .requiredOption('--column <column>', 'the column to correct')
    .requiredOption('--value <text>', 'the corrected value')
    .option('--note <text>', 'why (a source, an OCR error)')
    .option('--case <id>', 'case (default: the only case)')
    .action(
      async (
        name: string,
        opts: { id: string; column: string; value: string; note?: string; case?: string },
      ) => {
        await withContext({}, async ({ ctx }) => {
          const caseId = await resolveCase(ctx, opts.case);
          const list = await findList(ctx, caseId, name);
          const row = await ctx.store.db
            .selectFrom('listRecords')
            .select('id')
            .where('listId', '=', list.id)
            .where('recordKey', '=', opts.id)
            .executeTakeFirst();
          if (!row)
            throw new ValidationError([
              { field: 'id', message: `list "${name}" has no row with id "${opts.id}"` },
            ]);
          const result = await correctListCell(ctx, operator(), caseId, row.id, {
            column: opts.column,
            value: opts.value,
            note: opts.note ?? null,
          });
          const f = result.fields;
          console.log(`corrected row [${opts.id}], column "${opts.column}": ${f.fullName || '(no name)'}`);
          for (const flag of f.flags)
            console.log(
              `  still flagged${flag.column ? `: column "${flag.column}"` : ''}: ${flag.code}: ${flag.message}`,
            );
        });
      },
    );
  lists
    .command('promote')
    .description(
      'make every linked person a person of the case, each attribute a claim attributed to its list',
    )
    .option('--case <id>', 'case (default: the only case)')
    .action(async (opts: { case?: string }) => {
      await withContext({}, async ({ ctx }) => {
        const caseId = await resolveCase(ctx, opts.case);
        const r = await promoteRegistry(ctx, operator(), caseId);
        console.log(
          `${r.people} people added, ${r.updated} updated with rows new to them` +
            (r.matchedByName
              ? ` (${r.matchedByName} of them recorded before by hand, recognised by name)`
              : '') +
            `, ${r.alreadyPromoted} left as they were; ${r.claims} claims written` +
            (r.unnamed
              ? `; ${r.unnamed} without a usable name wait for a correction (dossier lists report)`
              : ''),
        );
        for (const j of r.joined)
          console.log(
            `  to review: the linkage now joins people promoted apart; their rows went to ${j.kept}, not to ${j.others.join(', ')}`,
          );
      });
    });
}
