/**
 * Splitting a full name as lists write it into given name and surname, in either script: "Kamali, Bizhan",
 * "Mohammad Reza Kamali", "Seyyed Ali Pour Ahmadi", "غلامحسین صالحی", "صالحی، هوشنگ". Titles and honorifics
 * (Seyyed, Haj, Mirza, Dr, سید, حاج) are taken off the front and kept apart; Persian compound given names
 * (Mohammad Reza, Gholam Hossein, Ali Akbar, Abdol…) stay one given name; surname particles (Pour, Al, Bani,
 * -zadeh, -nejad) written as separate words stay with the surname. Pure.
 */
import { foldForSearch } from './fold.js';
import { latinWordKey } from './latin-key.js';

export interface SplitName {
  /** The name without its titles, given name first ("Bizhan Kamali" for "Kamali, Bizhan"). */
  fullName: string;
  givenName: string | null;
  surname: string | null;
  /** Titles and honorifics taken off the front, as written. */
  titles: string[];
}

const PERSIAN_LETTER = /[\u0600-\u06ff]/;

/** One key per word that spelling variants share: Latin sound key, or the folded Persian word. */
function wordKey(word: string): string {
  return PERSIAN_LETTER.test(word)
    ? foldForSearch(word).replace(/\s+/g, '')
    : latinWordKey(word.replace(/\.$/, ''));
}
const keys = (...words: string[]) => new Set(words.map(wordKey));
/**
 * A title is matched as spelled (folded), never by its sound key: Sayyid and Saeed, or Seyed and Sid, sound
 * alike, and a given name must never be taken for a title. The list below holds the spellings lists use.
 */
const titleKey = (word: string) => foldForSearch(word.replace(/\.$/, '')).replace(/\s+/g, '');

const TITLES = new Set(
  [
    'Seyyid',
    'Seyyed',
    'Seyed',
    'Sayyed',
    'Sayed',
    'Sayyid',
    'Seyyedeh',
    'Seyedeh',
    'Haj',
    'Hajj',
    'Haji',
    'Hajji',
    'Hajieh',
    'Mirza',
    'Dr',
    'Doctor',
    'Sheikh',
    'Sheykh',
    'Mulla',
    'Molla',
    'Mohandes',
    'Ayatollah',
    'Hojatoleslam',
    'Agha',
    'Aghaye',
    'Khanom',
    'Khanum',
    'Mr',
    'Mrs',
    'Ms',
    'سید',
    'سیده',
    'حاج',
    'حاجی',
    'حاجیه',
    'میرزا',
    'دکتر',
    'شیخ',
    'ملا',
    'مهندس',
    'آیت‌الله',
    'آقا',
    'آقای',
    'خانم',
  ].map(titleKey),
);

/** First words that make a compound given name with the next word whatever it is (Abdol Hossein). */
const COMPOUND_ALWAYS = keys(
  'Abdol',
  'Abdul',
  'Abdel',
  'Abol',
  'Abul',
  'Gholam',
  'Qolam',
  'عبد',
  'عبدال',
  'ابو',
  'ابوال',
  'غلام',
);

/** First words that make a compound given name with one of the usual second words. */
const COMPOUND_FIRST = keys(
  'Mohammad',
  'Muhammad',
  'Mohamad',
  'Mohammed',
  'Ali',
  'Amir',
  'Hossein',
  'Mir',
  'Fatemeh',
  'Zahra',
  'Mohammad',
  'محمد',
  'علی',
  'امیر',
  'حسین',
  'میر',
  'فاطمه',
  'زهرا',
);
const COMPOUND_SECOND = keys(
  'Reza',
  'Ali',
  'Akbar',
  'Asghar',
  'Hossein',
  'Hassan',
  'Mehdi',
  'Taghi',
  'Naghi',
  'Javad',
  'Karim',
  'Ebrahim',
  'Sadegh',
  'Bagher',
  'Kazem',
  'Jafar',
  'Esmail',
  'Hadi',
  'Saeed',
  'Amin',
  'Mohammad',
  'Abbas',
  'Sadat',
  'Begum',
  'رضا',
  'علی',
  'اکبر',
  'اصغر',
  'حسین',
  'حسن',
  'مهدی',
  'تقی',
  'نقی',
  'جواد',
  'کریم',
  'ابراهیم',
  'صادق',
  'باقر',
  'کاظم',
  'جعفر',
  'اسماعیل',
  'هادی',
  'سعید',
  'امین',
  'محمد',
  'عباس',
  'سادات',
  'بیگم',
);
/** Words after a woman's given name that belong to it (Maryam Sadat). */
const GIVEN_SUFFIX = keys('Sadat', 'Begum', 'Khanum', 'سادات', 'بیگم');

/** Surname particles written apart that join the word after them (Pour Ahmadi, Al Ahmad, Bani Sadr). */
const PREFIX_PARTICLES = keys(
  'Pour',
  'Pur',
  'Poor',
  'Al',
  'El',
  'Ol',
  'Bani',
  'Mir',
  'Mirza',
  'پور',
  'آل',
  'بنی',
  'میر',
);
/** Surname particles written apart that join the word before them (Mohammad Zadeh, Ahmadi Nejad). */
const SUFFIX_PARTICLES = keys(
  'Zadeh',
  'Zade',
  'Pour',
  'Poor',
  'Nejad',
  'Nezhad',
  'Nia',
  'Far',
  'زاده',
  'پور',
  'نژاد',
  'نیا',
  'فر',
);

const tokensOf = (text: string) =>
  text.normalize('NFC').replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);

/** Leading titles off a list of words. */
function takeTitles(words: string[]): { titles: string[]; rest: string[] } {
  const titles: string[] = [];
  let i = 0;
  // A name is never only titles: the last word stays ("Haj" alone is someone's name as written).
  while (i < words.length - 1 && TITLES.has(titleKey(words[i]!))) titles.push(words[i++]!);
  return { titles, rest: words.slice(i) };
}

/** How many of the first words (after titles) make the given name of a name written given name first. */
function givenLength(words: string[]): number {
  if (words.length < 2) return words.length;
  const [first, second] = [wordKey(words[0]!), wordKey(words[1]!)];
  let n = 1;
  // A compound needs a surname after it: "Ali Akbar" alone is a given name and a surname.
  if (
    words.length >= 3 &&
    (COMPOUND_ALWAYS.has(first) || (COMPOUND_FIRST.has(first) && COMPOUND_SECOND.has(second)))
  )
    n = 2;
  while (n < words.length - 1 && GIVEN_SUFFIX.has(wordKey(words[n]!))) n++;
  // A particle that joins the surname cannot end the given name: "Ali Pour Ahmadi" is Ali + Pour Ahmadi.
  while (
    n > 1 &&
    PREFIX_PARTICLES.has(wordKey(words[n - 1]!)) &&
    !COMPOUND_ALWAYS.has(wordKey(words[n - 1]!))
  )
    n--;
  // A suffix particle written apart belongs to the surname before it, never starts one ("Ali Mohammad Zadeh"),
  // unless it can also begin the word after it ("Ali Akbar Pour Ahmadi").
  const next = words[n] === undefined ? '' : wordKey(words[n]!);
  const prefixHere = PREFIX_PARTICLES.has(next) && n < words.length - 1;
  if (n > 1 && SUFFIX_PARTICLES.has(next) && !prefixHere) n--;
  return n;
}

/**
 * Splits a full name into given name and surname, titles apart. "Surname, Given" (Latin or Persian comma)
 * is read as written; otherwise the given name comes first (with a known compound second word) and the
 * rest is the surname. A single word is a surname: lists that give one name give the family name.
 */
export function splitFullName(text: string): SplitName {
  const comma = /^(.+?)\s*[,،]\s*(.+)$/.exec(text.normalize('NFC').trim());
  if (comma) {
    const surnameWords = takeTitles(tokensOf(comma[1]!));
    const givenWords = takeTitles(tokensOf(comma[2]!));
    const titles = [...surnameWords.titles, ...givenWords.titles];
    const givenName = givenWords.rest.join(' ') || null;
    const surname = surnameWords.rest.join(' ') || null;
    return { fullName: [givenName, surname].filter(Boolean).join(' '), givenName, surname, titles };
  }
  const { titles, rest } = takeTitles(tokensOf(text));
  if (rest.length === 0) return { fullName: '', givenName: null, surname: null, titles };
  if (rest.length === 1) return { fullName: rest[0]!, givenName: null, surname: rest[0]!, titles };
  const n = givenLength(rest);
  return {
    fullName: rest.join(' '),
    givenName: rest.slice(0, n).join(' '),
    surname: rest.slice(n).join(' ') || null,
    titles,
  };
}

/** Leading titles of a name that lists give in separate columns, kept apart the same way. */
export function stripTitles(text: string): { name: string; titles: string[] } {
  const { titles, rest } = takeTitles(tokensOf(text));
  return { name: rest.join(' '), titles };
}
