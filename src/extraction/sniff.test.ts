import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { zipArchive } from '../../test/extraction-fixtures.js';
import { guessUtf16, sniffMediaType } from './sniff.js';

const bytes = (...values: Array<number | string>): Buffer =>
  Buffer.concat(values.map((v) => (typeof v === 'number' ? Buffer.from([v]) : Buffer.from(v, 'latin1'))));

describe('sniffMediaType', () => {
  it.each([
    ['%PDF-1.7\n%âãÏÓ\n1 0 obj', 'application/pdf'],
    ['\x89PNG\r\n\x1a\n\0\0\0\rIHDR', 'image/png'],
    ['\xff\xd8\xff\xe0\0\x10JFIF', 'image/jpeg'],
    ['II*\0\x08\0\0\0', 'image/tiff'],
    ['MM\0*\0\0\0\x08', 'image/tiff'],
    ['GIF89a\x01\0\x01\0', 'image/gif'],
    ['RIFF\x24\0\0\0WEBPVP8 ', 'image/webp'],
    ['RIFF\x24\0\0\0WAVEfmt ', 'audio/wav'],
    ['\0\0\0\x18ftypmp42', 'video/mp4'],
    ['\0\0\0\x18ftypheic', 'image/heic'],
    ['\x1f\x8b\x08\0', 'application/gzip'],
    ['7z\xbc\xaf\x27\x1c', 'application/x-7z-compressed'],
    ['\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1', 'application/x-ole-storage'],
    ['{\\rtf1\\ansi', 'application/rtf'],
  ])('recognises %j as %s', (head, type) => {
    expect(sniffMediaType(bytes(head))).toBe(type);
  });

  it('believes the content over the file name', () => {
    expect(sniffMediaType(bytes('%PDF-1.4\n'), 'holiday.jpg')).toBe('application/pdf');
    expect(sniffMediaType(zipArchive('word/document.xml', '<w/>'), 'notes.txt')).toBe('application/zip');
    expect(sniffMediaType(bytes('just some words'), 'scan.png')).toBe('text/plain');
  });

  it('lets the name refine a family the content proved', () => {
    expect(sniffMediaType(zipArchive('[Content_Types].xml', '<Types/>'), 'report.docx')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(sniffMediaType(zipArchive('mimetype', 'application/epub+zip'))).toBe('application/epub+zip');
    expect(sniffMediaType(bytes('name,date\nAli,1367'), 'list.csv')).toBe('text/csv');
    expect(sniffMediaType(bytes('plain words <b>bold</b>'), 'page.html')).toBe('text/html');
  });

  it('finds a PDF header after leading junk', () => {
    expect(sniffMediaType(bytes('\r\n\r\n   %PDF-1.3\n'))).toBe('application/pdf');
  });

  it('recognises HTML by its first tag, whatever the encoding', () => {
    expect(sniffMediaType(bytes('  \n<!DOCTYPE html><html>'))).toBe('text/html');
    expect(sniffMediaType(bytes('<p>paragraph</p>'))).toBe('text/html');
    expect(sniffMediaType(bytes(0xef, 0xbb, 0xbf, '<html lang="fa">'))).toBe('text/html');
    expect(sniffMediaType(Buffer.concat([bytes(0xff, 0xfe), Buffer.from('<html><body>', 'utf16le')]))).toBe(
      'text/html',
    );
    expect(sniffMediaType(bytes('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'))).toBe(
      'image/svg+xml',
    );
    expect(sniffMediaType(bytes('<?xml version="1.0"?><record/>'))).toBe('application/xml');
  });

  it('recognises text in legacy and UTF-16 encodings', () => {
    expect(sniffMediaType(iconv.encode('زندان اوین در تهران', 'windows-1256'))).toBe('text/plain');
    expect(sniffMediaType(Buffer.from('زندان اوین در تهران', 'utf16le'))).toBe('text/plain');
    expect(sniffMediaType(bytes('Evin prison'))).toBe('text/plain');
  });

  it('calls binary data binary', () => {
    expect(sniffMediaType(bytes('\x7fELF\x02\x01\x01\0'))).toBe('application/x-executable');
    expect(sniffMediaType(Buffer.from([0, 1, 2, 3, 250, 251, 252, 0, 7, 9, 0, 3, 4, 5]))).toBe(
      'application/octet-stream',
    );
    expect(sniffMediaType(Buffer.alloc(0))).toBe('application/x-empty');
  });

  it('needs more than two letters to call a file BMP', () => {
    expect(sniffMediaType(bytes('BM is a set of initials'))).toBe('text/plain');
  });
});

describe('guessUtf16', () => {
  it('sees UTF-16 without a byte-order mark from its NUL pattern', () => {
    expect(guessUtf16(Buffer.from('Evin prison in Tehran, 1988', 'utf16le'))).toBe('utf-16le');
    expect(guessUtf16(Buffer.from('زندان اوین در تهران', 'utf16le'))).toBe('utf-16le');
    expect(guessUtf16(Buffer.from('Evin prison in Tehran, 1988', 'utf16le').swap16())).toBe('utf-16be');
    expect(guessUtf16(Buffer.from('Evin prison in Tehran, 1988'))).toBeNull();
  });
});
