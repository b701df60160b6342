/**
 * Extraction of real files, made at test time (see test/extraction-fixtures.ts): a Persian PDF and a
 * "scan" rendered by Chromium, HTML pages, Windows-1256 text, broken, encrypted and hostile files. Tests
 * that need poppler or Tesseract are skipped, with the reason, only where those are not installed.
 */
import { chmod, mkdir, readdir, readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  asWindows1256,
  encryptedPdf,
  ENGLISH_SENTENCE,
  ExtractionFixtures,
  legacyPersianPage,
  NEWS_PAGE,
  PERSIAN_SENTENCES,
  windows1256Text,
  zipArchive,
} from '../../test/extraction-fixtures.js';
import { ExtractionError, extractText, type ExtractOptions } from './index.js';
import { locateTool } from './tools.js';

const hasPoppler = Boolean((await locateTool('pdftotext')) && (await locateTool('pdfinfo')));
const hasTesseract = Boolean(await locateTool('tesseract'));
const hasOcrForPdf = hasPoppler && hasTesseract && Boolean(await locateTool('pdftoppm'));

let fixtures: ExtractionFixtures;
let workRoot: string;

beforeAll(async () => {
  fixtures = await ExtractionFixtures.create();
  workRoot = fixtures.path('work');
  await mkdir(workRoot);
});

afterAll(async () => {
  await fixtures?.close();
});

/** Extraction with its scratch directories under a folder the test checks is left empty. */
async function extract(path: string, options: ExtractOptions = {}) {
  try {
    return await extractText(path, { tempDir: workRoot, ...options });
  } finally {
    expect(await readdir(workRoot)).toEqual([]);
  }
}

async function failure(promise: Promise<unknown>): Promise<ExtractionError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ExtractionError);
  return error as ExtractionError;
}

const words = (text: string): string => text.replace(/\s+/g, ' ');

describe('PDF with a text layer (poppler)', () => {
  it.skipIf(!hasPoppler)('gives Persian in reading order, pages apart, languages per paragraph', async () => {
    const result = await extract(await fixtures.persianPdf());
    expect(result).toMatchObject({
      mediaType: 'application/pdf',
      method: 'pdf',
      tool: 'pdftotext',
      pages: 2,
    });
    expect(result.toolVersion).toMatch(/^\d+\.\d+/);
    const [first = '', second = ''] = result.text.split('\f');
    expect(words(first)).toContain('گزارش اعدام‌های تابستان ۱۳۶۷');
    for (const sentence of PERSIAN_SENTENCES) expect(words(first)).toContain(sentence);
    expect(words(second)).toContain(ENGLISH_SENTENCE);
    expect(result.text).not.toMatch(/[\u202a-\u202e\u200e\u200f]/);
    expect(result.language).toBe('fa');
    const languages = result.paragraphs.map((p) => p.language);
    expect(languages).toContain('fa');
    expect(languages).toContain('en');
    for (const p of result.paragraphs) expect(result.text.slice(p.start, p.end).trim()).not.toBe('');
  });

  it.skipIf(!hasPoppler)(
    'reads lines that mix directions in their own order, on Persian and English pages',
    async () => {
      const lines = [
        'در سال ۱۳۶۷ بیش از ۴۰۰۰ نفر',
        'زندان اوین (Evin Prison) در تهران',
        'نام او «Ali Reza» بود',
        'The prison زندان اوین was in Tehran.',
      ];
      const body = (dir: string, extra: string[]): string =>
        `<!doctype html><html dir="${dir}"><head><meta charset="utf-8"></head><body style="font-family: 'DejaVu Sans'">${[...lines, ...extra].map((l) => `<p dir="auto">${l}</p>`).join('')}</body></html>`;
      const persianPage = await extract(await fixtures.pdf('mixed-fa.pdf', body('rtl', [])));
      expect(persianPage.text.split('\n').map((l) => l.trim())).toEqual(lines);
      // Mostly English: pdftotext reads the page left to right, and the Persian lines need turning round.
      const english = [
        'An English line without Persian.',
        'Another English line, from 1988.',
        'A third English line.',
      ];
      const englishPage = await extract(await fixtures.pdf('mixed-en.pdf', body('ltr', english)));
      expect(englishPage.text.split('\n').map((l) => l.trim())).toEqual([...lines, ...english]);
    },
  );

  it.skipIf(!hasPoppler)('keeps the lam-alef ligature in order, and real alef-lam as it is', async () => {
    const lines = ['سلام و سالم', 'جمهوری اسلامی ایران', 'کلاس بالا، سال ۱۳۶۷، الله'];
    const html = `<!doctype html><html dir="rtl"><head><meta charset="utf-8"></head><body style="font-family: 'DejaVu Sans'">${lines.map((l) => `<p>${l}</p>`).join('')}</body></html>`;
    const result = await extract(await fixtures.pdf('lam-alef.pdf', html));
    expect(result.text.split('\n')).toEqual(lines);
    expect(result.tools.map((t) => t.name)).toEqual(['pdftotext', 'pdf.js (unpdf)']);
  });

  it.skipIf(!hasPoppler)('names a damaged PDF as malformed, with the reason', async () => {
    const good = await readFile(await fixtures.persianPdf());
    const truncated = await fixtures.write('truncated.pdf', good.subarray(0, Math.floor(good.length / 3)));
    const error = await failure(extract(truncated));
    expect(error.code).toBe('malformed');
    expect(error.message).toMatch(/^the PDF is damaged or not a PDF: .*\((Couldn't|.*xref|.*trailer)/);
    const garbage = await fixtures.write(
      'garbage.pdf',
      Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3000, 0x5a)]),
    );
    expect((await failure(extract(garbage))).code).toBe('malformed');
  });

  it.skipIf(!hasPoppler)('fails on the corrupted file alone', async () => {
    const good = await fixtures.persianPdf();
    const bad = await fixtures.write('bad.pdf', '%PDF-1.4\nthis is not really a PDF\n');
    const [first, second] = await Promise.allSettled([extract(bad), extract(good)]);
    expect(first.status).toBe('rejected');
    expect(second.status).toBe('fulfilled');
  });

  it.skipIf(!hasPoppler)('refuses an encrypted PDF as encrypted', async () => {
    const path = await fixtures.write('encrypted.pdf', encryptedPdf('secret'));
    const error = await failure(extract(path));
    expect(error.code).toBe('encrypted');
    expect(error.message).toMatch(/password/);
  });

  it.skipIf(!hasPoppler)('reads only maxPages pages and says so', async () => {
    const result = await extract(await fixtures.persianPdf(), { limits: { maxPages: 1 } });
    expect(result.pages).toBe(1);
    expect(result.totalPages).toBe(2);
    expect(result.text).not.toContain(ENGLISH_SENTENCE);
    expect(result.warnings).toContain('only the first 1 of 2 pages were read (page limit)');
  });
});

describe('PDF without pdftotext (JavaScript fallback)', () => {
  const withoutPoppler: ExtractOptions = { tools: { pdftotext: null, pdfinfo: null, pdftoppm: null } };

  it('reads the text with a warning that Persian may be garbled', async () => {
    const result = await extract(await fixtures.persianPdf(), withoutPoppler);
    expect(result).toMatchObject({ method: 'pdf-fallback', pages: 2, totalPages: 2 });
    expect(result.warnings[0]).toMatch(/Persian text may be garbled/);
    expect(words(result.text.split('\f')[1] ?? '')).toContain(ENGLISH_SENTENCE);
  });

  it('still refuses encrypted and damaged PDFs with their codes', async () => {
    const encrypted = await fixtures.write('encrypted-js.pdf', encryptedPdf('secret'));
    expect((await failure(extract(encrypted, withoutPoppler))).code).toBe('encrypted');
    const damaged = await fixtures.write('damaged-js.pdf', '%PDF-1.4\nnothing here\n');
    expect((await failure(extract(damaged, withoutPoppler))).code).toBe('malformed');
  });
});

describe('HTML', () => {
  it('gives the main content without navigation, header or footer', async () => {
    const result = await extract(await fixtures.write('story.html', NEWS_PAGE));
    expect(result).toMatchObject({
      mediaType: 'text/html',
      method: 'html',
      encoding: 'utf-8',
      title: 'Testimonies of 1988',
    });
    expect(result.text).toContain(ENGLISH_SENTENCE);
    expect(result.text).toContain(PERSIAN_SENTENCES[0]);
    for (const absent of ['Home', 'Donate', 'Copyright', 'SCRIPT', 'newsletter'])
      expect(result.text).not.toContain(absent);
    expect(result.language).toBe('en');
    expect(result.paragraphs.map((p) => p.language)).toContain('fa');
  });

  it('reads a Windows-1256 page by its meta charset and finds its article', async () => {
    const result = await extract(await fixtures.write('legacy', legacyPersianPage()));
    expect(result.encoding).toBe('windows-1256');
    expect(result.text).toContain(asWindows1256(PERSIAN_SENTENCES[0] ?? ''));
    expect(result.text).not.toContain('اخبار روز');
    expect(result.text).not.toContain('حقوق محفوظ');
    expect(result.language).toBe('fa');
  });
});

describe('plain text', () => {
  it('reads Windows-1256 Persian right', async () => {
    const { bytes, text } = windows1256Text();
    const result = await extract(await fixtures.write('old-notes.txt', bytes));
    expect(result).toMatchObject({
      mediaType: 'text/plain',
      method: 'text',
      encoding: 'windows-1256',
      language: 'fa',
    });
    expect(result.text).toBe(text.replace(/\r\n/g, '\n'));
    expect(result.paragraphs).toHaveLength(2);
  });

  it('reads UTF-16 with a byte-order mark', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(`${ENGLISH_SENTENCE}\r\n`, 'utf16le'),
    ]);
    const result = await extract(await fixtures.write('utf16.txt', bytes));
    expect(result).toMatchObject({ encoding: 'utf-16le', text: ENGLISH_SENTENCE, language: 'en' });
  });

  it('breaks a huge single line instead of hanging', async () => {
    const line = 'prisoners '.repeat(300_000).trim();
    const result = await extract(await fixtures.write('one-line.txt', line), {
      limits: { maxLineChars: 2_000 },
    });
    const lines = result.text.split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(2_000);
    expect(lines.join(' ')).toBe(line);
  });

  it('cuts text beyond maxChars without reading the whole file', async () => {
    const path = await fixtures.write('long.txt', `${ENGLISH_SENTENCE}\n`.repeat(50_000));
    const result = await extract(path, { limits: { maxChars: 10_000 } });
    expect(result.text.length).toBeLessThanOrEqual(10_000);
    expect(result.warnings).toContain('the text was cut at 10,000 characters');
  });
});

describe('OCR (Tesseract)', () => {
  const persianWords = ['زندان', 'اوین', 'اعدام', 'زندانیان', 'سیاسی'];
  const persianFound = (text: string): number => persianWords.filter((w) => text.includes(w)).length;

  it.skipIf(!hasTesseract)('reads a scanned image in English and Persian', async () => {
    const result = await extract(await fixtures.scanImage(), { fileName: 'scan.pdf' });
    expect(result).toMatchObject({ mediaType: 'image/png', method: 'ocr', tool: 'tesseract', pages: 1 });
    expect(result.tools[0]?.options).toMatch(/-l (fas\+eng|eng|fas)/);
    expect(result.text).toContain('EVIN PRISON');
    expect(result.text).toContain('MASS EXECUTIONS');
    expect(persianFound(result.text)).toBeGreaterThanOrEqual(3);
  });

  it.skipIf(!hasOcrForPdf)('reads a PDF that holds only a scanned image', async () => {
    const result = await extract(await fixtures.scannedPdf());
    expect(result).toMatchObject({ method: 'pdf-ocr', tool: 'tesseract', pages: 1 });
    expect(result.tools.map((t) => t.name)).toEqual(['tesseract', 'pdftoppm', 'pdftotext']);
    expect(result.text).toContain('EVIN PRISON');
    expect(result.text).toContain('MASS EXECUTIONS');
    expect(persianFound(result.text)).toBeGreaterThanOrEqual(3);
  });

  it('says OCR needs Tesseract when it is not installed', async () => {
    const image = await fixtures.scanImage();
    const error = await failure(extract(image, { tools: { tesseract: null } }));
    expect(error.code).toBe('unsupported');
    expect(error.message).toMatch(/tesseract-ocr/);
    if (hasPoppler) {
      const scanned = await failure(extract(await fixtures.scannedPdf(), { tools: { tesseract: null } }));
      expect(scanned.code).toBe('unsupported');
      expect(scanned.message).toMatch(/no text layer.*tesseract-ocr/);
    }
  });

  it('refuses an image too large to decode before OCR sees it', async () => {
    const header = Buffer.alloc(33);
    Buffer.from('\x89PNG\r\n\x1a\n\0\0\0\rIHDR', 'latin1').copy(header);
    header.writeUInt32BE(100_000, 16);
    header.writeUInt32BE(100_000, 20);
    const error = await failure(extract(await fixtures.write('bomb.png', header)));
    expect(error.code).toBe(hasTesseract ? 'too_large' : 'unsupported');
  });
});

describe('hostile and unsupported files', () => {
  it('refuses ZIP containers whatever they are called, without opening them', async () => {
    const zip = await fixtures.write('notes.txt', zipArchive('notes.txt', 'hello '.repeat(1000)));
    const error = await failure(extract(zip, { fileName: 'notes.txt' }));
    expect(error.code).toBe('unsupported');
    expect(error.message).toMatch(/application\/zip/);
    const docx = await fixtures.write('report.docx', zipArchive('[Content_Types].xml', '<Types/>'));
    expect((await failure(extract(docx, { fileName: 'report.docx' }))).message).toMatch(/office documents/);
  });

  it('checks the size before reading', async () => {
    const error = await failure(
      extract(await fixtures.write('big.txt', 'x'.repeat(2048)), { limits: { maxBytes: 1024 } }),
    );
    expect(error.code).toBe('too_large');
  });

  it('calls empty files empty', async () => {
    expect((await failure(extract(await fixtures.write('empty.txt', '')))).code).toBe('empty');
    expect((await failure(extract(await fixtures.write('blank.txt', ' \r\n\t\n')))).code).toBe('empty');
  });

  it('refuses binary data', async () => {
    const error = await failure(
      extract(await fixtures.write('data.bin', Buffer.from([0, 1, 2, 3, 0, 250, 251, 0]))),
    );
    expect(error.code).toBe('unsupported');
  });

  it('stops at the deadline: before starting, and a running tool is killed', async () => {
    expect((await failure(extract(await fixtures.scanImage(), { limits: { timeoutMs: 1 } }))).code).toBe(
      'timeout',
    );
    // A stand-in for Tesseract that answers the version and language questions, then hangs on the image.
    const hanging = await fixtures.write(
      'fake-tesseract',
      '#!/bin/sh\ncase "$1" in --list-langs) echo fas; echo eng; exit 0;; --version) echo "tesseract 0.0.1"; exit 0;; esac\nexec sleep 60\n',
    );
    await chmod(hanging, 0o755);
    const error = await failure(
      extract(await fixtures.scanImage(), { tools: { tesseract: hanging }, limits: { timeoutMs: 1_500 } }),
    );
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/did not finish within the time limit/);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const hanging = await fixtures.write(
      'fake-tesseract-2',
      '#!/bin/sh\ncase "$1" in --list-langs) echo eng; exit 0;; --version) echo "tesseract 0.0.2"; exit 0;; esac\nexec sleep 60\n',
    );
    await chmod(hanging, 0o755);
    const pending = extract(await fixtures.scanImage(), {
      tools: { tesseract: hanging },
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('user cancelled')), 300);
    await expect(pending).rejects.toThrow('user cancelled');
  });
});
