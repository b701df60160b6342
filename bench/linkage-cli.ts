/**
 * Record linkage through the user's path: for FEBRL 1–4 and Splink's fake_1000 (without soc_sec_id), a fresh
 * data directory, then the built CLI only: `init`, `case create`, `lists import` with the column mappings a user
 * would type, `link --plan --json` and `link --evaluate truth.csv --json`. No library-level settings. Prints
 * pairwise P/R/F1, blocking recall (true pairs inside the plan's blocks, from `--plan --json --pairs`), time and
 * peak RSS of the link process (GNU time). Asserts nothing.
 *
 *   npx tsc -p tsconfig.json && npx tsx bench/linkage-cli.ts [--set febrl4] [--cli dist/cli/main.js]
 *
 * Column mappings: the typed extras (`--map COL=TYPE:NAME`) when the import understands them; otherwise (before
 * typed extras exist) names and the birth date only, from a copy of the file whose YYYYMMDD dates are written
 * as YYYY-MM-DD and whose unreadable dates are left empty, as a user would have to. The path taken is printed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { must, runCli, type CliRun } from './cli-run.js';

const DATA = '/work/shared/benchmarks/linkage';
const { values } = parseArgs({
  options: {
    set: { type: 'string' },
    cli: { type: 'string', default: 'dist/cli/main.js' },
    keep: { type: 'boolean', default: false },
    extra: { type: 'string', multiple: true, default: [] },
  },
});
const CLI = resolve(values.cli!);

interface Csv {
  header: string[];
  rows: string[][];
}
function readCsv(path: string): Csv {
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  return { header: head!.split(','), rows: lines.map((l) => l.split(',').map((c) => c.trim())) };
}
function writeCsv(path: string, csv: Csv): void {
  writeFileSync(path, [csv.header.join(','), ...csv.rows.map((r) => r.join(','))].join('\n') + '\n');
}

const cli = (dataDir: string, args: string[]): CliRun => runCli(CLI, dataDir, args);

/** FEBRL columns as a user maps them: names, birth date, and the address columns as typed extras. */
const FEBRL_TYPED = [
  'given_name=given_name',
  'surname=surname',
  'date_of_birth=birth_date',
  'street_number=identifier:street_number',
  'address_1=address:address_1',
  'address_2=address:address_2',
  'suburb=place:suburb',
  'postcode=postcode:postcode',
  'state=category:state',
];
const FEBRL_PLAIN = ['given_name=given_name', 'surname=surname', 'date_of_birth=birth_date'];
const FAKE_TYPED = [
  'first_name=given_name',
  'surname=surname',
  'dob=birth_date',
  'city=city',
  'email=identifier:email',
];
const FAKE_PLAIN = ['first_name=given_name', 'surname=surname', 'dob=birth_date', 'city=city'];

/** YYYYMMDD → YYYY-MM-DD; a date no calendar has (19560231, 0) becomes empty. */
function isoDate(value: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!m) return /^\d{4}-\d{2}-\d{2}$/.test(value) && validDay(value) ? value : '';
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  return validDay(iso) ? iso : '';
}
function validDay(iso: string): boolean {
  const [y, mo, d] = iso.split('-').map(Number) as [number, number, number];
  if (y < 1800 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

interface ListInput {
  name: string;
  file: string;
  idColumn: string;
  dateColumn: string;
}
interface SetInput {
  name: string;
  lists: ListInput[];
  typed: string[];
  plain: string[];
  /** list name, record id, person id */
  truth: Array<[string, string, string]>;
}

function febrlSet(name: string): SetInput {
  const files =
    name === 'febrl4'
      ? [
          ['4a', 'febrl_dataset4a.csv'],
          ['4b', 'febrl_dataset4b.csv'],
        ]
      : [[name, `febrl_dataset${name.slice(5)}.csv`]];
  const truth: Array<[string, string, string]> = [];
  const lists = files.map(([list, file]) => {
    const path = join(DATA, 'febrl', file!);
    const csv = readCsv(path);
    const [id, entity] = [csv.header.indexOf('rec_id'), csv.header.indexOf('entity_id')];
    for (const r of csv.rows) truth.push([list!, r[id]!, r[entity]!]);
    return { name: list!, file: path, idColumn: 'rec_id', dateColumn: 'date_of_birth' };
  });
  return { name, lists, typed: FEBRL_TYPED, plain: FEBRL_PLAIN, truth };
}
function fakeSet(): SetInput {
  const path = join(DATA, 'splink/fake_1000.csv');
  const csv = readCsv(path);
  const [id, cluster] = [csv.header.indexOf('unique_id'), csv.header.indexOf('cluster')];
  return {
    name: 'fake_1000',
    lists: [{ name: 'fake', file: path, idColumn: 'unique_id', dateColumn: 'dob' }],
    typed: FAKE_TYPED,
    plain: FAKE_PLAIN,
    truth: csv.rows.map((r) => ['fake', r[id]!, r[cluster]!]),
  };
}

function mapArgs(maps: string[]): string[] {
  return maps.flatMap((m) => ['--map', m]);
}

/** Share of the true pairs that some blocking rule puts in one block (from `link --plan --json --pairs`). */
function blockingRecall(set: SetInput, candidates: Array<[string, string, string, string]>): number {
  const person = new Map(set.truth.map(([l, r, p]) => [`${l}\u0000${r}`, p]));
  const byPerson = new Map<string, number>();
  for (const [l, r, p] of set.truth) {
    void l;
    void r;
    byPerson.set(p, (byPerson.get(p) ?? 0) + 1);
  }
  let truePairs = 0;
  if (set.name === 'febrl4') {
    // Only pairs across the two lists count.
    const perList = new Map<string, Map<string, number>>();
    for (const [l, , p] of set.truth) {
      const m = perList.get(p) ?? new Map<string, number>();
      m.set(l, (m.get(l) ?? 0) + 1);
      perList.set(p, m);
    }
    for (const m of perList.values()) truePairs += (m.get('4a') ?? 0) * (m.get('4b') ?? 0);
  } else for (const n of byPerson.values()) truePairs += (n * (n - 1)) / 2;
  let found = 0;
  for (const [la, ra, lb, rb] of candidates) {
    const a = person.get(`${la}\u0000${ra}`);
    if (a !== undefined && a === person.get(`${lb}\u0000${rb}`)) found++;
  }
  return truePairs === 0 ? 1 : found / truePairs;
}

function runSet(set: SetInput): void {
  const dir = mkdtempSync(join(tmpdir(), `dossier-bench-${set.name}-`));
  const data = join(dir, 'data');
  try {
    must(cli(data, ['init']), 'init');
    must(cli(data, ['case', 'create', `bench ${set.name}`]), 'case create');
    let path = 'typed extras';
    for (const list of set.lists) {
      const base = ['lists', 'import', '--name', list.name, '--id-column', list.idColumn];
      let r = cli(data, [...base, list.file, ...mapArgs(set.typed)]);
      if (r.status !== 0) {
        // Before typed extras and flagged cells: names and dates only, dates rewritten as a user would.
        path = 'names and birth date (dates rewritten as YYYY-MM-DD, unreadable ones emptied)';
        const csv = readCsv(list.file);
        const at = csv.header.indexOf(list.dateColumn);
        for (const row of csv.rows) row[at] = isoDate(row[at] ?? '');
        // A row with no name at all is refused by that import: the user leaves it out (and so does the truth).
        const names = set.plain
          .filter((m) => /=(given_name|surname)$/.test(m))
          .map((m) => csv.header.indexOf(m.split('=')[0]!));
        const id = csv.header.indexOf(list.idColumn);
        const dropped = new Set(csv.rows.filter((r) => names.every((n) => !r[n])).map((r) => r[id]!));
        csv.rows = csv.rows.filter((r) => !dropped.has(r[id]!));
        set.truth = set.truth.filter(([l, r]) => l !== list.name || !dropped.has(r));
        if (dropped.size) path += `; ${dropped.size} rows without a name left out`;
        const copy = join(dir, `${list.name}.csv`);
        writeCsv(copy, csv);
        r = must(cli(data, [...base, copy, ...mapArgs(set.plain)]), `import ${list.name}`);
      }
    }
    const truthFile = join(dir, 'truth.csv');
    writeFileSync(
      truthFile,
      ['list,record_id,person_id', ...set.truth.map((t) => t.join(','))].join('\n') + '\n',
    );
    // `--pairs` (the candidate pairs themselves) is newer than the plan; without it, no blocking recall.
    const plan = cli(data, ['link', '--plan', '--json', '--pairs']);
    const planJson =
      plan.status === 0
        ? (JSON.parse(plan.stdout) as { candidatePairList?: Array<[string, string, string, string]> })
        : {};
    const recall = planJson.candidatePairList ? blockingRecall(set, planJson.candidatePairList) : NaN;
    const link = must(
      cli(data, ['link', '--evaluate', truthFile, '--json', ...(values.extra ?? [])]),
      'link --evaluate',
    );
    const out = JSON.parse(link.stdout) as {
      precision: number;
      recall: number;
      f1: number;
      candidatePairs: number;
      seconds: number;
      warnings: Array<{ text: string }>;
    };
    console.log(
      [
        set.name.padEnd(10),
        `P ${out.precision.toFixed(4)}`,
        `R ${out.recall.toFixed(4)}`,
        `F1 ${out.f1.toFixed(4)}`,
        `blocking recall ${Number.isNaN(recall) ? 'n/a' : recall.toFixed(4)}`,
        `candidates ${out.candidatePairs}`,
        `link ${link.seconds.toFixed(1)} s (in-process ${out.seconds.toFixed(1)} s)`,
        `peak RSS ${link.peakRssMb?.toFixed(0) ?? '?'} MB`,
      ].join('  '),
    );
    console.log(`  import: ${path}`);
    for (const w of out.warnings) console.log(`  warning: ${w.text}`);
  } finally {
    if (values.keep) console.log(`  data kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

const SETS = ['febrl1', 'febrl2', 'febrl3', 'febrl4', 'fake_1000'];
for (const name of values.set ? [values.set] : SETS)
  runSet(name === 'fake_1000' ? fakeSet() : febrlSet(name));
