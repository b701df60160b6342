/**
 * `kill -9` under writes, as the probe did: the real server (the built CLI) takes record writes and uploads of
 * a protected testimony, and is killed without warning at a random moment, again and again. After each
 * restart every write it acknowledged is there, `dossier verify` finds the ledger whole, and no clear text of
 * an upload is left in the staging area. On both databases (PostgreSQL: a database of its own, dropped after).
 * Needs `dist/` (the test command builds first).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, TEST_DATABASE_URL } from '../stores.js';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
const PASSWORD = 'a long crash-test password';
const SECRET = 'Crashcanary testimony of a protected witness';
const ROUNDS = 5;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/** Every file under `dir`, with its bytes. */
function filesUnder(dir: string): Array<{ path: string; bytes: Buffer }> {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((f) => f.isFile())
      .map((f) => join(f.parentPath, f.name))
      .filter((p) => statSync(p).isFile())
      .map((path) => ({ path, bytes: readFileSync(path) }));
  } catch {
    return [];
  }
}

/** The ids of the people stored, read behind the server's back. */
async function storedPeople(dialect: string, dir: string, url: string): Promise<Set<string>> {
  if (dialect === 'sqlite') {
    const db = new Database(join(dir, 'dossier.sqlite'), { readonly: true });
    try {
      return new Set((db.prepare('select id from people').all() as Array<{ id: string }>).map((r) => r.id));
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return new Set((await client.query<{ id: string }>('select id from people')).rows.map((r) => r.id));
  } finally {
    await client.end();
  }
}

describe.each(DIALECTS)('kill -9 under writes (%s, the built server)', (dialect) => {
  const dir = mkdtempSync(join(tmpdir(), 'dossier-crash-'));
  const database = `crash_${process.pid}_${Date.now()}`;
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${database}`;
  // The writer holds the protected grant; enrolling a second factor is another test's business.
  const env = {
    ...process.env,
    DOSSIER_DATA_DIR: dir,
    DATABASE_URL: dialect === 'postgres' ? url.href : '',
    DOSSIER_COOKIE_SECURE: 'false',
    DOSSIER_REQUIRE_TOTP: 'off',
  };
  let caseId = '';
  let server: ChildProcess | undefined;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    if (dialect === 'postgres') await admin(`create database ${database}`);
    await run('node', [CLI, 'init'], { env });
    const add = run('node', [CLI, 'user', 'add', 'writer', '--password-stdin'], { env });
    add.child.stdin!.end(`${PASSWORD}\n`);
    await add;
    const created = await run('node', [CLI, 'case', 'create', 'Crash case', '--sensitivity', 'internal'], {
      env,
    });
    caseId = /[0-9a-f]{8}-[0-9a-f-]{27}/.exec(created.stdout)![0];
    await run('node', [CLI, 'member', 'add', caseId, 'writer', '--role', 'investigator', '--protected'], {
      env,
    });
  }, 120_000);
  afterAll(async () => {
    server?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    if (dialect === 'postgres') await admin(`drop database if exists ${database} with (force)`);
  });

  async function start(): Promise<string> {
    const port = await freePort();
    server = spawn('node', [CLI, 'serve', '--port', String(port)], { env, stdio: 'ignore' });
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 200; i++) {
      try {
        if ((await fetch(`${base}/api/auth/me`)).ok) return base;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the server did not start');
  }

  it('keeps every acknowledged write, a whole ledger and no clear text in staging', async () => {
    const acknowledged: string[] = [];
    const refused = new Set<string>();
    for (let round = 0; round < ROUNDS; round++) {
      const base = await start();
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'writer', password: PASSWORD }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const before = acknowledged.length;
      const writer = (async () => {
        for (let i = 0; ; i++) {
          const response = await fetch(`${base}/api/cases/${caseId}/people`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie },
            body: JSON.stringify({
              names: [{ text: `Person ${round}-${i}`, script: 'latin', kind: 'birth' }],
              sensitivity: 'internal',
            }),
          });
          if (response.status === 201) acknowledged.push(((await response.json()) as { id: string }).id);
          else refused.add(`${response.status} ${(await response.text()).slice(0, 200)}`);
        }
      })().catch(() => undefined);
      const uploader = (async () => {
        for (let i = 0; ; i++) {
          await fetch(`${base}/api/cases/${caseId}/files?name=t${round}-${i}.txt&sensitivity=protected`, {
            method: 'POST',
            headers: { 'content-type': 'application/octet-stream', cookie },
            body: `${SECRET} ${round}-${i}\n`.repeat(2000),
          });
        }
      })().catch(() => undefined);
      // Killed at a random moment once this round has written something (however slow the machine is).
      for (let waited = 0; acknowledged.length === before && waited < 40_000; waited += 50) {
        if (refused.size > 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect([...refused]).toEqual([]);
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 700)));
      server!.kill('SIGKILL');
      await new Promise((r) => server!.once('exit', r));
      await Promise.all([writer, uploader]);
    }
    // A last start sweeps what the last kill left behind, then stops cleanly.
    await start();
    server!.kill('SIGTERM');
    await new Promise((r) => server!.once('exit', r));

    expect(acknowledged.length).toBeGreaterThan(0);
    const stored = await storedPeople(dialect, dir, url.href);
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    // An upload killed between storing its bytes and writing its file leaves an encrypted blob no file names:
    // verify reports it, gc collects it, and then the store verifies whole.
    const verify = () =>
      run('node', [CLI, 'verify', '--json'], { env }).catch((error: { stdout: string }) => error);
    const first = JSON.parse((await verify()).stdout) as { problems: Array<{ kind: string }> };
    expect(first.problems.filter((p) => p.kind !== 'blob_unreferenced')).toEqual([]);
    await run('node', [CLI, 'gc', '--min-age-hours', '0'], { env });
    expect((await verify()).stdout).toContain('"ok": true');
    const staging = filesUnder(join(dir, 'blobs', 'incoming'));
    expect(staging.filter((f) => f.bytes.toString('utf8').includes('Crashcanary'))).toEqual([]);
    for (const f of filesUnder(join(dir, 'blobs')))
      expect(f.bytes.toString('utf8').includes('Crashcanary'), f.path).toBe(false);
  }, 240_000);
});
