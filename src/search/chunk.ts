/**
 * Cuts a document's extracted text into parts for the index. A part is at most ~4,000 characters and starts
 * on a page (pages are separated by form feeds) when it can: short pages share a part, a long page is cut at
 * a paragraph break, else at a line break or a space. Parts keep the index's units small — PostgreSQL
 * positions stop at 16,383 and a tsvector at 1 MB; snippets and phrase positions stay cheap — and say where a
 * hit is (page, offset) for the document viewer.
 */

export interface TextPart {
  index: number;
  /** Page the part starts on (1-based) when the text has page breaks, else null. */
  page: number | null;
  /** Offset of the part in the whole text. */
  start: number;
  text: string;
}

export const PART_LENGTH = 4000;
/** Parts per document: beyond 1,000 parts (about 4 million characters) the rest of the text is not indexed. */
export const MAX_PARTS = 1000;

/** Where to cut `text` at or before `limit`: the last paragraph break, line break or space in its second half. */
function cutPoint(text: string, from: number, limit: number): number {
  const window = text.slice(from, limit);
  const half = Math.floor(window.length / 2);
  for (const separator of ['\n\n', '\n', ' ']) {
    const at = window.lastIndexOf(separator);
    if (at >= half) return from + at + separator.length;
  }
  // No break at all: cut anywhere but inside a surrogate pair.
  return /[\ud800-\udbff]/.test(text[limit - 1] ?? '') ? limit - 1 : limit;
}

/** The parts of a text, and whether text was left out because it is longer than MAX_PARTS parts. */
export function splitIntoParts(
  text: string,
  maxLength = PART_LENGTH,
  maxParts = MAX_PARTS,
): { parts: TextPart[]; truncated: boolean } {
  const paged = text.includes('\f');
  const pageStarts = [0];
  for (let i = text.indexOf('\f'); i >= 0; i = text.indexOf('\f', i + 1)) pageStarts.push(i + 1);
  const pageAt = (offset: number) => {
    if (!paged) return null;
    let page = 0;
    while (page + 1 < pageStarts.length && pageStarts[page + 1]! <= offset) page++;
    return page + 1;
  };
  const parts: TextPart[] = [];
  let start = 0;
  while (start < text.length) {
    if (parts.length >= maxParts) return { parts, truncated: text.slice(start).trim() !== '' };
    let end = Math.min(text.length, start + maxLength);
    if (end < text.length) {
      // Prefer ending where a page ends, when one ends in the second half of the window.
      const lastPage = pageStarts.filter((p) => p > start + maxLength / 2 && p <= end).at(-1);
      end = lastPage ?? cutPoint(text, start, end);
    }
    const slice = text.slice(start, end);
    if (slice.trim()) parts.push({ index: parts.length, page: pageAt(start), start, text: slice });
    start = end;
  }
  return { parts, truncated: false };
}
