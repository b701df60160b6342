import { normalisePersian } from './persian.js';

/**
 * Folds a name or phrase for search: the shared Persian normaliser (presentation forms, Arabic letters,
 * harakat, tatweel, digits), then case and Latin diacritics, alef madda to alef, zero-width non-joiners
 * and hyphens to spaces (so each part of a compound name can be found), runs of space to one space.
 */
export function foldForSearch(text: string): string {
  return normalisePersian(text, { foldHamza: true })
    .normalize('NFKD')
    .replace(/[\u0300-\u036f\u064b-\u065f\u0670]/g, '')
    .normalize('NFC')
    .replace(/\u200c/g, ' ')
    .replace(/[-‐‑‒–—_]/g, ' ')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
