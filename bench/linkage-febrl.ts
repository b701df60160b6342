/**
 * Record linkage on the FEBRL sets (1, 2, 3 deduplicated; 4a × 4b linked) and Splink's fake_1000, without
 * soc_sec_id. Each set runs in its own process, so peak RSS is that set's. Prints figures; asserts nothing.
 *
 *   npx tsx bench/linkage-febrl.ts [--set febrl4] [--threads 2]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  denseLabels,
  evaluateClusters,
  evaluatePairs,
  reviewPriority,
  runLinkage,
  weightToProbability,
  type BlockingRule,
  type ComparisonSpec,
  type LabelledPair,
  type LinkageSettings,
  type LinkMode,
  type RecordSet,
} from '../src/linkage/index.js';

const DATA = '/work/shared/benchmarks/linkage';
const { values } = parseArgs({
  options: { set: { type: 'string' }, threads: { type: 'string', default: '2' } },
});

function readCsv(path: string): Array<Record<string, string>> {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const names = header!.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(names.map((n, k) => [n, cells[k]?.trim() ?? '']));
  });
}

function toSet(
  rows: Array<Record<string, string>>,
  list: (row: Record<string, string>) => string,
  id: string,
  fields: string[],
): RecordSet {
  return {
    ids: rows.map((r) => r[id]!),
    lists: rows.map(list),
    fields: Object.fromEntries(fields.map((f) => [f, rows.map((r) => r[f] || null)])),
  };
}

const jw = (...thresholds: number[]) =>
  thresholds.map((threshold) => ({ kind: 'jaro-winkler' as const, threshold }));

const FEBRL_FIELDS = [
  'given_name',
  'surname',
  'street_number',
  'address_1',
  'address_2',
  'suburb',
  'postcode',
  'state',
  'date_of_birth',
];
const FEBRL_COMPARISONS: ComparisonSpec[] = [
  {
    name: 'given_name',
    field: 'given_name',
    levels: [{ kind: 'exact' }, ...jw(0.92, 0.8)],
    termFrequency: true,
  },
  { name: 'surname', field: 'surname', levels: [{ kind: 'exact' }, ...jw(0.92, 0.8)], termFrequency: true },
  {
    name: 'date_of_birth',
    field: 'date_of_birth',
    valueKind: 'date',
    levels: [{ kind: 'exact' }, { kind: 'edit-distance', max: 1 }, { kind: 'edit-distance', max: 2 }],
  },
  {
    name: 'street_number',
    field: 'street_number',
    levels: [{ kind: 'exact' }, { kind: 'edit-distance', max: 1 }],
  },
  { name: 'address_1', field: 'address_1', levels: [{ kind: 'exact' }, ...jw(0.9, 0.75)] },
  { name: 'address_2', field: 'address_2', levels: [{ kind: 'exact' }, ...jw(0.9, 0.75)] },
  { name: 'suburb', field: 'suburb', levels: [{ kind: 'exact' }, ...jw(0.9)] },
  { name: 'postcode', field: 'postcode', levels: [{ kind: 'exact' }, { kind: 'edit-distance', max: 1 }] },
  { name: 'state', field: 'state', levels: [{ kind: 'exact' }] },
];
const FEBRL_BLOCKING: BlockingRule[] = [
  { name: 'date_of_birth', fields: ['date_of_birth'] },
  { name: 'postcode', fields: ['postcode'] },
  { name: 'surname soundex', fields: ['surname'], transform: 'soundex' },
  { name: 'given_name soundex + suburb', fields: ['given_name', 'suburb'], transform: 'first-3' },
];

const FAKE_COMPARISONS: ComparisonSpec[] = [
  {
    name: 'first_name',
    field: 'first_name',
    transform: 'fold',
    levels: [{ kind: 'exact' }, ...jw(0.9, 0.7)],
    termFrequency: true,
  },
  {
    name: 'surname',
    field: 'surname',
    transform: 'fold',
    levels: [{ kind: 'exact' }, ...jw(0.9, 0.7)],
    termFrequency: true,
  },
  {
    name: 'dob',
    field: 'dob',
    valueKind: 'date',
    levels: [
      { kind: 'exact' },
      { kind: 'edit-distance', max: 1 },
      { kind: 'within', max: 366 },
      { kind: 'within', max: 3660 },
    ],
  },
  {
    name: 'city',
    field: 'city',
    transform: 'fold',
    levels: [{ kind: 'exact' }, ...jw(0.8)],
    termFrequency: true,
  },
  { name: 'email', field: 'email', levels: [{ kind: 'exact' }, { kind: 'edit-distance', max: 2 }] },
];
const FAKE_BLOCKING: BlockingRule[] = [
  { name: 'first_name', fields: ['first_name'], transform: 'fold' },
  { name: 'surname', fields: ['surname'], transform: 'fold' },
  { name: 'dob', fields: ['dob'] },
  { name: 'email', fields: ['email'] },
  { name: 'city + first-3 surname', fields: ['city', 'surname'], transform: 'first-3' },
];

interface Figures {
  set: string;
  records: number;
  candidates: number;
  blockingRecall: number;
  precision: number;
  recall: number;
  f1: number;
  clusters: number;
  trueClusters: number;
  emIterations: number;
  emConverged: boolean;
  seconds: number;
  peakRssMb: number;
}

async function runSet(name: string): Promise<Figures> {
  const started = performance.now();
  let records: RecordSet;
  let truth: Int32Array;
  let mode: LinkMode = 'dedupe';
  let comparisons = FEBRL_COMPARISONS;
  let blocking = FEBRL_BLOCKING;
  let sameListThreshold: number | undefined;
  let labels: LabelledPair[] | undefined;
  if (name.startsWith('fake_1000')) {
    const rows = readCsv(join(DATA, 'splink/fake_1000.csv'));
    records = toSet(rows, () => 'fake', 'unique_id', ['first_name', 'surname', 'dob', 'city', 'email']);
    truth = denseLabels(rows.map((r) => r.cluster!));
    comparisons = FAKE_COMPARISONS;
    blocking = FAKE_BLOCKING;
    if (name.endsWith('+labels')) {
      // Splink's clerical labels (3,176 pairs judged by people): m and u re-estimated from them after EM.
      const index = new Map(rows.map((r, i) => [r.unique_id!, i]));
      labels = readCsv(join(DATA, 'splink/fake_1000_clerical_labels.csv')).map((l) => ({
        left: index.get(l.unique_id_l!)!,
        right: index.get(l.unique_id_r!)!,
        match: Number(l.clerical_match_score) >= 0.5,
      }));
    }
  } else if (name === 'febrl4') {
    const a = readCsv(join(DATA, 'febrl/febrl_dataset4a.csv'));
    const b = readCsv(join(DATA, 'febrl/febrl_dataset4b.csv'));
    const rows = [...a, ...b];
    records = toSet(rows, (r) => (r.record_role === 'org' ? '4a' : '4b'), 'rec_id', FEBRL_FIELDS);
    records.lists = [...a.map(() => '4a'), ...b.map(() => '4b')];
    truth = denseLabels(rows.map((r) => r.entity_id!));
    mode = 'link';
    sameListThreshold = 1;
  } else {
    const rows = readCsv(join(DATA, `febrl/febrl_dataset${name.slice(5)}.csv`));
    records = toSet(rows, () => name, 'rec_id', FEBRL_FIELDS);
    truth = denseLabels(rows.map((r) => r.entity_id!));
  }
  const settings: LinkageSettings = {
    mode,
    comparisons,
    blocking,
    threads: Number(values.threads),
    em: { maxIterations: 200 },
    ...(labels ? { labels } : {}),
    cluster: { threshold: 0.5, ...(sameListThreshold === undefined ? {} : { sameListThreshold }) },
  };
  let result = await runLinkage(records, settings);
  if (name.endsWith('+review')) {
    // The first 200 pairs of the review queue (as the service orders it), decided by the ground truth; the
    // second run learns from them (calibration) without being forced to obey them.
    const band: number[] = [];
    for (let k = 0; k < result.pairs.length; k++) {
      const p = weightToProbability(result.weights[k]!);
      if (p >= 0.01 && p <= 0.99) band.push(k);
    }
    const width = result.vectors.width;
    const first = result;
    const order = reviewPriority(
      band.map((k) => weightToProbability(first.weights[k]!)),
      band.map((k) => first.vectors.levels.subarray(k * width, (k + 1) * width).join(',')),
    );
    const reviewed = order.slice(0, 200).map((i) => {
      const k = band[i]!;
      const [left, right] = [first.pairs.left[k]!, first.pairs.right[k]!];
      return { left, right, match: truth[left] === truth[right] };
    });
    result = await runLinkage(records, { ...settings, reviewed });
  }
  const metrics = evaluateClusters(result.clustering.cluster, truth);
  const seconds = (performance.now() - started) / 1000;
  return {
    set: name,
    records: records.ids.length,
    candidates: result.pairs.length,
    blockingRecall: evaluatePairs(result.pairs, truth).recall,
    precision: metrics.precision,
    recall: metrics.recall,
    f1: metrics.f1,
    clusters: metrics.predictedClusters,
    trueClusters: metrics.trueClusters,
    emIterations: result.em.iterations,
    emConverged: result.em.converged,
    seconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

const SETS = ['febrl1', 'febrl2', 'febrl3', 'febrl4', 'fake_1000', 'fake_1000+labels', 'fake_1000+review'];

if (values.set) {
  console.log(JSON.stringify(await runSet(values.set)));
} else {
  const self = fileURLToPath(import.meta.url);
  console.log(
    'set               records  candidates  block-recall  precision  recall  F1      clusters (true)  EM        time    peak RSS',
  );
  for (const set of SETS) {
    const out = execFileSync(
      process.execPath,
      [...process.execArgv, self, '--set', set, '--threads', values.threads!],
      { encoding: 'utf8' },
    );
    const f = JSON.parse(out.trim().split('\n').at(-1)!) as Figures;
    console.log(
      [
        f.set.padEnd(16),
        String(f.records).padStart(8),
        String(f.candidates).padStart(11),
        f.blockingRecall.toFixed(4).padStart(13),
        f.precision.toFixed(4).padStart(10),
        f.recall.toFixed(4).padStart(7),
        f.f1.toFixed(4).padStart(7),
        `${f.clusters} (${f.trueClusters})`.padStart(16),
        `${f.emIterations}${f.emConverged ? '' : '!'} it`.padStart(9),
        `${f.seconds.toFixed(2)} s`.padStart(8),
        `${f.peakRssMb.toFixed(0)} MB`.padStart(9),
      ].join(' '),
    );
  }
}
