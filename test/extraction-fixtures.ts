/**
 * Fixture files for the extraction tests, made at test time: PDFs and "scans" rendered by Debian's
 * Chromium (playwright-core never downloads a browser), HTML pages, legacy-encoded text, a corrupted, an
 * encrypted and a ZIP file. One browser serves every fixture; `close()` ends it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import iconv from 'iconv-lite';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium.js';

/** The sentences the fixtures contain, so tests can assert on them. */
export const PERSIAN_SENTENCES = [
  'در تابستان ۱۳۶۷ هزاران زندانی سیاسی در زندان اوین و گوهردشت اعدام شدند.',
  'خانواده‌ها هرگز از محل دفن عزیزانشان آگاه نشدند.',
  'پس از اعدام‌ها ملاقات با زندانیان بالای ۱۰ سال ممنوع شد.',
];
export const ENGLISH_SENTENCE =
  'In the summer of 1988 thousands of political prisoners were executed in Iran.';

function page(body: string, options: { dir?: 'rtl' | 'ltr'; lang?: string; style?: string } = {}): string {
  return `<!doctype html><html lang="${options.lang ?? 'fa'}" dir="${options.dir ?? 'rtl'}"><head><meta charset="utf-8">
<style>body { font-family: 'DejaVu Sans', sans-serif; font-size: 16px; line-height: 1.6; margin: 40px; color: #000; background: #fff }
${options.style ?? ''}</style></head><body>${body}</body></html>`;
}

/** The HTML page with navigation, header, footer, script and style around a bilingual article. */
export const NEWS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Testimonies of 1988</title>
<style>.menu { color: red } body { font-family: sans-serif }</style>
<script>document.write('SCRIPT TEXT SHOULD NOT APPEAR')</script></head>
<body>
<header><div class="logo">Justice Archive</div>
<nav><a href="/">Home</a> | <a href="/about">About the archive</a> | <a href="/donate">Donate now</a></nav></header>
<main>
<article>
<h1>Testimonies of 1988</h1>
<p>${ENGLISH_SENTENCE}</p>
<p dir="rtl" lang="fa">${PERSIAN_SENTENCES[0]}</p>
<p>Families were never told where their relatives were buried.<br>Many still search for the graves.</p>
<ul><li>Evin prison</li><li>Gohardasht prison</li></ul>
</article>
<nav class="pager"><a href="/next">Next story</a></nav>
</main>
<aside>Related: subscribe to our newsletter</aside>
<footer><p>Copyright 2024 Justice Archive. All rights reserved.</p></footer>
<script>console.log('tracking')</script>
</body></html>`;

/** Persian as Windows-1256 can hold it: Arabic yeh for the Persian one, ASCII digits (it has no Persian digits). */
export function asWindows1256(text: string): string {
  return text.replace(/ی/g, 'ي').replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
}

/** A page without semantic markup, in Windows-1256 with a meta charset: Readability must find the article. */
export function legacyPersianPage(): Buffer {
  const paragraphs = [...PERSIAN_SENTENCES, ...PERSIAN_SENTENCES.map((s) => `${s} ${s}`)]
    .map((s) => `<p>${asWindows1256(s)}</p>`)
    .join('\n');
  const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256">
<title>گزارش</title></head><body>
<div id="menu" class="menu"><a href="/">صفحه اصلي</a> <a href="/news">اخبار روز</a> <a href="/contact">تماس با ما</a></div>
<div class="content article">${paragraphs}</div>
<div class="footer">کليه حقوق محفوظ است</div>
</body></html>`;
  return iconv.encode(html, 'windows-1256');
}

/** Persian text in Windows-1256, as older Iranian documents are (پ چ ژ گ ک are in the code page). */
export function windows1256Text(): { bytes: Buffer; text: string } {
  const text = asWindows1256(
    `${PERSIAN_SENTENCES.join('\r\n')}\r\n\r\nپدر، مادر، ژاله و کاوه چهار نفر بودند.`,
  );
  return { bytes: iconv.encode(text, 'windows-1256'), text };
}

/** A ZIP archive holding one stored file (enough to look like a .docx or .zip from outside). */
export function zipArchive(name: string, content: string): Buffer {
  const data = Buffer.from(content);
  const fileName = Buffer.from(name);
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  const end = Buffer.alloc(22);
  const centralOffset = local.length + fileName.length + data.length;
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, fileName, data, central, fileName, end]);
}

function rc4(key: Buffer, data: Buffer): Buffer {
  // Node's OpenSSL 3 no longer offers RC4 by default; the cipher is a dozen lines.
  const s = Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + (s[i] ?? 0) + (key[i % key.length] ?? 0)) & 255;
    [s[i], s[j]] = [s[j] ?? 0, s[i] ?? 0];
  }
  const out = Buffer.alloc(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 255;
    j = (j + (s[i] ?? 0)) & 255;
    [s[i], s[j]] = [s[j] ?? 0, s[i] ?? 0];
    out[n] = (data[n] ?? 0) ^ (s[((s[i] ?? 0) + (s[j] ?? 0)) & 255] ?? 0);
  }
  return out;
}

const PASSWORD_PAD = Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex');

function padPassword(password: string): Buffer {
  return Buffer.concat([Buffer.from(password, 'latin1'), PASSWORD_PAD]).subarray(0, 32);
}

/**
 * A one-page PDF encrypted with the standard security handler (revision 2, RC4 40-bit) and a user
 * password, written by hand: no tool here (qpdf is not installed) encrypts PDFs. Opens with `password`.
 */
export function encryptedPdf(password: string, text = 'Secret minutes of the committee'): Buffer {
  const id = randomBytes(16);
  const permissions = -4; // every permission; the password is what protects the file
  const ownerKey = createHash('md5')
    .update(padPassword(`${password}-owner`))
    .digest()
    .subarray(0, 5);
  const O = rc4(ownerKey, padPassword(password));
  const pBytes = Buffer.alloc(4);
  pBytes.writeInt32LE(permissions);
  const key = createHash('md5')
    .update(Buffer.concat([padPassword(password), O, pBytes, id]))
    .digest()
    .subarray(0, 5);
  const U = rc4(key, PASSWORD_PAD);
  const objectKey = (num: number): Buffer => {
    const salt = Buffer.from([num & 255, (num >> 8) & 255, (num >> 16) & 255, 0, 0]);
    return createHash('md5')
      .update(Buffer.concat([key, salt]))
      .digest()
      .subarray(0, 10);
  };
  const stream = Buffer.from(`BT /F1 18 Tf 72 720 Td (${text}) Tj ET`, 'latin1');
  const encrypted = rc4(objectKey(4), stream);
  const objects: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from(
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    ),
    Buffer.concat([
      Buffer.from(`<< /Length ${encrypted.length} >>\nstream\n`),
      encrypted,
      Buffer.from('\nendstream'),
    ]),
    Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'),
    Buffer.from(
      `<< /Filter /Standard /V 1 /R 2 /O <${O.toString('hex')}> /U <${U.toString('hex')}> /P ${permissions} >>`,
    ),
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let length = parts[0]?.length ?? 0;
  objects.forEach((body, i) => {
    offsets.push(length);
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    parts.push(chunk);
    length += chunk.length;
  });
  const xref = [
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`,
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`),
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 6 0 R /ID [<${id.toString('hex')}> <${id.toString('hex')}>] >>\nstartxref\n${length}\n%%EOF\n`,
  ].join('');
  parts.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(parts);
}

/** A directory of fixture files and the browser that renders them. */
export class ExtractionFixtures {
  private constructor(
    readonly dir: string,
    private readonly browser: Browser,
    private readonly page: Page,
  ) {}

  static async create(): Promise<ExtractionFixtures> {
    const dir = await mkdtemp(join(tmpdir(), 'dossier-fixtures-'));
    const browser = await launchChromium();
    const page = await browser.newPage();
    return new ExtractionFixtures(dir, browser, page);
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  async write(name: string, content: string | Buffer): Promise<string> {
    await writeFile(this.path(name), content);
    return this.path(name);
  }

  /** A PDF printed by Chromium from `html`. */
  async pdf(name: string, html: string): Promise<string> {
    await this.page.setContent(html);
    return this.write(name, await this.page.pdf({ format: 'A4', printBackground: true }));
  }

  /** A PNG screenshot of `html` in a viewport of the given size: a "scanned" page. */
  async screenshot(name: string, html: string, width: number, height: number): Promise<string> {
    await this.page.setViewportSize({ width, height });
    await this.page.setContent(html);
    return this.write(name, await this.page.screenshot({ type: 'png' }));
  }

  /** The Persian PDF: a heading, three Persian paragraphs, and an English second page. */
  persianPdf(): Promise<string> {
    const body = `<h1>گزارش اعدام‌های تابستان ۱۳۶۷</h1>
${PERSIAN_SENTENCES.map((s) => `<p>${s}</p>`).join('\n')}
<div style="break-before: page" dir="ltr" lang="en"><p>${ENGLISH_SENTENCE}</p></div>`;
    return this.pdf('persian.pdf', page(body));
  }

  /** A scanned page: large, clear English and Persian lines as an image. */
  async scanImage(): Promise<string> {
    const html = page(
      `<p dir="ltr">EVIN PRISON</p><p dir="ltr">MASS EXECUTIONS</p><p>زندان اوین</p><p>اعدام زندانیان سیاسی</p>`,
      { style: 'body { font-size: 64px; margin: 60px; line-height: 1.5 } p { margin: 0 0 24px }' },
    );
    return this.screenshot('scan.png', html, 1100, 700);
  }

  /** A PDF whose only content is the scanned image (no text layer). */
  async scannedPdf(): Promise<string> {
    const image = (await readFile(await this.scanImage())).toString('base64');
    const html = `<!doctype html><html><body style="margin:0"><img style="width:100%" src="data:image/png;base64,${image}"></body></html>`;
    return this.pdf('scanned.pdf', html);
  }

  async close(): Promise<void> {
    await this.browser.close();
    await rm(this.dir, { recursive: true, force: true });
  }
}
