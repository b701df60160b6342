/**
 * PDF text with poppler: pdfinfo (pages, title, whether a password is needed), pdftotext (text in logical
 * order, pages ended by form feeds) with two repairs of its Persian — lines that mix directions
 * (`poppler-bidi.ts`) and the lam-alef ligature (`lam-alef.ts`) — and, for pages without a text layer,
 * pdftoppm + Tesseract one page at a time, so that the scratch directory holds at most one page image.
 * Without pdftotext the JavaScript fallback (pdf.js, in a worker) reads the text, with a warning that
 * Persian may be garbled.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExtractionJob, RawExtraction } from './job.js';
import { stripToolBidiControls } from './layout.js';
import { restoreLamAlef } from './lam-alef.js';
import { logicalOrder } from './poppler-bidi.js';
import { OCR_NEEDS_TESSERACT, ocrEngine, recognise, type OcrEngine } from './ocr.js';
import { runInParser } from './parser-host.js';
import { runTool, toolVersion, type RunResult } from './tools.js';
import { ExtractionError, type ToolUse } from './types.js';

/** Rasterising resolution for OCR: enough for body text, small enough to be quick. */
const OCR_DPI = 200;
/** Longest side of a rasterised page; larger pages (posters, maps) are scaled down to it. */
const MAX_RASTER_SIDE = 6_000;
/** A page with fewer letters than this in its text layer is taken for a scan and read by OCR. */
const SCANNED_PAGE_LETTERS = 16;

export const FALLBACK_WARNING =
  'pdftotext (poppler-utils) is not installed: the text was read by a JavaScript fallback, and Persian text may be garbled (letters out of order or in presentation forms)';

interface PdfInfo {
  pages: number;
  title: string | null;
  /** Page sizes in points, by page number (only for the pages asked for). */
  sizes: Map<number, { width: number; height: number }>;
}

/** The most telling line of poppler's complaints, without its "Syntax Error (123):" prefix. */
function popplerReason(stderr: string): string | null {
  const lines = stderr
    .split('\n')
    .map((line) =>
      line
        .replace(
          /^(Syntax (Error|Warning)|Internal Error|I\/O Error|Command Line Error)(\s*\(\d+\))?:\s*/,
          '',
        )
        .trim(),
    )
    .filter(Boolean);
  return lines.at(-1) ?? null;
}

function failure(result: RunResult, what: string): ExtractionError {
  if (/incorrect password/i.test(result.stderr))
    return new ExtractionError(
      'encrypted',
      'the PDF is protected by a password; it cannot be read without it',
    );
  const reason = popplerReason(result.stderr);
  return new ExtractionError(
    'malformed',
    `the PDF is damaged or not a PDF: ${what} failed${reason ? ` (${reason})` : ''}`,
  );
}

async function pdfInfo(job: ExtractionJob, path: string, lastSizedPage: number): Promise<PdfInfo> {
  const result = await runTool(path, ['-f', '1', '-l', String(lastSizedPage), job.path], {
    deadline: job.deadline,
    signal: job.signal,
    cwd: job.workDir,
    maxOutputBytes: 1024 * 1024,
  });
  if (result.exitCode !== 0) throw failure(result, 'reading its structure');
  const output = result.stdout.toString('utf8');
  const pages = Number(/^Pages:\s+(\d+)/m.exec(output)?.[1] ?? NaN);
  if (!Number.isFinite(pages)) throw failure(result, 'counting its pages');
  const sizes = new Map<number, { width: number; height: number }>();
  for (const match of output.matchAll(/^Page\s+(\d+)\s+size:\s+([\d.]+)\s+x\s+([\d.]+)/gm))
    sizes.set(Number(match[1]), { width: Number(match[2]), height: Number(match[3]) });
  return { pages, title: usefulTitle(/^Title:\s+(.+)$/m.exec(output)?.[1]), sizes };
}

/** A PDF's Title, unless it is a placeholder that browsers and converters write. */
function usefulTitle(title: string | null | undefined): string | null {
  const trimmed = title?.trim();
  return trimmed && !/^(about:blank|untitled|microsoft word - .*|data:.*)$/i.test(trimmed) ? trimmed : null;
}

function letters(text: string): number {
  return text.match(/\p{L}/gu)?.length ?? 0;
}

function pageList(pages: number[]): string {
  return pages.length > 8 ? `${pages.slice(0, 8).join(', ')} and ${pages.length - 8} more` : pages.join(', ');
}

/** OCR of one page: rasterised alone (greyscale PNG), read, and the image removed at once. */
async function ocrPage(
  job: ExtractionJob,
  pdftoppm: string,
  engine: OcrEngine,
  page: number,
  size: { width: number; height: number } | undefined,
): Promise<string> {
  const longest = size ? (Math.max(size.width, size.height) / 72) * OCR_DPI : 0;
  const scaled = longest > MAX_RASTER_SIDE;
  const root = join(job.workDir, `page-${page}`);
  const args = ['-f', String(page), '-l', String(page), '-gray', '-png', '-singlefile'];
  args.push(...(scaled ? ['-scale-to', String(MAX_RASTER_SIDE)] : ['-r', String(OCR_DPI)]));
  const result = await runTool(pdftoppm, [...args, job.path, root], {
    deadline: job.deadline,
    signal: job.signal,
    cwd: job.workDir,
    maxOutputBytes: 1024,
  });
  if (result.exitCode !== 0) throw failure(result, `rasterising page ${page}`);
  try {
    const dpi =
      scaled && size ? Math.round((MAX_RASTER_SIDE * 72) / Math.max(size.width, size.height)) : OCR_DPI;
    return await recognise(job, engine, `${root}.png`, dpi);
  } finally {
    await rm(`${root}.png`, { force: true });
  }
}

/**
 * Puts lam-alef ligatures that pdftotext wrote backwards in order (see lam-alef.ts), in place in `pages`.
 * Only text with an alef-lam in Arabic script needs the check; it may take half the time left, and if it
 * cannot run the text is kept as it is, with a warning.
 */
async function repairLamAlef(
  job: ExtractionJob,
  pages: string[],
  lastPage: number,
): Promise<{ use: ToolUse | null; warnings: string[] }> {
  if (!pages.some((page) => /[\u0627\u0622]\u0644/.test(page))) return { use: null, warnings: [] };
  const deadline = Math.min(job.deadline, Date.now() + (job.deadline - Date.now()) / 2);
  try {
    const result = await runInParser(
      { ...job, deadline },
      { kind: 'pdf-lam-alef', path: job.path, maxPages: lastPage },
    );
    let changed = false;
    (result.repairs ?? []).forEach((repairs, i) => {
      const page = pages[i];
      if (page === undefined) return;
      const restored = restoreLamAlef(page, repairs);
      if (restored !== page) changed = true;
      pages[i] = restored;
    });
    return {
      use: changed ? { name: 'pdf.js (unpdf)', version: result.version, options: 'lam-alef order' } : null,
      warnings: [],
    };
  } catch (error) {
    if (!(error instanceof ExtractionError)) throw error;
    return {
      use: null,
      warnings: [
        `words with the lam-alef ligature (لا) may read backwards (ال): the check failed (${error.message})`,
      ],
    };
  }
}

/** A PDF read with poppler, with OCR of the pages that have no text layer. */
export async function extractPdf(job: ExtractionJob): Promise<RawExtraction> {
  const { pdftotext, pdfinfo, pdftoppm } = job.tools;
  if (!pdftotext) return extractPdfFallback(job);
  const warnings: string[] = [];
  const info = pdfinfo
    ? await pdfInfo(job, pdfinfo, Math.min(job.limits.maxOcrPages, job.limits.maxPages))
    : null;
  if (info && info.pages === 0) throw new ExtractionError('malformed', 'the PDF has no pages');
  const lastPage = info ? Math.min(info.pages, job.limits.maxPages) : job.limits.maxPages;
  const result = await runTool(
    pdftotext,
    ['-enc', 'UTF-8', '-f', '1', '-l', String(lastPage), job.path, '-'],
    {
      deadline: job.deadline,
      signal: job.signal,
      cwd: job.workDir,
      maxOutputBytes: job.limits.maxChars * 4,
    },
  );
  if (result.exitCode !== 0 && !result.truncated) throw failure(result, 'reading its text');
  if (/Syntax Error/.test(result.stderr)) {
    const reason = popplerReason(result.stderr);
    warnings.push(`the PDF has errors; some text may be missing${reason ? ` (${reason})` : ''}`);
  }
  if (info && info.pages > lastPage)
    warnings.push(`only the first ${lastPage} of ${info.pages} pages were read (page limit)`);
  const pages = stripToolBidiControls(logicalOrder(result.stdout.toString('utf8'))).split('\f');
  if (pages.length > 1 && pages.at(-1)?.trim() === '') pages.pop();

  const version = await toolVersion(pdftotext);
  const tools: ToolUse[] = [{ name: 'pdftotext', version }];
  const repaired = await repairLamAlef(job, pages, lastPage);
  if (repaired.use) tools.push(repaired.use);
  warnings.push(...repaired.warnings);
  const scanned = pages.flatMap((text, i) => (letters(text) < SCANNED_PAGE_LETTERS ? [i + 1] : []));
  const ocrPages: number[] = [];
  if (scanned.length > 0) {
    const canOcr = Boolean(pdftoppm && job.tools.tesseract);
    if (!canOcr) {
      if (scanned.length === pages.length && pages.every((text) => !text.trim()))
        throw new ExtractionError(
          'unsupported',
          `the PDF has no text layer (a scan); ${pdftoppm ? OCR_NEEDS_TESSERACT : 'OCR needs pdftoppm (poppler-utils) and Tesseract (tesseract-ocr)'}`,
        );
      warnings.push(
        `pages ${pageList(scanned)} have no text layer and were not read by OCR (Tesseract is not installed)`,
      );
    } else {
      const engine = await ocrEngine(job);
      warnings.push(...engine.warnings);
      const toRead = scanned.slice(0, job.limits.maxOcrPages);
      if (toRead.length < scanned.length)
        warnings.push(
          `${scanned.length} pages have no text layer; only the first ${toRead.length} were read by OCR (OCR page limit)`,
        );
      for (const page of toRead) {
        const recognised = await ocrPage(job, pdftoppm as string, engine, page, info?.sizes.get(page));
        if (letters(recognised) > letters(pages[page - 1] ?? '')) {
          pages[page - 1] = recognised.replace(/\f/g, '\n');
          ocrPages.push(page);
        }
      }
      if (ocrPages.length > 0) {
        tools.unshift(engine.use, {
          name: 'pdftoppm',
          version: await toolVersion(pdftoppm as string),
          options: `-r ${OCR_DPI} -gray`,
        });
        if (ocrPages.length < pages.length)
          warnings.push(`pages ${pageList(ocrPages)} have no text layer and were read by OCR`);
      }
    }
  }
  return {
    text: pages.join('\f'),
    method: ocrPages.length > 0 ? 'pdf-ocr' : 'pdf',
    tools,
    paged: true,
    totalPages: info?.pages ?? null,
    encoding: null,
    title: info?.title ?? null,
    warnings,
  };
}

/** Without poppler: pdf.js (through unpdf) in a worker thread, with its own time and memory bounds. */
async function extractPdfFallback(job: ExtractionJob): Promise<RawExtraction> {
  const result = await runInParser(job, { kind: 'pdf', path: job.path, maxPages: job.limits.maxPages });
  const warnings = [FALLBACK_WARNING, ...result.warnings];
  if (result.totalPages !== null && result.totalPages > job.limits.maxPages)
    warnings.push(
      `only the first ${job.limits.maxPages} of ${result.totalPages} pages were read (page limit)`,
    );
  if (!result.text.replace(/\f/g, '').trim())
    throw new ExtractionError(
      'unsupported',
      'the PDF has no text layer (a scan); OCR of PDFs needs pdftoppm (poppler-utils) and Tesseract (tesseract-ocr)',
    );
  return {
    text: result.text,
    method: 'pdf-fallback',
    tools: [{ name: 'pdf.js (unpdf)', version: result.version }],
    paged: true,
    totalPages: result.totalPages,
    encoding: null,
    title: usefulTitle(result.title),
    warnings,
  };
}
