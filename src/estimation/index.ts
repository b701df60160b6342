export {
  emptyTable,
  observedCount,
  patternIndex,
  readPatternCsv,
  CaptureTableError,
  type CaptureTable,
} from './capture-table.js';
export {
  fitModel,
  modelName,
  profileInterval,
  profileLoglik,
  HETEROGENEITY,
  type Heterogeneity,
  type LoglinearModel,
  type ModelFit,
} from './loglinear.js';
export {
  fitWarnings,
  POOR_FIT_P,
  selectLoglinear,
  type LoglinearResult,
  type SelectionOptions,
} from './model-selection.js';
export { chiSquareUpperTail } from './special.js';
export { chaoLowerBound, fitHeterogeneity, type HeterogeneityFit } from './heterogeneity.js';
export { estimateStrata, sparseWarning, sparsity, type Estimate, type StratumEstimate } from './strata.js';
