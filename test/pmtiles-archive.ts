import { zxyToTileId } from 'pmtiles';

/**
 * Writes a small PMTiles (version 3) archive, as the specification lays it out: the 127-byte header, the root
 * directory (entries sorted by tile id; ids, run lengths, lengths and offsets as varint columns), the JSON
 * metadata and the tile data. Directories and metadata are stored uncompressed; tiles as given (`tileCompression`
 * says how they are). Enough for the tests of the basemap a server reads; not a tool for making real basemaps.
 */
export function writePmtiles(options: {
  tiles: Array<{ z: number; x: number; y: number; data: Buffer }>;
  /** 1 MVT, 2 PNG, 3 JPEG, 4 WebP. */
  tileType: number;
  /** 1 none, 2 gzip. */
  tileCompression: number;
  metadata?: Record<string, unknown>;
  bounds?: [number, number, number, number];
}): Buffer {
  const entries = options.tiles
    .map((t) => ({ id: zxyToTileId(t.z, t.x, t.y), data: t.data, z: t.z }))
    .sort((a, b) => a.id - b.id);
  const varints: number[] = [];
  const varint = (n: number) => {
    let value = n;
    while (value >= 0x80) {
      varints.push((value & 0x7f) | 0x80);
      value = Math.floor(value / 128);
    }
    varints.push(value);
  };
  varint(entries.length);
  let last = 0;
  for (const e of entries) {
    varint(e.id - last);
    last = e.id;
  }
  for (let i = 0; i < entries.length; i++) varint(1);
  for (const e of entries) varint(e.data.length);
  let offset = 0;
  entries.forEach((e, i) => {
    // Contiguous with the entry before: 0; otherwise offset + 1.
    varint(i > 0 ? 0 : offset + 1);
    offset += e.data.length;
  });
  const directory = Buffer.from(varints);
  const metadata = Buffer.from(JSON.stringify(options.metadata ?? {}));
  const data = Buffer.concat(entries.map((e) => e.data));
  const header = Buffer.alloc(127);
  header.write('PMTiles', 0, 'latin1');
  header.writeUInt8(3, 7);
  const u64 = (at: number, n: number) => header.writeBigUInt64LE(BigInt(n), at);
  u64(8, 127);
  u64(16, directory.length);
  u64(24, 127 + directory.length);
  u64(32, metadata.length);
  u64(40, 127 + directory.length + metadata.length);
  u64(48, 0);
  u64(56, 127 + directory.length + metadata.length);
  u64(64, data.length);
  u64(72, entries.length);
  u64(80, entries.length);
  u64(88, entries.length);
  header.writeUInt8(1, 96);
  header.writeUInt8(1, 97);
  header.writeUInt8(options.tileCompression, 98);
  header.writeUInt8(options.tileType, 99);
  header.writeUInt8(Math.min(...entries.map((e) => e.z)), 100);
  header.writeUInt8(Math.max(...entries.map((e) => e.z)), 101);
  const [west, south, east, north] = options.bounds ?? [44, 25, 63.3, 39.8];
  header.writeInt32LE(Math.round(west * 1e7), 102);
  header.writeInt32LE(Math.round(south * 1e7), 106);
  header.writeInt32LE(Math.round(east * 1e7), 110);
  header.writeInt32LE(Math.round(north * 1e7), 114);
  header.writeUInt8(0, 118);
  header.writeInt32LE(Math.round(((west + east) / 2) * 1e7), 119);
  header.writeInt32LE(Math.round(((south + north) / 2) * 1e7), 123);
  return Buffer.concat([header, directory, metadata, data]);
}
