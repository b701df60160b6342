import type { Command } from 'commander';
import { ValidationError } from '../../domain/errors.js';
import { STANDARDS_OF_PROOF, type StandardOfProof } from '../../domain/records/finding.js';
import { legalGaps, legalMatrix, type MatrixOptions } from '../../services/legal.js';
import { suspectSummary } from '../../services/suspects.js';
import { operator, withContext } from '../context.js';

interface Opts {
  case: string;
  suspect?: string;
  crime?: string;
  threshold?: string;
  json?: boolean;
}

function options(opts: Opts): MatrixOptions {
  if (opts.threshold && !(STANDARDS_OF_PROOF as readonly string[]).includes(opts.threshold))
    throw new ValidationError([{ field: 'threshold', message: `one of ${STANDARDS_OF_PROOF.join(', ')}` }]);
  return {
    ...(opts.suspect ? { suspectId: opts.suspect } : {}),
    ...(opts.crime ? { crime: opts.crime } : {}),
    ...(opts.threshold ? { threshold: opts.threshold as StandardOfProof } : {}),
  };
}

const STATE_WORDS = {
  established: 'established / ثابت‌شده',
  weak: 'weak / ضعیف',
  draft_only: 'drafts only / فقط پیش‌نویس',
  none: 'no finding / بدون یافته',
} as const;

/** `dossier legal …`: the elements matrix, its gaps and a suspect's summary, from the command line. */
export function registerLegal(program: Command): void {
  const legal = program.command('legal').description('legal qualification: elements matrix, gaps, suspects');
  const common = (c: Command) =>
    c
      .requiredOption('--case <id>', 'the case')
      .option('--suspect <person-id>', 'only findings about this person (and the case-wide crime base)')
      .option('--crime <key>', 'a crime (cah.murder) or group (crimes_against_humanity, genocide, liability)')
      .option('--threshold <standard>', `weaker adopted findings are gaps (${STANDARDS_OF_PROOF.join(', ')})`)
      .option('--json', 'print JSON');

  common(
    legal.command('matrix').description('crime × element × findings and the strength they reach'),
  ).action(async (opts: Opts) => {
    await withContext({}, async ({ ctx }) => {
      const matrix = await legalMatrix(ctx, operator(), opts.case, options(opts));
      if (opts.json) return console.log(JSON.stringify(matrix, null, 2));
      for (const crime of matrix.crimes) {
        console.log(`${crime.title.en} / ${crime.title.fa} (${crime.provision})`);
        for (const e of crime.elements)
          console.log(
            `  ${e.key}: ${STATE_WORDS[e.state]}${e.strength ? ` — ${e.strength}` : ''} — ${e.findings.length} finding(s)`,
          );
      }
    });
  });

  common(legal.command('gaps').description('elements with no, only draft or only weak findings')).action(
    async (opts: Opts) => {
      await withContext({}, async ({ ctx }) => {
        const report = await legalGaps(ctx, operator(), opts.case, options(opts));
        if (opts.json) return console.log(JSON.stringify(report, null, 2));
        console.log(
          `${report.established} of ${report.elements} element(s) established at ${report.threshold}${report.suspectId ? ` for ${report.suspectId}` : ''}`,
        );
        for (const gap of report.gaps)
          console.log(
            `GAP ${gap.crime}.${gap.element}: ${STATE_WORDS[gap.state]} — ${gap.text.en} / ${gap.text.fa}`,
          );
      });
    },
  );

  legal
    .command('suspect')
    .description("a suspect's involvements, positions then and now, findings, liability and gaps (JSON)")
    .requiredOption('--case <id>', 'the case')
    .requiredOption('--person <id>', 'the person')
    .action(async (opts: { case: string; person: string }) => {
      await withContext({}, async ({ ctx }) => {
        console.log(JSON.stringify(await suspectSummary(ctx, operator(), opts.case, opts.person), null, 2));
      });
    });
}
