/**
 * The extractors that run inside this process's JavaScript rather than as a program: HTML (linkedom +
 * Readability) and the PDF fallback (pdf.js through unpdf). They run in a worker thread
 * (`parse-worker.ts`), which can be stopped at the deadline — a parser stuck on a hostile file cannot be
 * interrupted any other way.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { declaredHtmlCharset, decodeText } from './encoding.js';
import { htmlToText } from './html.js';
import { lamAlefRepairs, type LigatureRepair, type PositionedText } from './lam-alef.js';
import type { ExtractionErrorCode } from './types.js';

export type ParserTask =
  | { kind: 'html'; path: string }
  | { kind: 'pdf'; path: string; maxPages: number }
  | { kind: 'pdf-lam-alef'; path: string; maxPages: number };

export interface ParserResult {
  /** Pages separated by \f (PDF). */
  text: string;
  title: string | null;
  encoding: string | null;
  totalPages: number | null;
  /** The version of the library that did the work. */
  version: string;
  warnings: string[];
  /** For 'pdf-lam-alef': per page, the words pdftotext damages and their correct form. */
  repairs?: LigatureRepair[][];
}

export type ParserReply =
  { ok: true; result: ParserResult } | { ok: false; code: ExtractionErrorCode | null; message: string };

/** An expected failure, carried across the thread boundary as a code and a message. */
export class ParserFailure extends Error {
  constructor(
    readonly code: ExtractionErrorCode,
    message: string,
  ) {
    super(message);
  }
}

function packageVersion(name: string): string {
  try {
    const require = createRequire(import.meta.url);
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

async function parseHtml(path: string): Promise<ParserResult> {
  const bytes = await readFile(path);
  const decoded = decodeText(bytes, declaredHtmlCharset(bytes));
  const { text, title } = htmlToText(decoded.text);
  return {
    text,
    title,
    encoding: decoded.encoding,
    totalPages: null,
    version: packageVersion('@mozilla/readability'),
    warnings: decoded.warnings,
  };
}

interface TextItem {
  str?: string;
  hasEOL?: boolean;
  dir?: string;
  transform?: number[];
}

async function openPdf(path: string) {
  const { getDocumentProxy } = await import('unpdf');
  const data = new Uint8Array(await readFile(path));
  try {
    return await getDocumentProxy(data, { isEvalSupported: false, verbosity: 0 });
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    const message = error instanceof Error ? error.message : String(error);
    if (name === 'PasswordException')
      throw new ParserFailure(
        'encrypted',
        'the PDF is protected by a password; it cannot be read without it',
      );
    throw new ParserFailure('malformed', `the PDF is damaged or not a PDF (${message})`);
  }
}

async function pdfjsVersion(): Promise<string> {
  const { getResolvedPDFJS } = await import('unpdf');
  return (await getResolvedPDFJS()).version ?? 'unknown';
}

async function parsePdf(path: string, maxPages: number): Promise<ParserResult> {
  const pdf = await openPdf(path);
  try {
    const pages: string[] = [];
    const warnings: string[] = [];
    for (let number = 1; number <= Math.min(pdf.numPages, maxPages); number++) {
      try {
        const page = await pdf.getPage(number);
        const content = await page.getTextContent();
        pages.push(
          (content.items as TextItem[]).map((item) => (item.str ?? '') + (item.hasEOL ? '\n' : '')).join(''),
        );
        page.cleanup();
      } catch (error) {
        pages.push('');
        warnings.push(
          `page ${number} could not be read (${error instanceof Error ? error.message : String(error)})`,
        );
      }
    }
    const info = (await pdf.getMetadata().catch(() => null))?.info as { Title?: unknown } | undefined;
    const title = typeof info?.Title === 'string' && info.Title.trim() ? info.Title.trim() : null;
    return {
      text: pages.join('\f'),
      title,
      encoding: null,
      totalPages: pdf.numPages,
      version: await pdfjsVersion(),
      warnings,
    };
  } finally {
    await pdf.destroy();
  }
}

/** The lam-alef words of each page, read from the glyphs pdf.js sees (see lam-alef.ts). */
async function findLamAlef(path: string, maxPages: number): Promise<ParserResult> {
  const pdf = await openPdf(path);
  try {
    const repairs: LigatureRepair[][] = [];
    for (let number = 1; number <= Math.min(pdf.numPages, maxPages); number++) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent({ disableNormalization: true });
      const items: PositionedText[] = (content.items as TextItem[]).map((item) => ({
        str: item.str ?? '',
        dir: item.dir ?? 'ltr',
        x: item.transform?.[4] ?? 0,
        y: item.transform?.[5] ?? 0,
      }));
      repairs.push(lamAlefRepairs(items));
      page.cleanup();
    }
    return {
      text: '',
      title: null,
      encoding: null,
      totalPages: pdf.numPages,
      version: await pdfjsVersion(),
      warnings: [],
      repairs,
    };
  } finally {
    await pdf.destroy();
  }
}

/** Runs one task; expected failures become `{ ok: false, code }`, anything else `{ ok: false, code: null }`. */
export async function runParserTask(task: ParserTask): Promise<ParserReply> {
  try {
    const result =
      task.kind === 'html'
        ? await parseHtml(task.path)
        : task.kind === 'pdf'
          ? await parsePdf(task.path, task.maxPages)
          : await findLamAlef(task.path, task.maxPages);
    return { ok: true, result };
  } catch (error) {
    if (error instanceof ParserFailure) return { ok: false, code: error.code, message: error.message };
    return { ok: false, code: null, message: error instanceof Error ? error.message : String(error) };
  }
}
