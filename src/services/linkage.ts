/**
 * Linking the registry: every list row becomes a linkage record of typed fields, settings are derived from the
 * fields the lists actually have (or given as data), the model clusters the records, and each row is stamped
 * with its cluster (one cluster = one person). The settings are part of every plan and report, so a run can be
 * repeated and explained. Evaluation against a truth file measures the same run without writing anything.
 */
import type { Actor } from '../auth/index.js';
import { ForbiddenError, ValidationError, type FieldProblem } from '../domain/errors.js';
import { workerStarter } from '../runtime/worker.js';
import type { CaseRecord } from '../domain/records/case.js';
import type { FuzzyDate } from '../domain/fuzzy-date.js';
import {
  blockCounter,
  collectPairs,
  compareRange,
  compileTable,
  compactName,
  allocateVectors,
  NAME_PAIR,
  BIRTH_YEARS,
  countPairs,
  deriveSettings,
  parseSettings,
  profileRecords,
  seededRandom,
  settingsFields,
  toLinkageSettings,
  denseLabels,
  evaluateClusters,
  LINKAGE_STAGES,
  prepareLinkageBlocking,
  throttleProgress,
  runLinkage,
  toRecordSet,
  placeGazetteer,
  type Gazetteer,
  type Calibration,
  type FieldType,
  type LinkSettingsData,
  type ClusterMetrics,
  type LinkageProgress,
  type LinkageResult,
  type LinkageSettings,
  type LinkageWarning,
  type LinkRecord,
  type RecordSet,
  type RuleCount,
} from '../linkage/index.js';
import { loadCase } from './cases.js';
import { readableRecords } from './records.js';
import { inTransaction, specForType } from '../storage/index.js';
import {
  applyDecisions,
  decidedPairs,
  mayReview,
  prepareReviewQueue,
  reviewedPairs,
  uncertainPairs,
  type Uncertain,
} from './link-review.js';
import type { ServiceContext } from './context.js';
import type { RecordValue } from '../storage/index.js';
import { listVictimLists, loadRegistryRows, prepareClusters, type RegistryRow } from './registry.js';

/** The schema of linkage settings as data, for the HTTP layer to check a request's settings with. */
export { linkSettingsSchema } from '../linkage/index.js';

export interface LinkOptions {
  /** Match probability at or above which two rows are the same person. Default 0.5. */
  threshold?: number | undefined;
  seed?: number | undefined;
  threads?: number | undefined;
  /** Compute and report, write nothing. */
  dryRun?: boolean | undefined;
  /**
   * Hears how far the run is, stage by stage (reading the registry, the linkage's stages, writing), each from
   * its start to `done === total`, about ten times a second at most.
   */
  progress?: ((progress: LinkProgress) => void) | undefined;
  /** Hears the plan (pairs per blocking rule) once it is known, before any pair is compared. */
  onPlan?: ((plan: LinkPlan) => void) | undefined;
  /**
   * Settings to run with (as `--plan` prints them, checked by `parseSettings`) instead of settings derived
   * from the data; `threshold` and `seed`, when given, still override theirs.
   */
  settings?: unknown;
  /**
   * Hears the linkage's own result with the rows in the order of its records (for diagnosis: pairs, weights,
   * comparison vectors), before anything is written.
   */
  inspect?: ((result: LinkageResult, rows: readonly LinkRow[]) => void) | undefined;
  /**
   * Run the computation (blocking, training, clustering, the review queue's pairs) in a worker thread, so that a
   * server goes on answering while it runs; reading and writing stay here. Without tsx to load a worker from
   * source (and with `inspect`, which needs the result here) it runs in this thread.
   */
  worker?: boolean | undefined;
}

/** A registry row as the computation needs it: without its stored record (kept here for the writes). */
export type LinkRow = Omit<RegistryRow, 'record'>;

/** The stages of `linkRegistry`: reading the registry, the linkage's own stages, writing what it found. */
export const LINK_STAGES = ['reading', ...LINKAGE_STAGES, 'writing'] as const;
export type LinkStage = (typeof LINK_STAGES)[number];
export type LinkProgress = LinkageProgress<LinkStage>;

/** What a link run would do, known from the block sizes alone: nothing is compared or written. */
export interface LinkPlan {
  rows: number;
  lists: number;
  rules: Array<{
    name: string;
    /** Pairs the rule generates (pairs an earlier rule also produces included). */
    pairs: number;
    blocks: number;
    /** Blocks left out for being larger than the rule's limit, and the pairs they would have made. */
    skippedBlocks: number;
    skippedPairs: number;
  }>;
  /** Sum over the rules; a pair that two rules produce counts twice, so the run compares at most this many. */
  pairs: number;
  /** Distinct candidate pairs (a pair two rules produce counted once), when the plan collected them. */
  candidatePairs?: number;
  /** Seconds comparing the candidate pairs should take on one thread, measured on a sample of them. */
  compareSeconds?: number;
  /**
   * The case's places read as a gazetteer: places and names known, and the list values (prisons, cities)
   * read through it as one of those places.
   */
  gazetteer: { places: number; names: number; values: number };
  /** The settings the run would use: derived from the data unless given. */
  settings: LinkSettingsData;
}

export interface LinkReport {
  rows: number;
  lists: number;
  ruleCounts: Array<Pick<RuleCount, 'name' | 'pairs'>>;
  candidatePairs: number;
  clusters: number;
  /** Rows whose cluster changed (0 on a dry run). */
  changed: number;
  /** Pairs left for review (written unless a dry run), and decisions obeyed. */
  review: { pending: number; matchesApplied: number; nonMatchesApplied: number };
  em: { iterations: number; converged: boolean };
  /** How the review decisions rescaled the match weights (slope 1, shift 0 while there are too few). */
  calibration: Calibration;
  warnings: LinkageWarning[];
  timings: Record<string, number>;
  /** The settings of this run, as `--settings FILE` takes them back. */
  settings: LinkSettingsData;
  /** Cluster id per row id (the smallest row id in the cluster, so it is stable across runs). */
  clusterOf: Map<string, string>;
  rowsById: Map<string, RegistryRow>;
}

/** What `POST /link` and a finished link run report: the report without the per-row maps. */
export type LinkSummary = Omit<LinkReport, 'clusterOf' | 'rowsById'>;

export function summarizeLink(report: LinkReport): LinkSummary {
  const { clusterOf: _c, rowsById: _r, ...summary } = report;
  return summary;
}

/** The Gregorian year in the middle of a (fuzzy) date, or null. */
function middleYear(date: FuzzyDate | null): string | null {
  if (!date?.start || !date.end) return null;
  const middle = (Date.parse(date.start) + Date.parse(date.end)) / 2;
  return String(new Date(middle).getUTCFullYear());
}

/** Fields every registry row may have, and their types. */
const ROW_FIELD_TYPES: Record<string, FieldType> = {
  given: 'name',
  surname: 'name',
  father: 'name',
  birth_date: 'date',
  birth_year: 'year',
  prison: 'place',
  city: 'place',
  locality: 'place',
  sex: 'category',
  // Given name and surname as a set, for the "swapped" level of the name comparisons (see derive.ts).
  [NAME_PAIR]: 'text',
  // The birth years a row allows, as a range (see derive.ts).
  [BIRTH_YEARS]: 'text',
};

/** Fields the import branch adds to normalised rows; optional until every store has them. */
interface ImportedExtras {
  birthYears?: { from: number; to: number } | null;
  extras?: Array<{
    field: string;
    type: FieldType | 'postcode';
    value: string | null;
    date?: FuzzyDate | null;
  }>;
}

/** The day of a date known to the day (yyyy-mm-dd), else null. */
function dayOf(date: FuzzyDate | null | undefined): string | null {
  return date?.precision === 'day' && date.start ? date.start : null;
}

/**
 * The birth year: a stated range's middle, a date's middle year (when it spans at most two years), or the age
 * at death turned into the two years it allows (the middle of them, so "within 1" holds for both).
 */
function birthYear(f: RegistryRow['fields'] & ImportedExtras): number | null {
  if (f.birthYears) return (f.birthYears.from + f.birthYears.to) / 2;
  if (f.birth?.start && f.birth.end) {
    const span = (Date.parse(f.birth.end) - Date.parse(f.birth.start)) / 86_400_000;
    if (span <= 731) return Number(middleYear(f.birth));
  }
  if (f.age !== null && f.death?.start && f.death.end) {
    const death = Number(middleYear(f.death));
    return death - f.age - 0.5;
  }
  return null;
}

/**
 * The Gregorian years a row's birth may fall in, "low..high" (one year: "1968..1968"): a stated range, the
 * years a date spans (a Solar Hijri year straddles two), or the two years an age at death allows. Unlike the
 * middle year, two rows whose ranges overlap are seen to agree (an age and a Solar Hijri year a year apart).
 */
function birthYearRange(f: RegistryRow['fields'] & ImportedExtras): string | null {
  const range = (from: number, to: number) => `${from}..${to}`;
  if (f.birthYears) return range(f.birthYears.from, f.birthYears.to);
  if (f.birth?.start && f.birth.end) {
    const span = (Date.parse(f.birth.end) - Date.parse(f.birth.start)) / 86_400_000;
    if (span <= 731) return range(Number(f.birth.start.slice(0, 4)), Number(f.birth.end.slice(0, 4)));
  }
  if (f.age !== null && f.death?.start && f.death.end)
    return range(Number(f.death.start.slice(0, 4)) - f.age - 1, Number(f.death.end.slice(0, 4)) - f.age);
  return null;
}

/** Reads place names through the case's gazetteer, counting the values it recognised. */
interface PlaceReader {
  read(value: string | null): string | null;
  recognised: number;
}

function placeReader(gazetteer: Gazetteer): PlaceReader {
  const reader: PlaceReader = {
    recognised: 0,
    read(value) {
      if (value === null) return null;
      const canonical = gazetteer.canonical(value);
      if (canonical === null) return value;
      reader.recognised++;
      return canonical;
    },
  };
  return reader;
}

/**
 * The case's gazetteer: the names of the places it records (and the actor may read), so that a list's
 * "Rajaei Shahr" and another's "Gohardasht" are one prison to the linkage.
 */
async function casePlaceNames(ctx: ServiceContext, actor: Actor, caseId: string): Promise<string[][]> {
  const places = await readableRecords(ctx, actor, caseId, specForType('place')!);
  return places.map((p) => (p.names as Array<{ text: string }>).map((n) => n.text));
}

const gazetteerOf = (places: readonly string[][]): Gazetteer =>
  placeGazetteer(places.map((names) => ({ names: [...names] })));
/** Given name and surname as a set (each folded, sorted), or null unless the row has both. */
function namePair(given: string | null, surname: string | null): string | null {
  const a = given ? compactName(given) : null;
  const b = surname ? compactName(surname) : null;
  return a && b ? [a, b].sort().join(' ') : null;
}

/** A registry row as linkage reads it: typed fields, extras included under their own names. */
function linkRecord(row: LinkRow, types: Record<string, FieldType>, places: PlaceReader): LinkRecord {
  const f = row.fields as RegistryRow['fields'] & ImportedExtras;
  // A flagged or missing name is empty: it is left out of the comparison, never compared as ''.
  // The full name stands in only when the row has neither part (a full name the import could not split): a row
  // with a given name alone has no surname, and must not get its given name as one.
  let given = f.givenName || null;
  let surname = f.surname || null;
  if (!given && !surname) {
    const words = f.fullName.split(' ').filter(Boolean);
    given = words.length > 1 ? words[0]! : null;
    surname = (words.length > 1 ? words.slice(1).join(' ') : words[0]) || null;
  }
  const city = places.read(f.city);
  const prison = places.read(f.placeOfDetention);
  const fields: LinkRecord['fields'] = {
    given,
    surname,
    father: f.fatherName,
    birth_date: dayOf(f.birth),
    birth_year: birthYear(f),
    [BIRTH_YEARS]: birthYearRange(f),
    city,
    prison,
    locality: city ?? prison,
    sex: f.sex,
    [NAME_PAIR]: namePair(given, surname),
  };
  for (const extra of f.extras ?? []) {
    // A flagged cell has no value: it is left out. An extra never shadows a field of the row itself.
    const name = extra.field in ROW_FIELD_TYPES ? `extra_${extra.field}` : extra.field;
    const value = extra.type === 'date' ? dayOf(extra.date) : extra.value;
    if (value === null || value === undefined || value === '') continue;
    fields[name] = value;
    types[name] ??= extra.type;
  }
  return { id: row.id, list: row.listId, fields };
}

/**
 * Rows in a stable order, by list name and the row's id in its list, so that the random pairs that estimate u
 * (drawn by position) and every tie are the same whatever ids the store gave the rows.
 */
function stableOrder<R extends LinkRow>(rows: R[], lists: readonly RecordValue[]): R[] {
  const name = new Map(lists.map((l) => [String(l.id), String(l.name)]));
  const key = (r: LinkRow) => `${name.get(r.listId) ?? r.listId}\u0000${r.recordKey}`;
  return [...rows].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** The case, once the actor is known to be allowed to link its registry (not a member: 404; not allowed: 403). */
export async function authorizeLink(ctx: ServiceContext, actor: Actor, caseId: string): Promise<CaseRecord> {
  const found = await loadCase(ctx, actor, caseId);
  if (!mayReview(actor, caseId, found.sensitivity, 'public'))
    throw new ForbiddenError('linking lists needs the right to edit people');
  return found;
}

/**
 * Everything a run can be refused for before it reads a row: the actor's right, the threshold, a registry of
 * fewer than two rows (counted from the lists). A background run checks this before it is accepted.
 */
export async function checkLinkable(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  options: Pick<LinkOptions, 'threshold' | 'settings'> = {},
): Promise<void> {
  await authorizeLink(ctx, actor, caseId);
  checkThreshold(options.threshold ?? 0.5);
  const lists = await listVictimLists(ctx, actor, caseId);
  checkRows(lists.reduce((n, l) => n + Number(l.rowCount), 0));
  if (options.settings !== undefined) {
    // The fields a row may have: the row's own, and the extras the lists' mappings name.
    const fields = new Set(Object.keys(ROW_FIELD_TYPES));
    for (const list of lists)
      for (const target of Object.values((list.mapping ?? {}) as Record<string, string>)) {
        const colon = target.indexOf(':');
        if (colon < 0) continue;
        const name = target.slice(colon + 1);
        fields.add(name in ROW_FIELD_TYPES ? `extra_${name}` : name);
      }
    checkSettings(options.settings, fields);
  }
}

/** Settings as given (`parseSettings`), every field they read being one of `fields`; else a ValidationError. */
function checkSettings(input: unknown, fields: ReadonlySet<string>): LinkSettingsData {
  const parsed = parseSettings(input);
  if (!parsed.ok) throw new ValidationError(parsed.problems);
  const missing = settingsFields(parsed.settings).filter((f) => !fields.has(f));
  if (missing.length)
    throw new ValidationError(
      missing.map((f) => ({ field: 'settings', message: `no field "${f}" in the records` })),
    );
  return parsed.settings;
}

function checkThreshold(threshold: number): void {
  if (!(threshold > 0 && threshold < 1))
    throw new ValidationError([{ field: 'threshold', message: 'a probability between 0 and 1' }]);
}

function checkRows(rows: number): void {
  if (rows < 2)
    throw new ValidationError([{ field: 'registry', message: `${rows} list rows; import lists first` }]);
}

/**
 * The settings of a run: given ones (checked, and checked against the records' fields), else derived from the
 * records' typed fields. An explicit threshold or seed overrides either; the same-list threshold follows the
 * threshold unless the settings state their own.
 */
function runSettings(
  records: RecordSet,
  types: Record<string, FieldType>,
  options: Pick<LinkOptions, 'threshold' | 'seed' | 'settings'>,
): LinkSettingsData {
  let settings: LinkSettingsData;
  if (options.settings !== undefined) {
    settings = checkSettings(options.settings, new Set(Object.keys(records.fields)));
  } else {
    // Always within and across lists: a list may name one person twice, and one threshold holds for both.
    const profile = profileRecords(records, types, 'dedupe');
    settings = deriveSettings(profile, { countRule: blockCounter(records, 'dedupe', 1000) });
  }
  if (options.threshold !== undefined) {
    const same = settings.sameListThreshold === settings.threshold;
    settings = { ...settings, threshold: options.threshold };
    if (same) settings.sameListThreshold = options.threshold;
  }
  if (options.seed !== undefined) settings = { ...settings, seed: options.seed };
  return settings;
}

/** The rows as linkage records and their blocking, prepared once for both the plan and the run. */
async function blockingPlan(
  rows: readonly LinkRow[],
  lists: number,
  gazetteer: Gazetteer,
  options: Pick<LinkOptions, 'threshold' | 'seed' | 'settings' | 'threads'>,
  onRule?: (done: number, rules: number) => void,
) {
  const types = { ...ROW_FIELD_TYPES };
  const places = placeReader(gazetteer);
  const records = toRecordSet(rows.map((r) => linkRecord(r, types, places)));
  const data = runSettings(records, types, options);
  const settings = toLinkageSettings(data, options.threads ?? 2);
  const blocking = await prepareLinkageBlocking(
    records,
    settings,
    onRule && ((done) => onRule(done, settings.blocking.length)),
  );
  const rules = countPairs(blocking).map((c) => ({
    name: c.name,
    pairs: c.pairs,
    blocks: c.blocks,
    skippedBlocks: c.skipped.length,
    skippedPairs: c.skipped.reduce((n, b) => n + b.pairs, 0),
  }));
  const plan: LinkPlan = {
    rows: rows.length,
    lists,
    rules,
    pairs: rules.reduce((n, r) => n + r.pairs, 0),
    gazetteer: { places: gazetteer.places, names: gazetteer.names, values: places.recognised },
    settings: data,
  };
  return { records, blocking, plan, settings, data };
}

/**
 * Pair counts per blocking rule (and blocks skipped) for the registry as it stands, and the settings a run
 * would use, without running. With `pairs`, the distinct candidate pairs too (list name and record id of
 * each side) and the seconds comparing them should take, measured on a sample.
 */
export async function planLink(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  options: Pick<LinkOptions, 'threshold' | 'seed' | 'settings'> & { pairs?: boolean } = {},
): Promise<LinkPlan & { pairList?: Array<[string, string, string, string]> }> {
  await authorizeLink(ctx, actor, caseId);
  const lists = await listVictimLists(ctx, actor, caseId);
  const rows = stableOrder(await loadRegistryRows(ctx, actor, caseId), lists);
  checkRows(rows.length);
  if (options.threshold !== undefined) checkThreshold(options.threshold);
  const gazetteer = gazetteerOf(await casePlaceNames(ctx, actor, caseId));
  const { plan, blocking, records, settings } = await blockingPlan(rows, lists.length, gazetteer, options);
  if (!options.pairs) return plan;
  const pairs = collectPairs(blocking);
  // Comparing a sample of the candidate pairs on this thread gives the time per pair.
  const table = compileTable(records, settings.comparisons);
  const random = seededRandom(1);
  const sample = Math.min(pairs.length, 20_000);
  const picked = { left: new Uint32Array(sample), right: new Uint32Array(sample), length: sample };
  for (let k = 0; k < sample; k++) {
    const p = random.int(pairs.length);
    picked.left[k] = pairs.left[p]!;
    picked.right[k] = pairs.right[p]!;
  }
  const started = performance.now();
  compareRange(table, picked, 0, sample, allocateVectors(sample, table.comparisons.length));
  const perPair = sample ? (performance.now() - started) / 1000 / sample : 0;
  const listName = new Map(lists.map((l) => [String(l.id), String(l.name)]));
  const side = (i: number): [string, string] => [listName.get(rows[i]!.listId)!, rows[i]!.recordKey];
  const pairList: Array<[string, string, string, string]> = [];
  for (let p = 0; p < pairs.length; p++) pairList.push([...side(pairs.left[p]!), ...side(pairs.right[p]!)]);
  return { ...plan, candidatePairs: pairs.length, compareSeconds: perPair * pairs.length, pairList };
}

/** What the computation of a run is given: the rows read (in their stable order) and the case's places. */
export interface LinkInput {
  rows: LinkRow[];
  lists: number;
  /** The names of each of the case's places (its gazetteer). */
  places: string[][];
  decided: RecordValue[];
  options: Pick<LinkOptions, 'threshold' | 'seed' | 'threads' | 'settings'>;
}

/** What the computation gives back to be written and reported; plain data, so it crosses threads. */
export interface LinkComputed {
  /** Cluster id per row id, in the order of the rows. */
  clusterOf: Array<[string, string]>;
  uncertain: Uncertain[];
  summary: Omit<LinkSummary, 'changed' | 'review'> & {
    review: Omit<LinkSummary['review'], 'pending'>;
  };
}

/** What the computation reports while it runs. */
export interface LinkHooks {
  progress?: ((progress: LinkProgress) => void) | undefined;
  onPlan?: ((plan: LinkPlan) => void) | undefined;
  inspect?: LinkOptions['inspect'];
}

/**
 * The computation of a run, with no store: blocking (settings derived or given), the linkage, the reviewers'
 * decisions applied, and the pairs left for review. Runs in a worker thread for a server (see link-worker.ts).
 */
export async function computeLink(input: LinkInput, hooks: LinkHooks = {}): Promise<LinkComputed> {
  const { rows, decided, options } = input;
  const listener = hooks.progress;
  const report = listener ? throttleProgress(listener) : () => undefined;
  // Blocking first, so that an operator sees the size of the run (pairs per rule) before any pair is made.
  report({ stage: 'blocking', done: 0, total: 1 });
  // The run's own blocking stage goes on from here to twice the rules (collecting their pairs).
  const prepared = await blockingPlan(rows, input.lists, gazetteerOf(input.places), options, (done, rules) =>
    report({ stage: 'blocking', done, total: 2 * rules }),
  );
  const { records, blocking, plan, data } = prepared;
  const threshold = data.threshold;
  // Decisions on earlier pairs calibrate the weights (see calibration.ts in src/linkage).
  const settings: LinkageSettings = { ...prepared.settings, reviewed: reviewedPairs(rows, decided) };
  hooks.onPlan?.(plan);
  const result = await runLinkage(records, settings, {
    blocking,
    ...(listener ? { onProgress: listener } : {}),
  });
  hooks.inspect?.(result, rows);
  const { labels, matchesApplied, nonMatchesApplied } = applyDecisions(
    rows,
    result.clustering.cluster,
    decided,
  );
  const members = new Map<number, string>();
  for (let i = 0; i < rows.length; i++) {
    const c = labels[i]!;
    const id = rows[i]!.id;
    const current = members.get(c);
    if (current === undefined || id < current) members.set(c, id);
  }
  const clusterOf = rows.map((r, i): [string, string] => [r.id, members.get(labels[i]!)!]);
  const uncertain = uncertainPairs(rows, result, decided, labels, threshold, settings.predict ?? {});
  return {
    clusterOf,
    uncertain,
    summary: {
      rows: rows.length,
      lists: input.lists,
      ruleCounts: result.ruleCounts.map((r) => ({ name: r.name, pairs: r.pairs })),
      candidatePairs: result.pairs.length,
      review: { matchesApplied, nonMatchesApplied },
      clusters: new Set(members.values()).size,
      em: { iterations: result.em.iterations, converged: result.em.converged },
      calibration: result.calibration,
      warnings: result.warnings,
      timings: result.timings,
      settings: data,
    },
  };
}

const startLinkWorker = workerStarter(import.meta.url, 'link-worker');

/** `computeLink` in a worker thread, its progress and plan heard here; its failure thrown here as it was. */
function computeInWorker(input: LinkInput, hooks: LinkHooks): Promise<LinkComputed> {
  return new Promise((resolve, reject) => {
    const worker = startLinkWorker!(input);
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      outcome();
    };
    worker.on('message', (message: LinkWorkerMessage) => {
      if (message.kind === 'progress') hooks.progress?.(message.progress);
      else if (message.kind === 'plan') hooks.onPlan?.(message.plan);
      else if (message.kind === 'done') finish(() => resolve(message.computed));
      else if (message.kind === 'failed')
        finish(() =>
          reject(
            message.problems
              ? new ValidationError(message.problems, message.message)
              : new Error(message.message),
          ),
        );
    });
    worker.once('error', (error) => finish(() => reject(error)));
    worker.once('exit', (code) =>
      finish(() => reject(new Error(`the linkage stopped unexpectedly (exit ${code})`))),
    );
  });
}

/** What the link worker posts: progress, the plan, then its result or its failure. */
export type LinkWorkerMessage =
  | { kind: 'progress'; progress: LinkProgress }
  | { kind: 'plan'; plan: LinkPlan }
  | { kind: 'done'; computed: LinkComputed }
  | { kind: 'failed'; message: string; problems?: FieldProblem[] };

export async function linkRegistry(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  options: LinkOptions = {},
): Promise<LinkReport> {
  const listener = options.progress;
  const report = listener ? throttleProgress(listener) : () => undefined;
  await authorizeLink(ctx, actor, caseId);
  report({ stage: 'reading', done: 0, total: 2 });
  const lists = await listVictimLists(ctx, actor, caseId);
  report({ stage: 'reading', done: 1, total: 2 });
  const rows = stableOrder(await loadRegistryRows(ctx, actor, caseId), lists);
  report({ stage: 'reading', done: 2, total: 2 });
  checkRows(rows.length);
  if (options.threshold !== undefined) checkThreshold(options.threshold);
  const decided = await decidedPairs(ctx, actor, caseId);
  const places = await casePlaceNames(ctx, actor, caseId);
  const input: LinkInput = {
    rows: rows.map(({ record: _r, ...row }) => row),
    lists: lists.length,
    places,
    decided,
    options: {
      threshold: options.threshold,
      seed: options.seed,
      threads: options.threads,
      settings: options.settings,
    },
  };
  const hooks: LinkHooks = { progress: listener, onPlan: options.onPlan, inspect: options.inspect };
  const computed =
    options.worker && startLinkWorker && !options.inspect
      ? await computeInWorker(input, hooks)
      : await computeLink(input, hooks);
  const clusterOf = new Map(computed.clusterOf);
  let changed = 0;
  if (!options.dryRun) {
    report({ stage: 'writing', done: 0, total: 2 });
    changed = await writeLink(ctx, actor, caseId, rows, clusterOf, computed.uncertain, () =>
      report({ stage: 'writing', done: 1, total: 2 }),
    );
    report({ stage: 'writing', done: 2, total: 2 });
  }
  return {
    ...computed.summary,
    changed,
    review: { pending: computed.uncertain.length, ...computed.summary.review },
    clusterOf,
    rowsById: new Map(rows.map((r) => [r.id, r])),
  };
}

/**
 * Writes a run's outcome in one transaction: each row's cluster, and the review queue in place of the pairs
 * still waiting. Either both land or neither does: a run cut while writing never leaves new clusters beside
 * the previous run's queue. Returns the number of rows whose cluster changed.
 */
export async function writeLink(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  rows: RegistryRow[],
  clusterOf: Map<string, string>,
  uncertain: Uncertain[],
  clustersWritten: () => void = () => undefined,
): Promise<number> {
  const clusters = await prepareClusters(ctx, actor, caseId, rows, clusterOf);
  const queue = await prepareReviewQueue(ctx, actor, caseId, rows, uncertain);
  return inTransaction(ctx.store, async (uow) => {
    const changed = await clusters(uow);
    clustersWritten();
    await queue(uow);
    return changed;
  });
}

/**
 * Compares a link run with a truth file (columns `list,record_id,person_id`: the list's name, the row's id
 * in that list, the true person). Rows missing from the truth file are an error: they cannot be scored.
 */
export async function evaluateLink(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  report: LinkReport,
  truthCsv: string,
): Promise<ClusterMetrics> {
  const lists = new Map((await listVictimLists(ctx, actor, caseId)).map((l) => [l.id, String(l.name)]));
  const lines = truthCsv
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const at = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new ValidationError([{ field: 'evaluate', message: `row 1: no column "${name}"` }]);
    return i;
  };
  const [li, ri, pi] = [at('list'), at('record_id'), at('person_id')];
  const truth = new Map<string, string>();
  lines.slice(1).forEach((line, k) => {
    const cells = line.split(',').map((c) => c.trim());
    if (cells.length !== header.length)
      throw new ValidationError([
        { field: 'evaluate', message: `row ${k + 2}: ${cells.length} cells, expected ${header.length}` },
      ]);
    truth.set(`${cells[li]}\u0000${cells[ri]}`, cells[pi]!);
  });
  const predicted: string[] = [];
  const actual: string[] = [];
  const missing: string[] = [];
  for (const [id, cluster] of report.clusterOf) {
    const row = report.rowsById.get(id)!;
    const key = `${lists.get(row.listId)}\u0000${row.recordKey}`;
    const person = truth.get(key);
    if (person === undefined) missing.push(`${lists.get(row.listId)}/${row.recordKey}`);
    predicted.push(cluster);
    actual.push(person ?? `missing:${id}`);
  }
  if (missing.length)
    throw new ValidationError([
      {
        field: 'evaluate',
        message: `${missing.length} rows have no person in the truth file (first: ${missing.slice(0, 3).join(', ')})`,
      },
    ]);
  return evaluateClusters(denseLabels(predicted), denseLabels(actual));
}
