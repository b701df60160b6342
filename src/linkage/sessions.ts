import { sharedBlock, type Blocking } from './blocking.js';
import type { ComparisonVectors, PairList } from './compare.js';
import type { FsModel } from './model.js';
import { drain } from './progress.js';
import { aggregateVectors, lambdaOverAllPairs, trainEm, type EmOptions, type EmReport } from './training.js';

/**
 * A training session (as in Splink): EM over the candidate pairs of one blocking rule, with u fixed from random
 * sampling and the comparisons of the rule's own fields left out, because every pair of the session agrees on
 * them. Each comparison's m is the average over the sessions that estimated it.
 */
export interface TrainingSession {
  /** Name of one of the blocking rules. */
  rule: string;
  /** Comparisons on the fields the rule blocks on. */
  inactive: string[];
}

/** Per pair, 1 when the named rule's keys are equal for both records (the rule produces the pair). */
export function ruleMask(blocking: Blocking, rule: string, pairs: PairList): Uint8Array {
  const compiled = blocking.rules.find((r) => r.name === rule);
  if (!compiled) throw new Error(`No blocking rule named "${rule}"`);
  const mask = new Uint8Array(pairs.length);
  for (let p = 0; p < pairs.length; p++)
    mask[p] = sharedBlock(compiled, pairs.left[p]!, pairs.right[p]!) >= 0 ? 1 : 0;
  return mask;
}

/** Number of record pairs a prior over all pairs refers to: all pairs, or only pairs across lists. */
export function allPairsCount(blocking: Blocking): number {
  const n = blocking.size;
  if (blocking.mode === 'dedupe') return (n * (n - 1)) / 2;
  const perList = new Map<number, number>();
  for (let i = 0; i < n; i++) perList.set(blocking.list[i]!, (perList.get(blocking.list[i]!) ?? 0) + 1);
  let same = 0;
  for (const s of perList.values()) same += (s * (s - 1)) / 2;
  return (n * (n - 1)) / 2 - same;
}

/** Records per list, by list index. */
function listSizes(blocking: Blocking): number[] {
  const sizes: number[] = [];
  for (let i = 0; i < blocking.size; i++) {
    const l = blocking.list[i]!;
    while (sizes.length <= l) sizes.push(0);
    sizes[l]!++;
  }
  return sizes;
}

/** The prior of a list whose own pairs hold no likely match (the MLE is 0; the weight must stay finite). */
const MIN_LAMBDA = 1e-12;

export interface SessionReport {
  rule: string;
  pairs: number;
  report: EmReport;
}

/**
 * Estimates m by training sessions, then λ as the prior over all possible pairs (pairs that blocking did not
 * produce count as non-matches). With weights from random-pair u and this prior, a pair's probability does not
 * depend on which blocking rules produced it.
 */
export function trainBySessions(
  blocking: Blocking,
  pairs: PairList,
  vectors: ComparisonVectors,
  levelCounts: readonly number[],
  start: FsModel,
  sessions: readonly TrainingSession[],
  em: EmOptions = {},
): SessionTraining {
  return drain(trainingSteps(blocking, pairs, vectors, levelCounts, start, sessions, em));
}

/**
 * A problem of a run that does not stop it, with its English text (for logs and the CLI) and what a screen needs
 * to say it in another language: a code and the rule, comparison or iteration count it concerns.
 */
export type LinkageWarning =
  | { code: 'session-without-pairs'; rule: string; text: string }
  | { code: 'not-converged'; rule?: string; iterations: number; text: string }
  | { code: 'm-not-estimated'; comparison: string; text: string };

export interface SessionTraining {
  model: FsModel;
  sessions: SessionReport[];
  lambda: EmReport;
  warnings: LinkageWarning[];
}

/** `trainBySessions` one session per step, yielding the sessions done; λ is fitted after the last step. */
export function* trainingSteps(
  blocking: Blocking,
  pairs: PairList,
  vectors: ComparisonVectors,
  levelCounts: readonly number[],
  start: FsModel,
  sessions: readonly TrainingSession[],
  em: EmOptions = {},
): Generator<number, SessionTraining, void> {
  const sums = start.comparisons.map((c) => c.m.map(() => 0));
  const estimated = start.comparisons.map(() => 0);
  let expectedMatches = 0;
  const reports: SessionReport[] = [];
  const warnings: LinkageWarning[] = [];
  for (const [index, session] of sessions.entries()) {
    if (index > 0) yield index;
    const mask = ruleMask(blocking, session.rule, pairs);
    const counts = aggregateVectors(vectors, levelCounts, mask);
    const sessionPairs = counts.counts.reduce((s, v) => s + v, 0);
    if (sessionPairs === 0) {
      // A rule over a field no list fills (a registry without prisons) produces nothing to learn from; EM on
      // no pairs would give 0/0 for every m.
      warnings.push({
        code: 'session-without-pairs',
        rule: session.rule,
        text: `${session.rule}: no candidate pairs; session skipped`,
      });
      continue;
    }
    const { model, report } = trainEm(counts, start, { ...em, fixU: true, inactive: session.inactive });
    reports.push({ rule: session.rule, pairs: sessionPairs, report });
    expectedMatches = Math.max(expectedMatches, model.lambda * sessionPairs);
    if (!report.converged)
      warnings.push({
        code: 'not-converged',
        rule: session.rule,
        iterations: report.iterations,
        text: `${session.rule}: ${report.warning}`,
      });
    model.comparisons.forEach((c, k) => {
      if (session.inactive.includes(c.name)) return;
      estimated[k]!++;
      c.m.forEach((v, l) => (sums[k]![l]! += v));
    });
  }
  const averaged: FsModel = {
    lambda: start.lambda,
    comparisons: start.comparisons.map((c, k) => {
      if (estimated[k] === 0) {
        warnings.push({
          code: 'm-not-estimated',
          comparison: c.name,
          text: `m of "${c.name}" was estimated in no session; starting values kept`,
        });
        return c;
      }
      return { name: c.name, m: sums[k]!.map((v, l) => (l === 0 ? 1 : v / estimated[k]!)), u: c.u };
    }),
  };
  if (sessions.length > 0) yield sessions.length;
  // λ over all pairs: with m and u fixed, the prior that makes the candidate pairs most likely when every pair
  // blocking left out is a non-match. Each session's λ only bounds it from below (a rule finds part of the
  // matches, and a rule's session also counts the non-matches its pairs resemble), and that bound drifts with
  // the size of the data: measured 2.4× too low at 10,000 records and 3.4× too high at a million.
  const total = allPairsCount(blocking);
  const all = aggregateVectors(vectors, levelCounts);
  const fallback = Math.max(expectedMatches, 1) / Math.max(total, 1);
  averaged.lambda = lambdaOverAllPairs(all, averaged, total, fallback);
  // Deduplicating several lists: a prior for pairs across lists and one per list for pairs within it, each the
  // likeliest over its own pairs (a list its compiler deduplicated has almost no repeats; one that was not,
  // more), since one prior over all would give within-list pairs the odds of pairs across lists.
  const sizes = listSizes(blocking);
  if (blocking.mode === 'dedupe' && sizes.length > 1) {
    const { left, right } = pairs;
    const list = blocking.list;
    const cross = new Uint8Array(pairs.length);
    for (let p = 0; p < pairs.length; p++) cross[p] = list[left[p]!] === list[right[p]!] ? 0 : 1;
    let same = 0;
    for (const s of sizes) same += (s * (s - 1)) / 2;
    const overall = averaged.lambda;
    averaged.lambda = lambdaOverAllPairs(
      aggregateVectors(vectors, levelCounts, cross),
      averaged,
      total - same,
      overall,
    );
    averaged.sameListLambda = sizes.map((s, l) => {
      const mask = new Uint8Array(pairs.length);
      for (let p = 0; p < pairs.length; p++) mask[p] = cross[p] === 0 && list[left[p]!] === l ? 1 : 0;
      const counts = aggregateVectors(vectors, levelCounts, mask);
      // No pair of the list's own to learn from: the overall prior (it then decides nothing anyway).
      if (counts.counts.length === 0) return overall;
      return lambdaOverAllPairs(counts, averaged, (s * (s - 1)) / 2, MIN_LAMBDA);
    });
  }
  const summary: EmReport = {
    iterations: Math.max(0, ...reports.map((r) => r.report.iterations)),
    converged: reports.every((r) => r.report.converged),
    finalChange: Math.max(0, ...reports.map((r) => r.report.finalChange)),
    lambdaHistory: [averaged.lambda],
  };
  if (warnings.length > 0) summary.warning = warnings.map((w) => w.text).join('; ');
  return { model: averaged, sessions: reports, lambda: summary, warnings };
}
