/**
 * Linking the registry: every list row becomes a linkage record, the victim-list model clusters them, and
 * each row is stamped with its cluster (one cluster = one person). Evaluation against a truth file measures
 * the same run without writing anything.
 */
import { randomUUID } from 'node:crypto';
import { actorLabel, can, readableLabels, type Actor } from '../auth/index.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.js';
import type { CaseRecord } from '../domain/records/case.js';
import type { FuzzyDate } from '../domain/fuzzy-date.js';
import {
  countPairs,
  denseLabels,
  evaluateClusters,
  compileModel,
  explainPair,
  LINKAGE_STAGES,
  prepareLinkageBlocking,
  reviewPriority,
  throttleProgress,
  weightToProbability,
  runLinkage,
  toRecordSet,
  victimListSettings,
  type Calibration,
  type ClusterMetrics,
  type LabelledPair,
  type LinkageProgress,
  type LinkageResult,
  type LinkageSettings,
  type LinkRecord,
  type PredictOptions,
  type RuleCount,
} from '../linkage/index.js';
import {
  inTransaction,
  LINK_PAIR_SPEC,
  rowDigest,
  type LINK_DECISIONS,
  type RecordValue,
} from '../storage/index.js';
import { loadCase } from './cases.js';
import { now, type ServiceContext } from './context.js';
import { readableRecords } from './records.js';
import { assignClusters, listVictimLists, loadRegistryRows, type RegistryRow } from './registry.js';

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
}

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
  warnings: string[];
  timings: Record<string, number>;
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

/** A registry row as the victim-list model reads it. */
function linkRecord(row: RegistryRow): LinkRecord {
  const f = row.fields;
  const words = f.fullName.split(' ');
  const given = f.givenName ?? (words.length > 1 ? words[0]! : null);
  const surname = f.surname ?? (words.length > 1 ? words.slice(1).join(' ') : f.fullName);
  return {
    id: row.id,
    list: row.listId,
    fields: {
      given,
      surname,
      father: f.fatherName,
      birth_year: middleYear(f.birth),
      city: f.city,
      prison: f.placeOfDetention,
      locality: f.city ?? f.placeOfDetention,
    },
  };
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
  options: Pick<LinkOptions, 'threshold'> = {},
): Promise<void> {
  await authorizeLink(ctx, actor, caseId);
  checkThreshold(options.threshold ?? 0.5);
  const rows = (await listVictimLists(ctx, actor, caseId)).reduce((n, l) => n + Number(l.rowCount), 0);
  checkRows(rows);
}

function checkThreshold(threshold: number): void {
  if (!(threshold > 0 && threshold < 1))
    throw new ValidationError([{ field: 'threshold', message: 'a probability between 0 and 1' }]);
}

function checkRows(rows: number): void {
  if (rows < 2)
    throw new ValidationError([{ field: 'registry', message: `${rows} list rows; import lists first` }]);
}

function linkSettings(options: LinkOptions): LinkageSettings {
  return victimListSettings({
    cluster: { threshold: options.threshold ?? 0.5 },
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.threads === undefined ? {} : { threads: options.threads }),
  });
}

/** The rows as linkage records and their blocking, prepared once for both the plan and the run. */
async function blockingPlan(
  rows: RegistryRow[],
  lists: number,
  settings: LinkageSettings,
  onRule?: (done: number) => void,
) {
  const records = toRecordSet(rows.map(linkRecord));
  const blocking = await prepareLinkageBlocking(records, settings, onRule);
  const rules = countPairs(blocking).map((c) => ({
    name: c.name,
    pairs: c.pairs,
    blocks: c.blocks,
    skippedBlocks: c.skipped.length,
    skippedPairs: c.skipped.reduce((n, b) => n + b.pairs, 0),
  }));
  const plan: LinkPlan = { rows: rows.length, lists, rules, pairs: rules.reduce((n, r) => n + r.pairs, 0) };
  return { records, blocking, plan };
}

/** Pair counts per blocking rule (and blocks skipped) for the registry as it stands, without running. */
export async function planLink(ctx: ServiceContext, actor: Actor, caseId: string): Promise<LinkPlan> {
  await authorizeLink(ctx, actor, caseId);
  const rows = await loadRegistryRows(ctx, actor, caseId);
  const lists = await listVictimLists(ctx, actor, caseId);
  return (await blockingPlan(rows, lists.length, linkSettings({}))).plan;
}

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
  const rows = await loadRegistryRows(ctx, actor, caseId);
  report({ stage: 'reading', done: 1, total: 2 });
  const lists = await listVictimLists(ctx, actor, caseId);
  report({ stage: 'reading', done: 2, total: 2 });
  checkRows(rows.length);
  const threshold = options.threshold ?? 0.5;
  checkThreshold(threshold);
  const decided = await decidedPairs(ctx, actor, caseId);
  // Decisions on earlier pairs calibrate the weights (see calibration.ts in src/linkage).
  const settings = { ...linkSettings(options), reviewed: reviewedPairs(rows, decided) };
  // Blocking first, so that an operator sees the size of the run (pairs per rule) before any pair is made.
  const rules = settings.blocking.length;
  report({ stage: 'blocking', done: 0, total: 2 * rules });
  const { records, blocking, plan } = await blockingPlan(rows, lists.length, settings, (done) =>
    report({ stage: 'blocking', done, total: 2 * rules }),
  );
  options.onPlan?.(plan);
  const result = await runLinkage(records, settings, {
    blocking,
    ...(listener ? { onProgress: listener } : {}),
  });
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
  const clusterOf = new Map(rows.map((r, i) => [r.id, members.get(labels[i]!)!]));
  const uncertain = uncertainPairs(rows, result, decided, labels, threshold, settings.predict ?? {});
  let changed = 0;
  if (!options.dryRun) {
    report({ stage: 'writing', done: 0, total: 2 });
    changed = (await assignClusters(ctx, actor, caseId, rows, clusterOf)).changed;
    report({ stage: 'writing', done: 1, total: 2 });
    await replaceReviewQueue(ctx, actor, caseId, rows, uncertain);
    report({ stage: 'writing', done: 2, total: 2 });
  }
  return {
    rows: rows.length,
    lists: lists.length,
    ruleCounts: result.ruleCounts.map((r) => ({ name: r.name, pairs: r.pairs })),
    candidatePairs: result.pairs.length,
    changed,
    review: { pending: uncertain.length, matchesApplied, nonMatchesApplied },
    clusters: new Set(clusterOf.values()).size,
    em: { iterations: result.em.iterations, converged: result.em.converged },
    calibration: result.calibration,
    warnings: result.warnings,
    timings: result.timings,
    clusterOf,
    rowsById: new Map(rows.map((r) => [r.id, r])),
  };
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

/**
 * Pairs whose probability lies between these go to the review queue (about ±6.6 bits around even odds),
 * and so do pairs the clustering put in one person although their own probability is below the threshold:
 * a chain through a third row joined two rows that disagree.
 */
const REVIEW_BAND = [0.01, 0.99] as const;
/** At most this many pairs wait for review at a time; those a decision teaches most are kept. */
const MAX_REVIEW = 2000;

type Decision = (typeof LINK_DECISIONS)[number];
const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/**
 * Pairs people decided, as record indices for the calibration; pairs whose rows are gone are left out, and so
 * are contradictions of a cluster, which the queue chose for their cluster rather than their weight (the
 * calibration needs pairs chosen by weight alone; see calibration.ts).
 */
function reviewedPairs(rows: RegistryRow[], decided: RecordValue[]): LabelledPair[] {
  const index = new Map(rows.map((r, i) => [r.id, i]));
  const out: LabelledPair[] = [];
  for (const pair of decided) {
    if (pair.decision !== 'match' && pair.decision !== 'non_match') continue;
    if ((pair.explanation as { sameCluster?: boolean }).sameCluster) continue;
    const left = index.get(String(pair.leftId));
    const right = index.get(String(pair.rightId));
    if (left === undefined || right === undefined) continue;
    out.push({ left, right, match: pair.decision === 'match' });
  }
  return out;
}

function decidedPairs(ctx: ServiceContext, actor: Actor, caseId: string): Promise<RecordValue[]> {
  return readableRecords(ctx, actor, caseId, LINK_PAIR_SPEC);
}

/**
 * People's decisions override the model: a "match" joins the two rows' clusters; a "non_match" between two
 * rows the model put together takes the later row (by id) out into a cluster of its own.
 */
function applyDecisions(rows: RegistryRow[], clustering: Int32Array, decided: RecordValue[]) {
  const index = new Map(rows.map((r, i) => [r.id, i]));
  const rowsOf = (pair: RecordValue) => [index.get(String(pair.leftId)), index.get(String(pair.rightId))];
  // Union-find over cluster labels.
  const parent = new Map<number, number>();
  const root = (label: number): number => {
    let r = label;
    while (parent.has(r)) r = parent.get(r)!;
    return r;
  };
  let matchesApplied = 0;
  let nonMatchesApplied = 0;
  for (const pair of decided.filter((p) => p.decision === 'match')) {
    const [a, b] = rowsOf(pair);
    if (a === undefined || b === undefined) continue;
    const ra = root(clustering[a]!);
    const rb = root(clustering[b]!);
    if (ra === rb) continue;
    parent.set(rb, ra);
    matchesApplied++;
  }
  const labels = clustering.map((label) => root(label));
  let next = clustering.reduce((max, label) => Math.max(max, label), -1) + 1;
  for (const pair of decided.filter((p) => p.decision === 'non_match')) {
    const [a, b] = rowsOf(pair);
    if (a === undefined || b === undefined || labels[a] !== labels[b]) continue;
    labels[Math.max(a, b)] = next++;
    nonMatchesApplied++;
  }
  return { labels, matchesApplied, nonMatchesApplied };
}

interface Uncertain {
  left: number;
  right: number;
  probability: number;
  explanation: Record<string, unknown>;
}

/**
 * Candidate pairs no one has decided that the model is unsure about or that contradict their cluster:
 * contradictions first, then the rest, each part in the order of what a decision teaches (`reviewPriority`).
 */
function uncertainPairs(
  rows: RegistryRow[],
  result: LinkageResult,
  decided: RecordValue[],
  labels: Int32Array,
  threshold: number,
  predict: PredictOptions,
): Uncertain[] {
  // The explanation shows the weights the clustering used: the model compiled with the same options.
  const compiled = compileModel(result.table, result.model, predict);
  const done = new Set(
    decided
      .filter((p) => p.decision === 'match' || p.decision === 'non_match')
      .map((p) => pairKey(String(p.leftId), String(p.rightId))),
  );
  const found: Array<{ p: number; i: number; j: number; contradiction: boolean; pattern: string }> = [];
  const width = result.vectors.width;
  for (let k = 0; k < result.pairs.length; k++) {
    const p = weightToProbability(result.weights[k]!);
    const i = result.pairs.left[k]!;
    const j = result.pairs.right[k]!;
    const contradiction = labels[i] === labels[j] && p < threshold;
    if (!contradiction && (p < REVIEW_BAND[0] || p > REVIEW_BAND[1])) continue;
    if (done.has(pairKey(rows[i]!.id, rows[j]!.id))) continue;
    const pattern = result.vectors.levels.subarray(k * width, (k + 1) * width).join(',');
    found.push({ p, i, j, contradiction, pattern });
  }
  // Contradictions of their cluster first (a chain joined them: the clustering's own doubt), then the rest; each
  // part in the order of what a decision teaches.
  const ordered = [true, false].flatMap((contradiction) => {
    const part = found.filter((f) => f.contradiction === contradiction);
    return reviewPriority(
      part.map((f) => f.p),
      part.map((f) => f.pattern),
    ).map((k) => part[k]!);
  });
  const { slope, shift } = result.calibration;
  return ordered.slice(0, MAX_REVIEW).map(({ p, i, j, contradiction }, rank) => {
    const e = explainPair(result.table, compiled, i, j);
    return {
      left: Math.min(i, j),
      right: Math.max(i, j),
      probability: p,
      explanation: {
        prior: e.prior,
        weight: e.weight,
        contributions: e.contributions,
        sameCluster: contradiction,
        rank,
        // The weight the clustering used, after the review decisions rescaled the model's.
        ...(slope === 1 && shift === 0
          ? {}
          : { calibration: { ...result.calibration, weight: slope * e.weight + shift } }),
      },
    };
  });
}

function mayReview(
  actor: Actor,
  caseId: string,
  caseSensitivity: RecordValue['sensitivity'],
  sensitivity: RecordValue['sensitivity'],
) {
  return can(actor, 'update', { kind: 'record', type: 'person', caseId, caseSensitivity, sensitivity });
}

/** Replaces the undecided pairs with this run's; decided pairs stay as they are. */
async function replaceReviewQueue(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  rows: RegistryRow[],
  uncertain: Uncertain[],
): Promise<void> {
  const who = actorLabel(actor);
  const at = now();
  const existing = await decidedPairs(ctx, actor, caseId);
  await inTransaction(ctx.store, async ({ db, ledger }) => {
    for (const old of existing.filter((p) => p.decision === 'pending' || p.decision === 'skipped')) {
      await db.deleteFrom('linkPairs').where('id', '=', old.id).execute();
      ledger.append({
        actor: who,
        action: 'delete',
        resourceType: 'link_pair',
        resourceId: old.id,
        caseId,
        digest: null,
      });
    }
    for (const u of uncertain) {
      const left = rows[u.left]!;
      const right = rows[u.right]!;
      // The pair is as sensitive as the more sensitive of its rows.
      const sensitivity = [left, right]
        .map((r) => r.record.sensitivity)
        .sort(bySensitivity)
        .pop()!;
      const record = {
        id: randomUUID(),
        caseId,
        sensitivity,
        createdAt: at,
        updatedAt: at,
        leftId: left.id,
        rightId: right.id,
        probabilityPpm: Math.round(u.probability * 1_000_000),
        explanation: u.explanation,
        decision: 'pending',
        note: null,
      } as RecordValue;
      const stored = await ctx.records.insert(db, LINK_PAIR_SPEC, record);
      ledger.append({
        actor: who,
        action: 'create',
        resourceType: 'link_pair',
        resourceId: record.id,
        caseId,
        digest: rowDigest(stored),
      });
    }
  });
}

const ORDER = ['public', 'internal', 'confidential', 'protected'];
function bySensitivity(a: string, b: string): number {
  return ORDER.indexOf(a) - ORDER.indexOf(b);
}

/** The order the linkage gave the pair (see `uncertainPairs`). */
function reviewRank(pair: RecordValue): number {
  const rank = (pair.explanation as { rank?: unknown }).rank;
  return typeof rank === 'number' ? rank : Number.MAX_SAFE_INTEGER;
}

export interface ReviewPair {
  id: string;
  probability: number;
  decision: Decision;
  note: string | null;
  explanation: Record<string, unknown>;
  left: { id: string; list: string; recordKey: string; fields: RegistryRow['fields'] };
  right: { id: string; list: string; recordKey: string; fields: RegistryRow['fields'] };
}

/** The review queue: pairs with the given decision (default pending), in the order of what a decision teaches. */
export async function listReviewPairs(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  query: { decision?: Decision | undefined; offset: number; limit: number },
): Promise<{ items: ReviewPair[]; total: number }> {
  const decision = query.decision ?? 'pending';
  const pairs = (await decidedPairs(ctx, actor, caseId))
    .filter((p) => p.decision === decision)
    .sort((a, b) => reviewRank(a) - reviewRank(b));
  const page = pairs.slice(query.offset, query.offset + query.limit);
  const rows = new Map((await loadRegistryRows(ctx, actor, caseId)).map((r) => [r.id, r]));
  const lists = new Map((await listVictimLists(ctx, actor, caseId)).map((l) => [l.id, String(l.name)]));
  const side = (id: string) => {
    const r = rows.get(id);
    if (!r) return null;
    return { id, list: lists.get(r.listId) ?? r.listId, recordKey: r.recordKey, fields: r.fields };
  };
  const items: ReviewPair[] = [];
  for (const p of page) {
    const left = side(String(p.leftId));
    const right = side(String(p.rightId));
    // A pair whose rows the actor may not both read is not shown at all.
    if (!left || !right) continue;
    items.push({
      id: p.id,
      probability: Number(p.probabilityPpm) / 1_000_000,
      decision: p.decision as Decision,
      note: (p.note as string | null) ?? null,
      explanation: p.explanation as Record<string, unknown>,
      left,
      right,
    });
  }
  return { items, total: pairs.length };
}

/** Records a person's decision on a pair (audited); setting it back to "pending" undoes it. */
export async function decideReviewPair(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  pairId: string,
  input: { decision: Decision; note?: string | null | undefined },
): Promise<RecordValue> {
  const found = await loadCase(ctx, actor, caseId);
  const labels = readableLabels(actor, caseId, found.sensitivity);
  return inTransaction(ctx.store, async ({ db, ledger }) => {
    const pair = await ctx.records.findById(db, LINK_PAIR_SPEC, caseId, pairId);
    if (!pair || !labels.includes(pair.sensitivity)) throw new NotFoundError('link pair', pairId);
    if (!mayReview(actor, caseId, found.sensitivity, pair.sensitivity))
      throw new ForbiddenError('deciding on a pair needs the right to edit people');
    const next = {
      ...pair,
      decision: input.decision,
      note: input.note ?? null,
      updatedAt: now(),
    } as RecordValue;
    const stored = await ctx.records.update(db, LINK_PAIR_SPEC, next);
    ledger.append({
      actor: actorLabel(actor),
      action: 'update',
      resourceType: 'link_pair',
      resourceId: pairId,
      caseId,
      digest: rowDigest(stored),
    });
    return next;
  });
}
