import type { Command } from 'commander';
import { caseInputSchema } from '../../domain/records/case.js';
import { roleSchema } from '../../domain/records/membership.js';
import { ValidationError } from '../../domain/errors.js';
import { findUserByName } from '../../services/accounts.js';
import { addMemberById, createCase, listCases } from '../../services/cases.js';
import { operator, withContext } from '../context.js';

export function registerCases(program: Command): void {
  const cases = program.command('case').description('cases');
  cases
    .command('create <title>')
    .description('create a case')
    .option('--description <text>', 'what the case is about', '')
    .option('--sensitivity <label>', 'public, internal, confidential or protected', 'internal')
    .option('--owner <username>', 'make this user the owner (with the protected grant)')
    .action(async (title: string, opts: { description: string; sensitivity: string; owner?: string }) => {
      const parsed = caseInputSchema.safeParse({
        title,
        description: opts.description,
        sensitivity: opts.sensitivity,
      });
      if (!parsed.success)
        throw new ValidationError(
          parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
        );
      await withContext({}, async ({ ctx }) => {
        const owner = opts.owner ? await findUserByName(ctx, opts.owner) : undefined;
        if (opts.owner && !owner)
          throw new ValidationError([{ field: 'owner', message: `no user ${opts.owner}` }]);
        const created = await createCase(ctx, operator(), parsed.data);
        if (owner) await addMemberById(ctx, operator(), created.id, owner.id, 'owner', true);
        console.log(created.id);
      });
    });
  cases
    .command('list')
    .description('list every case')
    .action(async () => {
      await withContext({}, async ({ ctx }) => {
        for (const c of await listCases(ctx, operator()))
          console.log(`${c.id}\t${c.sensitivity}\t${c.title}`);
      });
    });

  program
    .command('member')
    .description('case memberships')
    .command('add <caseId> <username>')
    .description('give a user a role in a case')
    .requiredOption('--role <role>', 'owner, investigator, analyst or viewer')
    .option('--protected', 'grant access to protected records (witness and family identities)')
    .action(async (caseId: string, username: string, opts: { role: string; protected?: boolean }) => {
      const role = roleSchema.safeParse(opts.role);
      if (!role.success)
        throw new ValidationError([{ field: 'role', message: 'owner, investigator, analyst or viewer' }]);
      await withContext({}, async ({ ctx }) => {
        const user = await findUserByName(ctx, username);
        if (!user) throw new ValidationError([{ field: 'username', message: `no user ${username}` }]);
        const membership = await addMemberById(
          ctx,
          operator(),
          caseId,
          user.id,
          role.data,
          Boolean(opts.protected),
        );
        console.log(membership.id);
      });
    });
}
