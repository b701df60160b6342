/**
 * Content-addressed storage of evidence bytes. A blob's name is the SHA-256 of its content, so a blob can
 * only be replaced by itself; the application never modifies or deletes one. `BlobStore` is the seam an
 * S3-compatible store can implement; `FsBlobStore` keeps blobs under a directory (`./data/blobs` by default).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
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
  | { status: 'altered'; actualSha256: string; size: number };

export interface BlobStore {
  /** Where the blobs live, for messages (no credentials). */
  readonly location: string;
  /** Stores a stream's bytes, hashing them on the way; never holds the whole content in memory. */
  put(source: Readable | AsyncIterable<Uint8Array>, options?: { maxBytes?: number }): Promise<StoredBlob>;
  /** Re-hashes the stored bytes and compares them with the name they are stored under. */
  check(sha256: string): Promise<BlobCheck>;
  /** The stored bytes, as they are (callers check first: see `services/evidence.ts`). */
  openRead(sha256: string): Readable;
  /** A local file holding the bytes, for tools that need a path (pdftotext, tesseract). */
  localPath(sha256: string): Promise<string>;
}

/** The content was larger than the configured limit; nothing was kept. */
export class BlobTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the file is larger than the limit of ${limit} bytes`);
  }
}

const SHA256 = /^[0-9a-f]{64}$/;

export class FsBlobStore implements BlobStore {
  constructor(readonly location: string) {}

  private pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256 digest: ${sha256}`);
    return join(this.location, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
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
      await pipeline(source, meter, createWriteStream(temporary, { mode: 0o600, flags: 'wx' }));
      await syncFile(temporary);
      const sha256 = hash.digest('hex');
      const target = this.pathOf(sha256);
      if (await exists(target)) {
        await rm(temporary, { force: true });
        return { sha256, size, created: false };
      }
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
    const path = this.pathOf(sha256);
    if (!(await exists(path))) return { status: 'missing' };
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
      size += chunk.length;
      hash.update(chunk);
    }
    const actualSha256 = hash.digest('hex');
    return actualSha256 === sha256 ? { status: 'ok', size } : { status: 'altered', actualSha256, size };
  }

  openRead(sha256: string): Readable {
    return createReadStream(this.pathOf(sha256));
  }

  async localPath(sha256: string): Promise<string> {
    return this.pathOf(sha256);
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
