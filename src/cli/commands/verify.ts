import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ValidationError } from '../../domain/errors.js';
import {
  checkCheckpoint,
  checkpointHead,
  latestCheckpoint,
  writeCheckpoint,
} from '../../services/checkpoints.js';
import { collectGarbage } from '../../services/gc.js';
import { verifyLedger } from '../../services/verify.js';
import { checkpointLine, parseCheckpoint } from '../../storage/index.js';
import { checkpointSettings, operator, withContext } from '../context.js';
import { loadConfig, loadSigningKey } from '../../config.js';

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description(
      'recompute the ledger chain, check it against every signed checkpoint, check every audited row and file; on success sign a new checkpoint; exits 1 on any finding',
    )
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
      const { report, checkpoint } = await withContext({}, async ({ ctx, config }) => {
        const settings = checkpointSettings(config);
        const report = await verifyLedger(ctx, { ...(anchor ? { anchor } : {}), checkpoints: settings });
        // Only a clean ledger is signed: a checkpoint vouches for what was verified, the head as walked.
        const checkpoint =
          report.ok && report.head.seq > 0 ? await writeCheckpoint(ctx, settings, report.head) : null;
        return { report, checkpoint };
      });
      if (opts.json) {
        console.log(JSON.stringify({ ...report, checkpoint }, null, 2));
      } else {
        console.log(
          `${report.entries} ledger entries, ${report.rows} rows checked, ${report.checkpoints} earlier checkpoint(s) matched against`,
        );
        console.log(`head: ${report.head.seq}:${report.head.hash}`);
        console.log(`merkle root of ${report.entries} entries: ${report.root}`);
        for (const p of report.problems) console.log(`PROBLEM ${p.kind}: ${p.message}`);
        if (checkpoint) {
          console.log('signed tree head (publish it, or keep a copy away from this machine):');
          console.log(checkpointLine(checkpoint));
        }
        console.log(
          report.ok
            ? 'OK: the ledger and every audited row are intact'
            : `FAILED: ${report.problems.length} problem(s); no checkpoint was signed`,
        );
      }
      process.exitCode = report.ok ? 0 : 1;
    });

  program
    .command('checkpoint')
    .description(
      'sign the head if it moved (a signed tree head) and print the latest as one line to publish; with --verify, check a published one against this store',
    )
    .option('--verify <file-or-line>', 'a checkpoint line, or a file whose last non-empty line is one')
    .action(async (opts: { verify?: string }) => {
      await withContext({}, async ({ ctx, config }) => {
        const settings = checkpointSettings(config);
        if (opts.verify === undefined) {
          // A head that moved since the last checkpoint is signed now (a tree head), if the chain up to it holds.
          const signed = await checkpointHead(ctx, settings);
          for (const problem of signed.problems) console.error(`not signed: ${problem}`);
          const latest = await latestCheckpoint(ctx);
          if (!latest) {
            console.error('no checkpoint yet: run "dossier verify" (or "dossier serve") to sign one');
            process.exitCode = 1;
            return;
          }
          console.log(checkpointLine(latest));
          return;
        }
        const text = opts.verify.trim().startsWith('{')
          ? opts.verify
          : existsSync(opts.verify)
            ? (readFileSync(opts.verify, 'utf8')
                .split('\n')
                .filter((l) => l.trim())
                .pop() ?? '')
            : opts.verify;
        const parsed = parseCheckpoint(text.trim());
        if ('error' in parsed) throw new ValidationError([{ field: 'verify', message: parsed.error }]);
        const result = await checkCheckpoint(ctx, settings, parsed.checkpoint);
        console.log(`${result.ok ? 'OK' : 'FAILED'}: ${result.message}`);
        process.exitCode = result.ok ? 0 : 1;
      });
    });

  program
    .command('keys')
    .description("the instance's keys")
    .command('show')
    .description('print the public key that signs ledger checkpoints (publish it beside the checkpoints)')
    .action(() => {
      const config = loadConfig();
      const key = loadSigningKey(config);
      console.log(`key id: ${key.keyId}`);
      console.log(`ed25519 public key (raw, base64): ${key.publicKeyBase64}`);
      console.log(key.publicKey.export({ type: 'spki', format: 'pem' }).toString().trim());
      console.log(`private key file: ${config.signingKeyFile} (keep it apart from published material)`);
    });

  program
    .command('gc')
    .description(
      'remove stored blobs no file refers to (each removal audited) and staging left by interrupted work',
    )
    .option('--dry-run', 'only list what would be removed')
    .option('--min-age-hours <hours>', 'leave blobs younger than this (an upload in progress)', '24')
    .action(async (opts: { dryRun?: boolean; minAgeHours: string }) => {
      const hours = Number(opts.minAgeHours);
      if (!Number.isFinite(hours) || hours < 0)
        throw new ValidationError([
          { field: 'min-age-hours', message: 'expected a number of hours, 0 or more' },
        ]);
      await withContext({}, async ({ ctx }) => {
        const report = await collectGarbage(ctx, operator(), {
          dryRun: Boolean(opts.dryRun),
          minAgeMs: hours * 60 * 60 * 1000,
        });
        for (const blob of report.blobs)
          console.log(
            `${report.dryRun ? 'would remove' : 'removed'} blob ${blob.name} (${blob.size} bytes, written ${blob.modifiedAt})`,
          );
        if (report.tooRecent > 0)
          console.log(`${report.tooRecent} unreferenced blob(s) younger than ${hours} hour(s) left alone`);
        if (report.staging > 0) console.log(`removed ${report.staging} abandoned staging folder(s)`);
        console.log(
          `${report.blobs.length} unreferenced blob(s) ${report.dryRun ? 'found (dry run: nothing removed)' : 'removed'}`,
        );
      });
    });
}
