import {
  blockingSteps,
  collectPairsSteps,
  countPairs,
  type Blocking,
  type BlockingRule,
  type LinkMode,
  type RuleCount,
} from './blocking.js';
import { clusterPairs, expectedF1Threshold, type ClusterOptions, type Clustering } from './cluster.js';
import { calibrateWeights, noCalibration, type Calibration, type CalibrationOptions } from './calibration.js';
import type { ComparisonSpec } from './comparisons.js';
import type { ComparisonVectors, PairList } from './compare.js';
import { lambdaWeight, type FsModel } from './model.js';
import { createPool } from './parallel.js';
import { breathe, stepwise, throttleProgress, type LinkageStage, type ProgressListener } from './progress.js';
import { trainingSteps, type LinkageWarning, type SessionReport, type TrainingSession } from './sessions.js';
import { compileModel, type PredictOptions } from './predict.js';
import {
  compileTable,
  levelCounts,
  toRecordSet,
  type LinkRecord,
  type LinkTable,
  type RecordSet,
} from './table.js';
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
   * Human labels from a labelled sample (not from review), re-estimating m after EM (see
   * `trainFromLabels`).
   */
  labels?: LabelledPair[];
  /** Reviewers' decisions: they calibrate the match weights before clustering (see `calibrateWeights`). */
  reviewed?: LabelledPair[];
  calibration?: CalibrationOptions;
  predict?: PredictOptions;
  cluster: ClusterOptions;
  /**
   * Each list's own prior against repeats guards the clustering (see `ClusterOptions.repeatPenalties`): a join
   * that names a person twice in one list through a pair across lists needs the gap between the priors.
   */
  listRepeats?: boolean;
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
  warnings: LinkageWarning[];
  clustering: Clustering;
  /** Match probability at or above which pairs were edges of the clustering. */
  threshold: number;
  /** Milliseconds per stage. */
  timings: Record<LinkageStage, number>;
}

/** What a run may be given besides its settings. */
export interface RunOptions {
  /**
   * Hears each stage's progress (see `LinkageProgress`), throttled to about ten reports a second; every stage
   * is reported from its start to `done === total`, in the order of `LINKAGE_STAGES`.
   */
  onProgress?: ProgressListener;
  /**
   * Blocking already prepared by `prepareLinkageBlocking` from the same records and settings (to show the pair
   * counts before running, for instance), so that it is not prepared twice.
   */
  blocking?: Blocking;
}

/**
 * Blocking as `runLinkage` prepares it, one rule at a time, letting the event loop run between rules; `onRule`
 * hears the number of rules compiled after each.
 */
export function prepareLinkageBlocking(
  input: RecordSet | readonly LinkRecord[],
  settings: Pick<LinkageSettings, 'mode' | 'blocking' | 'maxBlockSize'>,
  onRule?: (done: number) => void,
): Promise<Blocking> {
  const steps = blockingSteps(recordSet(input), settings.blocking, {
    mode: settings.mode,
    ...(settings.maxBlockSize === undefined ? {} : { maxBlockSize: settings.maxBlockSize }),
  });
  return stepwise(steps, onRule);
}

function recordSet(input: RecordSet | readonly LinkRecord[]): RecordSet {
  return Array.isArray(input) ? toRecordSet(input as readonly LinkRecord[]) : (input as RecordSet);
}

/** Per list, the bits by which its own prior falls short of the prior across lists (never below 0). */
export function repeatPenalties(across: number, within: readonly number[]): number[] {
  return within.map((l) => Math.max(0, lambdaWeight(across) - lambdaWeight(l)));
}

/** Runs every stage: block, compile, compare, train (u by sampling, m and λ by EM), predict, cluster. */
export async function runLinkage(
  input: RecordSet | readonly LinkRecord[],
  settings: LinkageSettings,
  options: RunOptions = {},
): Promise<LinkageResult> {
  const listener = options.onProgress ? throttleProgress(options.onProgress) : undefined;
  const report = (stage: LinkageStage) => (done: number, total: number) => listener?.({ stage, done, total });
  let t = performance.now();
  const lap = (): number => {
    const now = performance.now();
    const d = now - t;
    t = now;
    return d;
  };
  const records = recordSet(input);
  // Blocking needs only the records, so it comes first: its pair counts are what an operator checks first.
  // Progress counts each rule twice: its keys and block sizes, then its pairs. The synchronous stages yield to
  // the event loop between rules, sessions and stages.
  const rules = settings.blocking.length;
  const blockingProgress = report('blocking');
  blockingProgress(options.blocking ? rules : 0, 2 * rules);
  const blocking =
    options.blocking ??
    (await prepareLinkageBlocking(records, settings, (done) => blockingProgress(done, 2 * rules)));
  const pairs = await stepwise(collectPairsSteps(blocking), (done) =>
    blockingProgress(rules + done, 2 * rules),
  );
  const blockingTime = lap();
  await breathe();
  report('compile')(0, records.ids.length);
  const table = compileTable(records, settings.comparisons);
  report('compile')(records.ids.length, records.ids.length);
  const compile = lap();
  await breathe();
  const pool = createPool(table, { threads: settings.threads ?? 2 });
  try {
    const vectors = await pool.compare(pairs, report('compare'));
    const compare = lap();
    // Training steps: u from random pairs, then each EM session and λ (or the one EM over all pairs).
    const sessions = settings.sessions;
    const steps = 1 + (sessions ? sessions.length + 1 : 1);
    const trainProgress = report('train');
    trainProgress(0, steps);
    const u = estimateU(table, {
      mode: settings.mode,
      sampleSize: settings.uSampleSize ?? 200_000,
      seed: settings.seed ?? 1,
    });
    trainProgress(1, steps);
    await breathe();
    const start = initialModel(table, u, settings.lambda ?? 0.1);
    let trained: {
      model: FsModel;
      report: EmReport;
      sessions?: SessionReport[];
      warnings: LinkageWarning[];
    };
    if (sessions) {
      const s = await stepwise(
        trainingSteps(blocking, pairs, vectors, levelCounts(table), start, sessions, settings.em),
        (done) => trainProgress(1 + done, steps),
      );
      trained = { model: s.model, report: s.lambda, sessions: s.sessions, warnings: s.warnings };
    } else {
      const r = trainEm(aggregateVectors(vectors, levelCounts(table)), start, settings.em);
      const { converged, iterations, warning } = r.report;
      trained = {
        ...r,
        warnings: converged ? [] : [{ code: 'not-converged', iterations, text: warning ?? '' }],
      };
    }
    const model = settings.labels ? trainFromLabels(table, settings.labels, trained.model) : trained.model;
    trainProgress(steps, steps);
    const train = lap();
    await breathe();
    const compiled = compileModel(table, model, settings.predict);
    const weights = await pool.predict(compiled, pairs, vectors, report('predict'));
    const calibration = settings.reviewed?.length
      ? calibrateWeights(table, compiled, settings.reviewed, weights, settings.calibration)
      : noCalibration();
    const predict = lap();
    report('cluster')(0, pairs.length);
    const threshold = settings.chooseThreshold ? expectedF1Threshold(weights) : settings.cluster.threshold;
    const clustering = clusterPairs(table.size, table.list, pairs, weights, {
      ...settings.cluster,
      threshold,
      ...(settings.listRepeats && model.sameListLambda
        ? { repeatPenalties: repeatPenalties(model.lambda, model.sameListLambda) }
        : {}),
    });
    report('cluster')(pairs.length, pairs.length);
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
      timings: { blocking: blockingTime, compile, compare, train, predict, cluster },
    };
  } finally {
    await pool.close();
  }
}
