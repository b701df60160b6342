import type { Command } from 'commander';
import { createUser, setPassword } from '../../services/accounts.js';
import { oneTimePassword } from '../../services/instance.js';
import { resetSecondFactor } from '../../services/second-factor.js';
import { operator, readStdin, withContext } from '../context.js';

export function registerUsers(program: Command): void {
  const user = program.command('user').description('local accounts');
  user
    .command('add <username>')
    .description(
      'add an account; without --password-stdin a one-time password is printed and must be changed at first login',
    )
    .option('--admin', 'instance administrator (may create cases and users)')
    .option('--display-name <name>', 'name shown to others')
    .option('--password-stdin', 'read the password from standard input')
    .action(
      async (username: string, opts: { admin?: boolean; displayName?: string; passwordStdin?: boolean }) => {
        const password = opts.passwordStdin ? await readStdin() : oneTimePassword();
        await withContext({}, async ({ ctx }) => {
          const created = await createUser(ctx, operator(), {
            username,
            password,
            isAdmin: Boolean(opts.admin),
            mustChangePassword: !opts.passwordStdin,
            ...(opts.displayName ? { displayName: opts.displayName } : {}),
          });
          console.log(`user ${created.username} created (${created.id})`);
          if (!opts.passwordStdin) console.log(`one-time password: ${password}`);
        });
      },
    );
  user
    .command('passwd <username>')
    .description(
      'set a password (from standard input with --password-stdin, else a one-time password is printed)',
    )
    .option('--password-stdin', 'read the password from standard input')
    .action(async (username: string, opts: { passwordStdin?: boolean }) => {
      const password = opts.passwordStdin ? await readStdin() : oneTimePassword();
      await withContext({}, async ({ ctx }) => {
        await setPassword(ctx, operator(), username, password, !opts.passwordStdin);
        console.log(`password of ${username} set; their sessions were ended`);
        if (!opts.passwordStdin) console.log(`one-time password: ${password}`);
      });
    });
  user
    .command('reset-second-factor <username>')
    .description(
      "remove a user's second factor (a lost phone) and end their sessions; they log in with the password alone and enrol again where required",
    )
    .action(async (username: string) => {
      await withContext({}, async ({ ctx }) => {
        const removed = await resetSecondFactor(ctx, operator(), username);
        console.log(
          removed
            ? `second factor of ${username} removed; their sessions were ended`
            : `${username} has no second factor; nothing changed`,
        );
      });
    });
}
