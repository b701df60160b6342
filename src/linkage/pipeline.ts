import {
  collectPairs,
  countPairs,
  prepareBlocking,
  type BlockingRule,
  type LinkMode,
  type RuleCount,
} from './blocking.js';
import { clusterPairs, expectedF1Threshold, type ClusterOptions, type Clustering } from './cluster.js';
import { calibrateWeights, noCalibration, type Calibration, type CalibrationOptions } from './calibration.js';
import type { ComparisonSpec } from './comparisons.js';
import type { ComparisonVectors, PairList } from './compare.js';
import type { FsModel } from './model.js';
import { createPool } from './parallel.js';
import { trainBySessions, type SessionReport, type TrainingSession } from './sessions.js';
import { compileModel, type PredictOptions } from './predict.js';
import { compileTable, levelCounts, type LinkRecord, type LinkTable, type RecordSet } from './table.js';
import {
  aggregateVectors,
  estimateU,
  initialModel,
  trainEm,
  trainFromLabels,
  type EmOptions,
  type EmReport,
  type LabelledPair,
} from './training.js';

export interface LinkageSettings {
  mode: LinkMode;
  comparisons: ComparisonSpec[];
  blocking: BlockingRule[];
  /** Skip blocks larger than this (reported in `ruleCounts`). */
  maxBlockSize?: number;
  /** Random pairs for u; default 200,000. */
  uSampleSize?: number;
  seed?: number;
  /** Starting λ (among candidate pairs), e.g. from `lambdaFromDeterministic`; default 0.1. */
  lambda?: number;
  em?: EmOptions;
  /**
   * Train m by sessions, one per named blocking rule, with u fixed from random pairs, and λ over all pairs
   * (see `trainBySessions`). Without sessions, one EM runs over all candidate pairs, estimating m, u and λ
   * among them: simpler, and good when the candidates are mostly matches (FEBRL), but on heavily blocked data
   * EM can settle on a latent class that is not "same person".
   */
  sessions?: TrainingSession[];
  /**
   * Human labels from a labelled sample (not from review), re-estimating m and u after EM (see
   * `trainFromLabels`).
   */
  labels?: LabelledPair[];
  /** Reviewers' decisions: they calibrate the match weights before clustering (see `calibrateWeights`). */
  reviewed?: LabelledPair[];
  calibration?: CalibrationOptions;
  predict?: PredictOptions;
  cluster: ClusterOptions;
  /**
   * Cluster at the threshold that maximises the F1 the model expects (see `expectedF1Threshold`) instead of
   * `cluster.threshold`; the threshold used is reported.
   */
  chooseThreshold?: boolean;
  /** Worker threads for comparison and prediction; 0 = single thread. Default 2. */
  threads?: number;
}

export interface LinkageResult {
  table: LinkTable;
  ruleCounts: RuleCount[];
  pairs: PairList;
  vectors: ComparisonVectors;
  /** Match weight per candidate pair (see `weightToProbability`), calibrated by the reviewed pairs if any. */
  weights: Float32Array;
  /** How the reviewed pairs rescaled the weights (slope 1, shift 0 without enough of them). */
  calibration: Calibration;
  model: FsModel;
  em: EmReport;
  /** Session reports when trained by sessions. */
  sessions?: SessionReport[];
  warnings: string[];
  clustering: Clustering;
  /** Match probability at or above which pairs were edges of the clustering. */
  threshold: number;
  /** Milliseconds per stage. */
  timings: Record<'compile' | 'blocking' | 'compare' | 'train' | 'predict' | 'cluster', number>;
}

/** Runs every stage: compile, block, compare, train (u by sampling, m and λ by EM), predict, cluster. */
export async function runLinkage(
  input: RecordSet | readonly LinkRecord[],
  settings: LinkageSettings,
): Promise<LinkageResult> {
  let t = performance.now();
  const lap = (): number => {
    const now = performance.now();
    const d = now - t;
    t = now;
    return d;
  };
  const table = compileTable(input, settings.comparisons);
  const compile = lap();
  const blocking = prepareBlocking(table, settings.blocking, {
    mode: settings.mode,
    ...(settings.maxBlockSize === undefined ? {} : { maxBlockSize: settings.maxBlockSize }),
  });
  const pairs = collectPairs(blocking);
  const blockingTime = lap();
  const pool = createPool(table, { threads: settings.threads ?? 2 });
  try {
    const vectors = await pool.compare(pairs);
    const compare = lap();
    const u = estimateU(table, {
      mode: settings.mode,
      sampleSize: settings.uSampleSize ?? 200_000,
      seed: settings.seed ?? 1,
    });
    const start = initialModel(table, u, settings.lambda ?? 0.1);
    let trained: { model: FsModel; report: EmReport; sessions?: SessionReport[]; warnings: string[] };
    if (settings.sessions) {
      const s = trainBySessions(
        blocking,
        pairs,
        vectors,
        levelCounts(table),
        start,
        settings.sessions,
        settings.em,
      );
      trained = { model: s.model, report: s.lambda, sessions: s.sessions, warnings: s.warnings };
    } else {
      const r = trainEm(aggregateVectors(vectors, levelCounts(table)), start, settings.em);
      trained = { ...r, warnings: r.report.warning ? [r.report.warning] : [] };
    }
    const model = settings.labels ? trainFromLabels(table, settings.labels, trained.model) : trained.model;
    const train = lap();
    const compiled = compileModel(table, model, settings.predict);
    const weights = await pool.predict(compiled, pairs, vectors);
    const calibration = settings.reviewed?.length
      ? calibrateWeights(table, compiled, settings.reviewed, weights, settings.calibration)
      : noCalibration();
    const predict = lap();
    const threshold = settings.chooseThreshold ? expectedF1Threshold(weights) : settings.cluster.threshold;
    const clustering = clusterPairs(table.size, table.list, pairs, weights, {
      ...settings.cluster,
      threshold,
    });
    const cluster = lap();
    return {
      table,
      ruleCounts: countPairs(blocking),
      pairs,
      vectors,
      weights,
      calibration,
      model,
      em: trained.report,
      ...(trained.sessions ? { sessions: trained.sessions } : {}),
      warnings: trained.warnings,
      clustering,
      threshold,
      timings: { compile, blocking: blockingTime, compare, train, predict, cluster },
    };
  } finally {
    await pool.close();
  }
}
