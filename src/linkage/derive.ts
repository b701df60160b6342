/**
 * Settings derived from the data: which typed fields the records have (a profile), the comparisons each type
 * calls for, and blocking rules chosen so that they cover each other: for every set of up to k fields that a
 * true pair might disagree on (a typo, a missing value), some rule uses none of them, within a budget of pairs.
 * EM sessions, one per rule, leave the rule's own comparisons out; every comparison is estimated in at least one.
 * Pure: the pair counts of candidate rules come from a `countRule` the caller gives (the real block sizes).
 */
import { ruleRecordKeys, type LinkMode } from './blocking.js';
import type { ComparisonSpec, LevelSpec } from './comparisons.js';
import { comparisonFields } from './comparisons.js';
import { blockingRules, type BlockingRuleData, type FieldType, type LinkSettingsData } from './settings.js';
import { keyFunction, keySetFunction } from './keys.js';
import type { RecordSet } from './table.js';
import type { TrainingSession } from './sessions.js';
import { VICTIM_LIST_COMPARISONS, VICTIM_LIST_SESSIONS } from './victim-lists.js';

/** One field of the records as the derivation sees it. */
export interface FieldProfile {
  name: string;
  type: FieldType;
  /** Share of records with a value. */
  filled: number;
  /** Distinct values. */
  distinct: number;
}

export interface DataProfile {
  records: number;
  lists: number;
  mode: LinkMode;
  fields: FieldProfile[];
}

/** Fill rate and distinct values of each typed field of a record set. */
export function profileRecords(
  records: RecordSet,
  types: Readonly<Record<string, FieldType>>,
  mode?: LinkMode,
): DataProfile {
  const n = records.ids.length;
  const fields: FieldProfile[] = [];
  for (const [name, type] of Object.entries(types)) {
    const column = records.fields[name];
    if (!column) continue;
    const seen = new Set<string | number>();
    let filled = 0;
    for (let i = 0; i < n; i++) {
      const v = column[i];
      if (v === null || v === undefined || v === '') continue;
      filled++;
      seen.add(v);
    }
    if (filled === 0) continue;
    fields.push({ name, type, filled: n === 0 ? 0 : filled / n, distinct: seen.size });
  }
  const lists = new Set(records.lists).size;
  return { records: n, lists, mode: mode ?? 'dedupe', fields };
}

export interface DeriveOptions {
  /** Pairs a candidate rule would make (exact, from the block sizes); estimated from the profile without. */
  countRule?: (rule: BlockingRuleData) => number;
  threshold?: number;
  sameListThreshold?: number;
  seed?: number;
  /** Pairs one rule may make; default max(50,000, 10 per record). */
  rulePairs?: number;
  /** Pairs all rules may make; default max(300,000, 40 per record). */
  totalPairs?: number;
}

const VICTIM = new Map(VICTIM_LIST_COMPARISONS.map((c) => [c.name, c]));
const jw = (threshold: number): LevelSpec => ({ kind: 'jaro-winkler', threshold });

/** Levels of a full date (ISO day): exact, day and month swapped, one digit off, same month, within 30 days. */
const DATE_LEVELS: LevelSpec[] = [
  { kind: 'exact' },
  { kind: 'key', key: 'date-day-month-either' },
  { kind: 'edit-distance', max: 1 },
  { kind: 'key', key: 'date-month' },
  { kind: 'within', max: 30 },
  { kind: 'key', key: 'date-year' },
];

/**
 * Levels of a birth year, in years apart: sharing a year (a year and a two-year span whose middle is half a
 * year off), a year apart, three.
 */
const YEAR_STEPS = [0.5, 1.5, 3];

/** Comparisons for the fields of a profile, by type (the victim-list comparisons for the victim-list fields). */
export function deriveComparisons(profile: DataProfile): ComparisonSpec[] {
  const has = new Map(profile.fields.map((f) => [f.name, f]));
  const out: ComparisonSpec[] = [];
  const used = new Set<string>();
  for (const name of ['given', 'surname', 'father'])
    if (has.get(name)?.type === 'name') {
      out.push(withSwappedNames(VICTIM.get(name)!, profile));
      used.add(name);
    }
  used.add(NAME_PAIR);
  // The birth: full dates where both have one, else the years (from dates, ranges or ages at death).
  const date = has.get('birth_date');
  const year = has.get('birth_year');
  if (date || year) {
    // On the birth date's comparison, the year levels read another field, as a number.
    const other = date ? ({ field: 'birth_year', valueKind: 'number' } as const) : {};
    // Years are the middles of what a list says: a Gregorian year is itself, a Solar Hijri year or an age at death
    // two years (their middle, x.5). Within half a year: two years, or a year and a two-year span, that share a
    // year; then a year apart, then three.
    const yearLevels: LevelSpec[] = YEAR_STEPS.map((max) => ({ kind: 'within', max, ...other }));
    // Two spans whose middles are a year apart still share a year (an age at death, a Solar Hijri year): the
    // ranges overlap, a level of its own between "the same year" and "a year apart".
    if (has.has(BIRTH_YEARS))
      yearLevels.splice(1, 0, { kind: 'within', max: 0, field: BIRTH_YEARS, valueKind: 'number' });
    out.push({
      name: 'birth',
      field: date ? 'birth_date' : 'birth_year',
      valueKind: date ? 'date' : 'number',
      levels: date ? [...DATE_LEVELS.slice(0, 5), ...yearLevels] : yearLevels,
    });
    used.add('birth_date').add('birth_year');
  }
  used.add(BIRTH_YEARS);
  // Prison, else city, else one's city against the other's prison town: one comparison (see victim-lists.ts).
  const place = VICTIM.get('place')!;
  if (has.has('prison') || has.has('city')) {
    const both = has.has('prison') && has.has('city');
    const levels = place.levels.filter((l) => {
      const field = l.field ?? place.field;
      return field === 'locality' ? both : has.has(field);
    });
    out.push({ ...place, field: has.has('prison') ? 'prison' : 'city', levels });
    for (const f of ['prison', 'city', 'locality']) used.add(f);
  }
  for (const f of profile.fields) {
    if (used.has(f.name)) continue;
    const spec = comparisonFor(f);
    if (spec) out.push(spec);
  }
  return out;
}

/**
 * The field holding a record's given name and surname as a set (both folded, sorted, one space between): equal
 * for two records whose forms were filled in opposite orders. Never compared or blocked on by itself.
 */
export const NAME_PAIR = 'name_pair';

/**
 * The birth years a record allows, as a range "low..high" of Gregorian years (an age at death allows two, a
 * Solar Hijri year straddles two); read by the birth comparison's overlap level, never compared or blocked on
 * by itself.
 */
export const BIRTH_YEARS = 'birth_years';

/**
 * A name comparison with a "swapped" level right after its exact one: the two records' given name and surname
 * are the same set, so the given name of one is the surname of the other. It holds only where the names
 * differ (exact comes first), and EM weighs it like any level.
 */
export function withSwappedNames(spec: ComparisonSpec, profile: DataProfile): ComparisonSpec {
  if (spec.field !== 'given' && spec.field !== 'surname') return spec;
  if (!profile.fields.some((f) => f.name === NAME_PAIR)) return spec;
  const [first, ...rest] = spec.levels;
  return { ...spec, levels: [first!, { kind: 'exact', field: NAME_PAIR }, ...rest] };
}

function comparisonFor(f: FieldProfile): ComparisonSpec | null {
  const base = { name: f.name, field: f.name };
  switch (f.type) {
    case 'name':
      return {
        ...base,
        transform: 'compact-name',
        levels: [
          { kind: 'exact' },
          { kind: 'key', key: 'name-skeleton', termFrequency: true },
          jw(0.92),
          jw(0.8),
        ],
        termFrequency: true,
      };
    case 'date':
      return { ...base, valueKind: 'date', levels: DATE_LEVELS };
    case 'year':
      return {
        ...base,
        valueKind: 'number',
        levels: YEAR_STEPS.map((max): LevelSpec => ({ kind: 'within', max })),
      };
    case 'place':
      return {
        ...base,
        transform: 'place-name',
        levels: [{ kind: 'exact' }, jw(0.9), jw(0.8)],
        termFrequency: true,
      };
    case 'postcode':
      return {
        ...base,
        transform: 'compact',
        levels: [{ kind: 'exact' }, { kind: 'edit-distance', max: 1 }],
        termFrequency: true,
      };
    case 'address':
      return {
        ...base,
        transform: 'fold',
        levels: [{ kind: 'exact' }, jw(0.9), jw(0.75)],
        termFrequency: true,
      };
    case 'identifier':
      return {
        ...base,
        transform: 'compact',
        levels: [{ kind: 'exact' }, { kind: 'edit-distance', max: 1 }, { kind: 'edit-distance', max: 2 }],
      };
    case 'category':
      // A field of a few values (sex, a state) says little, and exactly that: agree or not.
      return f.distinct < 2 ? null : { ...base, transform: 'fold', levels: [{ kind: 'exact' }] };
    case 'text':
      return { ...base, transform: 'fold', levels: [{ kind: 'exact' }, jw(0.9)], termFrequency: true };
  }
}

/**
 * A blocking key: a field through a transform. A field may have several (a name's skeleton and its first
 * letters; a date as it is and its day and month), each failing on different errors.
 */
interface Atom {
  field: FieldProfile;
  transform: string | null;
  /** The field's name, with the variant's for a second key. */
  label: string;
}

/** The blocking keys of a field of each type (none: the type never blocks). */
function atomsOf(f: FieldProfile): Atom[] {
  const atom = (transform: string | null, variant?: string): Atom => ({
    field: f,
    transform,
    label: variant ? `${f.name} ${variant}` : f.name,
  });
  switch (f.type) {
    case 'name':
      return [atom('name-key'), atom('name-start', 'start')];
    case 'date':
      // A date blocks as it is (ISO day), and by day and month for a mistyped year.
      return [atom(null), atom('date-month-day', 'day-month')];
    case 'year':
      return [atom('year-bin')];
    case 'place':
      return [atom('place-key')];
    case 'postcode':
      return [atom('compact')];
    case 'identifier':
      return [atom('compact'), atom('compact-start', 'start')];
    case 'address':
    case 'category':
      return [atom('fold')];
    case 'text':
      return [];
  }
}

/**
 * Fields that may block: filled often enough and discriminating. Places block through `locality` (the city, else
 * the place of detention), so that a list naming only the prison meets one naming only the city.
 */
function blockingFields(profile: DataProfile): FieldProfile[] {
  return profile.fields.filter(
    (f) =>
      f.filled >= 0.2 &&
      f.distinct >= 2 &&
      f.type !== 'text' &&
      f.name !== 'prison' &&
      f.name !== 'city' &&
      f.name !== NAME_PAIR,
  );
}

/** A rule as data; a year is blocked in two-year bins at two offsets (Solar Hijri years straddle two). */
function ruleOf(atoms: readonly Atom[], shifted = false): BlockingRuleData {
  return {
    name: atoms.map((a) => a.label).join(' + ') + (shifted ? ' ′' : ''),
    fields: atoms.map((a) => a.field.name),
    transforms: atoms.map((a) => (a.transform === 'year-bin' && shifted ? 'year-bin-shifted' : a.transform)),
  };
}

function* subsets<T>(items: readonly T[], size: number, start = 0, prefix: T[] = []): Generator<T[]> {
  if (prefix.length === size) {
    yield prefix;
    return;
  }
  for (let i = start; i < items.length; i++) yield* subsets(items, size, i + 1, [...prefix, items[i]!]);
}

function sameAtoms(a: readonly Atom[], b: readonly Atom[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** A weak key only blocks beside a strong one: a category, or a field of few values for the records. */
function weak(a: Atom, records: number): boolean {
  return a.field.type === 'category' || a.field.distinct < Math.min(20, records / 10);
}

/**
 * Blocking rules that cover each other, cheapest first: for k = 0, 1, 2, … every set of k blocking keys that a
 * true pair might disagree on has a rule using none of them, until the pair budget is spent.
 */
export function deriveBlocking(
  profile: DataProfile,
  options: Pick<DeriveOptions, 'countRule' | 'rulePairs' | 'totalPairs'> = {},
): { rules: BlockingRuleData[]; pairs: number[]; robustness: number } {
  const n = profile.records;
  const rulePairs = options.rulePairs ?? Math.max(50_000, 10 * n);
  const totalPairs = options.totalPairs ?? Math.max(300_000, 40 * n);
  const atoms = blockingFields(profile).flatMap(atomsOf);
  const estimate = (rule: readonly Atom[]) => {
    // Independent fields, values spread evenly: n²/2 × Π 1/distinct (the caller's counts are exact).
    let share = 1;
    for (const a of rule) share /= Math.max(1, a.field.distinct);
    return (n * n * share) / 2;
  };
  const countOne = (rule: readonly Atom[], shifted: boolean) =>
    options.countRule ? options.countRule(ruleOf(rule, shifted)) : estimate(rule);
  // A rule on a year runs at two offsets: both count.
  const count = (set: readonly Atom[]): number =>
    countOne(set, false) + (set.some((a) => a.transform === 'year-bin') ? countOne(set, true) : 0);
  // Candidates: one, two or three keys of different fields (three only among the most discriminating).
  const ranked = [...atoms].sort(
    (a, b) =>
      b.field.distinct * b.field.filled - a.field.distinct * a.field.filled || a.label.localeCompare(b.label),
  );
  const candidates: Array<{ atoms: Atom[]; pairs: number }> = [];
  for (const size of [1, 2, 3]) {
    const pool = size === 3 ? ranked.slice(0, 8) : ranked;
    for (const set of subsets(pool, size)) {
      if (set.every((a) => weak(a, n)) || new Set(set.map((a) => a.field)).size < set.length) continue;
      // Three keys only where no two of them fit the budget: otherwise those two cover more for little more.
      if (size === 3 && [...subsets(set, 2)].some((two) => candidates.some((c) => sameAtoms(c.atoms, two))))
        continue;
      const pairs = count(set);
      if (pairs <= rulePairs) candidates.push({ atoms: set, pairs });
    }
  }
  // Failure sets: fields a true pair may disagree on (all keys of a field fail with it). Cover k = 0, 1, 2, …
  // in turn with the fields' first keys while the budget lasts; then the second keys (a name's first letters,
  // a date's day and month) stand in for the first in the rules chosen, for errors inside a field.
  const fields = [...new Set(atoms.map((a) => a.field))];
  const primary = new Set(fields.map((f) => atoms.find((a) => a.field === f)!));
  const chosen: Array<{ atoms: Atom[]; pairs: number }> = [];
  let spent = 0;
  let robustness = 0;
  const usesNone = (rule: Atom[], failed: FieldProfile[]) => !rule.some((a) => failed.includes(a.field));
  for (let k = 0; k < Math.min(fields.length, 7); k++) {
    const failures = [...subsets(fields, k)];
    const uncovered = failures.filter((s) => !chosen.some((c) => usesNone(c.atoms, s)));
    let complete = true;
    while (uncovered.length > 0) {
      let best: (typeof candidates)[number] | undefined;
      let bestScore = 0;
      for (const c of candidates) {
        if (chosen.includes(c) || spent + c.pairs > totalPairs || !c.atoms.every((a) => primary.has(a)))
          continue;
        const covers = uncovered.filter((s) => usesNone(c.atoms, s)).length;
        if (covers === 0) continue;
        // More failure sets per pair, then fewer pairs; a small constant keeps empty rules from looking free.
        const score = covers / (c.pairs + n + 1);
        if (score > bestScore) [best, bestScore] = [c, score];
      }
      if (!best) {
        complete = false;
        break;
      }
      chosen.push(best);
      spent += best.pairs;
      for (let i = uncovered.length - 1; i >= 0; i--)
        if (usesNone(best.atoms, uncovered[i]!)) uncovered.splice(i, 1);
    }
    if (!complete) break;
    robustness = k;
  }
  for (const c of [...chosen])
    for (const [i, a] of c.atoms.entries())
      for (const variant of atoms.filter((v) => v.field === a.field && v !== a)) {
        const swapped = c.atoms.map((x, k) => (k === i ? variant : x));
        const found = candidates.find((d) => sameAtoms(d.atoms, swapped));
        if (!found || chosen.includes(found) || spent + found.pairs > totalPairs) continue;
        chosen.push(found);
        spent += found.pairs;
      }
  // Given name and surname swapped on one side (a form filled in the wrong order): the two names as a set.
  const given = atoms.find((a) => a.field.name === 'given' && a.transform === 'name-key');
  const surname = atoms.find((a) => a.field.name === 'surname' && a.transform === 'name-key');
  const swap = given && surname ? ruleOf([given, surname]) : null;
  let swapPairs = 0;
  if (swap) {
    swap.name = 'given ⇄ surname';
    swap.unordered = true;
    swapPairs = options.countRule ? options.countRule(swap) : estimate([given!, surname!]) * 2;
  }
  // A rule whose keys include all of another chosen rule's finds only pairs that rule finds: it goes.
  const kept = chosen.filter(
    (c) =>
      !chosen.some(
        (d) => d !== c && d.atoms.length < c.atoms.length && d.atoms.every((a) => c.atoms.includes(a)),
      ),
  );
  const rules: BlockingRuleData[] = [];
  const pairs: number[] = [];
  for (const c of kept) {
    const rule = ruleOf(c.atoms);
    rules.push(rule);
    if (rule.transforms.includes('year-bin')) {
      // The pairs of both offsets were counted together.
      rules.push(ruleOf(c.atoms, true));
      pairs.push(c.pairs / 2, c.pairs / 2);
    } else pairs.push(c.pairs);
  }
  if (swap && swapPairs <= rulePairs && spent + swapPairs <= totalPairs) {
    rules.push(swap);
    pairs.push(swapPairs);
  }
  return { rules, pairs, robustness };
}

/** One EM session per rule (strictest first, at most eight), then more until every comparison is estimated. */
export function deriveSessions(
  comparisons: readonly ComparisonSpec[],
  rules: readonly BlockingRuleData[],
): TrainingSession[] {
  const inactiveOf = (rule: BlockingRuleData) =>
    comparisons
      .filter((c) =>
        comparisonFields(c).some(
          (f) =>
            rule.fields.includes(f) || (rule.fields.includes('locality') && (f === 'prison' || f === 'city')),
        ),
      )
      .map((c) => c.name);
  const plain = rules.filter((r) => !r.name.endsWith(' ′'));
  const sessions: TrainingSession[] = [];
  const estimated = new Set<string>();
  for (const rule of plain) {
    const inactive = inactiveOf(rule);
    const adds = comparisons.some((c) => !inactive.includes(c.name) && !estimated.has(c.name));
    if (sessions.length >= 8 && !adds) continue;
    sessions.push({ rule: rule.name, inactive });
    for (const c of comparisons) if (!inactive.includes(c.name)) estimated.add(c.name);
  }
  return sessions;
}

/**
 * Bits of weight per doubling of the record pairs two groups span, beyond the threshold, to join them. On
 * fake_1000 (within-list duplicates, up to ten per person) one doubtful pair otherwise chains two people
 * together: pairwise precision 0.90 without the guard, 0.97 with it, recall unchanged; pairs of single
 * records (a·b = 1) are not affected.
 */
export const CLUSTER_SIZE_PENALTY = 0.5;

/**
 * Names one letter off: the given name's key with the surname's one-letter-off neighbours, and the reverse, so
 * that a name mistyped or misread once (TaIvazfar, Rczaee, a dropped letter) still meets its other spellings when
 * nothing else the two records hold agrees. Blocks of common names are left out, as for the names alone. No
 * training session runs on them: they are loose by design.
 */
export function nearNameRules(profile: DataProfile): BlockingRuleData[] {
  const has = (name: string) => profile.fields.some((f) => f.name === name && f.type === 'name');
  if (!has('given') || !has('surname')) return [];
  const rule = (name: string, transforms: string[]): BlockingRuleData => ({
    name,
    fields: ['given', 'surname'],
    transforms,
    maxBlockSize: 40,
  });
  return [
    rule('given + surname near', ['name-key', 'name-key-near']),
    rule('given near + surname', ['name-key-near', 'name-key']),
  ];
}

/** Settings for a profile: comparisons by type, covering blocking rules, a session per rule. */
export function deriveSettings(profile: DataProfile, options: DeriveOptions = {}): LinkSettingsData {
  if (isVictimListProfile(profile)) return victimListSettingsData(profile, options);
  const comparisons = deriveComparisons(profile);
  const { rules } = deriveBlocking(profile, options);
  const threshold = options.threshold ?? 0.5;
  return {
    version: 1,
    mode: profile.mode,
    fields: profile.fields.map((f) => ({ ...f, filled: Math.round(f.filled * 1000) / 1000 })),
    comparisons,
    blocking: [...rules, ...nearNameRules(profile)],
    sessions: deriveSessions(comparisons, rules),
    threshold,
    sameListThreshold: options.sameListThreshold ?? threshold,
    maxBlockSize: 1000,
    uSampleSize: 200_000,
    seed: options.seed ?? 1,
    emMaxIterations: 1000,
    monotone: true,
    clusterSizePenalty: CLUSTER_SIZE_PENALTY,
    clusterLinkage: 'average',
    clusterListRepeats: true,
  };
}

/**
 * Exact pair counts of candidate rules over a record set, from block sizes (blocks larger than `maxBlockSize`
 * left out, as the run leaves them out). Each field's keys are computed once, whatever the number of rules.
 */
export function blockCounter(
  records: RecordSet,
  mode: LinkMode,
  maxBlockSize = Infinity,
): (rule: BlockingRuleData) => number {
  const n = records.ids.length;
  const listIndex = new Map<string, number>();
  const list = Int32Array.from(records.lists, (l) => {
    let i = listIndex.get(l);
    if (i === undefined) listIndex.set(l, (i = listIndex.size));
    return i;
  });
  const keyCodes = new Map<string, Int32Array>();
  const codesOf = (field: string, transform: string | null): Int32Array => {
    const id = `${field}\u0000${transform ?? ''}`;
    let codes = keyCodes.get(id);
    if (codes) return codes;
    const column = records.fields[field];
    const fn = transform === null ? (v: string) => v : keyFunction(transform);
    const byValue = new Map<string | number, number>();
    const byKey = new Map<string, number>();
    codes = new Int32Array(n).fill(-1);
    if (column)
      for (let i = 0; i < n; i++) {
        const v = column[i];
        if (v === null || v === undefined || v === '') continue;
        let code = byValue.get(v);
        if (code === undefined) {
          const k = fn(String(v));
          if (k === null || k === '') code = -1;
          else {
            code = byKey.get(k);
            if (code === undefined) byKey.set(k, (code = byKey.size));
          }
          byValue.set(v, code);
        }
        codes[i] = code;
      }
    keyCodes.set(id, codes);
    return codes;
  };
  // A rule whose keys are a set (given and surname in either order) or hold a key set (a name's one-letter-off
  // neighbours): a record in every block of its keys; a pair sharing two blocks counts twice, as the run counts it.
  const setCount = (rule: BlockingRuleData): number => {
    if (rule.fields.some((f) => !records.fields[f])) return 0;
    const keysOf = ruleRecordKeys(records, blockingRules({ blocking: [rule] })[0]!);
    const blocks = new Map<string, Map<number, number>>();
    for (let i = 0; i < n; i++) {
      const keys = keysOf(i);
      for (const key of keys === null ? [] : Array.isArray(keys) ? new Set(keys) : [keys]) {
        let perList = blocks.get(key);
        if (!perList) blocks.set(key, (perList = new Map()));
        perList.set(list[i]!, (perList.get(list[i]!) ?? 0) + 1);
      }
    }
    return pairsOf(blocks.values());
  };
  const pairsOf = (all: Iterable<Map<number, number>>): number => {
    let pairs = 0;
    for (const perList of all) {
      let size = 0;
      let same = 0;
      for (const s of perList.values()) {
        size += s;
        same += (s * (s - 1)) / 2;
      }
      if (size > maxBlockSize) continue;
      pairs += mode === 'link' ? (size * (size - 1)) / 2 - same : (size * (size - 1)) / 2;
    }
    return pairs;
  };
  return (rule) => {
    if (rule.unordered || rule.transforms.some((t) => t !== null && keySetFunction(t))) return setCount(rule);
    const columns = rule.fields.map((f, k) => codesOf(f, rule.transforms[k] ?? null));
    // A block's key as one number while the codes fit (radix n + 1 each), else as text.
    const numeric = Math.pow(n + 1, columns.length) < Number.MAX_SAFE_INTEGER;
    const blocks = new Map<string | number, Map<number, number>>();
    for (let i = 0; i < n; i++) {
      let key: string | number = numeric ? 0 : '';
      let missing = false;
      for (const c of columns) {
        const code = c[i]!;
        if (code < 0) {
          missing = true;
          break;
        }
        if (numeric) key = (key as number) * (n + 1) + code;
        else key += code + ',';
      }
      if (missing) continue;
      let perList = blocks.get(key);
      if (!perList) blocks.set(key, (perList = new Map()));
      perList.set(list[i]!, (perList.get(list[i]!) ?? 0) + 1);
    }
    return pairsOf(blocks.values());
  };
}

const NK = 'name-key';
const victimRule = (name: string, fields: string[], transforms: string[], maxBlockSize?: number) => ({
  name,
  fields,
  transforms,
  ...(maxBlockSize === undefined ? {} : { maxBlockSize }),
});
/** The victim-list blocking rules (see victim-lists.ts) with their transforms named. */
const VICTIM_LIST_RULES: BlockingRuleData[] = [
  victimRule('given + surname + year', ['given', 'surname', 'birth_year'], [NK, NK, 'year-bin']),
  victimRule('given + surname + year′', ['given', 'surname', 'birth_year'], [NK, NK, 'year-bin-shifted']),
  victimRule('given + surname + father', ['given', 'surname', 'father'], [NK, NK, NK]),
  victimRule('surname + father + year', ['surname', 'father', 'birth_year'], [NK, NK, 'year-bin']),
  victimRule('surname + father + year′', ['surname', 'father', 'birth_year'], [NK, NK, 'year-bin-shifted']),
  victimRule('given + father + year', ['given', 'father', 'birth_year'], [NK, NK, 'year-bin']),
  victimRule('given + father + year′', ['given', 'father', 'birth_year'], [NK, NK, 'year-bin-shifted']),
  victimRule('given + surname + prison', ['given', 'surname', 'prison'], [NK, NK, NK]),
  victimRule('given + surname + locality', ['given', 'surname', 'locality'], [NK, NK, 'place-key']),
  victimRule('given + surname', ['given', 'surname'], [NK, NK], 40),
  victimRule('surname + father', ['surname', 'father'], [NK, NK], 40),
  victimRule(
    'given + surname_ends + year',
    ['given', 'surname', 'birth_year'],
    [NK, 'surname-ends', 'year-bin'],
  ),
  victimRule('surname + father + locality', ['surname', 'father', 'locality'], [NK, NK, 'place-key']),
  victimRule('surname + father + prison', ['surname', 'father', 'prison'], [NK, NK, NK]),
  victimRule('given + father + locality', ['given', 'father', 'locality'], [NK, NK, 'place-key'], 60),
  victimRule('surname + year + locality', ['surname', 'birth_year', 'locality'], [NK, 'year', 'place-key']),
];

/**
 * Whether a profile holds only the fields of victim lists (names, father's name, birth year, prison, city): the
 * victim-list model, measured on the synthetic registry, is then the default.
 */
export function isVictimListProfile(profile: DataProfile): boolean {
  // A full birth date is read as its year by the victim-list model, as before the derivation existed: a list
  // that brings dates to a registry of victim lists keeps the model measured on such registries.
  const victim = new Set([
    'given',
    'surname',
    'father',
    'birth_date',
    'birth_year',
    'prison',
    'city',
    'locality',
    'sex',
    NAME_PAIR,
    BIRTH_YEARS,
  ]);
  return profile.fields.every((f) => victim.has(f.name)) && profile.fields.some((f) => f.name === 'father');
}

/**
 * The victim-list model as settings data (rules on fields the profile lacks are kept: they find nothing). Its
 * rules pair two names with a third field; the covering rules derived from the profile are added after them
 * (within the same pair budget), so that a true pair whose names both carry an error, or whose only other
 * field is a date or a place, still meets: on lists written as real ones are (full names split, ages for
 * years, OCR), the fixed rules alone reach about 91 % of true pairs.
 */
export function victimListSettingsData(profile: DataProfile, options: DeriveOptions = {}): LinkSettingsData {
  const threshold = options.threshold ?? 0.5;
  const names = new Set(VICTIM_LIST_RULES.map((r) => r.name));
  const covering = deriveBlocking(profile, options).rules.filter((r) => !names.has(r.name));
  // The birth is compared as for other data: as a date where both have one (day and month swapped, within
  // days), else as the registry's years (middles of spans, not truncated to a whole year as the victim-list
  // model's transform does); the sessions leave it out where they left the year.
  const birth = profile.fields.some((f) => f.name === 'birth_date' || f.name === 'birth_year')
    ? deriveComparisons(profile).find((c) => c.name === 'birth')
    : undefined;
  const comparisons = VICTIM_LIST_COMPARISONS.map((c) =>
    birth && c.name === 'birth_year' ? birth : withSwappedNames(c, profile),
  );
  const sessions = birth
    ? VICTIM_LIST_SESSIONS.map((x) => ({
        ...x,
        inactive: x.inactive.map((c) => (c === 'birth_year' ? 'birth' : c)),
      }))
    : VICTIM_LIST_SESSIONS;
  return {
    version: 1,
    mode: profile.mode,
    fields: profile.fields.map((f) => ({ ...f, filled: Math.round(f.filled * 1000) / 1000 })),
    comparisons,
    blocking: [...VICTIM_LIST_RULES, ...covering, ...nearNameRules(profile)],
    sessions,
    threshold,
    sameListThreshold: options.sameListThreshold ?? threshold,
    maxBlockSize: 1000,
    uSampleSize: 200_000,
    seed: options.seed ?? 1,
    emMaxIterations: 1000,
    monotone: true,
    clusterSizePenalty: CLUSTER_SIZE_PENALTY,
    clusterLinkage: 'average',
    clusterListRepeats: true,
  };
}
