/**
 * A consonant skeleton that a Persian-script name and its romanizations share, so that حسین رضایی can meet
 * "Hossein Rezaei", "Hosein Rezaee" and "Husayn Ridaei". Persian writing leaves short vowels out and
 * romanizations spell long ones many ways, so vowels are dropped on both sides and the consonants that
 * Persian spells with several letters (s: ث س ص, z: ذ ز ض ظ, t: ت ط, h: ح ه, q: غ ق) fall together, as their
 * romanizations do. Waw and yeh are vowels unless they begin a word (Yousef, Vahid). A final heh is the
 * vowel -e (Fatemeh, Zadeh), unless it follows alef or ends -allah (Shah, Nosratollah). Honorifics (Seyed,
 * Haj, Mir when alone, Sheikh) are dropped.
 *
 * The key is deliberately coarse (Hossein and Hassan share "hsn"): it is one comparison level among
 * several, and the linkage model learns how much a match on it is worth.
 */
import { foldForSearch } from './fold.js';
import { normalisePersian } from './persian.js';

const PERSIAN_CONSONANTS: Record<string, string> = {
  ب: 'b',
  پ: 'p',
  ت: 't',
  ط: 't',
  ث: 's',
  س: 's',
  ص: 's',
  ج: 'j',
  چ: 'c',
  ح: 'h',
  ه: 'h',
  خ: 'x',
  د: 'd',
  ذ: 'z',
  ز: 'z',
  ض: 'z',
  ظ: 'z',
  ر: 'r',
  ژ: 'J',
  ش: 'S',
  غ: 'q',
  ق: 'q',
  ف: 'f',
  ک: 'k',
  گ: 'g',
  ل: 'l',
  م: 'm',
  ن: 'n',
};

const HONORIFICS: ReadonlySet<string> = new Set([
  'seyed',
  'seyyed',
  'sayed',
  'sayyed',
  'sayyid',
  'seyd',
  'haj',
  'hajj',
  'haji',
  'hajji',
  'sheikh',
  'sheykh',
  'mir',
  's.',
  'سید',
  'حاج',
  'حاجی',
  'شیخ',
  'میر',
]);

/**
 * A final heh is the vowel -e (فاطمه Fatemeh, زاده Zadeh) except after alef (شاه Shah, پناه Panah) and in the
 * names of God (نصرت‌الله Nosratollah), where romanizations write it as h.
 */
function silentFinalHeh(word: string): boolean {
  return !/[اآ]ه$|لله$/.test(word);
}

function persianWord(word: string): string {
  let out = '';
  const letters = [...word];
  const silent = silentFinalHeh(word);
  letters.forEach((c, i) => {
    if (i === 0 && (c === 'ی' || c === 'و')) out += c === 'ی' ? 'y' : 'v';
    else if (c === 'ه' && i === letters.length - 1 && i > 0 && silent) return;
    else out += PERSIAN_CONSONANTS[c] ?? '';
  });
  return out;
}

/**
 * The Latin digraphs the skeleton writes as one letter, as it writes their Persian letters: kh x (خ), gh q
 * (غ ق), sh S (ش), zh J (ژ).
 */
export function foldDigraphs(word: string): string {
  return word.replace(/kh/g, 'x').replace(/gh/g, 'q').replace(/sh/g, 'S').replace(/zh/g, 'J');
}

function latinWord(word: string): string {
  let w = word.replace(/[^a-z]/g, '');
  const initial = w.startsWith('y') ? 'y' : w.startsWith('v') || w.startsWith('w') ? 'v' : '';
  if (initial) w = w.slice(1);
  w = w
    .replace(/eh$/, 'e')
    .replace(/dj/g, 'j')
    .replace(/c(?!h)/g, 'k');
  w = foldDigraphs(w)
    .replace(/ch/g, 'c')
    .replace(/th/g, 's')
    .replace(/dh/g, 'z')
    .replace(/ts/g, 't')
    .replace(/ph/g, 'f')
    .replace(/w/g, 'v')
    .replace(/[aeiouy]/g, '')
    .replace(/v/g, '');
  return initial + w;
}

/** True for a title that lists write before some names and leave out before others (Seyed, Haj, سید). */
export function isHonorific(word: string): boolean {
  return HONORIFICS.has(word);
}

/** The skeleton of each word of a name, honorifics dropped; compound parts (hyphen, ZWNJ) make one word. */
export function skeletonTokens(name: string): string[] {
  const persian = normalisePersian(name, { foldHamza: true });
  const words = foldForSearch(persian.replace(/\u200c/g, '').replace(/[-‐‑‒–—_]/g, ''))
    .split(' ')
    .filter((w) => w && !HONORIFICS.has(w));
  return words
    .map((w) => (/[\u0600-\u06ff]/.test(w) ? persianWord(w) : latinWord(w)))
    .map((k) => k.replace(/(.)\1+/g, '$1'))
    .filter(Boolean);
}

/** The whole name's skeleton with word breaks removed ("Pour Mohammadi" = "Pour-Mohammadi" = پورمحمدی). */
export function skeletonKey(name: string): string {
  return skeletonTokens(name).join('');
}
