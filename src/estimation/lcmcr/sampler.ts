/**
 * One chain of the data-augmentation Gibbs sampler for the Dirichlet-process latent class capture–recapture
 * model (Manrique-Vallier 2016). The data are kept as capture patterns with frequencies, and the class
 * labels of the people who share a pattern are drawn together as one multinomial, so an iteration costs
 * O(patterns × K × J) however many people there are.
 */
import { Random } from './random.js';

export interface ChainSettings {
  K: number;
  a: number;
  b: number;
  burnIn: number;
  samples: number;
  thinning: number;
}

/** Observed patterns with positive frequency, row-major rows × lists. */
export interface PatternData {
  lists: number;
  patterns: Uint8Array;
  freq: Float64Array;
}

/** Smallest value kept for 1 − V_k, so that log(1 − V_k) in the α update stays finite. */
const MIN_ONE_MINUS_V = 1e-300;
/**
 * λ is kept inside [ε, 1 − ε]: a Beta draw can round to exactly 0 or 1, and the pattern weights below are
 * computed as π_k Π(1 − λ) × Π over the pattern's lists of λ / (1 − λ), which needs 0 < λ < 1.
 */
const LAMBDA_EPSILON = 1e-12;

/** Runs one chain and returns the kept draws of N (length `samples`). */
export function runChain(data: PatternData, settings: ChainSettings, seed: number): Float64Array {
  return new GibbsChain(data, settings, seed).run();
}

class GibbsChain {
  private readonly rng: Random;
  private readonly J: number;
  private readonly K: number;
  private readonly rows: number;
  private readonly n: number;
  /** lambda[j * K + k]: probability that a member of class k is on list j. */
  private readonly lambda: Float64Array;
  private readonly pi: Float64Array;
  private alpha = 1;
  /** Class sizes m_k and per-list captures s[j * K + k], observed and unobserved together. */
  private readonly m: Float64Array;
  private readonly s: Float64Array;
  private readonly weights: Float64Array;
  private readonly counts: Float64Array;
  /** π_k Π_j (1 − λ_jk): the weight of class k for the all-zero pattern. */
  private readonly zeroWeight: Float64Array;
  /** λ_jk / (1 − λ_jk), at j * K + k. */
  private readonly odds: Float64Array;
  /** The lists each pattern row is on: listsOf[start[r] … start[r + 1]). */
  private readonly listsOf: Int32Array;
  private readonly start: Int32Array;

  constructor(
    private readonly data: PatternData,
    private readonly settings: ChainSettings,
    seed: number,
  ) {
    this.rng = new Random(seed);
    this.J = data.lists;
    this.K = settings.K;
    this.rows = data.freq.length;
    let n = 0;
    for (let r = 0; r < this.rows; r++) n += data.freq[r] ?? 0;
    this.n = n;
    this.lambda = new Float64Array(this.J * this.K);
    this.pi = new Float64Array(this.K);
    this.m = new Float64Array(this.K);
    this.s = new Float64Array(this.J * this.K);
    this.weights = new Float64Array(this.K);
    this.counts = new Float64Array(this.K);
    this.zeroWeight = new Float64Array(this.K);
    this.odds = new Float64Array(this.J * this.K);
    const on: number[] = [];
    this.start = new Int32Array(this.rows + 1);
    for (let r = 0; r < this.rows; r++) {
      for (let j = 0; j < this.J; j++) if (data.patterns[r * this.J + j]) on.push(j);
      this.start[r + 1] = on.length;
    }
    this.listsOf = Int32Array.from(on);
    this.initialise();
  }

  private initialise(): void {
    // λ from its prior, and the sticks from the prior with a small α (0.1), so that one class holds most of
    // the weight at the start. Starting with α = 1 spreads the weight over many classes, and short chains
    // then often fall into a slowly mixing state where a small class of rarely listed people inflates N.
    for (let i = 0; i < this.lambda.length; i++) this.lambda[i] = this.rng.uniform();
    this.alpha = 0.1;
    let remaining = 1;
    for (let k = 0; k < this.K; k++) {
      const v = k === this.K - 1 ? 1 : this.rng.beta(1, this.alpha);
      this.pi[k] = remaining * v;
      remaining *= 1 - v;
    }
  }

  run(): Float64Array {
    const { burnIn, samples, thinning } = this.settings;
    const draws = new Float64Array(samples);
    const total = burnIn + samples * thinning;
    let kept = 0;
    for (let it = 1; it <= total; it++) {
      const n0 = this.step();
      if (it > burnIn && (it - burnIn) % thinning === 0) draws[kept++] = this.n + n0;
    }
    return draws;
  }

  /** One Gibbs sweep; returns the number of unobserved people drawn in it. */
  private step(): number {
    const { J, K, lambda, pi, m, s, weights, counts, rng, zeroWeight, odds, listsOf, start } = this;
    m.fill(0);
    s.fill(0);

    // Pattern weights of class k: π_k Π_j (1 − λ_jk), times λ_jk / (1 − λ_jk) for each list j the pattern
    // is on. Computed this way a row costs K × (lists it is on) products instead of K × J.
    let p0 = 0;
    for (let k = 0; k < K; k++) {
      let w = pi[k]!;
      for (let j = 0; j < J; j++) {
        const l = lambda[j * K + k]!;
        w *= 1 - l;
        odds[j * K + k] = l / (1 - l);
      }
      zeroWeight[k] = w;
      p0 += w;
    }

    // Class labels of the observed people, one multinomial per pattern.
    const { freq } = this.data;
    for (let r = 0; r < this.rows; r++) {
      const from = start[r]!;
      const to = start[r + 1]!;
      let total = 0;
      for (let k = 0; k < K; k++) {
        let w = zeroWeight[k]!;
        for (let i = from; i < to; i++) w *= odds[listsOf[i]! * K + k]!;
        weights[k] = w;
        total += w;
      }
      rng.multinomial(freq[r]!, weights, total, counts);
      for (let k = 0; k < K; k++) {
        const c = counts[k]!;
        if (c === 0) continue;
        m[k] = m[k]! + c;
        for (let i = from; i < to; i++) s[listsOf[i]! * K + k] = s[listsOf[i]! * K + k]! + c;
      }
    }

    // The unobserved: with p(N) ∝ 1/N, n0 | rest ~ NegBin(n, 1 − p0); all have the zero pattern.
    const n0 = rng.negativeBinomial(this.n, 1 - p0);
    if (!Number.isFinite(n0)) throw new Error(`LCMCR sampler diverged: p0 = ${p0}`);
    rng.multinomial(n0, zeroWeight, p0, counts);
    for (let k = 0; k < K; k++) m[k] = m[k]! + counts[k]!;

    for (let k = 0; k < K; k++) {
      const mk = m[k] ?? 0;
      for (let j = 0; j < J; j++) {
        const sjk = s[j * K + k] ?? 0;
        const l = rng.beta(1 + sjk, 1 + mk - sjk);
        lambda[j * K + k] = Math.min(1 - LAMBDA_EPSILON, Math.max(LAMBDA_EPSILON, l));
      }
    }

    // Stick-breaking weights, then α given the sticks.
    let above = 0;
    for (let k = 0; k < K; k++) above += m[k] ?? 0;
    let remaining = 1;
    let sumLog = 0;
    for (let k = 0; k < K; k++) {
      const mk = m[k] ?? 0;
      above -= mk;
      if (k === K - 1) {
        pi[k] = remaining;
        break;
      }
      const x = rng.gamma(1 + mk);
      const y = rng.gamma(this.alpha + above);
      const oneMinusV = Math.max(y / (x + y), MIN_ONE_MINUS_V);
      pi[k] = remaining * (x / (x + y));
      remaining *= oneMinusV;
      sumLog += Math.log(oneMinusV);
    }
    this.alpha = rng.gamma(this.settings.a + K - 1) / (this.settings.b - sumLog);
    return n0;
  }
}
