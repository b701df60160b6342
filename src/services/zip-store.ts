/**
 * A zip archive of a folder's files, stored without compression (evidence is mostly compressed already, and a
 * stored archive reads back byte for byte with any unzip). Entries are written in the order given, with a fixed
 * date (1980-01-01) so the same folder makes the same archive. Zip64 (APPNOTE 6.3, section 4.5.3) is used for an
 * entry whose size or position passes 4 GiB, and for the archive's end when it has more than 65,535 entries or
 * its directory lies past 4 GiB; a smaller archive is plain zip, which every reader takes.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';

/** Sizes and offsets at or above this are written in a Zip64 extra field (the 32-bit field holds this value). */
const LIMIT = 0xffff_ffff;
const MAX_ENTRIES = 0xffff;
const ZIP64_VERSION = 45;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (the zip and PNG polynomial) of a file, streamed. */
async function crc32Of(path: string): Promise<number> {
  let crc = 0xffffffff;
  for await (const chunk of createReadStream(path)) {
    for (const byte of chunk as Buffer) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
const UTF8_NAMES = 0x0800;

export interface ZipOptions {
  /** Write every entry and the end in Zip64 form even when small (to test readers against it). */
  zip64?: boolean;
}

/** The Zip64 extra field (id 0x0001) holding the given 64-bit values, in the order the format asks for. */
function zip64Extra(values: number[]): Buffer {
  const extra = Buffer.alloc(4 + 8 * values.length);
  extra.writeUInt16LE(0x0001, 0);
  extra.writeUInt16LE(8 * values.length, 2);
  values.forEach((v, i) => extra.writeBigUInt64LE(BigInt(v), 4 + 8 * i));
  return extra;
}

/** Writes `out` holding the files at the given paths (relative to `dir`, with `/`). */
export async function zipFolder(
  dir: string,
  paths: readonly string[],
  out: string,
  options: ZipOptions = {},
): Promise<void> {
  // Written beside its place and renamed when whole, so that a zip under its own name is always complete.
  const partial = `${out}.partial`;
  const sink = createWriteStream(partial, { mode: 0o600 });
  let offset = 0;
  const write = async (data: Buffer) => {
    if (!sink.write(data)) await once(sink, 'drain');
    offset += data.length;
  };
  const central: Buffer[] = [];
  let anyZip64 = false;
  for (const path of paths) {
    const full = join(dir, path);
    const size = (await stat(full)).size;
    const crc = await crc32Of(full);
    const name = Buffer.from(path, 'utf8');
    const big = options.zip64 === true || size >= LIMIT || offset >= LIMIT;
    anyZip64 ||= big;
    const version = big ? ZIP64_VERSION : 20;
    const localExtra = big ? zip64Extra([size, size]) : Buffer.alloc(0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(version, 4);
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(big ? LIMIT : size, 18);
    local.writeUInt32LE(big ? LIMIT : size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(localExtra.length, 28);
    const centralExtra = big ? zip64Extra([size, size, offset]) : Buffer.alloc(0);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(version, 4);
    entry.writeUInt16LE(version, 6);
    entry.writeUInt16LE(UTF8_NAMES, 8);
    entry.writeUInt16LE(0, 10);
    entry.writeUInt16LE(0, 12);
    entry.writeUInt16LE(DOS_DATE, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(big ? LIMIT : size, 20);
    entry.writeUInt32LE(big ? LIMIT : size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt16LE(centralExtra.length, 30);
    entry.writeUInt32LE(big ? LIMIT : offset, 42);
    central.push(entry, name, centralExtra);
    await write(local);
    await write(name);
    await write(localExtra);
    for await (const chunk of createReadStream(full)) await write(chunk as Buffer);
  }
  const directory = Buffer.concat(central);
  const directoryAt = offset;
  const zip64End =
    anyZip64 || paths.length > MAX_ENTRIES || directoryAt >= LIMIT || directory.length >= LIMIT;
  await write(directory);
  if (zip64End) {
    const endAt = offset;
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4); // the record's size after this field
    record.writeUInt16LE(ZIP64_VERSION, 12);
    record.writeUInt16LE(ZIP64_VERSION, 14);
    record.writeBigUInt64LE(BigInt(paths.length), 24);
    record.writeBigUInt64LE(BigInt(paths.length), 32);
    record.writeBigUInt64LE(BigInt(directory.length), 40);
    record.writeBigUInt64LE(BigInt(directoryAt), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(endAt), 8);
    locator.writeUInt32LE(1, 16);
    await write(record);
    await write(locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(zip64End ? MAX_ENTRIES : paths.length, 8);
  end.writeUInt16LE(zip64End ? MAX_ENTRIES : paths.length, 10);
  end.writeUInt32LE(zip64End ? LIMIT : directory.length, 12);
  end.writeUInt32LE(zip64End ? LIMIT : directoryAt, 16);
  await write(end);
  sink.end();
  await once(sink, 'close');
  await rename(partial, out);
}
