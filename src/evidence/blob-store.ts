/**
 * Content-addressed storage of evidence bytes. A blob is addressed by the SHA-256 of its content, so a blob can
 * only be replaced by itself; the application never modifies one, and removes one only when no file row refers
 * to it (a rejected upload, `dossier gc`). `BlobStore` is the seam an
 * S3-compatible store can implement; `FsBlobStore` keeps blobs under a directory (`./data/blobs` by default).
 *
 * With a key (the instance's, see `services/context.ts`), `FsBlobStore` encrypts what it stores: a testimony or
 * a photograph on a seized disk must not name its witness. Each blob is AES-256-GCM under a fresh random IV
 * (`DSBLOB1` header, IV, ciphertext, tag), and its file is named by an HMAC of its hash, so that someone holding
 * the disk and a copy of a known document cannot tell whether the store holds it. The SHA-256 of the plaintext
 * stays the address the application uses and checks; a changed byte anywhere fails the tag or the hash. Blobs
 * written without a key (stores from before) are still read as they are.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  randomUUID,
} from 'node:crypto';
import { createReadStream, createWriteStream, type Dirent } from 'node:fs';
import { chmod, mkdir, open, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface StoredBlob {
  sha256: string;
  size: number;
  /** False when identical bytes were already stored. */
  created: boolean;
}

export type BlobCheck =
  | { status: 'ok'; size: number }
  | { status: 'missing' }
  /** `actualSha256` of what could be read; an encrypted blob whose tag fails is altered even if it matches. */
  | { status: 'altered'; actualSha256: string; size: number };

export interface BlobStore {
  /** Where the blobs live, for messages (no credentials). */
  readonly location: string;
  /** Stores a stream's bytes, hashing them on the way; never holds the whole content in memory. */
  put(source: Readable | AsyncIterable<Uint8Array>, options?: { maxBytes?: number }): Promise<StoredBlob>;
  /** Re-hashes the stored bytes and compares them with the name they are stored under. */
  check(sha256: string): Promise<BlobCheck>;
  /** The stored bytes, decrypted if need be (callers check first: see `services/files.ts`). */
  openRead(sha256: string): Readable;
  /** The first `length` bytes (fewer if the blob is shorter), to tell a file's type. */
  head(sha256: string, length: number): Promise<Buffer>;
  /**
   * Runs `use` with a local file holding the bytes, for tools that need a path (pdftotext, tesseract). An
   * encrypted blob is decrypted into a private temporary file (mode 0600, beside the store) that is removed
   * when `use` settles.
   */
  withLocalFile<T>(sha256: string, use: (path: string) => Promise<T>): Promise<T>;
  /**
   * Removes what interrupted work left in the staging area (a plaintext copy among them): every file or folder
   * there that belongs to no live process, whatever its age. A live process's uploads in progress are left
   * alone (see `FsBlobStore`). Returns how many entries it removed.
   */
  sweep(): Promise<number>;
  /**
   * Removes the blob stored for `sha256` (the bytes of a rejected upload that nothing refers to). The
   * caller makes sure no file row refers to it.
   */
  remove(sha256: string): Promise<void>;
  /** Every stored blob whose hash is not in `referenced`: what no file row refers to. */
  unreferenced(referenced: ReadonlySet<string>): AsyncIterable<UnreferencedBlob>;
  /** Removes an unreferenced blob by the name `unreferenced` gave it. */
  removeStored(name: string): Promise<void>;
}

/** A stored blob that no file row refers to, named as it is on disk (the HMAC of its hash when keyed). */
export interface UnreferencedBlob {
  name: string;
  size: number;
  modifiedAt: string;
}

/** The content was larger than the configured limit; nothing was kept. */
export class BlobTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the file is larger than the limit of ${limit} bytes`);
  }
}

const SHA256 = /^[0-9a-f]{64}$/;
const MAGIC = Buffer.from('DSBLOB1\n', 'ascii');
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = MAGIC.length + IV_BYTES;

/** Keys of an encrypting store: one encrypts the bytes, the other names the files. */
export interface BlobKeys {
  encryption: Buffer;
  naming: Buffer;
}

/** The evidence store's keys, derived from the instance key (one key to keep, as for protected fields). */
export function blobKeys(instanceKey: Buffer): BlobKeys {
  const derive = (purpose: string) =>
    Buffer.from(hkdfSync('sha256', instanceKey, Buffer.alloc(0), `dossier evidence ${purpose}`, 32));
  return { encryption: derive('encryption'), naming: derive('file names') };
}

export class FsBlobStore implements BlobStore {
  private readonly staging: Staging;

  constructor(
    readonly location: string,
    private readonly keys?: BlobKeys,
  ) {
    this.staging = new Staging(join(location, 'incoming'));
  }

  /** Where a blob written now goes: named by the HMAC of its hash with a key, by the hash itself without. */
  private pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256 digest: ${sha256}`);
    const name = this.keys ? createHmac('sha256', this.keys.naming).update(sha256).digest('hex') : sha256;
    return join(this.location, name.slice(0, 2), name.slice(2, 4), name);
  }

  /** Where a blob is stored: its keyed name, else (written before there was a key) its hash; null if neither. */
  async storedPath(sha256: string): Promise<string | null> {
    const path = this.pathOf(sha256);
    if (await exists(path)) return path;
    if (this.keys) {
      const legacy = join(this.location, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
      if (await exists(legacy)) return legacy;
    }
    return null;
  }

  async put(
    source: Readable | AsyncIterable<Uint8Array>,
    options: { maxBytes?: number } = {},
  ): Promise<StoredBlob> {
    const temporary = join(await this.staging.acquire(), randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    const limit = options.maxBytes ?? Number.POSITIVE_INFINITY;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > limit) return done(new BlobTooLargeError(limit));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      const out = createWriteStream(temporary, { mode: 0o600, flags: 'wx' });
      if (this.keys) await pipeline(source, meter, encrypting(this.keys.encryption), out);
      else await pipeline(source, meter, out);
      await syncFile(temporary);
      const sha256 = hash.digest('hex');
      if ((await this.storedPath(sha256)) !== null) {
        await rm(temporary, { force: true });
        return { sha256, size, created: false };
      }
      const target = this.pathOf(sha256);
      await mkdir(join(target, '..'), { recursive: true, mode: 0o700 });
      await chmod(temporary, 0o400);
      await rename(temporary, target);
      await syncFile(join(target, '..'));
      return { sha256, size, created: true };
    } finally {
      // Gone after the rename; on every other path (a failed stream, a full disk, a limit) removed here.
      await rm(temporary, { force: true });
      await this.staging.release();
    }
  }

  async check(sha256: string): Promise<BlobCheck> {
    if ((await this.storedPath(sha256)) === null) return { status: 'missing' };
    const hash = createHash('sha256');
    let size = 0;
    let readable = true;
    try {
      for await (const chunk of this.openRead(sha256) as AsyncIterable<Buffer>) {
        size += chunk.length;
        hash.update(chunk);
      }
    } catch {
      // A failed tag, a cut file or a broken header: the stored bytes are not what was stored.
      readable = false;
    }
    const actualSha256 = hash.digest('hex');
    return readable && actualSha256 === sha256
      ? { status: 'ok', size }
      : { status: 'altered', actualSha256, size };
  }

  openRead(sha256: string): Readable {
    return Readable.from(this.read(sha256));
  }

  async head(sha256: string, length: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    let size = 0;
    // Leaving the loop early closes the file: only the first chunks are read and decrypted.
    for await (const chunk of this.read(sha256)) {
      parts.push(chunk);
      size += chunk.length;
      if (size >= length) break;
    }
    return Buffer.concat(parts).subarray(0, length);
  }

  private async *read(sha256: string): AsyncGenerator<Buffer> {
    const path = await this.storedPath(sha256);
    if (path === null) throw new Error(`no blob ${sha256} in ${this.location}`);
    const head = await readStart(path, HEADER_BYTES);
    if (!head.subarray(0, MAGIC.length).equals(MAGIC)) {
      yield* createReadStream(path) as AsyncIterable<Buffer>;
      return;
    }
    if (!this.keys) throw new Error(`blob ${sha256} is encrypted and this store has no key`);
    const { size } = await stat(path);
    if (size < HEADER_BYTES + TAG_BYTES) throw new Error(`blob ${sha256} is cut short`);
    const decipher = createDecipheriv('aes-256-gcm', this.keys.encryption, head.subarray(MAGIC.length));
    decipher.setAuthTag(await readRange(path, size - TAG_BYTES, TAG_BYTES));
    const body = createReadStream(path, { start: HEADER_BYTES, end: size - TAG_BYTES - 1 });
    for await (const chunk of body as AsyncIterable<Buffer>) {
      const plain = decipher.update(chunk);
      if (plain.length > 0) yield plain;
    }
    const rest = decipher.final();
    if (rest.length > 0) yield rest;
  }

  async withLocalFile<T>(sha256: string, use: (path: string) => Promise<T>): Promise<T> {
    const path = await this.storedPath(sha256);
    if (path !== null && !(await readStart(path, MAGIC.length)).equals(MAGIC)) return use(path);
    const temporary = join(await this.staging.acquire(), `plain-${randomUUID()}`);
    try {
      await pipeline(this.openRead(sha256), createWriteStream(temporary, { mode: 0o600, flags: 'wx' }));
      return await use(temporary);
    } finally {
      await rm(temporary, { force: true });
      await this.staging.release();
    }
  }

  async sweep(): Promise<number> {
    const incoming = join(this.location, 'incoming');
    let entries: Dirent[];
    try {
      entries = await readdir(incoming, { withFileTypes: true });
    } catch {
      return 0;
    }
    let removed = 0;
    for (const entry of entries) {
      const path = join(incoming, entry.name);
      if (LIVE_STAGING.has(path)) continue;
      // A loose file is from the layout before staging folders, or debris: no live process writes there.
      if (entry.isDirectory() && !(await abandoned(path))) continue;
      await rm(path, { recursive: true, force: true });
      removed++;
    }
    return removed;
  }

  async remove(sha256: string): Promise<void> {
    const path = await this.storedPath(sha256);
    if (path !== null) await rm(path, { force: true });
  }

  async *unreferenced(referenced: ReadonlySet<string>): AsyncIterable<UnreferencedBlob> {
    const known = new Set<string>();
    for (const sha256 of referenced) {
      if (!SHA256.test(sha256)) continue;
      known.add(sha256);
      known.add(basename(this.pathOf(sha256)));
    }
    for (const first of await subfolders(this.location)) {
      if (first === 'incoming') continue;
      for (const second of await subfolders(join(this.location, first))) {
        const folder = join(this.location, first, second);
        for (const name of (await readdir(folder)).sort()) {
          if (known.has(name)) continue;
          const info = await stat(join(folder, name));
          if (!info.isFile()) continue;
          yield { name, size: info.size, modifiedAt: info.mtime.toISOString() };
        }
      }
    }
  }

  async removeStored(name: string): Promise<void> {
    if (!SHA256.test(name)) throw new Error(`not a blob name: ${name}`);
    await rm(join(this.location, name.slice(0, 2), name.slice(2, 4), name), { force: true });
  }
}

/** Staging folders of this process in use now, by path (several stores may share one directory). */
const LIVE_STAGING = new Set<string>();
/** A live process's folder is touched this often while it holds a file ... */
const HEARTBEAT_MS = 60 * 1000;
/** ... so a folder untouched for this long belongs to a process that is gone or hung. */
const STALE_STAGING_MS = 10 * 60 * 1000;
const OWNER_FILE = 'owner.json';

/**
 * The staging folder of one store in this process: `incoming/<pid>-<random>/` with an owner file naming the
 * process and the host. It exists only while an upload or a tool's copy is in progress: the first user creates
 * it, the last one removes it; meanwhile a timer touches the owner file. Another process's sweep removes a
 * folder whose owner is gone (same host, no such process) or silent for ten minutes, and nothing else.
 */
class Staging {
  private folder: Promise<string> | null = null;
  private active = 0;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(private readonly incoming: string) {}

  async acquire(): Promise<string> {
    this.active++;
    try {
      this.folder ??= this.create();
      return await this.folder;
    } catch (error) {
      this.folder = null;
      await this.release();
      throw error;
    }
  }

  async release(): Promise<void> {
    this.active--;
    if (this.active > 0 || this.folder === null) return;
    const folder = this.folder;
    this.folder = null;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    const path = await folder.catch(() => null);
    if (path === null) return;
    LIVE_STAGING.delete(path);
    await rm(path, { recursive: true, force: true });
  }

  private async create(): Promise<string> {
    await mkdir(this.incoming, { recursive: true, mode: 0o700 });
    const path = join(this.incoming, `${process.pid}-${randomBytes(6).toString('hex')}`);
    LIVE_STAGING.add(path);
    await mkdir(path, { mode: 0o700 });
    const owner = join(path, OWNER_FILE);
    await writeFile(owner, JSON.stringify({ pid: process.pid, host: hostname() }), { mode: 0o600 });
    this.heartbeat = setInterval(() => {
      const now = new Date();
      utimes(owner, now, now).catch(() => undefined);
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
    return path;
  }
}

/** True when no live process owns a staging folder: its owner died on this host, or fell silent. */
async function abandoned(folder: string): Promise<boolean> {
  let owner: { pid?: unknown; host?: unknown };
  let touched: number;
  try {
    const path = join(folder, OWNER_FILE);
    touched = (await stat(path)).mtimeMs;
    owner = JSON.parse(await readFile(path, 'utf8')) as typeof owner;
  } catch {
    // No owner file (yet): a folder being created, or a crash in between. Only age tells.
    const info = await stat(folder).catch(() => null);
    return info === null || Date.now() - info.mtimeMs > STALE_STAGING_MS;
  }
  if (Date.now() - touched > STALE_STAGING_MS) return true;
  if (owner.host !== hostname() || typeof owner.pid !== 'number') return false;
  // Our own pid on a folder that is not one of ours: an earlier process that had it (a container's pid 1).
  if (owner.pid === process.pid) return true;
  return !processAlive(owner.pid);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function subfolders(path: string): Promise<string[]> {
  try {
    return (await readdir(path, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

/** The encrypting stage of `put`: header and IV first, then the ciphertext, then the tag. */
function encrypting(key: Buffer): Transform {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  let started = false;
  const header = (stream: Transform) => {
    if (!started) stream.push(Buffer.concat([MAGIC, iv]));
    started = true;
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      header(this);
      done(null, cipher.update(chunk));
    },
    flush(done) {
      header(this);
      this.push(cipher.final());
      done(null, cipher.getAuthTag());
    },
  });
}

async function readStart(path: string, length: number): Promise<Buffer> {
  return readRange(path, 0, length);
}

async function readRange(path: string, position: number, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Flushes a file (or a directory entry) to the disk, so that an acknowledged upload survives a power cut. */
async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
