/**
 * Media type sniffing from the first bytes of a file. The content decides; the file name only refines a
 * type within a family the content already proved (a ZIP named .docx, text named .csv or .html), so a
 * PDF named "photo.jpg" is still a PDF and a ZIP named "notes.txt" is still refused.
 */
import { open } from 'node:fs/promises';

/** How many leading bytes `sniffMediaType` looks at. */
export const SNIFF_BYTES = 4096;

/** Media types that extraction turns into text by OCR. */
export const OCR_IMAGE_TYPES: ReadonlySet<string> = new Set([
  'image/png',
  'image/jpeg',
  'image/tiff',
  'image/gif',
  'image/webp',
  'image/bmp',
]);

/** Reads at most `length` bytes from the start of a file (never the whole file). */
export async function readHead(path: string, length = SNIFF_BYTES, position = 0): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function startsWith(head: Buffer, bytes: number[] | string, offset = 0): boolean {
  const expected = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
  return (
    head.length >= offset + expected.length &&
    head.subarray(offset, offset + expected.length).equals(expected)
  );
}

function extensionOf(fileName: string | undefined): string {
  const match = /\.([a-z0-9]+)$/i.exec(fileName ?? '');
  return match?.[1]?.toLowerCase() ?? '';
}

const BINARY_SIGNATURES: Array<[number[] | string, string, number?]> = [
  ['\x89PNG\r\n\x1a\n', 'image/png'],
  [[0xff, 0xd8, 0xff], 'image/jpeg'],
  ['II*\0', 'image/tiff'],
  ['MM\0*', 'image/tiff'],
  ['GIF87a', 'image/gif'],
  ['GIF89a', 'image/gif'],
  [[0x1f, 0x8b], 'application/gzip'],
  ['BZh', 'application/x-bzip2'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'application/x-xz'],
  [[0x28, 0xb5, 0x2f, 0xfd], 'application/zstd'],
  [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], 'application/x-7z-compressed'],
  ['Rar!\x1a\x07', 'application/vnd.rar'],
  [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 'application/x-ole-storage'],
  ['{\\rtf', 'application/rtf'],
  ['OggS', 'audio/ogg'],
  ['fLaC', 'audio/flac'],
  ['ID3', 'audio/mpeg'],
  [[0x1a, 0x45, 0xdf, 0xa3], 'video/webm'],
  ['\x7fELF', 'application/x-executable'],
  ['wOFF', 'font/woff'],
  ['wOF2', 'font/woff2'],
  ['SQLite format 3\0', 'application/vnd.sqlite3'],
];

/** ZIP containers: which one, if the first entry says so (ODF and EPUB store their type first, by rule). */
function sniffZip(head: Buffer, extension: string): string {
  if (startsWith(head, 'PK\x03\x04')) {
    const nameLength = head.length >= 30 ? head.readUInt16LE(26) : 0;
    const extraLength = head.length >= 30 ? head.readUInt16LE(28) : 0;
    const name = head.subarray(30, 30 + nameLength).toString('latin1');
    if (name === 'mimetype') {
      const start = 30 + nameLength + extraLength;
      const declared = head.subarray(start, start + 80).toString('latin1');
      const match = /^application\/[a-z0-9.+-]+/.exec(declared);
      if (match) return match[0];
    }
    if (name === '[Content_Types].xml' || name.startsWith('word/') || name.startsWith('xl/')) {
      const ooxml: Record<string, string> = {
        docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      };
      return ooxml[extension] ?? 'application/zip';
    }
  }
  return 'application/zip';
}

/** ISO base media (MP4, QuickTime, HEIC, AVIF): the box type 'ftyp' at offset 4, then the brand. */
function sniffIsoMedia(head: Buffer): string | null {
  if (!startsWith(head, 'ftyp', 4)) return null;
  const brand = head.subarray(8, 12).toString('latin1');
  if (/^(heic|heix|mif1|msf1)$/.test(brand)) return 'image/heic';
  if (brand === 'avif' || brand === 'avis') return 'image/avif';
  if (brand === 'qt  ') return 'video/quicktime';
  if (/^M4A /.test(brand)) return 'audio/mp4';
  return 'video/mp4';
}

function sniffRiff(head: Buffer): string | null {
  if (!startsWith(head, 'RIFF')) return null;
  const form = head.subarray(8, 12).toString('latin1');
  if (form === 'WEBP') return 'image/webp';
  if (form === 'WAVE') return 'audio/wav';
  if (form === 'AVI ') return 'video/x-msvideo';
  return 'application/octet-stream';
}

/** BMP needs more than "BM" (plain text may start so): a known header size at offset 14 and no reserved bits. */
function isBmp(head: Buffer): boolean {
  if (!startsWith(head, 'BM') || head.length < 18) return false;
  const reserved = head.readUInt32LE(6);
  const headerSize = head.readUInt32LE(14);
  return reserved === 0 && [12, 40, 52, 56, 64, 108, 124].includes(headerSize);
}

const HTML_STARTS =
  /^(<!doctype\s+html|<html|<head|<body|<script|<iframe|<h1|<div|<font|<table|<a|<style|<title|<b|<br|<p|<meta|<link|<!--)[\s>/]/i;

/** Text encodings recognisable from the bytes: a byte-order mark or the NUL pattern of UTF-16. */
export function textByteOrder(
  head: Buffer,
): 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be' | null {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return 'utf-8';
  if (startsWith(head, [0xff, 0xfe, 0x00, 0x00])) return 'utf-32le';
  if (startsWith(head, [0x00, 0x00, 0xfe, 0xff])) return 'utf-32be';
  if (startsWith(head, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(head, [0xfe, 0xff])) return 'utf-16be';
  return null;
}

/**
 * UTF-16 without a byte-order mark: one byte of each pair holds the Unicode block (0x00 for ASCII, 0x06 for
 * Arabic script) and so takes very few values, while the other varies; single-byte text has no NUL at all.
 */
export function guessUtf16(head: Buffer): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.floor(Math.min(head.length, SNIFF_BYTES) / 2);
  if (pairs < 8 || !head.subarray(0, pairs * 2).includes(0)) return null;
  const even = new Map<number, number>();
  const odd = new Map<number, number>();
  for (let i = 0; i < pairs; i++) {
    const a = head[2 * i] ?? 0;
    const b = head[2 * i + 1] ?? 0;
    even.set(a, (even.get(a) ?? 0) + 1);
    odd.set(b, (odd.get(b) ?? 0) + 1);
  }
  const topTwoShare = (counts: Map<number, number>): number =>
    [...counts.values()]
      .sort((x, y) => y - x)
      .slice(0, 2)
      .reduce((s, n) => s + n, 0) / pairs;
  if (topTwoShare(odd) >= 0.9 && even.size >= 6 && (odd.get(0) ?? 0) > 0) return 'utf-16le';
  if (topTwoShare(even) >= 0.9 && odd.size >= 6 && (even.get(0) ?? 0) > 0) return 'utf-16be';
  return null;
}

/** Text is what has no NUL and few control characters other than white space and form feed. */
function looksLikeText(head: Buffer): boolean {
  if (head.includes(0)) return false;
  let control = 0;
  for (const byte of head)
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d && byte !== 0x1b)
      control++;
  return control <= head.length * 0.01;
}

function refineText(head: Buffer, extension: string): string {
  const leading = decodeLeading(head, textByteOrder(head) ?? guessUtf16(head)).trimStart();
  if (HTML_STARTS.test(leading) || (/^<\?xml[\s>]/i.test(leading) && /<html[\s>]/i.test(leading)))
    return 'text/html';
  if (/^<\?xml[\s>]/i.test(leading)) return /<svg[\s>]/i.test(leading) ? 'image/svg+xml' : 'application/xml';
  if (/^<svg[\s>]/i.test(leading)) return 'image/svg+xml';
  if (['html', 'htm', 'xhtml', 'shtml'].includes(extension)) return 'text/html';
  if (extension === 'csv') return 'text/csv';
  if (extension === 'md' || extension === 'markdown') return 'text/markdown';
  return 'text/plain';
}

/** The leading bytes as text, well enough to find a tag at the start. */
function decodeLeading(head: Buffer, order: ReturnType<typeof textByteOrder>): string {
  switch (order) {
    case 'utf-16le':
      return head.subarray(head[0] === 0xff ? 2 : 0).toString('utf16le');
    case 'utf-16be': {
      const body = Buffer.from(head.subarray(head[0] === 0xfe ? 2 : 0));
      if (body.length % 2) return '';
      return body.swap16().toString('utf16le');
    }
    case 'utf-32le':
    case 'utf-32be':
      return head.toString('latin1').replace(/\0/g, '');
    case 'utf-8':
      return head.subarray(3).toString('utf8');
    default:
      return head.toString('latin1');
  }
}

/**
 * The media type of a file from its first bytes (`SNIFF_BYTES` are enough). `fileName` only refines a
 * type the content already proved; it never turns one type into another family.
 */
export function sniffMediaType(head: Buffer, fileName?: string): string {
  const extension = extensionOf(fileName);
  if (head.length === 0) return 'application/x-empty';
  // The PDF header may follow some junk (the specification allows up to 1024 bytes of it).
  if (head.subarray(0, 1024).includes('%PDF-')) return 'application/pdf';
  for (const [signature, type, offset] of BINARY_SIGNATURES)
    if (startsWith(head, signature, offset)) return type;
  if (startsWith(head, 'PK\x03\x04') || startsWith(head, 'PK\x05\x06') || startsWith(head, 'PK\x07\x08'))
    return sniffZip(head, extension);
  if (isBmp(head)) return 'image/bmp';
  const riff = sniffRiff(head);
  if (riff) return riff;
  const isoMedia = sniffIsoMedia(head);
  if (isoMedia) return isoMedia;
  if (textByteOrder(head) || guessUtf16(head) || looksLikeText(head)) return refineText(head, extension);
  return 'application/octet-stream';
}
