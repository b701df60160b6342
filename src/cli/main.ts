#!/usr/bin/env node
import { Command } from 'commander';
import { ConfigError } from '../config.js';
import { DomainError, ValidationError, ConflictError } from '../domain/errors.js';
import { registerBundle } from './commands/bundle.js';
import { registerCases } from './commands/cases.js';
import { registerEstimate } from './commands/estimate.js';
import { registerFiles } from './commands/files.js';
import { registerIngest } from './commands/ingest.js';
import { registerInit } from './commands/init.js';
import { registerLegal } from './commands/legal.js';
import { registerLink } from './commands/link.js';
import { registerLists } from './commands/lists.js';
import { registerProofs } from './commands/proofs.js';
import { registerSearch } from './commands/search.js';
import { registerServe } from './commands/serve.js';
import { registerTransfer } from './commands/transfer.js';
import { registerUsers } from './commands/users.js';
import { registerVerify } from './commands/verify.js';

const program = new Command('dossier')
  .description('Dossier: evidence and documentation for investigating atrocity crimes')
  .showHelpAfterError();
registerInit(program);
registerServe(program);
registerUsers(program);
registerCases(program);
registerTransfer(program);
registerVerify(program);
registerProofs(program);
registerEstimate(program);
registerLists(program);
registerLink(program);
registerIngest(program);
registerFiles(program);
registerSearch(program);
registerLegal(program);
registerBundle(program);

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
