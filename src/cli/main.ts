#!/usr/bin/env node
import { Command } from 'commander';
import { ConfigError } from '../config.js';
import { DomainError, ValidationError, ConflictError } from '../domain/errors.js';
import { registerCommands } from './commands/index.js';

const program = new Command('dossier')
  .description('Dossier: evidence and documentation for investigating atrocity crimes')
  .showHelpAfterError();
await registerCommands(program, process.argv[2]);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof DomainError || error instanceof ConfigError) {
    const problems =
      error instanceof ValidationError || error instanceof ConflictError
        ? error.problems.map((p) => `${p.field}: ${p.message}`)
        : [];
    // A message that only repeats its problems is not printed twice: one problem is the message itself.
    if (problems.length === 1 && error.message === problems[0]) console.error(`dossier: ${problems[0]}`);
    else {
      console.error(
        `dossier: ${error.message === problems.join('; ') ? `${problems.length} problems` : error.message}`,
      );
      for (const p of problems) console.error(`  ${p}`);
    }
    process.exit(2);
  }
  throw error;
}
