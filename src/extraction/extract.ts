/**
 * `extractText`: one file in, its text out. Checks the size before reading anything, sniffs the type
 * from the first bytes, hands the file to the extractor for that type inside a scratch directory of its
 * own (removed afterwards, whatever happens), then gives every text the same shape, paragraphs and
 * languages. Everything that can go wrong with the file ends in an ExtractionError naming the problem.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DOSSIER_VERSION, type ExtractionJob, type RawExtraction } from './job.js';
import { layoutText, paragraphsOf } from './layout.js';
import { extractImage } from './ocr.js';
import { runInParser } from './parser-host.js';
import { extractPdf } from './pdf.js';
import { extractPlainText } from './plain-text.js';
import { OCR_IMAGE_TYPES, readHead, sniffMediaType } from './sniff.js';
import { resolveTools, type ToolPaths } from './tools.js';
import {
  DEFAULT_EXTRACTION_LIMITS,
  ExtractionError,
  type Extraction,
  type ExtractionLimits,
  type ExtractionMethod,
} from './types.js';

export interface ExtractOptions {
  /** The name the file was given (only refines a type the content proves, e.g. text named .csv). */
  fileName?: string;
  limits?: Partial<ExtractionLimits>;
  /** Aborting stops any running tool or parser; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Tool paths to use instead of those on PATH; null = behave as if the tool were not installed. */
  tools?: ToolPaths;
  /** Tesseract languages, in order of preference; those without an installed model are left out. */
  ocrLanguages?: string[];
  /** Where the scratch directory is made (default: the system's temporary directory). */
  tempDir?: string;
}

const DEFAULT_OCR_LANGUAGES = ['fas', 'eng'];

type Extractor = (job: ExtractionJob) => Promise<RawExtraction>;

async function extractHtml(job: ExtractionJob): Promise<RawExtraction> {
  if (job.size > job.limits.maxHtmlBytes)
    throw new ExtractionError(
      'too_large',
      `the HTML page is ${megabytes(job.size)}; pages up to ${megabytes(job.limits.maxHtmlBytes)} are read`,
    );
  const result = await runInParser(job, { kind: 'html', path: job.path });
  return {
    text: result.text,
    method: 'html',
    tools: [
      { name: 'dossier-html', version: DOSSIER_VERSION },
      { name: '@mozilla/readability', version: result.version },
    ],
    paged: false,
    totalPages: null,
    encoding: result.encoding,
    title: result.title,
    warnings: result.warnings,
  };
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

function unsupported(mediaType: string): ExtractionError {
  if (/zip|x-7z|rar|gzip|bzip2|x-xz|zstd|officedocument|opendocument|epub|ole-storage/.test(mediaType))
    return new ExtractionError(
      'unsupported',
      `archives and office documents (${mediaType}) are not opened for text extraction; convert the file to PDF or text first`,
    );
  if (/^(audio|video)\//.test(mediaType))
    return new ExtractionError('unsupported', `no text is extracted from audio or video (${mediaType})`);
  return new ExtractionError('unsupported', `text cannot be extracted from files of type ${mediaType}`);
}

function extractorFor(mediaType: string): Extractor | null {
  if (mediaType === 'application/pdf') return extractPdf;
  if (OCR_IMAGE_TYPES.has(mediaType)) return extractImage;
  if (mediaType === 'text/html') return extractHtml;
  if (mediaType.startsWith('text/')) return extractPlainText;
  return null;
}

const NOTHING_FOUND: Record<ExtractionMethod, string> = {
  text: 'the file contains no text',
  html: 'the page contains no text outside its navigation',
  pdf: 'the PDF contains no text',
  'pdf-fallback': 'the PDF contains no text',
  'pdf-ocr': 'OCR found no text in the PDF',
  ocr: 'OCR found no text in the image',
};

/**
 * Extracts the text of the file at `path`: plain text in any encoding, HTML (main content), PDF (poppler,
 * OCR for scanned pages, a JavaScript fallback) and images (OCR). Rejects with an ExtractionError when
 * the file is unsupported, too large, encrypted, damaged, empty or takes too long.
 */
export async function extractText(path: string, options: ExtractOptions = {}): Promise<Extraction> {
  const limits: ExtractionLimits = { ...DEFAULT_EXTRACTION_LIMITS, ...options.limits };
  const deadline = Date.now() + limits.timeoutMs;
  options.signal?.throwIfAborted();
  const absolute = resolve(path);
  const info = await stat(absolute);
  if (!info.isFile()) throw new ExtractionError('unsupported', 'only regular files can be read');
  if (info.size > limits.maxBytes)
    throw new ExtractionError(
      'too_large',
      `the file is ${megabytes(info.size)}; files up to ${megabytes(limits.maxBytes)} are read`,
    );
  if (info.size === 0) throw new ExtractionError('empty', 'the file is empty');

  const mediaType = sniffMediaType(await readHead(absolute), options.fileName);
  const extractor = extractorFor(mediaType);
  if (!extractor) throw unsupported(mediaType);

  const workDir = await mkdtemp(join(options.tempDir ?? tmpdir(), 'dossier-extract-'));
  let raw: RawExtraction;
  try {
    const job: ExtractionJob = {
      path: absolute,
      size: info.size,
      mediaType,
      limits,
      tools: await resolveTools(options.tools),
      ocrLanguages: options.ocrLanguages ?? DEFAULT_OCR_LANGUAGES,
      deadline,
      signal: options.signal,
      workDir,
    };
    raw = await extractor(job);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  options.signal?.throwIfAborted();

  const laidOut = layoutText(raw.text, limits);
  if (!laidOut.text.replace(/\f/g, '').trim()) throw new ExtractionError('empty', NOTHING_FOUND[raw.method]);
  const { paragraphs, language } = paragraphsOf(laidOut.text);
  const main = raw.tools[0] ?? { name: 'unknown', version: 'unknown' };
  return {
    text: laidOut.text,
    mediaType,
    method: raw.method,
    tool: main.name,
    toolVersion: main.version,
    tools: raw.tools,
    pages: raw.paged ? laidOut.text.split('\f').length : null,
    totalPages: raw.totalPages,
    encoding: raw.encoding,
    language,
    paragraphs,
    title: raw.title,
    warnings: [...new Set([...raw.warnings, ...laidOut.warnings])],
  };
}
