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
import { tmpdir } from 'node:os';
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

  it('sweeps what interrupted work left in the staging area, but not what another process is writing', async () => {
    const dir = freshDir();
    const store = new FsBlobStore(dir, keys);
    await mkdir(join(dir, 'incoming'), { recursive: true });
    const old = join(dir, 'incoming', 'plain-left-by-a-crash');
    const fresh = join(dir, 'incoming', 'upload-in-progress');
    writeFileSync(old, TESTIMONY);
    writeFileSync(fresh, 'half an upload');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    utimesSync(old, twoHoursAgo, twoHoursAgo);
    expect(await store.sweep()).toBe(1);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    expect(await new FsBlobStore(freshDir(), keys).sweep()).toBe(0);
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
