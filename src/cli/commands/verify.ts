import type { Command } from 'commander';
import { ValidationError } from '../../domain/errors.js';
import { verifyLedger } from '../../services/verify.js';
import { withContext } from '../context.js';

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('recompute the ledger chain and check every audited row; exits 1 on any finding')
    .option('--json', 'print the report as JSON')
    .option(
      '--anchor <seq:hash>',
      'also check that entry <seq> still has the hash recorded earlier (detects truncation)',
    )
    .action(async (opts: { json?: boolean; anchor?: string }) => {
      let anchor: { seq: number; hash: string } | undefined;
      if (opts.anchor) {
        const match = /^(\d+):([0-9a-f]{64})$/.exec(opts.anchor);
        if (!match)
          throw new ValidationError([{ field: 'anchor', message: 'expected <seq>:<64 hex characters>' }]);
        anchor = { seq: Number(match[1]), hash: match[2]! };
      }
      const report = await withContext({}, ({ ctx }) => verifyLedger(ctx, anchor));
      if (opts.json) {
        console.log(JSON.stringify(report, null, 2));
      } else {
        console.log(`${report.entries} ledger entries, ${report.rows} rows checked`);
        console.log(`head: ${report.head.seq}:${report.head.hash}  (record this anchor somewhere else)`);
        for (const p of report.problems) console.log(`PROBLEM ${p.kind}: ${p.message}`);
        console.log(
          report.ok
            ? 'OK: the ledger and every audited row are intact'
            : `FAILED: ${report.problems.length} problem(s)`,
        );
      }
      process.exitCode = report.ok ? 0 : 1;
    });
}
