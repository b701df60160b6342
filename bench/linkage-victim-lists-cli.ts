/**
 * Four victim lists of the kind real lists are (see `generateListFiles`: full names only, "Surname, Given",
 * ages instead of birth years, dual-script cells, day-first dates, prison aliases, OCR-like typos, missing
 * fields, one list with repeats within itself), written as CSV files and taken through the user's path only:
 * `init --demo` (whose case records Gohardasht and its aliases as a place), `lists import` with the mappings a
 * user types, `link --evaluate`, `link`, then `estimate --from-registry` against the same estimator on the
 * true capture histories (`estimate --patterns`). Prints P/R/F1, a rough ceiling of recall and F1, blocking and import figures, both counts and
 * their difference, time and peak memory. Asserts nothing.
 *
 *   npx tsc -p tsconfig.json && npx tsx bench/linkage-victim-lists-cli.ts [--people 5000] [--seed 1]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { must, runCli } from './cli-run.js';
import { generateListFiles, listFilesCeiling } from './linkage-synthetic-data.js';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '5000' },
    seed: { type: 'string', default: '1' },
    cli: { type: 'string', default: 'dist/cli/main.js' },
    keep: { type: 'boolean', default: false },
  },
});
const CLI = resolve(values.cli!);

const cli = (dataDir: string, args: string[]) =>
  must(runCli(CLI, dataDir, args), `dossier ${args.join(' ')}`);

const dir = mkdtempSync(join(tmpdir(), 'dossier-bench-victim-lists-'));
const data = join(dir, 'data');
try {
  const { lists, people, population } = generateListFiles(Number(values.people), Number(values.seed));
  const ceiling = listFilesCeiling(lists, population);
  cli(data, ['init', '--demo']);
  // `case list` prints id, label and title per line; the demo case is the only one.
  const caseId = cli(data, ['case', 'list']).stdout.split('\t')[0]!.trim();
  let importSeconds = 0;
  for (const list of lists) {
    const file = join(dir, `${list.name}.csv`);
    writeFileSync(file, list.csv);
    const maps = Object.entries(list.mapping).flatMap(([c, f]) => ['--map', `${c}=${f}`]);
    const run = cli(data, [
      ...['lists', 'import', file, '--case', caseId, '--name', list.name, '--id-column', list.idColumn],
      ...[...maps, '--json'],
    ]);
    importSeconds += run.seconds;
    const report = (JSON.parse(run.stdout) as { report: { counts: Record<string, number> } }).report;
    const flagged = Object.entries(report.counts)
      .map(([code, n]) => `${n} ${code}`)
      .join(', ');
    console.log(`${list.name.padEnd(10)} ${list.truth.length} rows; flagged: ${flagged || 'none'}`);
  }
  const truthFile = join(dir, 'truth.csv');
  writeFileSync(
    truthFile,
    [
      'list,record_id,person_id',
      ...lists.flatMap((l) => l.truth.map(([id, person]) => `${l.name},${id},${person}`)),
    ].join('\n') + '\n',
  );
  // The true capture histories: which lists name each person (a repeat within a list counts once).
  const histories = new Map<number, number>();
  lists.forEach((l, k) => {
    for (const [, person] of l.truth) histories.set(person, (histories.get(person) ?? 0) | (1 << k));
  });
  const freq = new Map<number, number>();
  for (const h of histories.values()) freq.set(h, (freq.get(h) ?? 0) + 1);
  const patternsFile = join(dir, 'true-patterns.csv');
  writeFileSync(
    patternsFile,
    [
      [...lists.map((l) => l.name), 'freq'].join(','),
      ...[...freq].map(([h, n]) => [...lists.map((_, k) => ((h >> k) & 1 ? 1 : 0)), n].join(',')),
    ].join('\n') + '\n',
  );

  const plan = JSON.parse(cli(data, ['link', '--plan', '--json', '--pairs', '--case', caseId]).stdout) as {
    candidatePairList: Array<[string, string, string, string]>;
    /** Absent from builds before the gazetteer. */
    gazetteer?: { places: number; values: number };
  };
  const person = new Map(lists.flatMap((l) => l.truth.map(([id, p]) => [`${l.name}\u0000${id}`, p])));
  let truePairs = 0;
  const rowsOf = new Map<number, number>();
  for (const l of lists) for (const [, p] of l.truth) rowsOf.set(p, (rowsOf.get(p) ?? 0) + 1);
  for (const n of rowsOf.values()) truePairs += (n * (n - 1)) / 2;
  const found = plan.candidatePairList.filter(
    ([la, ra, lb, rb]) => person.get(`${la}\u0000${ra}`) === person.get(`${lb}\u0000${rb}`),
  ).length;

  const evaluated = cli(data, ['link', '--evaluate', truthFile, '--json', '--case', caseId]);
  const m = JSON.parse(evaluated.stdout) as {
    precision: number;
    recall: number;
    f1: number;
    candidatePairs: number;
  };
  cli(data, ['link', '--case', caseId]);
  type Estimate = {
    estimate: number;
    lower: number;
    upper: number;
    model: string;
    observed: number;
    namelessRows?: number;
  };
  const fromRegistry = JSON.parse(
    cli(data, ['estimate', '--from-registry', '--case', caseId, '--seed', '1', '--json']).stdout,
  ) as Estimate;
  const fromTruth = JSON.parse(
    cli(data, ['estimate', '--patterns', patternsFile, '--json']).stdout,
  ) as Estimate;
  const [linked, truth] = [fromRegistry.estimate, fromTruth.estimate];
  const line = (e: Estimate) =>
    `${e.estimate.toFixed(0)} (${e.lower.toFixed(0)}–${e.upper.toFixed(0)}, ${e.model}, observed ${e.observed}` +
    `${e.namelessRows ? `; ${e.namelessRows} rows without a name not counted` : ''})`;

  console.log(
    [
      `${people} people, ${histories.size} on some list, ${lists.reduce((n, l) => n + l.truth.length, 0)} rows`,
      `P ${m.precision.toFixed(4)}  R ${m.recall.toFixed(4)}  F1 ${m.f1.toFixed(4)}`,
      `ceiling (true pairs another person matches on every field both rows give are out of reach; noise and ` +
        `transitive links ignored): recall ${ceiling.recall.toFixed(4)}, F1 ${ceiling.f1.toFixed(4)}`,
      `blocking recall ${(found / Math.max(1, truePairs)).toFixed(4)}  candidates ${m.candidatePairs}`,
      `places read through the case's gazetteer: ${plan.gazetteer?.values ?? 'n/a'}`,
      `import ${importSeconds.toFixed(1)} s; link ${evaluated.seconds.toFixed(1)} s, peak RSS ${evaluated.peakRssMb?.toFixed(0) ?? '?'} MB`,
      `count (loglinear, default search): linked registry ${line(fromRegistry)}`,
      `                                   true capture histories ${line(fromTruth)}`,
      `difference ${((100 * (linked - truth)) / truth).toFixed(1)} %`,
    ].join('\n'),
  );
} finally {
  if (values.keep) console.log(`data kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
