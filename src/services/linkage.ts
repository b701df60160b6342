/**
 * Linking the registry: every list row becomes a linkage record, the victim-list model clusters them, and
 * each row is stamped with its cluster (one cluster = one person). Evaluation against a truth file measures
 * the same run without writing anything.
 */
import type { Actor } from '../auth/index.js';
import { ValidationError } from '../domain/errors.js';
import type { FuzzyDate } from '../domain/fuzzy-date.js';
import {
  countPairs,
  denseLabels,
  evaluateClusters,
  prepareBlocking,
  runLinkage,
  toRecordSet,
  victimListSettings,
  type ClusterMetrics,
  type LinkRecord,
  type RuleCount,
} from '../linkage/index.js';
import type { ServiceContext } from './context.js';
import { assignClusters, listVictimLists, loadRegistryRows, type RegistryRow } from './registry.js';

export interface LinkOptions {
  /** Match probability at or above which two rows are the same person. Default 0.5. */
  threshold?: number | undefined;
  seed?: number | undefined;
  threads?: number | undefined;
  /** Compute and report, write nothing. */
  dryRun?: boolean | undefined;
  /** Called with each stage's name as the run reaches it. */
  progress?: ((stage: string) => void) | undefined;
}

export interface LinkReport {
  rows: number;
  lists: number;
  ruleCounts: Array<Pick<RuleCount, 'name' | 'pairs'>>;
  candidatePairs: number;
  clusters: number;
  /** Rows whose cluster changed (0 on a dry run). */
  changed: number;
  em: { iterations: number; converged: boolean };
  warnings: string[];
  timings: Record<string, number>;
  /** Cluster id per row id (the smallest row id in the cluster, so it is stable across runs). */
  clusterOf: Map<string, string>;
  rowsById: Map<string, RegistryRow>;
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
    },
  };
}

export async function linkRegistry(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  options: LinkOptions = {},
): Promise<LinkReport> {
  const progress = options.progress ?? (() => undefined);
  progress('reading the registry');
  const rows = await loadRegistryRows(ctx, actor, caseId);
  const lists = await listVictimLists(ctx, actor, caseId);
  if (rows.length < 2)
    throw new ValidationError([
      { field: 'registry', message: `${rows.length} list rows; import lists first` },
    ]);
  const threshold = options.threshold ?? 0.5;
  if (!(threshold > 0 && threshold < 1))
    throw new ValidationError([{ field: 'threshold', message: 'a probability between 0 and 1' }]);
  const records = toRecordSet(rows.map(linkRecord));
  const settings = victimListSettings({
    cluster: { threshold },
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.threads === undefined ? {} : { threads: options.threads }),
  });
  // Pair counts per rule before any pair is made, so that an operator sees the size of the run first.
  const counts = countPairs(
    prepareBlocking(records, settings.blocking, {
      mode: 'dedupe',
      maxBlockSize: settings.maxBlockSize ?? 1000,
    }),
  );
  progress(`blocking: ${counts.map((c) => `${c.name} ${c.pairs}`).join('; ')}`);
  progress('comparing, training, predicting and clustering');
  const result = await runLinkage(records, settings);
  const members = new Map<number, string>();
  for (let i = 0; i < rows.length; i++) {
    const c = result.clustering.cluster[i]!;
    const id = rows[i]!.id;
    const current = members.get(c);
    if (current === undefined || id < current) members.set(c, id);
  }
  const clusterOf = new Map(rows.map((r, i) => [r.id, members.get(result.clustering.cluster[i]!)!]));
  let changed = 0;
  if (!options.dryRun) {
    progress('writing clusters');
    changed = (await assignClusters(ctx, actor, caseId, rows, clusterOf)).changed;
  }
  return {
    rows: rows.length,
    lists: lists.length,
    ruleCounts: result.ruleCounts.map((r) => ({ name: r.name, pairs: r.pairs })),
    candidatePairs: result.pairs.length,
    clusters: result.clustering.clusters,
    changed,
    em: { iterations: result.em.iterations, converged: result.em.converged },
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
