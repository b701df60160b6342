import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ValidationError } from '../../domain/errors.js';
import {
  evaluateLink,
  linkRegistry,
  planLink,
  type LinkPlan,
  type LinkReport,
} from '../../services/linkage.js';
import { operator, withContext } from '../context.js';
import { linkProgressWriter } from '../progress.js';
import { resolveCase } from './lists.js';

interface LinkOptions {
  case?: string;
  threshold: string;
  seed: string;
  threads: string;
  evaluate?: string;
  dryRun?: boolean;
  plan?: boolean;
  pairs?: boolean;
  settings?: string;
  json?: boolean;
}

function numberOption(value: string, field: string, check: (n: number) => boolean, expected: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n))
    throw new ValidationError([{ field, message: `expected ${expected}, found "${value}"` }]);
  return n;
}

function describeLevels(levels: ReadonlyArray<Record<string, unknown>>): string {
  return levels
    .map((l) => {
      const { kind, field, ...rest } = l;
      const params = Object.values(rest)
        .filter((v) => typeof v !== 'boolean')
        .join(' ');
      return `${field ? `${String(field)} ` : ''}${String(kind)}${params ? ` ${params}` : ''}`;
    })
    .join(' | ');
}

function printPlan(plan: LinkPlan): void {
  const s = plan.settings;
  console.log(`${plan.rows} rows on ${plan.lists} lists`);
  console.log('fields:');
  for (const f of s.fields)
    console.log(
      `  ${f.name.padEnd(16)} ${f.type.padEnd(10)} ${(100 * f.filled).toFixed(0).padStart(3)} % filled, ${f.distinct} values`,
    );
  console.log('comparisons (levels, best first):');
  for (const c of s.comparisons)
    console.log(`  ${c.name.padEnd(16)} ${describeLevels(c.levels as Array<Record<string, unknown>>)}`);
  console.log(`EM sessions: ${s.sessions.map((x) => x.rule).join('; ')}`);
  const g = plan.gazetteer;
  console.log(
    g.places
      ? `places: ${g.values} prison or city values read through the case's ${g.places} places (${g.names} names and aliases)`
      : 'places: the case records no places, so prisons and cities are compared as written',
  );
  console.log(
    `threshold ${s.threshold} (within one list ${s.sameListThreshold}); seed ${s.seed}; blocks over ${s.maxBlockSize} records skipped`,
  );
  console.log('blocking rules:');
  for (const r of plan.rules) {
    const skipped = r.skippedBlocks
      ? `, ${r.skippedBlocks} too large and skipped (${r.skippedPairs} pairs)`
      : '';
    console.log(
      `  ${r.name.padEnd(28)} ${String(r.pairs).padStart(10)} pairs in ${r.blocks} blocks${skipped}`,
    );
  }
  console.log(
    `  ${'total'.padEnd(28)} ${String(plan.pairs).padStart(10)} pairs (a pair two rules find counts twice)`,
  );
  if (plan.candidatePairs !== undefined)
    console.log(
      `  ${plan.candidatePairs} distinct pairs; comparing them takes about ${(plan.compareSeconds ?? 0).toFixed(1)} s on one thread`,
    );
  console.log(
    'the settings as JSON: dossier link --plan --json; run with them: dossier link --settings FILE',
  );
}

function readSettings(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ValidationError([{ field: 'settings', message: `cannot read ${path}` }]);
  }
  try {
    const json = JSON.parse(text) as unknown;
    // `--plan --json` prints the plan: its settings are taken as they are.
    return json !== null && typeof json === 'object' && 'settings' in json && 'rules' in json
      ? (json as { settings: unknown }).settings
      : json;
  } catch (error) {
    throw new ValidationError([{ field: 'settings', message: `${path}: ${(error as Error).message}` }]);
  }
}

export function registerLink(program: Command): void {
  program
    .command('link')
    .description('link the registry: group the list rows that name the same person')
    .option('--case <id>', 'case (default: the only case)')
    .option('--threshold <p>', "match probability at which two rows are one person (default: the settings')")
    .option('--seed <n>', "seed of the random pairs that estimate u (default: the settings')")
    .option('--settings <file>', 'run with these settings (JSON, as --plan --json prints them)')
    .option('--threads <n>', 'worker threads for comparison and prediction (0: none)', '2')
    .option('--evaluate <truth.csv>', 'score the run against list,record_id,person_id; writes nothing')
    .option('--dry-run', 'run and report without writing clusters')
    .option(
      '--plan',
      'print the settings and the pairs each blocking rule generates, and stop: nothing is compared or written',
    )
    .option('--pairs', 'with --plan: collect the candidate pairs, time a sample; with --json, list them')
    .option('--json', 'print a JSON object')
    .action(async (opts: LinkOptions) => {
      const threshold =
        opts.threshold === undefined
          ? undefined
          : numberOption(opts.threshold, 'threshold', (n) => n > 0 && n < 1, 'a probability between 0 and 1');
      const seed =
        opts.seed === undefined
          ? undefined
          : numberOption(opts.seed, 'seed', Number.isSafeInteger, 'a whole number');
      const settings = opts.settings === undefined ? undefined : readSettings(opts.settings);
      const threads = numberOption(
        opts.threads,
        'threads',
        (n) => Number.isInteger(n) && n >= 0 && n <= 16,
        'a whole number from 0 to 16',
      );
      let truth: string | undefined;
      if (opts.evaluate) {
        try {
          truth = readFileSync(opts.evaluate, 'utf8');
        } catch {
          throw new ValidationError([{ field: 'evaluate', message: `cannot read ${opts.evaluate}` }]);
        }
      }
      const started = performance.now();
      await withContext({}, async ({ ctx }) => {
        const caseId = await resolveCase(ctx, opts.case);
        if (opts.plan) {
          const { pairList, ...plan } = await planLink(ctx, operator(), caseId, {
            threshold,
            seed,
            settings,
            pairs: Boolean(opts.pairs),
          });
          if (opts.json)
            console.log(
              JSON.stringify(opts.pairs ? { ...plan, candidatePairList: pairList } : plan, null, 2),
            );
          else {
            printPlan(plan);
            console.log('plan only: nothing was compared or written');
          }
          return;
        }
        // Progress goes to stderr (a bar on a terminal, a line per stage elsewhere), never with --json.
        const shown = opts.json ? undefined : linkProgressWriter(process.stderr);
        let report: LinkReport;
        try {
          report = await linkRegistry(ctx, operator(), caseId, {
            threshold,
            seed,
            threads,
            settings,
            dryRun: Boolean(opts.dryRun || truth),
            progress: shown?.update,
            onPlan: (plan) =>
              shown?.note(`${plan.rows} rows on ${plan.lists} lists; at most ${plan.pairs} pairs to compare`),
          });
        } finally {
          shown?.end();
        }
        const metrics = truth ? await evaluateLink(ctx, operator(), caseId, report, truth) : undefined;
        const seconds = (performance.now() - started) / 1000;
        if (opts.json) {
          const { clusterOf: _c, rowsById: _r, ...summary } = report;
          console.log(JSON.stringify({ ...summary, seconds, ...(metrics ?? {}) }, null, 2));
          return;
        }
        console.log(`${report.rows} rows on ${report.lists} lists; ${report.candidatePairs} candidate pairs`);
        for (const r of report.ruleCounts)
          console.log(`  ${r.name.padEnd(28)} ${String(r.pairs).padStart(10)} pairs`);
        console.log(
          `EM ${report.em.iterations} iterations${report.em.converged ? '' : ' (did not converge)'}; ${report.clusters} people`,
        );
        const { matches, nonMatches, shift } = report.calibration;
        console.log(
          shift === 0
            ? `${matches + nonMatches} review decisions read (at least 5 of each kind move the weights)`
            : `${matches + nonMatches} review decisions moved every weight by ${shift.toFixed(2)} bits`,
        );
        for (const w of report.warnings) console.log(`warning: ${w.text}`);
        if (metrics) {
          console.log(
            `pairwise precision ${metrics.precision.toFixed(4)}  recall ${metrics.recall.toFixed(4)}  F1 ${metrics.f1.toFixed(4)}`,
          );
          console.log(
            `clusters ${metrics.predictedClusters} (true ${metrics.trueClusters}); B-cubed precision ${metrics.bcubedPrecision.toFixed(4)}, recall ${metrics.bcubedRecall.toFixed(4)}; adjusted Rand ${metrics.adjustedRand.toFixed(4)}`,
          );
          console.log('evaluation run: nothing was written');
        } else if (opts.dryRun) console.log('dry run: nothing was written');
        else console.log(`${report.changed} rows changed cluster`);
        console.log(`${seconds.toFixed(1)} s`);
      });
    });
}
