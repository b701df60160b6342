/**
 * Record linkage of victim lists — pure, over typed arrays. Stages, each its own module:
 *
 *   table       compileTable: records → dictionary-encoded columns (transforms and key functions run once per
 *               distinct value; arrays in shared memory)
 *   blocking    prepareBlocking (counts per rule before any pair exists) → collectPairs / candidatePairs / forEachPair
 *   compare     compareRange: comparison vectors (level per comparison, Uint8Array); a level may test another
 *               field than its comparison's (prison, else city), so that dependent fields count once
 *   training    estimateU (random pairs) · trainEm (m, u, λ over aggregated patterns) · trainBySessions (m per
 *               blocking rule, λ by maximum likelihood over all pairs) · trainFromLabels
 *   predict     compileModel → predictRange (match weights, term frequencies of values and of keys) · explainPair
 *   calibration reviewers' decisions rescale the weights (fitCalibration, calibrateWeights); reviewPriority orders
 *               the review queue by what a decision teaches
 *   cluster     clusterPairs: union-find, strongest edge first, with same-list, size and chain guards;
 *               expectedF1Threshold: the threshold the model itself expects to be best
 *   evaluate    evaluateClusters / evaluatePairs: pairwise P/R/F1, B-cubed, adjusted Rand
 *   parallel    createPool: worker threads for compare and predict, identical to the single-thread path; work
 *               in chunks, so that progress advances
 *   progress    the stages a run reports (LINKAGE_STAGES), throttleProgress; drain / stepwise run the step
 *               generators of the synchronous stages (blockingSteps, collectPairsSteps, trainingSteps)
 *   pipeline    runLinkage: all of the above, reporting progress per stage
 *   settings    settings as data (JSON, zod-checked; transforms by name) and their pipeline form
 *   derive      settings from the data: a profile of typed fields → comparisons per type, blocking rules that
 *               cover each other within a pair budget, an EM session per rule
 *
 * Comparisons are declarations (names of built-in comparators, key functions by registered name), so they cross
 * worker boundaries; key functions themselves only run in the calling thread.
 */
export { jaro, jaroWinkler, editDistance } from './string-metrics.js';
export { seededRandom, type Random } from './rng.js';
export {
  asciiDigits,
  compactName,
  gregorianYear,
  keyFunction,
  nameSkeleton,
  placeName,
  registerKeyFunction,
  soundex,
  type KeyFunction,
} from './keys.js';
export {
  comparisonFields,
  exactLevel,
  levelField,
  levelCount,
  levelLabel,
  validateComparisons,
  type ComparisonSpec,
  type LevelSpec,
  type ValueKind,
} from './comparisons.js';
export {
  compileTable,
  levelCounts,
  toRecordSet,
  type ComparisonColumn,
  type LinkRecord,
  type LinkTable,
  type RecordSet,
  type TableCore,
} from './table.js';
export {
  blockingSteps,
  candidatePairs,
  collectPairs,
  collectPairsSteps,
  countPairs,
  forEachPair,
  prepareBlocking,
  type Blocking,
  type BlockingOptions,
  type BlockingRule,
  type LinkMode,
  type RuleCount,
} from './blocking.js';
export {
  allocatePairs,
  allocateVectors,
  compareRange,
  type ComparisonVectors,
  type PairList,
} from './compare.js';
export {
  levelWeights,
  priorWeight,
  probabilityToWeight,
  weightToProbability,
  type FsModel,
} from './model.js';
export {
  aggregateVectors,
  estimateU,
  initialModel,
  lambdaFromDeterministic,
  lambdaOverAllPairs,
  levelShares,
  samplePairs,
  trainEm,
  trainFromLabels,
  type EmOptions,
  type EmReport,
  type LabelledPair,
  type PatternCounts,
} from './training.js';
export {
  compileModel,
  explainPair,
  predictRange,
  type CompiledModel,
  type Contribution,
  type Explanation,
  type PredictOptions,
} from './predict.js';
export { clusterPairs, expectedF1Threshold, type ClusterOptions, type Clustering } from './cluster.js';
export {
  denseLabels,
  evaluateClusters,
  evaluatePairs,
  truePairCount,
  type ClusterMetrics,
  type PairwiseMetrics,
} from './evaluate.js';
export { createPool, type ChunkProgress, type LinkagePool, type PoolOptions } from './parallel.js';
export {
  breathe,
  drain,
  LINKAGE_STAGES,
  stepwise,
  throttleProgress,
  type LinkageProgress,
  type LinkageStage,
  type ProgressListener,
} from './progress.js';
export {
  allPairsCount,
  ruleMask,
  trainBySessions,
  trainingSteps,
  type LinkageWarning,
  type SessionReport,
  type SessionTraining,
  type TrainingSession,
} from './sessions.js';
export {
  prepareLinkageBlocking,
  runLinkage,
  type LinkageResult,
  type LinkageSettings,
  type RunOptions,
} from './pipeline.js';
export {
  applyCalibration,
  calibrateWeights,
  fitCalibration,
  noCalibration,
  reviewPriority,
  type Calibration,
  type CalibrationOptions,
} from './calibration.js';
export {
  victimListSettings,
  VICTIM_LIST_BLOCKING,
  VICTIM_LIST_COMPARISONS,
  VICTIM_LIST_SESSIONS,
} from './victim-lists.js';
export {
  blockingRules,
  FIELD_TYPES,
  linkSettingsSchema,
  parseSettings,
  settingsFields,
  toLinkageSettings,
  type BlockingRuleData,
  type FieldType,
  type LinkSettingsData,
  type SettingsProblem,
} from './settings.js';
export {
  blockCounter,
  deriveBlocking,
  deriveComparisons,
  deriveSessions,
  deriveSettings,
  isVictimListProfile,
  NAME_PAIR,
  BIRTH_YEARS,
  profileRecords,
  withSwappedNames,
  victimListSettingsData,
  type DataProfile,
  type DeriveOptions,
  type FieldProfile,
} from './derive.js';
export { placeGazetteer, type Gazetteer } from './gazetteer.js';
