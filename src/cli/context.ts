import {
  evidenceOptions,
  loadConfig,
  loadFieldKey,
  loadSigningKey,
  storeOptions,
  type Config,
} from '../config.js';
import type { CheckpointSettings } from '../services/checkpoints.js';
import { createServiceContext, type ServiceContext } from '../services/context.js';
import { openStore, storeIsEmpty } from '../storage/index.js';
import type { Actor } from '../auth/index.js';
import { userInfo } from 'node:os';

/** The operator at the command line: already holds the database and the key, so the policy lets it act, and the ledger names it. */
export function operator(): Actor {
  let name = 'operator';
  try {
    name = userInfo().username || name;
  } catch {
    // no passwd entry (containers); keep the generic name
  }
  return { kind: 'system', name: `cli:${name}` };
}

/**
 * Opens the configured store. With `createKey`, a missing field key is created, but only for a store that
 * holds nothing yet: a new key for existing data would leave its protected records unreadable.
 */
export async function openContext(
  options: { createKey?: boolean } = {},
): Promise<{ config: Config; ctx: ServiceContext; close: () => Promise<void> }> {
  const config = loadConfig();
  const store = await openStore(storeOptions(config), {
    onUpgrade: (migrations) =>
      process.stderr.write(
        `upgrading the store (${migrations.join(', ')}); on a large store this may take minutes\n`,
      ),
  });
  try {
    const key = loadFieldKey(config, Boolean(options.createKey) && (await storeIsEmpty(store)));
    return {
      config,
      ctx: createServiceContext(store, key, evidenceOptions(config), {
        requireSecondFactor: config.requireSecondFactor,
      }),
      close: () => store.close(),
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** Runs a command body with the store open, closing it afterwards whatever happens. */
export async function withContext<T>(
  options: { createKey?: boolean },
  body: (c: Awaited<ReturnType<typeof openContext>>) => Promise<T>,
): Promise<T> {
  const opened = await openContext(options);
  try {
    return await body(opened);
  } finally {
    await opened.close();
  }
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** The signing key (created on first use) and the checkpoint file, for the commands that anchor the ledger. */
export function checkpointSettings(config: Config): CheckpointSettings {
  return { key: loadSigningKey(config), file: config.checkpointFile };
}
