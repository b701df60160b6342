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
    console.error(`dossier: ${error.message}`);
    if (error instanceof ValidationError || error instanceof ConflictError) {
      for (const p of error.problems) console.error(`  ${p.field}: ${p.message}`);
    }
    process.exit(2);
  }
  throw error;
}
