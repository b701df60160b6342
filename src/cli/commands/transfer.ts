import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { sensitivitySchema } from '../../domain/sensitivity.js';
import { ValidationError } from '../../domain/errors.js';
import { exportCase, importCase } from '../../services/transfer.js';
import { operator, withContext } from '../context.js';

export function registerTransfer(program: Command): void {
  program
    .command('export <caseId>')
    .description(
      'write a whole case as JSON lines (to standard output, or --out FILE); includes protected records in clear unless limited',
    )
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--max-sensitivity <label>', 'leave out records above this label', 'protected')
    .action(async (caseId: string, opts: { out?: string; maxSensitivity: string }) => {
      const max = sensitivitySchema.safeParse(opts.maxSensitivity);
      if (!max.success)
        throw new ValidationError([
          { field: 'max-sensitivity', message: 'public, internal, confidential or protected' },
        ]);
      await withContext({}, async ({ ctx }) => {
        const out = opts.out ? createWriteStream(opts.out, { mode: 0o600 }) : process.stdout;
        for await (const line of exportCase(ctx, operator(), caseId, { maxSensitivity: max.data })) {
          if (!out.write(line + '\n')) await once(out, 'drain');
        }
        if (opts.out) {
          out.end();
          await once(out, 'finish');
          if (max.data === 'protected')
            console.error(`${opts.out}: contains protected identities in clear — keep it encrypted`);
        }
      });
    });

  program
    .command('import <file>')
    .description('import a case exported with "dossier export" into this store (all or nothing)')
    .option(
      '--map-members',
      "give existing accounts with a member's username the role (and protected grant) the file names",
    )
    .action(async (file: string, opts: { mapMembers?: boolean }) => {
      // Importing into a new, empty store (a restore) creates its field key like init does.
      await withContext({ createKey: true }, async ({ ctx }) => {
        const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
        const summary = await importCase(ctx, operator(), lines, { mapMembers: Boolean(opts.mapMembers) });
        console.log(
          `imported case ${summary.caseId}: ${summary.records} records, ${summary.members} members`,
        );
        if (summary.mappedUsers.length)
          console.log(
            `existing accounts given the roles the file names (--map-members): ${summary.mappedUsers.join(', ')}`,
          );
        if (summary.createdUsers.length)
          console.log(
            `accounts created without password (set one with "dossier user passwd"): ${summary.createdUsers.join(', ')}`,
          );
      });
    });
}
