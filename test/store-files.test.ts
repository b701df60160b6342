import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCase } from '../src/services/cases.js';
import { createServiceContext } from '../src/services/context.js';
import { openStore } from '../src/storage/index.js';
import { SYSTEM } from './factories.js';

// File modes are SQLite's concern only: PostgreSQL keeps its files itself.
describe('the SQLite store on disk', () => {
  const root = mkdtempSync(join(tmpdir(), 'dossier-modes-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const mode = (path: string) => statSync(path).mode & 0o777;

  it('is readable by its owner only: the data directory 0700, the database and its -wal and -shm 0600', async () => {
    const dataDir = join(root, 'data');
    const path = join(dataDir, 'dossier.sqlite');
    const store = await openStore({ kind: 'sqlite', path });
    try {
      const ctx = createServiceContext(store, Buffer.alloc(32, 1), { blobDir: join(dataDir, 'blobs') });
      await createCase(ctx, SYSTEM, { title: 'Modes', description: '', sensitivity: 'internal' });
      expect(mode(dataDir)).toBe(0o700);
      for (const file of [path, `${path}-wal`, `${path}-shm`])
        expect([file, mode(file)]).toEqual([file, 0o600]);
    } finally {
      await store.close();
    }
  });

  it('tightens the files of a store made before, under a looser umask', async () => {
    const path = join(root, 'old.sqlite');
    const first = await openStore({ kind: 'sqlite', path });
    await first.close();
    writeFileSync(`${path}-wal`, '', { mode: 0o644 });
    chmodSync(path, 0o644);
    chmodSync(`${path}-wal`, 0o644);
    const again = await openStore({ kind: 'sqlite', path });
    await again.close();
    expect(mode(path)).toBe(0o600);
  });
});
