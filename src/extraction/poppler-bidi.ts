/**
 * Reading order for lines that mix directions, repaired from pdftotext's output. pdftotext chooses one
 * direction per page and writes each line in the logical order that direction implies, marking runs of
 * the other direction with LRE/RLE … PDF. A line whose own direction differs from the page's (a Persian
 * line in an English page, an English sentence in a Persian one) and the spaces and punctuation at the
 * edges of embedded runs come out scrambled: "‫ نفر‬۴۰۰۰ ‫ بیش از‬۱۳۶۷ ‫در سال‬" for "در سال ۱۳۶۷ بیش از ۴۰۰۰ نفر".
 *
 * The repair undoes pdftotext's step to recover the line as it is drawn (left to right, in units: words,
 * numbers, spaces, punctuation), then reads it in the direction of the line: the direction whose reading
 * starts with a letter of that direction (the first-strong-character rule of the Unicode bidirectional
 * algorithm), the page's direction when both or neither do.
 */

const LRE = '\u202a';
const RLE = '\u202b';
const PDF = '\u202c';

type Kind = 'R' | 'L' | 'N' | 'W';

interface Unit {
  text: string;
  /** R: right-to-left letters; L: left-to-right letters; N: a number; W: space or punctuation (weak/neutral). */
  kind: Kind;
}

const UNIT = /[\p{L}\p{M}\u200c\u200d]+(?:\p{N}+[\p{L}\p{M}]*)*|\p{N}+(?:[.,/:٫٬-]\p{N}+)*|\s+|[^]/gu;
const RTL_LETTER = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]/u;

function unitsOf(text: string): Unit[] {
  return (text.match(UNIT) ?? []).map((t) => ({
    text: t,
    kind: RTL_LETTER.test(t) ? 'R' : /\p{L}/u.test(t) ? 'L' : /^\p{N}/u.test(t) ? 'N' : 'W',
  }));
}

interface Segment {
  text: string;
  /** The direction pdftotext wrote the segment in. */
  rtl: boolean;
}

/** Splits the inside of a line into top-level segments: embedded runs and the text between them. */
function segmentsOf(inner: string, pageRtl: boolean): Segment[] {
  const segments: Segment[] = [];
  let depth = 0;
  let current = '';
  let currentRtl = pageRtl;
  for (const char of inner) {
    if (char === LRE || char === RLE) {
      if (depth === 0) {
        if (current) segments.push({ text: current, rtl: currentRtl });
        current = '';
        currentRtl = char === RLE;
      }
      depth++;
    } else if (char === PDF) {
      depth = Math.max(0, depth - 1);
      if (depth === 0) {
        if (current) segments.push({ text: current, rtl: currentRtl });
        current = '';
        currentRtl = pageRtl;
      }
    } else current += char;
  }
  if (current) segments.push({ text: current, rtl: currentRtl });
  return segments;
}

/** The line as drawn, left to right: pdftotext's segments undone. */
function visualUnits(segments: Segment[], pageRtl: boolean): Unit[] {
  const ordered = pageRtl ? [...segments].reverse() : segments;
  return ordered.flatMap((segment) =>
    segment.rtl ? unitsOf(segment.text).reverse() : unitsOf(segment.text),
  );
}

/**
 * Reads drawn units in a direction: left to right, with each run of right-to-left words (and the numbers
 * and neutrals between them) turned round; or right to left, with each run of left-to-right words and
 * numbers (and what lies between them) kept as drawn.
 */
function read(units: Unit[], rtl: boolean): Unit[] {
  const inRun = (kind: Kind): boolean => (rtl ? kind === 'L' || kind === 'N' : kind === 'R');
  const carries = (kind: Kind): boolean => (rtl ? kind !== 'R' : kind !== 'L');
  const runs: Unit[][] = [];
  let i = 0;
  while (i < units.length) {
    const unit = units[i] as Unit;
    if (!inRun(unit.kind)) {
      runs.push([unit]);
      i++;
      continue;
    }
    // A run starts and ends with a unit of its own kind and may hold neutrals (and numbers) in between.
    let end = i;
    for (let j = i + 1; j < units.length && carries((units[j] as Unit).kind); j++)
      if (inRun((units[j] as Unit).kind)) end = j;
    const run = units.slice(i, end + 1);
    runs.push(rtl ? [{ text: run.map((u) => u.text).join(''), kind: 'L' }] : [...run].reverse());
    i = end + 1;
  }
  return (rtl ? runs.reverse() : runs).flat();
}

function firstStrong(units: Unit[]): 'R' | 'L' | null {
  for (const unit of units) if (unit.kind === 'R' || unit.kind === 'L') return unit.kind;
  return null;
}

/** Whether the embedding opened by the line's first character is closed by its last. */
function closesAtEnd(line: string): boolean {
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === LRE || c === RLE) depth++;
    else if (c === PDF && --depth === 0) return i === line.length - 1;
  }
  return false;
}

/** One line of pdftotext output in reading order, without its embedding marks. */
export function logicalLine(line: string): string {
  if (!line.includes(LRE) && !line.includes(RLE)) return line;
  const pageRtl = line.startsWith(RLE) && closesAtEnd(line);
  const inner = pageRtl ? line.slice(1, -1) : line;
  const drawn = visualUnits(segmentsOf(inner, pageRtl), pageRtl);
  const asRtl = read(drawn, true);
  const asLtr = read(drawn, false);
  const rtlFits = firstStrong(asRtl) !== 'L';
  const ltrFits = firstStrong(asLtr) !== 'R';
  const rtl = rtlFits === ltrFits ? pageRtl : rtlFits;
  return (rtl ? asRtl : asLtr).map((u) => u.text).join('');
}

/** pdftotext output with every line in reading order and no embedding marks. */
export function logicalOrder(text: string): string {
  return text.replace(/[^\n\f]+/g, logicalLine);
}
