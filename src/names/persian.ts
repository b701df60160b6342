/**
 * The one Persian normaliser that search, name matching and spotting share. Persian text arrives typed on
 * Arabic keyboards, copied from PDFs in presentation forms, with vowel marks, elongation and every digit
 * system; normalising makes equal words equal without changing what a reader sees as the word.
 */

const ARABIC_TO_PERSIAN: Record<string, string> = {
  '\u064a': '\u06cc', // Arabic yeh → Persian yeh
  '\u0649': '\u06cc', // alef maksura → Persian yeh
  '\u0643': '\u06a9', // Arabic kaf → keheh
  '\u06c0': '\u0647', // heh with yeh above (ezafe) → heh
  '\u0629': '\u0647', // teh marbuta → heh
};
const HAMZA_SEATS: Record<string, string> = {
  '\u0623': '\u0627', // alef with hamza above → alef
  '\u0625': '\u0627', // alef with hamza below → alef
  '\u0624': '\u0648', // waw with hamza → waw
  '\u0626': '\u06cc', // yeh with hamza → yeh
};

/** Persian (U+06F0…) and Arabic-Indic (U+0660…) digits to ASCII digits. */
export function unifyDigits(text: string): string {
  return text.replace(/[\u06f0-\u06f9\u0660-\u0669]/g, (d) => {
    const code = d.charCodeAt(0);
    return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
  });
}

export interface PersianOptions {
  /** Also fold hamza seats (أ إ ؤ ئ) to their bare letters: for matching, not for display. Default false. */
  foldHamza?: boolean;
}

/**
 * Normalises Persian text: presentation forms folded (NFKC), Arabic yeh and kaf to Persian, teh marbuta and
 * heh-with-yeh to heh, vowel marks (harakat), superscript alef and tatweel removed, all digits to ASCII,
 * and the zero-width non-joiner kept only inside a word (several in a row become one; one beside a space
 * or at either end is dropped), so that word boundaries are where a reader sees them. Zero-width joiners
 * and soft hyphens are dropped; runs of white space become one space.
 */
export function normalisePersian(text: string, options: PersianOptions = {}): string {
  let t = text.normalize('NFKC');
  t = t.replace(/[\u064a\u0649\u0643\u06c0\u0629]/g, (c) => ARABIC_TO_PERSIAN[c] ?? c);
  if (options.foldHamza) t = t.replace(/[\u0623\u0625\u0624\u0626]/g, (c) => HAMZA_SEATS[c] ?? c);
  t = t.replace(/[\u064b-\u065f\u0670\u0640\u00ad]|\u200d/g, '');
  t = unifyDigits(t);
  t = t
    .replace(/[\s\u200c]*\s[\s\u200c]*/g, ' ')
    .replace(/\u200c+/g, '\u200c')
    .replace(/^[\s\u200c]+|[\s\u200c]+$/g, '');
  return t;
}
