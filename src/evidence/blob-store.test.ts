import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { blobKeys, FsBlobStore } from './blob-store.js';

const dirs: string[] = [];
function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dossier-blobs-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const TESTIMONY = 'شاهد: در مرداد ۱۳۶۷ برادرم را از بند بردند. Witness: my brother was taken in August 1988.';
const sha = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');
const keys = blobKeys(randomBytes(32));

async function text(store: FsBlobStore, sha256: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of store.openRead(sha256) as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

describe('the encrypting blob store', () => {
  it('keeps neither the words nor the hash of a file readable on disk, and gives them back', async () => {
    const store = new FsBlobStore(freshDir(), keys);
    const stored = await store.put(Readable.from([Buffer.from(TESTIMONY)]));
    expect(stored).toEqual({ sha256: sha(TESTIMONY), size: Buffer.byteLength(TESTIMONY), created: true });
    const path = (await store.storedPath(stored.sha256))!;
    expect(path).not.toContain(stored.sha256);
    const onDisk = readFileSync(path);
    expect(onDisk.includes(Buffer.from('Witness'))).toBe(false);
    expect(onDisk.includes(Buffer.from('برادرم'))).toBe(false);
    expect(await text(store, stored.sha256)).toBe(TESTIMONY);
    expect(await store.check(stored.sha256)).toEqual({ status: 'ok', size: stored.size });
    expect((await store.head(stored.sha256, 8)).toString('utf8')).toBe('شاهد');
    // The same bytes again are stored once; a fresh IV does not make them a second blob.
    expect((await store.put(Readable.from([Buffer.from(TESTIMONY)]))).created).toBe(false);
  });

  it('streams a file of several megabytes through in pieces', async () => {
    const store = new FsBlobStore(freshDir(), keys);
    const big = randomBytes(5 * 1024 * 1024 + 7);
    const stored = await store.put(Readable.from([big.subarray(0, 1000), big.subarray(1000)]));
    expect(stored.sha256).toBe(sha(big));
    expect(await store.check(stored.sha256)).toEqual({ status: 'ok', size: big.length });
  });

  it('calls a blob altered when its tag, its body or its length changed, even if the hash would still match', async () => {
    for (const change of ['tag', 'body', 'cut'] as const) {
      const store = new FsBlobStore(freshDir(), keys);
      const { sha256 } = await store.put(Readable.from([Buffer.from(TESTIMONY)]));
      const path = (await store.storedPath(sha256))!;
      chmodSync(path, 0o600);
      const bytes = readFileSync(path);
      if (change === 'tag') bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 0x01;
      if (change === 'body') bytes[30] = bytes[30]! ^ 0x01;
      writeFileSync(path, change === 'cut' ? bytes.subarray(0, bytes.length - 20) : bytes);
      expect((await store.check(sha256)).status).toBe('altered');
      await expect(text(store, sha256)).rejects.toThrow();
    }
  });

  it('hands tools a private plaintext copy and removes it afterwards', async () => {
    const dir = freshDir();
    const store = new FsBlobStore(dir, keys);
    const { sha256 } = await store.put(Readable.from([Buffer.from(TESTIMONY)]));
    let seen = '';
    const size = await store.withLocalFile(sha256, async (path) => {
      seen = path;
      expect(readFileSync(path, 'utf8')).toBe(TESTIMONY);
      return readFileSync(path).length;
    });
    expect(size).toBe(Buffer.byteLength(TESTIMONY));
    expect(existsSync(seen)).toBe(false);
    await expect(
      store.withLocalFile(sha256, () => Promise.reject(new Error('the tool failed'))),
    ).rejects.toThrow('the tool failed');
    expect(readdirSync(join(dir, 'incoming'))).toEqual([]);
  });

  it('sweeps what a dead process left in the staging area whatever its age, but not what a live one is writing', async () => {
    const dir = freshDir();
    const store = new FsBlobStore(dir, keys);
    const incoming = join(dir, 'incoming');
    await mkdir(incoming, { recursive: true });
    // Left a minute ago by a process killed with -9: no such process any more.
    const dead = join(incoming, '999999999-aaaaaaaaaaaa');
    await mkdir(dead);
    writeFileSync(join(dead, 'owner.json'), JSON.stringify({ pid: 999_999_999, host: hostname() }));
    writeFileSync(join(dead, 'plain-x'), TESTIMONY);
    // A loose file from the layout before staging folders, written just now.
    writeFileSync(join(incoming, 'plain-left-by-a-crash'), TESTIMONY);
    // Another live process's upload in progress (this test's parent process stands in for it).
    const live = join(incoming, `${process.ppid}-bbbbbbbbbbbb`);
    await mkdir(live);
    writeFileSync(join(live, 'owner.json'), JSON.stringify({ pid: process.ppid, host: hostname() }));
    writeFileSync(join(live, 'half-an-upload'), 'half an upload');
    // A live process on another host that has not been heard of for an hour.
    const silent = join(incoming, '1-cccccccccccc');
    await mkdir(silent);
    writeFileSync(join(silent, 'owner.json'), JSON.stringify({ pid: 1, host: 'elsewhere' }));
    const hourAgo = new Date(Date.now() - 60 * 60 * 1000);
    utimesSync(join(silent, 'owner.json'), hourAgo, hourAgo);

    expect(await store.sweep()).toBe(3);
    expect(readdirSync(incoming)).toEqual([`${process.ppid}-bbbbbbbbbbbb`]);
    expect(await new FsBlobStore(freshDir(), keys).sweep()).toBe(0);
  });

  it("leaves this process's own uploads in progress alone, and removes their staging folder on every path", async () => {
    const dir = freshDir();
    const store = new FsBlobStore(dir, keys);
    const { sha256 } = await store.put(Readable.from([Buffer.from(TESTIMONY)]));
    let during: string[] = [];
    await store.withLocalFile(sha256, async () => {
      // A second store on the same directory (another context in this process) sweeps meanwhile.
      expect(await new FsBlobStore(dir, keys).sweep()).toBe(0);
      during = readdirSync(join(dir, 'incoming'));
    });
    expect(during).toHaveLength(1);
    const failing = Readable.from(
      (async function* () {
        yield Buffer.from(TESTIMONY);
        throw new Error('the connection dropped');
      })(),
    );
    await expect(store.put(failing)).rejects.toThrow('the connection dropped');
    await expect(store.put(Readable.from([Buffer.alloc(100)]), { maxBytes: 10 })).rejects.toThrow(
      /larger than the limit/,
    );
    expect(readdirSync(join(dir, 'incoming'))).toEqual([]);
  });

  it('lists blobs no file refers to and removes them by name', async () => {
    const store = new FsBlobStore(freshDir(), keys);
    const kept = await store.put(Readable.from([Buffer.from(TESTIMONY)]));
    const orphan = await store.put(Readable.from([Buffer.from('rejected bytes')]));
    const list = async () => {
      const found = [];
      for await (const blob of store.unreferenced(new Set([kept.sha256]))) found.push(blob);
      return found;
    };
    const found = await list();
    expect(found).toEqual([expect.objectContaining({ size: expect.any(Number) })]);
    expect(found[0]!.name).not.toBe(orphan.sha256);
    await store.removeStored(found[0]!.name);
    expect(await list()).toEqual([]);
    expect((await store.check(orphan.sha256)).status).toBe('missing');
    expect((await store.check(kept.sha256)).status).toBe('ok');
  });

  it('still reads blobs written before it had a key, and refuses encrypted ones without the key', async () => {
    const dir = freshDir();
    const legacy = sha('an old plaintext blob');
    await mkdir(join(dir, legacy.slice(0, 2), legacy.slice(2, 4)), { recursive: true });
    writeFileSync(join(dir, legacy.slice(0, 2), legacy.slice(2, 4), legacy), 'an old plaintext blob');
    const store = new FsBlobStore(dir, keys);
    expect(await text(store, legacy)).toBe('an old plaintext blob');
    expect((await store.check(legacy)).status).toBe('ok');
    const { sha256 } = await store.put(Readable.from([Buffer.from(TESTIMONY)]));
    const keyless = new FsBlobStore(dir);
    expect((await keyless.check(sha256)).status).toBe('missing');
    const otherKey = new FsBlobStore(dir, { ...blobKeys(randomBytes(32)), naming: keys.naming });
    expect((await otherKey.check(sha256)).status).toBe('altered');
  });
});
