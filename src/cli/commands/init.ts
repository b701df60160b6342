import type { Command } from 'commander';
import { initInstance } from '../../services/instance.js';
import { loadSigningKey } from '../../config.js';
import { withContext } from '../context.js';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description(
      'prepare a new store: the field key, an administrator with a one-time password, and with --demo the demo case',
    )
    .option('--demo', 'load the demo case "1988 prison massacres (demo)"')
    .option('--admin <username>', 'name of the first administrator', 'admin')
    .action(async (opts: { demo?: boolean; admin: string }) => {
      await withContext({ createKey: true }, async ({ ctx, config }) => {
        const result = await initInstance(ctx, { demo: Boolean(opts.demo), adminUsername: opts.admin });
        console.log(`store: ${ctx.store.location}`);
        console.log(
          `field key: ${config.keyFromEnv ? 'from DOSSIER_FIELD_KEY' : config.keyFile} (back it up apart from the database; without it protected records cannot be read)`,
        );
        const signing = loadSigningKey(config);
        console.log(
          `signing key: ${config.signingKeyFile} (id ${signing.keyId}); "dossier keys show" prints the public key to publish`,
        );
        if (result.admin)
          console.log(
            `administrator "${result.admin.username}", one-time password: ${result.admin.password}`,
          );
        else console.log('an administrator already exists');
        if (result.demoCase)
          console.log(`demo case created: ${result.demoCase.title} (${result.demoCase.id})`);
      });
    });
}
