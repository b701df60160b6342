/**
 * Content-addressed storage of evidence bytes. A blob is addressed by the SHA-256 of its content, so a blob can
 * only be replaced by itself; the application never modifies or deletes one. `BlobStore` is the seam an
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
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
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
   * Removes what an interrupted upload or tool left in the staging area (a plaintext copy among them), if older
   * than `olderThanMs` (default an hour, so that another process's upload in progress is left alone). Returns
   * how many files it removed.
   */
  sweep(olderThanMs?: number): Promise<number>;
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
  constructor(
    readonly location: string,
    private readonly keys?: BlobKeys,
  ) {}

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
    const incoming = join(this.location, 'incoming');
    await mkdir(incoming, { recursive: true, mode: 0o700 });
    const temporary = join(incoming, randomUUID());
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
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
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
    const incoming = join(this.location, 'incoming');
    await mkdir(incoming, { recursive: true, mode: 0o700 });
    const temporary = join(incoming, `plain-${randomUUID()}`);
    try {
      await pipeline(this.openRead(sha256), createWriteStream(temporary, { mode: 0o600, flags: 'wx' }));
      return await use(temporary);
    } finally {
      await rm(temporary, { force: true });
    }
  }

  async sweep(olderThanMs = 60 * 60 * 1000): Promise<number> {
    const incoming = join(this.location, 'incoming');
    let names: string[];
    try {
      names = await readdir(incoming);
    } catch {
      return 0;
    }
    let removed = 0;
    for (const name of names) {
      const path = join(incoming, name);
      const { mtimeMs } = await stat(path);
      if (Date.now() - mtimeMs < olderThanMs) continue;
      await rm(path, { force: true });
      removed++;
    }
    return removed;
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
