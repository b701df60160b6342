/**
 * The review queue of the registry linkage: the pairs a run leaves for people to decide, ordered by what a
 * decision teaches; the decisions themselves (audited, reversible); and how a run reads them back — as
 * constraints on its clusters and as labels that calibrate its weights.
 */
import { randomUUID } from 'node:crypto';
import { actorLabel, can, readableLabels, type Actor } from '../auth/index.js';
import { ForbiddenError, NotFoundError } from '../domain/errors.js';
import {
  compileModel,
  explainPair,
  reviewPriority,
  weightToProbability,
  type LabelledPair,
  type LinkageResult,
  type PredictOptions,
} from '../linkage/index.js';
import {
  inTransaction,
  LINK_PAIR_SPEC,
  rowDigest,
  type LINK_DECISIONS,
  type RecordValue,
  type UnitOfWork,
} from '../storage/index.js';
import { loadCase } from './cases.js';
import { now, type ServiceContext } from './context.js';
import { readableRecords } from './records.js';
import { listVictimLists, loadRegistryRows, type RegistryRow } from './registry.js';

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
export function reviewedPairs(
  rows: ReadonlyArray<Pick<RegistryRow, 'id'>>,
  decided: RecordValue[],
): LabelledPair[] {
  const index = new Map(rows.map((r, i) => [r.id, i]));
  const out: LabelledPair[] = [];
  for (const pair of decided) {
    if (pair.decision !== 'match' && pair.decision !== 'non_match') continue;
    const explanation = pair.explanation as { sameCluster?: boolean; keptApart?: boolean };
    if (explanation.sameCluster || explanation.keptApart) continue;
    const left = index.get(String(pair.leftId));
    const right = index.get(String(pair.rightId));
    if (left === undefined || right === undefined) continue;
    out.push({ left, right, match: pair.decision === 'match' });
  }
  return out;
}

export function decidedPairs(ctx: ServiceContext, actor: Actor, caseId: string): Promise<RecordValue[]> {
  return readableRecords(ctx, actor, caseId, LINK_PAIR_SPEC);
}

/**
 * People's decisions override the model: a "match" joins the two rows' clusters; a "non_match" between two
 * rows the model put together takes the later row (by id) out into a cluster of its own.
 */
export function applyDecisions(
  rows: ReadonlyArray<Pick<RegistryRow, 'id'>>,
  clustering: Int32Array,
  decided: RecordValue[],
) {
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

export interface Uncertain {
  left: number;
  right: number;
  probability: number;
  explanation: Record<string, unknown>;
}

/**
 * Candidate pairs no one has decided that the model is unsure about or that contradict their cluster:
 * contradictions first, then the rest, each part in the order of what a decision teaches (`reviewPriority`).
 */
export function uncertainPairs(
  rows: ReadonlyArray<Pick<RegistryRow, 'id'>>,
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
  const found: Array<{
    p: number;
    i: number;
    j: number;
    contradiction: boolean;
    apart: boolean;
    pattern: string;
  }> = [];
  const width = result.vectors.width;
  const model = result.clustering.cluster;
  for (let k = 0; k < result.pairs.length; k++) {
    const p = weightToProbability(result.weights[k]!);
    const i = result.pairs.left[k]!;
    const j = result.pairs.right[k]!;
    // Joined through other rows although below the threshold, or kept apart although above it (their
    // groups' other rows disagree): either way the clustering doubted the pair's own weight.
    // Judged on the model's own clustering (and still so after the decisions): a reviewer's decision joins or
    // splits groups on purpose, and the pairs it leaves disagreeing are not the model's doubt.
    const apart = model[i] !== model[j] && labels[i] !== labels[j] && p >= threshold;
    const joined = model[i] === model[j] && labels[i] === labels[j] && p < threshold;
    const contradiction = joined || apart;
    if (!contradiction && (p < REVIEW_BAND[0] || p > REVIEW_BAND[1])) continue;
    if (done.has(pairKey(rows[i]!.id, rows[j]!.id))) continue;
    const pattern = result.vectors.levels.subarray(k * width, (k + 1) * width).join(',');
    found.push({ p, i, j, contradiction, apart, pattern });
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
  return ordered.slice(0, MAX_REVIEW).map(({ p, i, j, contradiction, apart }, rank) => {
    const e = explainPair(result.table, compiled, i, j);
    return {
      left: Math.min(i, j),
      right: Math.max(i, j),
      probability: p,
      explanation: {
        prior: e.prior,
        weight: e.weight,
        contributions: e.contributions,
        sameCluster: contradiction && !apart,
        ...(apart ? { keptApart: true } : {}),
        rank,
        // The weight the clustering used, after the review decisions rescaled the model's.
        ...(slope === 1 && shift === 0
          ? {}
          : { calibration: { ...result.calibration, weight: slope * e.weight + shift } }),
      },
    };
  });
}

export function mayReview(
  actor: Actor,
  caseId: string,
  caseSensitivity: RecordValue['sensitivity'],
  sensitivity: RecordValue['sensitivity'],
) {
  return can(actor, 'update', { kind: 'record', type: 'person', caseId, caseSensitivity, sensitivity });
}

/** Replaces the undecided pairs with this run's; decided pairs stay as they are. */
export async function replaceReviewQueue(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  rows: RegistryRow[],
  uncertain: Uncertain[],
): Promise<void> {
  await inTransaction(ctx.store, await prepareReviewQueue(ctx, actor, caseId, rows, uncertain));
}

/**
 * The write of `replaceReviewQueue`, to run inside a transaction of the caller's: the pairs it replaces are
 * read now, before any transaction.
 */
export async function prepareReviewQueue(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  rows: RegistryRow[],
  uncertain: Uncertain[],
): Promise<(uow: UnitOfWork) => Promise<void>> {
  const who = actorLabel(actor);
  const existing = await decidedPairs(ctx, actor, caseId);
  return async ({ db, ledger }) => {
    const at = now();
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
  };
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
