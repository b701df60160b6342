/**
 * Derived settings at library level, with the FEBRL and fake_1000 columns typed as the import's `--map
 * COL=TYPE:NAME` extras will give them (street_number identifier, address_1/2 address, suburb place, postcode,
 * state category; fake_1000's email identifier). A projection of `bench/linkage-cli.ts` until list import
 * carries typed extras: the same `profileRecords` → `deriveSettings` → `runLinkage` the service runs.
 *
 *   npx tsx bench/linkage-derived.ts febrl4|febrl1|febrl2|febrl3|fake [plain]
 */
import { readFileSync } from 'node:fs';
import {
  blockCounter,
  deriveSettings,
  profileRecords,
  runLinkage,
  toLinkageSettings,
  evaluateClusters,
  denseLabels,
  type RecordSet,
  type FieldType,
} from '../src/linkage/index.js';
const set = process.argv[2] ?? 'febrl4';
const extras = process.argv[3] !== 'plain';
const csv = (f: string) => {
  const [h, ...l] = readFileSync(f, 'utf8').trim().split('\n');
  const H = h!.split(',');
  return l.map((x) => Object.fromEntries(x.split(',').map((c, i) => [H[i]!, c.trim()])));
};
const iso = (v: string) => {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(v);
  if (!m) return null;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return d.getUTCMonth() + 1 === +m[2]! && +m[2]! >= 1 ? `${m[1]}-${m[2]}-${m[3]}` : null;
};
let rows: Array<Record<string, string>>;
let lists: string[];
let truth: string[];
let fields: Record<string, Array<string | number | null>>;
let types: Record<string, FieldType>;
const col = (k: string) => rows.map((r) => r[k] || null);
if (set === 'fake') {
  rows = csv('/work/shared/benchmarks/linkage/splink/fake_1000.csv');
  lists = rows.map(() => 'f');
  truth = rows.map((r) => r.cluster!);
  fields = {
    given: col('first_name'),
    surname: col('surname'),
    birth_date: rows.map((r) => iso(r.dob!)),
    birth_year: rows.map((r) => (iso(r.dob!) ? +r.dob!.slice(0, 4) : null)),
    city: col('city'),
    locality: col('city'),
  };
  types = {
    given: 'name',
    surname: 'name',
    birth_date: 'date',
    birth_year: 'year',
    city: 'place',
    locality: 'place',
  };
  if (extras) {
    fields.email = col('email');
    types.email = 'identifier';
  }
} else {
  const files = set === 'febrl4' ? ['4a', '4b'] : [set.slice(5)];
  rows = files.flatMap((f) => csv(`/work/shared/benchmarks/linkage/febrl/febrl_dataset${f}.csv`));
  lists = rows.map((r) => (set === 'febrl4' ? (r.rec_id!.includes('org') ? 'a' : 'b') : 'x'));
  truth = rows.map((r) => r.entity_id!);
  fields = {
    given: col('given_name'),
    surname: col('surname'),
    birth_date: rows.map((r) => iso(r.date_of_birth!)),
    birth_year: rows.map((r) => (iso(r.date_of_birth!) ? +r.date_of_birth!.slice(0, 4) : null)),
  };
  types = { given: 'name', surname: 'name', birth_date: 'date', birth_year: 'year' };
  if (extras) {
    Object.assign(fields, {
      street_number: col('street_number'),
      address_1: col('address_1'),
      address_2: col('address_2'),
      suburb: col('suburb'),
      postcode: col('postcode'),
      state: col('state'),
    });
    Object.assign(types, {
      street_number: 'identifier',
      address_1: 'address',
      address_2: 'address',
      suburb: 'place',
      postcode: 'postcode',
      state: 'category',
    });
  }
}
const rs: RecordSet = { ids: rows.map((_, i) => String(i)), lists, fields };
const t = performance.now();
const data = deriveSettings(profileRecords(rs, types), { countRule: blockCounter(rs, 'dedupe', 1000) });
const r = await runLinkage(rs, toLinkageSettings(data, 2));
const m = evaluateClusters(r.clustering.cluster, denseLabels(truth));
// blocking recall
const lab = denseLabels(truth);
let tp = 0;
const per = new Map<number, number>();
lab.forEach((l) => per.set(l, (per.get(l) ?? 0) + 1));
for (let p = 0; p < r.pairs.length; p++) if (lab[r.pairs.left[p]!] === lab[r.pairs.right[p]!]) tp++;
let all = 0;
for (const c of per.values()) all += (c * (c - 1)) / 2;
console.log(
  set,
  extras ? 'extras' : 'plain',
  'P',
  m.precision.toFixed(4),
  'R',
  m.recall.toFixed(4),
  'F1',
  m.f1.toFixed(4),
  'block recall',
  (tp / all).toFixed(4),
  'pairs',
  r.pairs.length,
  's',
  ((performance.now() - t) / 1000).toFixed(1),
);
console.log(data.blocking.map((b) => b.name).join('; '));
console.log(r.warnings.map((w) => w.text).join('\n'));
