import { foldForSearch } from './fold.js';
import { skeletonKey } from './skeleton.js';

/*
 * A finer cross-script key for one word: the consonant skeleton with the long vowel "i" kept where it stands.
 * Persian writes long i (ی) but no short vowels; romanizations write every vowel, long i as i, ee, ei, ey, ie
 * or y. Long i is the one vowel both sides spell reliably, and keeping it separates names the bare skeleton
 * merges: Rezaei / رضایی (rzi) from Reza / رضا (rz), Hossein / حسین (hsin) from Hassan / حسن (hsn).
 *
 * A final ی read as "a" (مصطفی Mostafa, مرتضی Morteza) gets an "i" its romanization lacks: callers use this
 * key to prefer a match, and fall back on the skeleton when it finds nothing.
 */

const PERSIAN = /[\u0600-\u06ff]/;
const LATIN_LONG_I = /(?<=.)(?:ee|ei|ey|ie|i|y)+/;

/**
 * The skeleton of each stretch between long i's, joined by "i". A stretch before an "i" gets a trailing
 * vowel first, so that the skeleton's word-final rules (a final heh, -eh) apply only at the end of the word.
 */
export function longVowelKey(word: string): string {
  const folded = foldForSearch(word).replace(/\s+/g, '');
  const persian = PERSIAN.test(folded);
  const stretches = persian
    ? folded.split(/(?<=.)ی+/)
    : folded.replace(/[^a-z]/g, '').split(new RegExp(LATIN_LONG_I.source, 'g'));
  const vowel = persian ? 'ا' : 'a';
  return stretches
    .map((s, i) => (i < stretches.length - 1 ? skeletonKey(s + vowel) : skeletonKey(s)))
    .join('i')
    .replace(/i+/g, 'i');
}
