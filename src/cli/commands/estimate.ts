import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ValidationError } from '../../domain/errors.js';
import {
  CaptureTableError,
  readPatternCsv,
  type CaptureTable,
  type StratumEstimate,
} from '../../estimation/index.js';
import type { LcmcrOptions } from '../../estimation/lcmcr/index.js';
import type { posteriorRecord } from '../../estimation/lcmcr/summary.js';
import {
  computeEstimate,
  withLinkage,
  withNameless,
  type ComputedEstimate,
} from '../../services/estimates.js';
import type { LinkageRecord } from '../../services/linkage-uncertainty.js';
import { REGISTRY_STRATA, registryCaptureTables } from '../../services/registry.js';
import { operator, withContext } from '../context.js';
import { resolveCase } from './lists.js';

interface Options {
  patterns?: string;
  fromRegistry?: boolean;
  case?: string;
  lists?: string;
  method: string;
  strata?: string;
  seed?: string;
  chains: string;
  burnIn: string;
  samples: string;
  thinning: string;
  classes: string;
  maxOrder?: string;
  linkageDraws: string;
  json?: boolean;
}

/** A whole number ≥ min from a command-line option, or a ValidationError naming the option. */
function integerOption(value: string, field: string, min: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min)
    throw new ValidationError([{ field, message: `expected a whole number ≥ ${min}, found "${value}"` }]);
  return n;
}

function lcmcrOptions(opts: Options): LcmcrOptions {
  return {
    K: integerOption(opts.classes, 'classes', 1),
    burnIn: integerOption(opts.burnIn, 'burn-in', 0),
    samples: integerOption(opts.samples, 'samples', 10),
    thinning: integerOption(opts.thinning, 'thinning', 1),
    chains: integerOption(opts.chains, 'chains', 1),
    ...(opts.seed === undefined ? {} : { seed: integerOption(opts.seed, 'seed', 0) }),
  };
}

type PosteriorRecord = ReturnType<typeof posteriorRecord>;
interface LoglinearRecord {
  observed: number;
  estimate: number;
  lower: number;
  upper: number;
  model: string;
  fit: { deviance: number; df: number; pValue: number | null };
  averaged: number;
  search: string;
  maxOrder: number;
  modelsFitted: number;
  models: Array<{
    model: string;
    estimate: number;
    deviance: number;
    df: number;
    pValue: number | null;
    aic: number;
    bic: number;
    weight: number;
  }>;
  heterogeneity: Array<{ name: string; estimate: number; lower?: number; upper?: number }>;
  warnings: string[];
  linkage?: LinkageRecord;
}

const pText = (p: number | null) => (p === null ? '—' : p < 0.001 ? '<0.001' : p.toFixed(3));

function printLinkage(l: LinkageRecord): void {
  const pct = Math.round(100 * l.linkageShare);
  console.log(
    `
linkage: ${l.uncertainPairs} pairs wait for review; ${l.draws} clusterings drawn from them (seed ${l.seed}), model ${l.model} refitted to each`,
  );
  console.log(
    `  documented ${l.observed.min}–${l.observed.max}; estimates ${l.estimates.min.toFixed(1)}–${l.estimates.max.toFixed(1)} (median ${l.estimates.median.toFixed(1)})${l.failedDraws ? `; ${l.failedDraws} draws could not be fitted` : ''}`,
  );
  console.log(
    `  N = ${l.stored.estimate.toFixed(1)}, 95 % interval with linkage uncertainty [${l.combined.lower.toFixed(1)}, ${l.combined.upper.toFixed(1)}] (stored clustering alone [${l.stored.lower.toFixed(1)}, ${l.stored.upper.toFixed(1)}])`,
  );
  console.log(
    `  about ${pct} % of the interval's width comes from uncertainty about which records name the same person`,
  );
}
interface StrataResult {
  observed: number;
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  strata: StratumEstimate[];
  warnings: string[];
}

function printLcmcr(table: CaptureTable, r: PosteriorRecord): void {
  const s = r.settings;
  console.log(`lists: ${table.lists.join(', ')}; documented (on at least one list): ${r.observed}`);
  console.log(
    `latent-class model (LCMCR): posterior median N = ${r.estimate.toFixed(0)}  95 % interval [${r.lower.toFixed(0)}, ${r.upper.toFixed(0)}]  mean ${r.mean.toFixed(0)}`,
  );
  console.log(
    `K = ${s.K}, α ~ Gamma(${s.a}, ${s.b}), ${s.chains} chain(s) × (${s.burnIn} burn-in + ${s.samples} × ${s.thinning}), seed ${s.seed}`,
  );
  console.log(
    `effective sample size ${r.ess.toFixed(0)}${r.rhat === null ? '' : `, split R-hat ${r.rhat.toFixed(3)}`}`,
  );
  for (const w of r.warnings) console.log(`warning: ${w}`);
  console.log(
    '\nAssumes a closed population and perfect matching between lists; heterogeneity and dependence are modelled by latent classes.',
  );
}

function printStrata(result: StrataResult): void {
  for (const s of result.strata) {
    console.log(
      `${s.stratum.padEnd(24)} documented ${String(s.observed).padStart(7)}  ${s.result ? `estimate ${s.result.estimate.toFixed(1)} [${s.result.lower.toFixed(1)}, ${s.result.upper.toFixed(1)}] ${s.result.model}` : `no estimate: ${s.sparse}`}`,
    );
  }
  if (result.estimate !== null && result.lower !== null && result.upper !== null)
    console.log(
      `combined: documented ${result.observed}, estimate ${result.estimate.toFixed(1)} [${result.lower.toFixed(1)}, ${result.upper.toFixed(1)}]`,
    );
  else
    console.log(
      `combined: documented ${result.observed}; no combined estimate, so this count is not an estimate of the total`,
    );
  for (const w of result.warnings) console.log(`warning: ${w}`);
}

function printLoglinear(table: CaptureTable, result: LoglinearRecord): void {
  console.log(`lists: ${table.lists.join(', ')}; documented (on at least one list): ${result.observed}`);
  console.log(
    `selected by BIC: ${result.model}  N = ${result.estimate.toFixed(1)}  95 % profile interval [${result.lower.toFixed(1)}, ${result.upper.toFixed(1)}]`,
  );
  console.log(
    `goodness of fit: deviance ${result.fit.deviance.toFixed(2)} on ${result.fit.df} df, p ${pText(result.fit.pValue)}`,
  );
  console.log(
    `BIC-weighted average (${result.search} search over ${result.modelsFitted} models, interactions up to order ${result.maxOrder}): ${result.averaged.toFixed(1)}`,
  );
  console.log('\nmodel                      estimate    deviance  df       p      AIC      BIC  weight');
  for (const m of result.models.slice(0, 10)) {
    console.log(
      `${m.model.padEnd(24)} ${m.estimate.toFixed(1).padStart(10)} ${m.deviance.toFixed(2).padStart(10)} ${String(m.df).padStart(3)} ${pText(m.pValue).padStart(7)} ${m.aic.toFixed(1).padStart(8)} ${m.bic.toFixed(1).padStart(8)}  ${m.weight.toFixed(3)}`,
    );
  }
  console.log('\nheterogeneity models:');
  for (const h of result.heterogeneity) {
    const interval =
      h.lower === undefined || h.upper === undefined
        ? ' (no interval)'
        : ` [${h.lower.toFixed(1)}, ${h.upper.toFixed(1)}]`;
    console.log(`  ${h.name.padEnd(24)} ${h.estimate.toFixed(1)}${interval}`);
  }
  if (result.linkage) printLinkage(result.linkage);
  for (const w of result.warnings) console.log(`warning: ${w}`);
  console.log(
    '\nAssumes a closed population, perfect matching between lists, and that the chosen model captures list dependence and heterogeneity.',
  );
}

/** Keeps only the named lists, merging patterns that differ only on the others. */
function restrict(table: CaptureTable, names: string[]): CaptureTable {
  const keep = names.map((name) => {
    const at = table.lists.indexOf(name);
    if (at < 0)
      throw new ValidationError([
        { field: 'lists', message: `no list "${name}" (lists: ${table.lists.join(', ')})` },
      ]);
    return at;
  });
  const out = new Map<number, number>();
  table.freq.forEach((f, row) => {
    let code = 0;
    for (const j of keep) code = code * 2 + table.patterns[row * table.lists.length + j]!;
    if (code > 0) out.set(code, (out.get(code) ?? 0) + f);
  });
  const rows = 2 ** keep.length - 1;
  const patterns = new Uint8Array(rows * keep.length);
  const freq = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < keep.length; c++)
      patterns[r * keep.length + c] = ((r + 1) >> (keep.length - 1 - c)) & 1;
    freq[r] = out.get(r + 1) ?? 0;
  }
  return { lists: names, patterns, freq };
}

export function registerEstimate(program: Command): void {
  program
    .command('estimate')
    .description('multiple systems estimation: how many people no list recorded')
    .option('--patterns <file>', 'CSV with one 0/1 column per list and a freq column')
    .option('--from-registry', 'capture histories from the linked victim registry')
    .option('--case <id>', 'case of the registry (default: the only case)')
    .option('--lists <names>', 'comma-separated lists to use (default: all)')
    .option('--method <method>', 'loglinear or lcmcr', 'loglinear')
    .option(
      '--strata <column>',
      'estimate per value of this column and combine (registry: prison, city or sex)',
    )
    .option('--seed <n>', 'random seed (lcmcr and linkage draws; default random, always reported)')
    .option('--chains <n>', 'independent chains, run on all cores (lcmcr)', '2')
    .option('--burn-in <n>', 'iterations discarded at the start of each chain (lcmcr)', '10000')
    .option('--samples <n>', 'draws kept per chain (lcmcr)', '1000')
    .option('--thinning <n>', 'iterations per kept draw (lcmcr)', '100')
    .option('--classes <n>', 'maximum number of latent classes K (lcmcr)', '10')
    .option(
      '--max-order <n>',
      'highest interaction order of the log-linear search: 2, or 3 (the default for four or five lists)',
    )
    .option(
      '--linkage-draws <n>',
      'registry: clusterings drawn from the pairs waiting for review, to carry linkage uncertainty (0: none)',
      '50',
    )
    .option('--json', 'print a JSON object')
    .action(async (opts: Options) => {
      if (opts.fromRegistry && opts.patterns)
        throw new ValidationError([
          { field: 'patterns', message: 'give --patterns or --from-registry, not both' },
        ]);
      if (!opts.patterns && !opts.fromRegistry)
        throw new ValidationError([
          { field: 'patterns', message: 'give --patterns FILE or --from-registry' },
        ]);
      const registryStratum =
        opts.fromRegistry && opts.strata ? REGISTRY_STRATA.find((k) => k === opts.strata) : undefined;
      if (opts.fromRegistry && opts.strata && !registryStratum)
        throw new ValidationError([
          { field: 'strata', message: `from the registry, strata are one of ${REGISTRY_STRATA.join(', ')}` },
        ]);
      if (opts.method !== 'loglinear' && opts.method !== 'lcmcr')
        throw new ValidationError([
          { field: 'method', message: `expected loglinear or lcmcr, found "${opts.method}"` },
        ]);
      const sampler = opts.method === 'lcmcr' ? lcmcrOptions(opts) : null;
      if (opts.maxOrder !== undefined && opts.maxOrder !== '2' && opts.maxOrder !== '3')
        throw new ValidationError([
          { field: 'max-order', message: `expected 2 or 3, found "${opts.maxOrder}"` },
        ]);
      const maxOrder = opts.maxOrder === undefined ? undefined : (Number(opts.maxOrder) as 2 | 3);
      const linkageDraws = integerOption(opts.linkageDraws, 'linkage-draws', 0);
      let tables: Map<string, CaptureTable>;
      let nameless: number | undefined;
      const source = opts.patterns ?? 'registry';
      if (opts.patterns) {
        try {
          tables = readPatternCsv(readFileSync(opts.patterns, 'utf8'), opts.strata);
        } catch (error) {
          if (error instanceof CaptureTableError)
            throw new ValidationError([{ field: opts.patterns, message: error.message }]);
          throw error;
        }
      } else {
        const names = opts.lists?.split(',').map((s) => s.trim());
        const capture = await withContext({}, async ({ ctx }) => {
          const caseId = await resolveCase(ctx, opts.case);
          return registryCaptureTables(ctx, operator(), caseId, { lists: names, strata: registryStratum });
        });
        tables = capture.tables;
        nameless = capture.nameless;
      }
      if (opts.lists && opts.patterns) {
        const names = opts.lists.split(',').map((s) => s.trim());
        if (names.length < 3)
          throw new ValidationError([{ field: 'lists', message: 'estimation needs at least 3 lists' }]);
        tables = new Map([...tables].map(([k, t]) => [k, restrict(t, names)]));
      }
      let computed: ComputedEstimate;
      try {
        computed = await computeEstimate(tables, {
          method: opts.method,
          strata: Boolean(opts.strata),
          sampler: sampler ?? undefined,
          maxOrder,
        });
      } catch (error) {
        throw new ValidationError([{ field: source, message: (error as Error).message }]);
      }
      if (opts.fromRegistry && !opts.strata && linkageDraws > 0) {
        const names = opts.lists?.split(',').map((s) => s.trim());
        computed = await withContext({}, async ({ ctx }) => {
          const caseId = await resolveCase(ctx, opts.case);
          return withLinkage(ctx, operator(), caseId, computed, {
            lists: names,
            maxOrder,
            draws: linkageDraws,
            ...(opts.seed === undefined ? {} : { seed: integerOption(opts.seed, 'seed', 0) }),
          });
        });
      }
      if (nameless !== undefined) computed = withNameless(computed, nameless);
      const { result } = computed;
      if (opts.json) {
        console.log(JSON.stringify({ method: opts.method, ...result }, null, 2));
        return;
      }
      if (opts.strata) printStrata(result as unknown as StrataResult);
      else if (opts.method === 'lcmcr') {
        printLcmcr(tables.get('')!, result as unknown as PosteriorRecord);
        if (result.linkage) printLinkage(result.linkage);
      } else printLoglinear(tables.get('')!, result as unknown as LoglinearRecord);
      if (nameless)
        console.log(
          `\n${nameless} row(s) with no name were not counted: who they are is unknown (perhaps someone another list names), and a list that lost names at random still gives an unbiased estimate`,
        );
    });
}
