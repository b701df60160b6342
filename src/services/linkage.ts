/**
 * Linking the registry: every list row becomes a linkage record, the victim-list model clusters them, and
 * each row is stamped with its cluster (one cluster = one person). Evaluation against a truth file measures
 * the same run without writing anything.
 */
import type { Actor } from '../auth/index.js';
import { ForbiddenError, ValidationError } from '../domain/errors.js';
import type { CaseRecord } from '../domain/records/case.js';
import type { FuzzyDate } from '../domain/fuzzy-date.js';
import {
  countPairs,
  denseLabels,
  evaluateClusters,
  LINKAGE_STAGES,
  prepareLinkageBlocking,
  throttleProgress,
  runLinkage,
  toRecordSet,
  victimListSettings,
  type Calibration,
  type ClusterMetrics,
  type LinkageProgress,
  type LinkageSettings,
  type LinkageWarning,
  type LinkRecord,
  type RuleCount,
} from '../linkage/index.js';
import { loadCase } from './cases.js';
import {
  applyDecisions,
  decidedPairs,
  mayReview,
  replaceReviewQueue,
  reviewedPairs,
  uncertainPairs,
} from './link-review.js';
import type { ServiceContext } from './context.js';
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
  warnings: LinkageWarning[];
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
  checkRows(rows.length);
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
