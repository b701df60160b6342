/**
 * Text extraction: from a stored file to text in reading order, with its paragraphs, languages and the
 * tools that made it. Plain text in any encoding, HTML (main content), PDF (poppler; OCR for scanned
 * pages; a JavaScript fallback) and images (Tesseract). Pure over one file: no database, no network.
 *
 * Modules: `sniff` (media type from magic bytes), `encoding` (decoding text), `html` (main content),
 * `pdf` and `ocr` (poppler and Tesseract), `poppler-bidi` and `lam-alef` (repairs of pdftotext's
 * Persian), `image-size` (pixel bombs), `parsers` + `parser-host` (in-process parsers in a worker with a
 * deadline), `tools` (finding and running programs), `layout` (the stored shape of text, paragraphs),
 * `language` (language detection), `extract` (the whole).
 */
export { extractText, type ExtractOptions } from './extract.js';
export { detectLanguage } from './language.js';
export { sniffMediaType, readHead, SNIFF_BYTES } from './sniff.js';
export { installedTools, type InstalledTool, type ToolName, type ToolPaths } from './tools.js';
export {
  DEFAULT_EXTRACTION_LIMITS,
  ExtractionError,
  type Extraction,
  type ExtractionErrorCode,
  type ExtractionLimits,
  type ExtractionMethod,
  type Paragraph,
  type ToolUse,
} from './types.js';
