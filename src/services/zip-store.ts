/**
 * A zip archive of a folder's files, stored without compression (evidence is mostly compressed already, and a
 * stored archive reads back byte for byte with any unzip). Entries are written in the order given, with a fixed
 * date (1980-01-01) so the same folder makes the same archive. No Zip64: an archive past 4 GiB is refused.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';

const LIMIT = 0xffff_ffff;

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

/** Writes `out` holding the files at the given paths (relative to `dir`, with `/`). */
export async function zipFolder(dir: string, paths: readonly string[], out: string): Promise<void> {
  const sink = createWriteStream(out, { mode: 0o600 });
  let offset = 0;
  const write = async (data: Buffer) => {
    if (!sink.write(data)) await once(sink, 'drain');
    offset += data.length;
  };
  const central: Buffer[] = [];
  for (const path of paths) {
    const full = join(dir, path);
    const size = (await stat(full)).size;
    if (size > LIMIT || offset + size > LIMIT)
      throw new Error('the bundle is too large for a zip without Zip64');
    const crc = await crc32Of(full);
    const name = Buffer.from(path, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(size, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(UTF8_NAMES, 8);
    entry.writeUInt16LE(0, 10);
    entry.writeUInt16LE(0, 12);
    entry.writeUInt16LE(DOS_DATE, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(size, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);
    await write(local);
    await write(name);
    for await (const chunk of createReadStream(full)) await write(chunk as Buffer);
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(paths.length, 8);
  end.writeUInt16LE(paths.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  await write(directory);
  await write(end);
  sink.end();
  await once(sink, 'close');
}
