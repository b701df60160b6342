/**
 * The lam-alef ligature, put back in order. Arabic script draws lam followed by alef as one glyph (لا);
 * when a PDF maps that glyph to a presentation form (U+FEF5–U+FEFC, as Chromium's PDFs do), pdftotext
 * 22.12 expands it after reversing the line and so writes alef-lam: "سالم" for "سلام", "اسالمی" for
 * "اسلامی". From its text alone the damage cannot be told from a real alef-lam (سال, year). pdf.js still
 * sees the glyphs with their positions, so the words that hold the ligature can be read from it in both
 * forms, and exactly those words are repaired in pdftotext's text.
 */

/** A glyph run as pdf.js reports it: its text (logical order within the run), direction and position. */
export interface PositionedText {
  str: string;
  dir: string;
  x: number;
  y: number;
}

/** A word as pdftotext writes it, and as it should read. */
export type LigatureRepair = [damaged: string, correct: string];

const LAM_ALEF = /[\ufef5-\ufefc]/;

function reverse(text: string): string {
  return [...text].reverse().join('');
}

/**
 * The words of a page that contain a lam-alef presentation form, as pdftotext damages them and as they
 * read: each line's runs sorted left to right and each right-to-left run turned round give the glyphs as
 * drawn; a word read right to left is the word in logical order.
 */
export function lamAlefRepairs(items: PositionedText[]): LigatureRepair[] {
  if (!items.some((item) => LAM_ALEF.test(item.str))) return [];
  const lines = new Map<number, PositionedText[]>();
  for (const item of items) {
    const key = Math.round(item.y);
    lines.set(key, [...(lines.get(key) ?? []), item]);
  }
  const repairs: LigatureRepair[] = [];
  for (const line of lines.values()) {
    const drawn = line
      .sort((a, b) => a.x - b.x)
      .map((item) => (item.dir === 'rtl' ? reverse(item.str) : item.str))
      .join('');
    for (const word of drawn.split(/[\s\p{P}\d\u06f0-\u06f9]+/u)) {
      if (!LAM_ALEF.test(word)) continue;
      const logical = reverse(word);
      const correct = logical.normalize('NFKC');
      const damaged = [...logical]
        .map((c) => (LAM_ALEF.test(c) ? reverse(c.normalize('NFKC')) : c))
        .join('')
        .normalize('NFKC');
      if (damaged !== correct) repairs.push([damaged.normalize('NFC'), correct.normalize('NFC')]);
    }
  }
  return repairs;
}

const WORD_CHAR = /[\p{L}\p{M}\u200c]/u;

/**
 * Replaces, in one page of pdftotext's text, each damaged word by its correct form: as many occurrences as
 * pdf.js found, whole words only, first come first served (a page that has both سلام drawn with the
 * ligature and a real سالم is the only case where the wrong one can be chosen).
 */
export function restoreLamAlef(text: string, repairs: LigatureRepair[]): string {
  if (repairs.length === 0) return text;
  let result = text;
  const budget = new Map<string, { correct: string; left: number }>();
  for (const [damaged, correct] of repairs) {
    const entry = budget.get(damaged);
    if (entry) entry.left++;
    else budget.set(damaged, { correct, left: 1 });
  }
  for (const [damaged, entry] of budget) {
    let from = 0;
    while (entry.left > 0) {
      const at = result.indexOf(damaged, from);
      if (at < 0) break;
      const before = result[at - 1] ?? ' ';
      const after = result[at + damaged.length] ?? ' ';
      if (WORD_CHAR.test(before) || WORD_CHAR.test(after)) {
        from = at + 1;
        continue;
      }
      result = result.slice(0, at) + entry.correct + result.slice(at + damaged.length);
      from = at + entry.correct.length;
      entry.left--;
    }
  }
  return result;
}
