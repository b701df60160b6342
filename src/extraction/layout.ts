/**
 * The shape every extracted text is given, whatever it came from: NFC, LF line ends, no control characters
 * but tab and form feed, paragraphs separated by one blank line, pages by a form feed, no line longer than
 * the limit and no more text than the limit. The text stays faithful otherwise: Persian normalisation
 * (yeh, kaf, digits) is for search and spotting, not for the stored text.
 */
import { detectLanguage } from './language.js';
import type { Paragraph } from './types.js';

export interface LaidOutText {
  text: string;
  warnings: string[];
}

/** Bidirectional controls that pdftotext and Tesseract add around runs: artefacts of the tool, not text. */
export function stripToolBidiControls(text: string): string {
  return text.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
}

/** Whether a break before position `i` would split a character (surrogate pair, base + mark, joiner). */
function unsafeBreak(line: string, i: number): boolean {
  const code = line.charCodeAt(i);
  if (code >= 0xdc00 && code <= 0xdfff) return true;
  const char = line[i] ?? '';
  const joiner = char === '\u200c' || char === '\u200d' || char === '\ufe0f' || line[i - 1] === '\u200d';
  return joiner || /\p{M}/u.test(char);
}

/** Breaks a line into pieces of at most `max` characters, at a space when there is one in the last half. */
export function breakLongLine(line: string, max: number): string {
  if (line.length <= max) return line;
  const pieces: string[] = [];
  let start = 0;
  while (line.length - start > max) {
    let cut = -1;
    for (let i = start + max; i > start + max / 2; i--) {
      const c = line[i];
      if (c === ' ' || c === '\t' || c === '\u00a0') {
        cut = i;
        break;
      }
    }
    if (cut >= 0) {
      pieces.push(line.slice(start, cut));
      start = cut + 1;
      continue;
    }
    cut = start + max;
    while (cut > start + 1 && unsafeBreak(line, cut)) cut--;
    pieces.push(line.slice(start, cut));
    start = cut;
  }
  pieces.push(line.slice(start));
  return pieces.join('\n');
}

/** Cuts text to at most `max` characters, at a line end when one is near, never inside a surrogate pair. */
function cut(text: string, max: number): string {
  const lineEnd = text.lastIndexOf('\n', max);
  if (lineEnd >= max * 0.9) return text.slice(0, lineEnd);
  let end = max;
  const code = text.charCodeAt(end);
  if (code >= 0xdc00 && code <= 0xdfff) end--;
  return text.slice(0, end);
}

/**
 * Gives raw extracted text its stored shape. `maxChars` bounds the result; the warnings say when text was
 * cut. Pages (form feeds) are kept, even empty ones, so that page n is `text.split('\f')[n - 1]`.
 */
export function layoutText(raw: string, limits: { maxChars: number; maxLineChars: number }): LaidOutText {
  const warnings: string[] = [];
  let text = raw.length > limits.maxChars * 2 ? raw.slice(0, limits.maxChars * 2) : raw;
  text = text
    .normalize('NFC')
    .replace(/\r\n?|\u0085|\u2028|\v/g, '\n')
    .replace(/\u2029/g, '\n\n')
    // Control characters other than tab, line feed and form feed; a BOM inside the text (joined files).
    // eslint-disable-next-line no-control-regex -- control characters are what this removes
    .replace(/[\u0000-\u0008\u000e-\u001f\u007f-\u009f\ufeff]/g, '');
  const pages = text.split('\f').map((page) =>
    page
      .split('\n')
      .map((line) => breakLongLine(line.replace(/[ \t\u00a0\u3000]+$/, ''), limits.maxLineChars))
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .replace(/^\n+|\n+$/g, ''),
  );
  text = pages.join('\f');
  if (text.length > limits.maxChars || raw.length > limits.maxChars * 2) {
    text = cut(text, limits.maxChars).replace(/[\n\f]+$/, '');
    warnings.push(`the text was cut at ${limits.maxChars.toLocaleString('en')} characters`);
  }
  return { text, warnings };
}

/** Below this many characters a paragraph is not worth a language of its own (it takes the document's). */
const SHORT_PARAGRAPH = 40;
/** Language detection reads at most this much of one paragraph. */
const PARAGRAPH_SAMPLE = 3_000;

/**
 * The paragraphs of laid-out text (runs of lines between blank lines and page breaks) with their language,
 * and the language of the whole: the one with the most letters.
 */
export function paragraphsOf(text: string): { paragraphs: Paragraph[]; language: string | null } {
  const paragraphs: Paragraph[] = [];
  const letters = new Map<string, number>();
  const boundary = /\n\n|\f/g;
  let start = 0;
  const push = (end: number): void => {
    const slice = text.slice(start, end);
    const trimmed = slice.trim();
    if (trimmed) {
      const offset = slice.indexOf(trimmed[0] ?? '');
      const begin = start + offset;
      const finish = begin + trimmed.length;
      const language = detectLanguage(text.slice(begin, Math.min(finish, begin + PARAGRAPH_SAMPLE)));
      paragraphs.push({ start: begin, end: finish, language });
      if (language) letters.set(language, (letters.get(language) ?? 0) + trimmed.length);
    }
  };
  for (let match = boundary.exec(text); match; match = boundary.exec(text)) {
    push(match.index);
    start = match.index + match[0].length;
  }
  push(text.length);
  let language: string | null = null;
  let most = 0;
  for (const [code, n] of letters)
    if (n > most) {
      language = code;
      most = n;
    }
  language ??= text.trim() ? detectLanguage(text) : null;
  // Short paragraphs (headings, captions) too short to judge alone read as the document does when their
  // script agrees with it.
  for (const paragraph of paragraphs) {
    if (paragraph.language || !language || paragraph.end - paragraph.start >= SHORT_PARAGRAPH) continue;
    const sameScript =
      detectLanguageScript(text.slice(paragraph.start, paragraph.end)) === scriptOfLanguage(language);
    if (sameScript) paragraph.language = language;
  }
  return { paragraphs, language };
}

function detectLanguageScript(text: string): 'arabic' | 'latin' | 'other' | null {
  const arabic = text.match(/\p{Script=Arabic}/gu)?.length ?? 0;
  const latin = text.match(/\p{Script=Latin}/gu)?.length ?? 0;
  const other = (text.match(/\p{L}/gu)?.length ?? 0) - arabic - latin;
  const most = Math.max(arabic, latin, other);
  if (most === 0) return null;
  return most === arabic ? 'arabic' : most === latin ? 'latin' : 'other';
}

function scriptOfLanguage(language: string): 'arabic' | 'latin' | 'other' {
  if (['fa', 'ar', 'ur', 'ps', 'ku'].includes(language)) return 'arabic';
  if (['ru', 'uk', 'be', 'bg', 'kk', 'sr', 'el', 'he', 'zh', 'ja', 'ko', 'hi', 'hy', 'ka'].includes(language))
    return 'other';
  return 'latin';
}
