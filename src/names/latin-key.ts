import { foldForSearch } from './fold.js';

/**
 * A coarse sound key for one romanized Persian word, so that common spelling variants meet:
 * Hossein / Hosein / Husein / Hussein, Rezaei / Rezaee / Rezai, Mohammad / Mohamad / Muhammad,
 * Karimi / Karimy, Sadeghi / Sadeqi, Mousavi / Musavi, Pour / Pur.
 * Deliberately simple; the linkage work brings weighted comparisons.
 */
export function latinWordKey(word: string): string {
  let w = foldForSearch(word).replace(/[^a-z]/g, '');
  w = w
    .replace(/gh/g, 'q')
    .replace(/kh/g, 'x')
    .replace(/ou|oo|o|u/g, 'u')
    .replace(/ee|ei|ey|ie|y|i/g, 'i')
    .replace(/aa|a/g, 'a')
    .replace(/([a-z])\1+/g, '$1');
  // A final -eh is written -e or left out: Fatemeh / Fateme.
  w = w.replace(/eh$/, 'e').replace(/e(?=[iu])/g, '');
  return w;
}

/** Keys of each word of a Latin name; compound names split at spaces and hyphens. */
export function latinKeys(name: string): string[] {
  return foldForSearch(name)
    .split(/[\s-]+/)
    .filter(Boolean)
    .map(latinWordKey);
}
