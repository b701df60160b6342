/**
 * Cutting extracted text into what the viewer draws, keeping every piece's offset into the original text:
 * pages (form feeds), paragraphs (blank lines), and within a paragraph plain runs and highlighted mentions.
 * A selection in the page is mapped back to offsets through the `data-o` attribute each piece carries, so
 * an excerpt's charStart/charEnd are offsets into the same text the server holds (UTF-16, as JavaScript).
 */

export interface Paragraph {
  start: number;
  end: number;
  /** 1-based page the paragraph is on. */
  page: number;
  /** True for the first paragraph of a page after the first. */
  pageStart: boolean;
}

/** Paragraphs of the text: runs between blank lines or page breaks, without the blank ones. */
export function paragraphsOf(text: string): Paragraph[] {
  const out: Paragraph[] = [];
  const breaks = /\f|\n[ \t\r]*\n(?:[ \t\r]*\n)*/g;
  let page = 1;
  let from = 0;
  let newPage = false;
  const push = (start: number, end: number) => {
    if (text.slice(start, end).trim() === '') return;
    out.push({ start, end, page, pageStart: newPage && page > 1 });
    newPage = false;
  };
  for (const m of text.matchAll(breaks)) {
    push(from, m.index);
    if (m[0] === '\f') {
      page += 1;
      newPage = true;
    }
    from = m.index + m[0].length;
  }
  push(from, text.length);
  return out;
}

export interface Span {
  start: number;
  end: number;
}

export interface Piece<M extends Span> {
  start: number;
  end: number;
  mention: M | null;
}

/**
 * Mentions drawn in the text: in text order, without overlaps (where two overlap, the one starting first —
 * or the longer, when they start together — is drawn; the other stays in the side list).
 */
export function drawableMentions<M extends Span>(mentions: readonly M[], textLength: number): M[] {
  const sorted = mentions
    .filter((m) => m.start >= 0 && m.end <= textLength && m.start < m.end)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out: M[] = [];
  let reached = 0;
  for (const m of sorted) {
    if (m.start < reached) continue;
    out.push(m);
    reached = m.end;
  }
  return out;
}

/** A paragraph cut into plain runs and mentions (clipped to the paragraph), covering it without gaps. */
export function piecesOf<M extends Span>(paragraph: Span, mentions: readonly M[]): Array<Piece<M>> {
  const out: Array<Piece<M>> = [];
  let at = paragraph.start;
  for (const m of mentions) {
    if (m.end <= paragraph.start || m.start >= paragraph.end) continue;
    const start = Math.max(m.start, paragraph.start);
    const end = Math.min(m.end, paragraph.end);
    if (start > at) out.push({ start: at, end: start, mention: null });
    out.push({ start, end, mention: m });
    at = end;
  }
  if (at < paragraph.end) out.push({ start: at, end: paragraph.end, mention: null });
  return out;
}

/**
 * The text offset of a boundary point (a Range's start or end) inside `root`. Every piece of text in `root`
 * is an element with `data-o` (its offset) holding exactly one text node; anything else (page markers) has
 * no offset and is skipped.
 */
export function offsetAt(root: Element, node: Node, offset: number): number | null {
  if (node.nodeType === Node.TEXT_NODE) {
    const holder = node.parentElement;
    const base = holder?.getAttribute('data-o');
    if (holder && base !== null && base !== undefined && root.contains(holder)) return Number(base) + offset;
  }
  // The point is between elements (or in text without an offset): the next piece of text starts there.
  const point = document.createRange();
  point.setStart(node, offset);
  point.collapse(true);
  const pieces = root.querySelectorAll('[data-o]');
  let last: number | null = null;
  for (const piece of pieces) {
    const text = piece.firstChild;
    if (!text) continue;
    if (point.comparePoint(text, 0) >= 0) return Number(piece.getAttribute('data-o'));
    last = Number(piece.getAttribute('data-o')) + (text.textContent?.length ?? 0);
  }
  return last;
}

/** The selected span of the text, trimmed of surrounding white space; null when nothing is selected in it. */
export function selectedSpan(root: Element, range: Range, text: string): Span | null {
  const a = offsetAt(root, range.startContainer, range.startOffset);
  const b = offsetAt(root, range.endContainer, range.endOffset);
  if (a === null || b === null) return null;
  let start = Math.min(a, b);
  let end = Math.max(a, b);
  while (start < end && /\s/.test(text[start]!)) start += 1;
  while (end > start && /\s/.test(text[end - 1]!)) end -= 1;
  return end > start ? { start, end } : null;
}

/** The 1-based page of an offset, or null when the text has no page breaks. */
export function pageAt(text: string, offset: number): number | null {
  if (!text.includes('\f')) return null;
  let page = 1;
  for (let i = text.indexOf('\f'); i !== -1 && i < offset; i = text.indexOf('\f', i + 1)) page += 1;
  return page;
}
