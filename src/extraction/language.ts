/**
 * Language detection for documents and paragraphs. The script decides first (letters counted per writing
 * system); Arabic-script text is told apart by letters each language has of its own — Persian پ چ ژ گ and
 * its yeh and keheh, Urdu ٹ ڈ ڑ ں ے, Pashto ټ ډ ړ ږ ښ, Sorani ڵ ێ ۆ ڕ — because trigram models confuse
 * short Persian and Arabic; other text goes to franc-min (trigrams over the world's larger languages).
 */
import { franc } from 'franc-min';

/** franc's ISO 639-3 codes to ISO 639-1; codes without a two-letter form are returned as they are. */
// prettier-ignore
const ISO_639_1: Record<string, string> = {
  amh: 'am', arb: 'ar', azj: 'az', bel: 'be', ben: 'bn', bos: 'bs', bul: 'bg', ces: 'cs', ckb: 'ku',
  cmn: 'zh', deu: 'de', ell: 'el', eng: 'en', fra: 'fr', fuv: 'ff', guj: 'gu', hau: 'ha', heb: 'he',
  hin: 'hi', hrv: 'hr', hun: 'hu', hye: 'hy', ibo: 'ig', ind: 'id', ita: 'it', jav: 'jv', jpn: 'ja',
  kan: 'kn', kat: 'ka', kaz: 'kk', khm: 'km', kin: 'rw', kor: 'ko', koi: 'kv', lin: 'ln', mal: 'ml',
  mar: 'mr', mya: 'my', nld: 'nl', npi: 'ne', nya: 'ny', pan: 'pa', pbu: 'ps', pes: 'fa', plt: 'mg',
  pol: 'pl', por: 'pt', qug: 'qu', ron: 'ro', run: 'rn', rus: 'ru', sin: 'si', som: 'so', spa: 'es',
  srp: 'sr', sun: 'su', swe: 'sv', swh: 'sw', tam: 'ta', tel: 'te', tgl: 'tl', tha: 'th', tur: 'tr',
  ukr: 'uk', urd: 'ur', uzn: 'uz', vie: 'vi', yor: 'yo', zlm: 'ms', zul: 'zu', zyb: 'za',
};

/** Writing systems told apart, as regular-expression classes. */
const SCRIPTS: Array<[string, string]> = [
  ['arabic', '\\p{Script=Arabic}'],
  ['latin', '\\p{Script=Latin}'],
  ['cyrillic', '\\p{Script=Cyrillic}'],
  ['hebrew', '\\p{Script=Hebrew}'],
  ['greek', '\\p{Script=Greek}'],
  ['armenian', '\\p{Script=Armenian}'],
  ['georgian', '\\p{Script=Georgian}'],
  ['han', '\\p{Script=Han}'],
  ['kana', '\\p{Script=Hiragana}\\p{Script=Katakana}'],
  ['hangul', '\\p{Script=Hangul}'],
];
/** Per script: its letters, and the letters of every other script. */
const SCRIPT_LETTERS = new Map(
  SCRIPTS.map(([name, cls]) => [
    name,
    { own: new RegExp(`[\\p{L}&&[${cls}]]`, 'gv'), others: new RegExp(`[\\p{L}--[${cls}]]`, 'gv') },
  ]),
);

/** Scripts that belong to one language, so the script alone names it. */
const SCRIPT_LANGUAGE: Record<string, string> = {
  hebrew: 'he',
  greek: 'el',
  armenian: 'hy',
  georgian: 'ka',
  kana: 'ja',
  hangul: 'ko',
};

/** Below this many letters a paragraph's language is not guessed (a heading of two words, a page number). */
const MIN_LETTERS = 12;
const MIN_LATIN_LETTERS = 30;
/** Text longer than this is sampled (start, middle, end): detection needs far less. */
const SAMPLE_CHARS = 6_000;

function sample(text: string): string {
  if (text.length <= SAMPLE_CHARS) return text;
  const third = SAMPLE_CHARS / 3;
  const middle = Math.floor(text.length / 2 - third / 2);
  return `${text.slice(0, third)}\n${text.slice(middle, middle + third)}\n${text.slice(-third)}`;
}

/** Letters of the text counted per script (only the scripts above; other letters count as 'other'). */
export function scriptCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  let known = 0;
  for (const [name, { own }] of SCRIPT_LETTERS) {
    const n = text.match(own)?.length ?? 0;
    if (n > 0) counts.set(name, n);
    known += n;
  }
  const other = (text.match(/\p{L}/gu)?.length ?? 0) - known;
  if (other > 0) counts.set('other', other);
  return counts;
}

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/**
 * Arabic-script text: the letters only one language uses decide; Persian wins whenever its own letters
 * are a real part of the text (Arabic never writes پ چ ژ گ, Persian yeh or keheh), Arabic when the definite
 * article and teh marbuta are frequent and Persian letters are not.
 */
function arabicScriptLanguage(text: string, letters: number): string | null {
  const urdu = count(text, /[\u0679\u0688\u0691\u06ba\u06be\u06c1\u06d2]/g);
  const pashto = count(text, /[\u067c\u0681\u0685\u0689\u0693\u0696\u069a\u06ab\u06bc\u06cd\u06d0]/g);
  const sorani = count(text, /[\u0695\u06b5\u06c6\u06ce\u06d5]/g);
  const persian = count(text, /[\u067e\u0686\u0698\u06af\u06a9\u06cc]/g);
  const arabic = count(text, /\u0629/g) + 2 * count(text, /(?:^|[^\p{L}])\u0627\u0644\p{L}/gu);
  const share = (n: number): number => n / letters;
  if (share(urdu) >= 0.01 && urdu >= 2) return 'ur';
  if (share(pashto) >= 0.01 && pashto >= 2) return 'ps';
  if (share(sorani) >= 0.01 && sorani >= 2) return 'ku';
  if (share(persian) >= 0.01 && share(arabic) < 0.1) return 'fa';
  if (persian > 0 && share(persian) >= share(arabic) / 4) return 'fa';
  if (share(arabic) >= 0.02) return 'ar';
  const guess = franc(text, { only: ['arb', 'pes', 'urd', 'pbu', 'ckb'], minLength: 1 });
  return ISO_639_1[guess] ?? null;
}

/** Cyrillic letters only one of the larger languages uses (trigrams confuse short Russian and Bulgarian). */
function cyrillicLanguage(text: string): string | null {
  if (/[\u0457\u0454\u0491\u0407\u0404\u0490]/.test(text)) return 'uk';
  if (/[\u045e\u040e]/.test(text)) return 'be';
  if (/[\u04d9\u0493\u049b\u04a3\u04e9\u04b1\u04af\u04bb]/.test(text)) return 'kk';
  if (/[\u044b\u044d\u0451\u042b\u042d\u0401]/.test(text)) return /[\u0456\u0406]/.test(text) ? 'be' : 'ru';
  return null;
}

/**
 * The language of a text as an ISO 639-1 code ('fa', 'en', 'ar', 'de', …), or null when there are too few
 * letters to tell. Persian is preferred over Arabic when Persian-specific letters (پ چ ژ گ ی ک) appear.
 */
export function detectLanguage(text: string): string | null {
  const sampled = sample(text);
  const counts = scriptCounts(sampled);
  let top: [string, number] = ['other', 0];
  for (const entry of counts) {
    if (entry[1] > top[1]) top = entry;
  }
  const [script, letters] = top;
  if (letters < (script === 'han' || script === 'kana' || script === 'hangul' ? 2 : MIN_LETTERS)) return null;
  if (script === 'arabic') return arabicScriptLanguage(sampled, letters);
  if (script === 'han') return (counts.get('kana') ?? 0) > 0 ? 'ja' : 'zh';
  const single = SCRIPT_LANGUAGE[script];
  if (single) return single;
  if (script === 'cyrillic') {
    const byLetters = cyrillicLanguage(sampled);
    if (byLetters) return byLetters;
  }
  // Keep only the dominant script, so an English quote in a Russian paragraph does not blur the trigrams.
  const others = SCRIPT_LETTERS.get(script)?.others;
  const onlyScript = others ? sampled.replace(others, ' ') : sampled;
  // Trigrams over a heading of two or three words guess wildly ("Testimony (example)" came out Dutch):
  // below a sentence's worth of letters, a Latin-script paragraph is left without a language.
  if (script === 'latin' && letters < MIN_LATIN_LETTERS) return null;
  const guess = franc(onlyScript, { minLength: MIN_LETTERS });
  if (guess === 'und') return null;
  return ISO_639_1[guess] ?? guess;
}
