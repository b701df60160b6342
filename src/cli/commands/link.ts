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
  json?: boolean;
}

function numberOption(value: string, field: string, check: (n: number) => boolean, expected: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n))
    throw new ValidationError([{ field, message: `expected ${expected}, found "${value}"` }]);
  return n;
}

function printPlan(plan: LinkPlan): void {
  console.log(`${plan.rows} rows on ${plan.lists} lists`);
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
}

export function registerLink(program: Command): void {
  program
    .command('link')
    .description('link the registry: group the list rows that name the same person')
    .option('--case <id>', 'case (default: the only case)')
    .option('--threshold <p>', 'match probability at which two rows are one person', '0.5')
    .option('--seed <n>', 'seed of the random pairs that estimate u', '1')
    .option('--threads <n>', 'worker threads for comparison and prediction (0: none)', '2')
    .option('--evaluate <truth.csv>', 'score the run against list,record_id,person_id; writes nothing')
    .option('--dry-run', 'run and report without writing clusters')
    .option(
      '--plan',
      'print the pairs each blocking rule generates, and stop: nothing is compared or written',
    )
    .option('--json', 'print a JSON object')
    .action(async (opts: LinkOptions) => {
      const threshold = numberOption(
        opts.threshold,
        'threshold',
        (n) => n > 0 && n < 1,
        'a probability between 0 and 1',
      );
      const seed = numberOption(opts.seed, 'seed', Number.isSafeInteger, 'a whole number');
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
          const plan = await planLink(ctx, operator(), caseId);
          if (opts.json) console.log(JSON.stringify(plan, null, 2));
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
