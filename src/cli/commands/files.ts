import { createWriteStream, existsSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { ValidationError } from '../../domain/errors.js';
import { fileDetail, listFiles, openFile, withdrawFile } from '../../services/files.js';
import { operator, withContext } from '../context.js';
import { resolveCase } from './lists.js';

export function registerFiles(program: Command): void {
  const files = program.command('files').description('evidence files: list, export a checked copy, withdraw');

  files
    .command('list')
    .description('original files of a case with their hash and status')
    .option('--case <id>', 'case (default: the only case, or the demo case)')
    .option('--all', 'include withdrawn files')
    .action(async (opts: { case?: string; all?: boolean }) => {
      await withContext({}, async ({ ctx }) => {
        const caseId = await resolveCase(ctx, opts.case);
        for (let offset = 0; ; offset += 500) {
          const page = await listFiles(ctx, operator(), caseId, {
            includeWithdrawn: Boolean(opts.all),
            limit: 500,
            offset,
          });
          for (const f of page.items)
            console.log(
              `${f.id}  ${f.sha256.slice(0, 16)}  ${f.status.padEnd(11)} ${String(f.size).padStart(10)}  ${f.originalName}`,
            );
          if (page.items.length < 500) break;
        }
      });
    });

  files
    .command('show <fileId>')
    .description('a file, its derived files and its custody log')
    .option('--case <id>', 'case (default: the only case, or the demo case)')
    .action(async (fileId: string, opts: { case?: string }) => {
      await withContext({}, async ({ ctx }) => {
        const detail = await fileDetail(ctx, operator(), await resolveCase(ctx, opts.case), fileId);
        console.log(JSON.stringify(detail, null, 2));
      });
    });

  files
    .command('export <fileId> <destination>')
    .description('write a copy of a file after re-checking its hash (recorded in its custody log)')
    .option('--case <id>', 'case (default: the only case, or the demo case)')
    .option('--purpose <text>', 'why the copy is made (kept in the custody log)')
    .action(async (fileId: string, destination: string, opts: { case?: string; purpose?: string }) => {
      if (existsSync(destination))
        throw new ValidationError([
          { field: 'destination', message: `${destination} exists; it is not overwritten` },
        ]);
      await withContext({}, async ({ ctx }) => {
        const caseId = await resolveCase(ctx, opts.case);
        const { file, stream } = await openFile(ctx, operator(), caseId, fileId, 'exported', {
          destination,
          ...(opts.purpose ? { purpose: opts.purpose } : {}),
        });
        await pipeline(stream, createWriteStream(destination, { flags: 'wx' }));
        console.log(`${destination}: ${file.originalName}, sha256 ${file.sha256}`);
      });
    });

  files
    .command('withdraw <fileId>')
    .description('hide a file from lists and exports; its bytes and history are kept')
    .requiredOption('--reason <text>', 'why (kept in the ledger and the custody log)')
    .option('--case <id>', 'case (default: the only case, or the demo case)')
    .action(async (fileId: string, opts: { case?: string; reason: string }) => {
      await withContext({}, async ({ ctx }) => {
        const file = await withdrawFile(
          ctx,
          operator(),
          await resolveCase(ctx, opts.case),
          fileId,
          opts.reason,
        );
        console.log(`${file.id} withdrawn`);
      });
    });
}
