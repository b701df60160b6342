import type { Command } from 'commander';

type Register = (program: Command) => void;

/**
 * The command modules in the order `dossier --help` lists them, each with the top-level commands it registers.
 * A run loads only the module of the command it was asked for: each module pulls in its own services (the web
 * server, the bundle's PDF printing, extraction), and loading all of them for every command cost seconds.
 */
export const COMMAND_MODULES: ReadonlyArray<{ commands: readonly string[]; load: () => Promise<Register> }> =
  [
    { commands: ['init'], load: async () => (await import('./init.js')).registerInit },
    { commands: ['serve'], load: async () => (await import('./serve.js')).registerServe },
    { commands: ['user'], load: async () => (await import('./users.js')).registerUsers },
    { commands: ['case', 'member'], load: async () => (await import('./cases.js')).registerCases },
    { commands: ['export', 'import'], load: async () => (await import('./transfer.js')).registerTransfer },
    {
      commands: ['verify', 'checkpoint', 'keys', 'gc'],
      load: async () => (await import('./verify.js')).registerVerify,
    },
    { commands: ['proof'], load: async () => (await import('./proofs.js')).registerProofs },
    { commands: ['estimate'], load: async () => (await import('./estimate.js')).registerEstimate },
    { commands: ['lists'], load: async () => (await import('./lists.js')).registerLists },
    { commands: ['link'], load: async () => (await import('./link.js')).registerLink },
    { commands: ['ingest'], load: async () => (await import('./ingest.js')).registerIngest },
    { commands: ['files'], load: async () => (await import('./files.js')).registerFiles },
    { commands: ['search', 'reindex'], load: async () => (await import('./search.js')).registerSearch },
    { commands: ['legal'], load: async () => (await import('./legal.js')).registerLegal },
    { commands: ['bundle'], load: async () => (await import('./bundle.js')).registerBundle },
  ];

/**
 * Registers the module of `asked` (the first argument) on `program`, or every module when the first argument
 * names no command (help, a typo: commander then lists them all or suggests one).
 */
export async function registerCommands(program: Command, asked: string | undefined): Promise<void> {
  const own = COMMAND_MODULES.find((m) => asked !== undefined && m.commands.includes(asked));
  for (const module of own ? [own] : COMMAND_MODULES) (await module.load())(program);
}
