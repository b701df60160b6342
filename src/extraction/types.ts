/**
 * What text extraction gives back, the limits it works within and the one error it raises. Kept apart from
 * the extractors so that the pure helpers (sniffing, layout, language) and the worker share them.
 */
import { DomainError } from '../domain/errors.js';

/** Bounds on one extraction: a hostile or huge file ends in an ExtractionError, never a crash or a hang. */
export interface ExtractionLimits {
  /** Largest file accepted, checked before anything is read. */
  maxBytes: number;
  /** Wall-clock time for the whole extraction (every subprocess and parser together). */
  timeoutMs: number;
  /** Longest text kept; longer text is cut at a line end, with a warning. */
  maxChars: number;
  /** Longest line kept; longer lines are broken at a space (or, in a run without spaces, anywhere safe). */
  maxLineChars: number;
  /** Pages of a PDF read for text; later pages are left out, with a warning. */
  maxPages: number;
  /** Pages of a PDF without a text layer that are rasterised and read by OCR. */
  maxOcrPages: number;
  /** Largest image (width × height) handed to OCR. */
  maxPixels: number;
  /** Largest HTML page parsed (a DOM costs many times the size of its markup). */
  maxHtmlBytes: number;
}

export const DEFAULT_EXTRACTION_LIMITS: ExtractionLimits = Object.freeze({
  maxBytes: 512 * 1024 * 1024,
  timeoutMs: 5 * 60_000,
  maxChars: 5_000_000,
  maxLineChars: 10_000,
  maxPages: 2_000,
  maxOcrPages: 50,
  maxPixels: 100_000_000,
  maxHtmlBytes: 16 * 1024 * 1024,
});

/** A paragraph of the extracted text: `text.slice(start, end)`, offsets in UTF-16 code units. */
export interface Paragraph {
  start: number;
  end: number;
  /** ISO 639-1 code ('fa', 'en', …; ISO 639-3 where a language has no two-letter code), null if unknown. */
  language: string | null;
}

export type ExtractionMethod = 'text' | 'html' | 'pdf' | 'pdf-fallback' | 'ocr' | 'pdf-ocr';

/** A program or library that took part in an extraction, for the provenance of the derived text. */
export interface ToolUse {
  name: string;
  version: string;
  /** How it was called when that matters for the result, e.g. OCR languages 'fas+eng' or '-r 200'. */
  options?: string;
}

export interface Extraction {
  /** Logical (reading) order, NFC, LF line ends, paragraphs separated by a blank line, pages by \f. */
  text: string;
  /** Sniffed from the content (magic bytes), not trusted from the file name. */
  mediaType: string;
  method: ExtractionMethod;
  /** The tool that produced the text, e.g. 'pdftotext' '22.12.0', 'tesseract' '5.3.0', 'dossier-html' '0.1.0'. */
  tool: string;
  toolVersion: string;
  /** Every program and library that took part (the main tool first). */
  tools: ToolUse[];
  /** Pages in `text` (`text.split('\f').length`) for PDFs and images, null for text and HTML. */
  pages: number | null;
  /** Pages of the whole document when known (a PDF longer than `maxPages` has more than `pages`). */
  totalPages: number | null;
  /** For plain text and HTML: the encoding the bytes were decoded from (an iconv-lite name). */
  encoding: string | null;
  /** The language of most of the text, null if unknown. */
  language: string | null;
  paragraphs: Paragraph[];
  /** The document's own title when it has one (HTML <title>, PDF Title), null otherwise. */
  title: string | null;
  /** Things a reader of the text should know, e.g. that it was cut, guessed or read by a fallback. */
  warnings: string[];
}

export type ExtractionErrorCode =
  'unsupported' | 'too_large' | 'timeout' | 'encrypted' | 'malformed' | 'empty';

/** The file could not be turned into text; the message says why in words a user can act on. */
export class ExtractionError extends DomainError {
  constructor(
    readonly code: ExtractionErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ExtractionError';
  }
}
