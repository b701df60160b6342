/** Result of fitting a Poisson log-linear model. */
export interface PoissonFit {
  beta: Float64Array;
  mu: Float64Array;
  /** Σ y log μ − μ (the part of the Poisson log-likelihood that depends on the parameters). */
  loglik: number;
  iterations: number;
  converged: boolean;
}

/**
 * Poisson GLM with log link fitted by iteratively reweighted least squares.
 * X is row-major (rows × p). Throws when the design is not of full rank for these data.
 */
export function fitPoisson(
  X: Float64Array,
  y: Float64Array,
  rows: number,
  p: number,
  maxIterations = 100,
): PoissonFit {
  const mu = new Float64Array(rows);
  const eta = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    mu[i] = y[i]! + 0.5;
    eta[i] = Math.log(mu[i]!);
  }
  const beta = new Float64Array(p);
  const xtwx = new Float64Array(p * p);
  const xtwz = new Float64Array(p);
  let previous = Infinity;
  let converged = false;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    xtwx.fill(0);
    xtwz.fill(0);
    for (let i = 0; i < rows; i++) {
      const w = mu[i]!;
      const z = eta[i]! + (y[i]! - w) / w;
      const row = i * p;
      for (let a = 0; a < p; a++) {
        const xa = X[row + a]!;
        if (xa === 0) continue;
        xtwz[a] = xtwz[a]! + w * xa * z;
        for (let b = 0; b <= a; b++) xtwx[a * p + b] = xtwx[a * p + b]! + w * xa * X[row + b]!;
      }
    }
    solveSymmetric(xtwx, xtwz, p, beta);
    let deviance = 0;
    for (let i = 0; i < rows; i++) {
      let e = 0;
      for (let a = 0; a < p; a++) e += X[i * p + a]! * beta[a]!;
      // Cap the linear predictor: a cell driven to zero must not overflow or underflow to an exact zero.
      eta[i] = Math.max(-700, Math.min(700, e));
      mu[i] = Math.exp(eta[i]!);
      const yi = y[i]!;
      deviance += 2 * ((yi > 0 ? yi * Math.log(yi / mu[i]!) : 0) - (yi - mu[i]!));
    }
    if (Math.abs(deviance - previous) < 1e-10 * (Math.abs(deviance) + 1)) {
      converged = true;
      iterations++;
      break;
    }
    previous = deviance;
  }
  let loglik = 0;
  for (let i = 0; i < rows; i++) loglik += (y[i]! > 0 ? y[i]! * Math.log(mu[i]!) : 0) - mu[i]!;
  return { beta, mu, loglik, iterations, converged };
}

/** Solves A x = b for symmetric positive definite A given by its lower triangle (Cholesky). */
function solveSymmetric(A: Float64Array, b: Float64Array, p: number, out: Float64Array): void {
  const L = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = A[i * p + j]!;
      for (let k = 0; k < j; k++) sum -= L[i * p + k]! * L[j * p + k]!;
      if (i === j) {
        if (!(sum > 1e-12 * Math.max(1, Math.abs(A[i * p + i]!))))
          throw new Error('the model is not identifiable from these data');
        L[i * p + i] = Math.sqrt(sum);
      } else L[i * p + j] = sum / L[j * p + j]!;
    }
  }
  const t = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= L[i * p + k]! * t[k]!;
    t[i] = sum / L[i * p + i]!;
  }
  for (let i = p - 1; i >= 0; i--) {
    let sum = t[i]!;
    for (let k = i + 1; k < p; k++) sum -= L[k * p + i]! * out[k]!;
    out[i] = sum / L[i * p + i]!;
  }
}
