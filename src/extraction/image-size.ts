/**
 * Width and height of an image read from its header, without decoding it, so that a decompression bomb
 * (a small file that decodes to billions of pixels) is refused before OCR touches it.
 */
import { open, type FileHandle } from 'node:fs/promises';

export interface ImageSize {
  width: number;
  height: number;
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** JPEG: walk the marker segments to the first start-of-frame (the header may follow a large EXIF block). */
async function jpegSize(handle: FileHandle): Promise<ImageSize | null> {
  let position = 2;
  for (let segments = 0; segments < 256; segments++) {
    const marker = await readAt(handle, position, 9);
    if (marker.length < 4 || marker[0] !== 0xff) return null;
    const type = marker[1] ?? 0;
    if (type === 0xff) {
      position += 1;
      continue;
    }
    const length = marker.readUInt16BE(2);
    const isStartOfFrame = type >= 0xc0 && type <= 0xcf && type !== 0xc4 && type !== 0xc8 && type !== 0xcc;
    if (isStartOfFrame)
      return marker.length >= 9 ? { height: marker.readUInt16BE(5), width: marker.readUInt16BE(7) } : null;
    position += 2 + length;
  }
  return null;
}

/** TIFF: the largest image described by any of the first IFDs (a multi-page TIFF has one per page). */
async function tiffSize(handle: FileHandle): Promise<ImageSize | null> {
  const header = await readAt(handle, 0, 8);
  if (header.length < 8) return null;
  const little = header[0] === 0x49;
  const u16 = (b: Buffer, o: number): number => (little ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (b: Buffer, o: number): number => (little ? b.readUInt32LE(o) : b.readUInt32BE(o));
  let offset = u32(header, 4);
  let largest: ImageSize | null = null;
  for (let page = 0; page < 64 && offset > 0; page++) {
    const countBytes = await readAt(handle, offset, 2);
    if (countBytes.length < 2) break;
    const count = Math.min(u16(countBytes, 0), 512);
    const entries = await readAt(handle, offset + 2, count * 12 + 4);
    let width = 0;
    let height = 0;
    for (let i = 0; i < count && (i + 1) * 12 <= entries.length; i++) {
      const tag = u16(entries, i * 12);
      const type = u16(entries, i * 12 + 2);
      const value = type === 3 ? u16(entries, i * 12 + 8) : u32(entries, i * 12 + 8);
      if (tag === 256) width = value;
      if (tag === 257) height = value;
    }
    if (width * height > (largest ? largest.width * largest.height : -1)) largest = { width, height };
    offset = entries.length >= count * 12 + 4 ? u32(entries, count * 12) : 0;
  }
  return largest;
}

function webpSize(head: Buffer): ImageSize | null {
  const chunk = head.subarray(12, 16).toString('latin1');
  if (chunk === 'VP8X' && head.length >= 30)
    return { width: 1 + head.readUIntLE(24, 3), height: 1 + head.readUIntLE(27, 3) };
  if (chunk === 'VP8 ' && head.length >= 30)
    return { width: head.readUInt16LE(26) & 0x3fff, height: head.readUInt16LE(28) & 0x3fff };
  if (chunk === 'VP8L' && head.length >= 25) {
    const bits = head.readUInt32LE(21);
    return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
  }
  return null;
}

/** The pixel size of an image of the given (sniffed) type, or null when the header does not say. */
export async function imageSize(path: string, mediaType: string): Promise<ImageSize | null> {
  const handle = await open(path, 'r');
  try {
    const head = await readAt(handle, 0, 32);
    switch (mediaType) {
      case 'image/png':
        return head.length >= 24 ? { width: head.readUInt32BE(16), height: head.readUInt32BE(20) } : null;
      case 'image/gif':
        return head.length >= 10 ? { width: head.readUInt16LE(6), height: head.readUInt16LE(8) } : null;
      case 'image/bmp':
        if (head.length < 26) return null;
        // The old OS/2 header (12 bytes) has 16-bit sizes, every later one 32-bit.
        return head.readUInt32LE(14) === 12
          ? { width: head.readUInt16LE(18), height: head.readUInt16LE(20) }
          : { width: Math.abs(head.readInt32LE(18)), height: Math.abs(head.readInt32LE(22)) };
      case 'image/webp':
        return webpSize(head);
      case 'image/jpeg':
        return await jpegSize(handle);
      case 'image/tiff':
        return await tiffSize(handle);
      default:
        return null;
    }
  } finally {
    await handle.close();
  }
}
