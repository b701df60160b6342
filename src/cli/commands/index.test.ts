import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMAND_MODULES, registerCommands } from './index.js';

const names = (program: Command) => program.commands.map((c) => c.name());

describe('command modules', () => {
  it('name exactly the top-level commands each module registers', async () => {
    for (const module of COMMAND_MODULES) {
      const program = new Command('dossier');
      (await module.load())(program);
      expect(names(program)).toEqual(module.commands);
    }
  });

  it('register only the module of the command asked for, and all of them for help or a typo', async () => {
    const link = new Command('dossier');
    await registerCommands(link, 'link');
    expect(names(link)).toEqual(['link']);
    const keys = new Command('dossier');
    await registerCommands(keys, 'keys');
    expect(names(keys)).toEqual(['verify', 'checkpoint', 'keys', 'gc']);
    for (const asked of [undefined, '--help', 'help', 'lnik']) {
      const all = new Command('dossier');
      await registerCommands(all, asked);
      expect(names(all)).toEqual(COMMAND_MODULES.flatMap((m) => m.commands));
    }
  });
});
