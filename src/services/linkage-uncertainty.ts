/**
 * The linkage's share of a count's uncertainty: the registry's stored clusters and the pairs still waiting for
 * review give many plausible clusterings (`drawClusterings`); each gives a capture table, and the model chosen
 * at the stored clustering, refitted to each, gives an estimate and interval. See docs/architecture.md,
 * "Estimation".
 */
import { randomInt } from 'node:crypto';
import type { Actor } from '../auth/index.js';
import { ValidationError } from '../domain/errors.js';
import {
  emptyTable,
  fitModel,
  observedCount,
  patternIndex,
  profileInterval,
  selectLoglinear,
  type CaptureTable,
  type LoglinearModel,
} from '../estimation/index.js';
import {
  drawClusterings,
  linkageInterval,
  type Interval,
  type UncertainLink,
} from '../estimation/linkage-uncertainty.js';
import type { ServiceContext } from './context.js';
import { decidedPairs } from './link-review.js';
import { listVictimLists, loadRegistryRows, registryCaptureTable, rowHasName } from './registry.js';

export const DEFAULT_LINKAGE_DRAWS = 50;
export const MAX_LINKAGE_DRAWS = 500;

export interface LinkageOptions {
  lists?: string[] | undefined;
  /** Clusterings drawn (default 50). */
  draws?: number | undefined;
  /** Seed of the draws (default random, always recorded). */
  seed?: number | undefined;
  /** The log-linear model to refit; default the best-BIC model at the stored clustering. */
  model?: LoglinearModel | undefined;
  maxOrder?: 2 | 3 | undefined;
}

/** What an estimate run records about linkage (`result.linkage`). */
export interface LinkageRecord {
  method: 'loglinear';
  /** The model refitted to every draw: the one selected at the stored clustering. */
  model: string;
  draws: number;
  seed: number;
  /** Pairs redrawn: those waiting for review (pending or skipped); decided pairs stay as decided. */
  uncertainPairs: number;
  /** Draws the model could not be fitted to, left out. */
  failedDraws: number;
  /** The estimate at the stored clustering. */
  stored: Interval & { observed: number };
  /** Documented people (distinct clusters on the chosen lists) over the draws. */
  observed: { min: number; max: number };
  /** Point estimates over the draws. */
  estimates: { min: number; median: number; max: number };
  /** 95 % interval taking both sampling and linkage into account. */
  combined: { lower: number; upper: number };
  /** Part of the combined interval's width that comes from linkage (0–1). */
  linkageShare: number;
}

/** A drawn clustering's capture table; as the registry's, a group in which no row has a name is not counted. */
function tableOf(
  labels: Int32Array,
  listOfRow: Int32Array,
  named: Uint8Array,
  lists: string[],
): CaptureTable {
  const table = emptyTable(lists);
  const bits = new Map<number, number[]>();
  const counted = new Set<number>();
  for (let i = 0; i < labels.length; i++) {
    const j = listOfRow[i]!;
    if (j < 0) continue;
    let b = bits.get(labels[i]!);
    if (!b) bits.set(labels[i]!, (b = new Array<number>(lists.length).fill(0)));
    b[j] = 1;
    if (named[i]) counted.add(labels[i]!);
  }
  for (const [label, b] of bits) {
    if (!counted.has(label)) continue;
    const at = patternIndex(b);
    table.freq[at] = table.freq[at]! + 1;
  }
  return table;
}

function withInterval(table: CaptureTable, model: LoglinearModel): Interval | null {
  try {
    const fit = fitModel(table, model);
    if (!fit.converged || !Number.isFinite(fit.estimate)) return null;
    const [lower, upper] = profileInterval(table, model, fit.estimate);
    return { estimate: fit.estimate, lower, upper };
  } catch {
    return null;
  }
}

/**
 * Estimates over the linkage's plausible range: `draws` clusterings drawn from the stored clusters and the
 * undecided review pairs, the chosen model refitted to each draw's capture table.
 */
export async function registryLinkageUncertainty(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  options: LinkageOptions = {},
): Promise<LinkageRecord> {
  const draws = options.draws ?? DEFAULT_LINKAGE_DRAWS;
  if (!Number.isInteger(draws) || draws < 1 || draws > MAX_LINKAGE_DRAWS)
    throw new ValidationError([
      { field: 'linkage.draws', message: `a whole number from 1 to ${MAX_LINKAGE_DRAWS}` },
    ]);
  const seed = options.seed ?? randomInt(2 ** 31);
  const base = await registryCaptureTable(ctx, actor, caseId, options.lists);
  const lists = await listVictimLists(ctx, actor, caseId);
  const position = new Map<string, number>();
  base.lists.forEach((name, j) => {
    const list = lists.find((l) => String(l.name) === name);
    if (list) position.set(list.id, j);
  });
  const rows = (await loadRegistryRows(ctx, actor, caseId)).sort((a, b) =>
    a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  const index = new Map(rows.map((r, i) => [r.id, i]));
  const clusterIds = new Map<string, number>();
  const cluster = new Int32Array(rows.length);
  const listOfRow = new Int32Array(rows.length);
  const named = Uint8Array.from(rows, (r) => (rowHasName(r.fields) ? 1 : 0));
  rows.forEach((r, i) => {
    // A row not linked yet (on a list left out of the estimate) is a cluster of its own.
    const key = r.cluster ?? `row:${r.id}`;
    if (!clusterIds.has(key)) clusterIds.set(key, clusterIds.size);
    cluster[i] = clusterIds.get(key)!;
    listOfRow[i] = position.get(r.listId) ?? -1;
  });
  const links: UncertainLink[] = [];
  for (const pair of await decidedPairs(ctx, actor, caseId)) {
    if (pair.decision !== 'pending' && pair.decision !== 'skipped') continue;
    const a = index.get(String(pair.leftId));
    const b = index.get(String(pair.rightId));
    if (a === undefined || b === undefined) continue;
    links.push({
      left: Math.min(a, b),
      right: Math.max(a, b),
      probability: Number(pair.probabilityPpm) / 1_000_000,
    });
  }
  const model = options.model ?? selectLoglinear(base, { maxOrder: options.maxOrder }).selected.model;
  const storedFit = withInterval(base, model);
  if (!storedFit)
    throw new ValidationError([
      { field: 'registry', message: 'the model cannot be fitted to the registry as linked' },
    ]);
  const tables = drawClusterings(cluster, links, draws, seed).map((labels) =>
    tableOf(labels, listOfRow, named, base.lists),
  );
  const fits: Interval[] = [];
  let failedDraws = 0;
  for (const table of tables) {
    const fit = withInterval(table, model);
    if (fit) fits.push(fit);
    else failedDraws++;
  }
  const combined = links.length === 0 ? { ...storedFit, linkageShare: 0 } : linkageInterval(storedFit, fits);
  const estimates = fits.map((f) => f.estimate).sort((a, b) => a - b);
  const observed = tables.map(observedCount);
  const median = estimates.length
    ? (estimates[Math.floor((estimates.length - 1) / 2)]! +
        estimates[Math.ceil((estimates.length - 1) / 2)]!) /
      2
    : storedFit.estimate;
  return {
    method: 'loglinear',
    model: fitModel(base, model).name,
    draws,
    seed,
    uncertainPairs: links.length,
    failedDraws,
    stored: { observed: observedCount(base), ...storedFit },
    observed: { min: Math.min(...observed), max: Math.max(...observed) },
    estimates: {
      min: estimates[0] ?? storedFit.estimate,
      median,
      max: estimates[estimates.length - 1] ?? storedFit.estimate,
    },
    combined: { lower: combined.lower, upper: combined.upper },
    linkageShare: combined.linkageShare,
  };
}
