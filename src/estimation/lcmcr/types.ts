export interface LcmcrOptions {
  /** Truncation level of the stick-breaking prior (maximum number of latent classes). Default 10. */
  K?: number;
  /** Shape of the Gamma prior on the DP concentration α. Default 0.25. */
  a?: number;
  /** Rate of the Gamma prior on α. Default 0.25. */
  b?: number;
  /** Gibbs iterations discarded before the first kept draw. Default 10,000. */
  burnIn?: number;
  /** Kept draws per chain. Default 1,000. */
  samples?: number;
  /** Iterations per kept draw. Default 100. */
  thinning?: number;
  /** Seed of chain 0; chain c uses seed + c. Default: a random integer, reported in `settings`. */
  seed?: number;
  /** Number of independent chains. Default 1. */
  chains?: number;
}

export interface LcmcrChain {
  draws: Float64Array;
  ess: number;
}

export interface LcmcrResult {
  method: 'lcmcr';
  /** Number of people observed on at least one list. */
  observed: number;
  median: number;
  mean: number;
  /** 2.5 % and 97.5 % posterior quantiles of N (equal-tailed 95 % interval). */
  lower: number;
  upper: number;
  /** N per kept sample, chains concatenated in order. */
  draws: Float64Array;
  chains: LcmcrChain[];
  /** Split R̂ over chains; null with a single chain. */
  rhat: number | null;
  /** Sum of the chains' effective sample sizes. */
  ess: number;
  settings: Required<LcmcrOptions>;
}
