/**
 * Folds a name or phrase for simple substring search: Unicode compatibility forms (Arabic presentation
 * forms), case, Latin diacritics and Arabic harakat removed, Arabic yeh/kaf to Persian, tatweel dropped,
 * zero-width non-joiner, hyphens and runs of space to one space.
 * The fuller Persian normaliser and transliteration keys arrive with the search and linkage work.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f\u064b-\u065f\u0670]/g, '')
    .normalize('NFC')
    .replace(/[\u064a\u0649]/g, '\u06cc')
    .replace(/\u0643/g, '\u06a9')
    .replace(/\u0640/g, '')
    .replace(/\u200c|\u200d|\u00ad/g, ' ')
    .replace(/[-‐‑‒–—_]/g, ' ')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
