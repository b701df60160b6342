import type { Command } from 'commander';
import { AUDIENCES, createBundle } from '../../services/bundle.js';
import { verifyBundle } from '../../services/bundle-verify.js';
import { checkpointSettings, operator, withContext } from '../context.js';

/** `dossier bundle create|verify`: a dossier folder for an audience, and its offline check. */
export function registerBundle(program: Command): void {
  const bundle = program
    .command('bundle')
    .description('dossier bundles: create one for an audience, verify one offline');
  bundle
    .command('create')
    .description('write a signed, self-verifying folder of a case for an audience')
    .requiredOption('--case <id>', 'the case')
    .requiredOption('--audience <audience>', AUDIENCES.join(' | '))
    .requiredOption('--out <dir>', 'an empty or new folder')
    .option(
      '--subjects <ids>',
      'comma-separated record ids: only these, what is about them and what they rest on',
    )
    .option('--no-pdf', 'leave report.pdf out (no Chromium needed); the manifest says it was not produced')
    .action(
      async (opts: { case: string; audience: string; out: string; subjects?: string; pdf: boolean }) => {
        await withContext({}, async ({ ctx, config }) => {
          const summary = await createBundle(
            ctx,
            operator(),
            opts.case,
            opts.audience,
            opts.out,
            checkpointSettings(config),
            {
              subjects: opts.subjects
                ?.split(',')
                .map((s) => s.trim())
                .filter(Boolean),
              pdf: opts.pdf ? { chromium: config.chromium } : false,
            },
          );
          console.log(
            `bundle for ${summary.audience}: ${summary.records} record(s), ${summary.files} file(s), ${summary.omitted.length} left out, signed tree head at entry ${summary.treeHead.seq}`,
          );
          for (const o of summary.omitted) console.log(`left out ${o.type} ${o.id}: ${o.reason}`);
          if (summary.released > 0)
            console.log(
              `${summary.released} protected record(s) released with the witness's consent for legal use (in the ledger as "release")`,
            );
          if (!summary.pdf) console.log('report.pdf not produced (--no-pdf)');
          console.log(`written to ${summary.dir} and ${summary.zip}`);
        });
      },
    );
  bundle
    .command('verify <dir>')
    .description(
      'check a bundle without the database: signature, file hashes, each record in the signed ledger',
    )
    .option('--key <base64>', 'the public key the bundle must be signed by ("dossier keys show")')
    .option('--json', 'print the report as JSON')
    .action(async (dir: string, opts: { key?: string; json?: boolean }) => {
      const report = await verifyBundle(dir, opts.key);
      if (opts.json) console.log(JSON.stringify(report, null, 2));
      else {
        for (const p of report.problems) console.log(`PROBLEM ${p.kind}: ${p.message}`);
        console.log(
          report.ok
            ? `OK: ${report.records} record(s) and ${report.files} file(s) verified for the ${report.audience} audience`
            : `FAILED: ${report.problems.length} problem(s)`,
        );
      }
      process.exitCode = report.ok ? 0 : 1;
    });
}
