import { observedCount, type CaptureTable } from './capture-table.js';

export interface Estimate {
  estimate: number;
  lower: number;
  upper: number;
  model?: string;
}

export interface StratumEstimate {
  stratum: string;
  observed: number;
  /** Why no estimate is given for this stratum, if none is. */
  sparse: string | null;
  result: Estimate | null;
}

/** The warning printed for a stratum left without an estimate. */
export function sparseWarning(s: { stratum: string; observed: number; sparse: string | null }): string {
  return `stratum "${s.stratum}": no estimate (${s.sparse}); its ${s.observed} documented people are counted as they are`;
}

/** Reasons a stratum's table cannot support an estimate worth printing. */
export function sparsity(table: CaptureTable): string | null {
  const n = observedCount(table);
  if (n < 30) return `only ${n} people documented`;
  const lists = table.lists.length;
  const onList = table.lists.map((_, j) =>
    table.freq.reduce((sum, f, row) => sum + (table.patterns[row * lists + j] ? f : 0), 0),
  );
  const active = onList.filter((c) => c > 0).length;
  if (active < 3) return `only ${active} lists name anyone here`;
  const overlap = table.freq.reduce((sum, f, row) => {
    let z = 0;
    for (let j = 0; j < lists; j++) z += table.patterns[row * lists + j]!;
    return sum + (z >= 2 ? f : 0);
  }, 0);
  if (overlap < 5) return `only ${overlap} people are on more than one list`;
  return null;
}

/**
 * Estimates each stratum separately and combines them. Sparse strata get no estimate (their documented
 * count is still reported). The combined interval adds the strata's lower and upper half-widths in
 * quadrature: an approximation that treats strata as independent and each interval as roughly normal.
 */
export function estimateStrata(
  tables: Map<string, CaptureTable>,
  estimate: (table: CaptureTable) => Estimate,
) {
  const strata: StratumEstimate[] = [...tables].map(([stratum, table]) => {
    const sparse = sparsity(table);
    return { stratum, observed: observedCount(table), sparse, result: sparse ? null : estimate(table) };
  });
  const estimated = strata.filter((s) => s.result);
  const warnings = strata.filter((s) => s.sparse).map(sparseWarning);
  const documentedOnly = strata.filter((s) => !s.result).reduce((sum, s) => sum + s.observed, 0);
  const point = estimated.reduce((sum, s) => sum + s.result!.estimate, 0) + documentedOnly;
  const down = Math.sqrt(estimated.reduce((sum, s) => sum + (s.result!.estimate - s.result!.lower) ** 2, 0));
  const up = Math.sqrt(estimated.reduce((sum, s) => sum + (s.result!.upper - s.result!.estimate) ** 2, 0));
  return {
    strata,
    observed: strata.reduce((sum, s) => sum + s.observed, 0),
    combined: estimated.length ? { estimate: point, lower: point - down, upper: point + up } : null,
    warnings,
  };
}
