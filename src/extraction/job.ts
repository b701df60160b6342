/**
 * One extraction in progress, as the extractors of each format see it, and what they hand back before the
 * text is given its final shape (layout, paragraphs, language) in one place.
 */
import { readFileSync } from 'node:fs';
import type { ToolName } from './tools.js';
import type { ExtractionLimits, ExtractionMethod, ToolUse } from './types.js';

export interface ExtractionJob {
  /** The file being read (never modified). */
  path: string;
  size: number;
  mediaType: string;
  limits: ExtractionLimits;
  tools: Record<ToolName, string | null>;
  /** Tesseract languages wanted, in order of preference ('fas', 'eng'). */
  ocrLanguages: string[];
  /** Absolute time (Date.now()) by which everything must be done. */
  deadline: number;
  signal?: AbortSignal;
  /** A scratch directory of this extraction only, removed when it ends. */
  workDir: string;
}

/** What an extractor produces: raw text (pages separated by \f) and how it was made. */
export interface RawExtraction {
  text: string;
  method: ExtractionMethod;
  tools: ToolUse[];
  /** Whether the text has pages (PDF, images), so that `pages` is counted. */
  paged: boolean;
  totalPages: number | null;
  encoding: string | null;
  title: string | null;
  warnings: string[];
}

/** This program's version, recorded as the version of its own extractors ('dossier-text', 'dossier-html'). */
export const DOSSIER_VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
