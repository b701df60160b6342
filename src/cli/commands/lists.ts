import { readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import { ValidationError } from '../../domain/errors.js';
import { sensitivitySchema } from '../../domain/sensitivity.js';
import type { ListFormat } from '../../registry/read-table.js';
import { listCases } from '../../services/cases.js';
import type { ServiceContext } from '../../services/context.js';
import { DEMO_CASE } from '../../services/demo-data.js';
import { importList, listVictimLists, promoteRegistry } from '../../services/registry.js';
import { RELIABILITIES } from '../../storage/index.js';
import { operator, withContext } from '../context.js';

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
    mapping[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return mapping;
}

export function registerLists(program: Command): void {
  const lists = program.command('lists').description("organisations' victim lists, merged into the registry");
  lists
    .command('import <file>')
    .description(
      'import a list (CSV, JSON or XLSX) all or nothing; every bad cell is named by row and column',
    )
    .requiredOption('--name <list>', 'name of the list in the case')
    .requiredOption('--id-column <column>', "column holding each row's id in the list")
    .option(
      '--map <column=field>',
      'read a column as a field (repeatable): given_name, surname, full_name, father_name, birth_date, birth_year, age, sex, place_of_detention, city, date_of_death',
      (value: string, previous: string[]) => [...previous, value],
      [],
    )
    .option('--case <id>', 'case to import into (default: the only case)')
    .option('--origin <text>', 'who compiled the list and where it was published')
    .option('--published <date>', 'when the list was published, in either calendar')
    .option('--reliability <level>', `one of ${RELIABILITIES.join(', ')}`, 'unknown')
    .option('--sensitivity <label>', 'label of the list and its rows', 'internal')
    .option('--format <format>', 'csv, json or xlsx (default: from the file name)')
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
          idColumn: opts.idColumn,
          mapping,
          dryRun: opts.dryRun,
        });
        if (opts.json) {
          console.log(
            JSON.stringify(
              { listId: result.list?.id ?? null, rows: result.rows, preview: result.preview },
              null,
              2,
            ),
          );
          return;
        }
        console.log(
          opts.dryRun
            ? `${result.rows} rows are good; nothing was written (dry run)`
            : `imported ${result.rows} rows as list "${opts.name}" (${String(result.list?.id)})`,
        );
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
          `${r.people} people and ${r.claims} claims added; ${r.alreadyPromoted} people were already in the case`,
        );
      });
    });
}
