/**
 * The small word lists that spotting reads context from: titles before names, very common given names, words
 * that name people (for counts), place and organization nouns (for guessing what an unknown name is), and
 * function words that never begin a name. Every list is compared on the folded form of a word (see
 * `tokens.ts`), so Persian entries may be written with or without alef madda, Arabic yeh or ZWNJ.
 */
import { foldForSearch, isHonorific, latinWordKey } from '../names/index.js';

/** The folded key a list entry is compared on; multi-word entries are split as the tokenizer splits them. */
export function foldWords(phrase: string): string[] {
  return foldForSearch(phrase)
    .split(' ')
    .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter(Boolean);
}

/** The words of a list written as one string, separated by white space. */
function list(words: string): string[] {
  return words.trim().split(/\s+/);
}

/** The folded words of a list written as one string (or an array). */
function foldedSet(words: string | readonly string[]): ReadonlySet<string> {
  return new Set((typeof words === 'string' ? list(words) : words).flatMap(foldWords));
}

/** Phrases separated by `|`, as arrays of folded words, longest first, so that the longest title or cue wins. */
function phrases(text: string): string[][] {
  return text
    .split('|')
    .map(foldWords)
    .filter((p) => p.length > 0)
    .sort((a, b) => b.length - a.length);
}

/**
 * Titles and honorifics written before a name. They are never part of a known name's key and never part of a
 * mention's span; before a name they are a person cue. `isHonorific` (Seyed, Haj, Sheikh, Mir, سید …) is
 * the shared list; these are the titles it leaves out.
 */
export const TITLE_PHRASES: string[][] = phrases(`
  mr | mrs | ms | miss | dr | prof | professor | judge | prosecutor | president | general |
  colonel | imam | mullah | ayatollah | ayatullah | ayatolah | grand ayatollah | ayat ollah | ayat
  allah | hojjatoleslam | hojatoleslam | hodjatoleslam | hojjatolislam | hojjat ol eslam | hojjat
  al islam | hojjatoleslam val moslemin | seyyed | seyed | sayyid | sayed | haj | haji | hajj |
  hajji | sheikh | sheykh | shaykh | mir | آقای | آقا | خانم | دکتر | مهندس | سید | سیده | حاج |
  حاجی | شیخ | میر | امام | قاضی | دادستان | شهید | آیت‌الله | آیت الله | آیت اله | آیت‌الله
  العظمی | آیت‌الله‌العظمی | حجت‌الاسلام | حجت الاسلام | حجت‌الاسلام والمسلمین | حجت‌الاسلام و
  المسلمین
`);

/** Folded words of the single-word titles, for a quick test; `isHonorific` adds the shared ones. */
const TITLE_WORDS: ReadonlySet<string> = new Set(
  TITLE_PHRASES.filter((p) => p.length === 1).map((p) => p[0]!),
);

/** True for a folded word that is a title or honorific by itself (Mr, Ayatollah, Seyyed, آقای, سید). */
export function isTitleWord(folded: string): boolean {
  return TITLE_WORDS.has(folded) || isHonorific(folded);
}

/**
 * Given names so common that alone they identify no one: a known person is never proposed from one of these
 * alone, and before an unknown capitalised name they suggest a person. Latin spellings are compared by their
 * sound key (`latinWordKey`), so Mohamad, Muhammad and Mohammad are one entry.
 */
const COMMON_GIVEN_LATIN = list(`
  Mohammad Muhammad Mohammed Ali Hossein Hussein Hassan Reza Mahmoud Ahmad Mehdi Mahdi Hamid Abbas
  Akbar Jafar Javad Mostafa Ebrahim Ibrahim Esmail Ismail Karim Majid Saeed Said Abdollah Abolfazl
  Morteza Mojtaba Amir Naser Gholam Gholamreza Mohsen Masoud Fatemeh Fatima Zahra Maryam Masoumeh
  Zeinab Ashraf Mojgan Parvin
`);
const COMMON_GIVEN_PERSIAN = list(`
  محمد علی حسین حسن رضا محمود احمد مهدی حمید عباس اکبر جعفر جواد مصطفی ابراهیم اسماعیل کریم مجید
  سعید عبدالله ابوالفضل مرتضی مجتبی امیر ناصر غلام غلامرضا محسن مسعود فاطمه زهرا مریم معصومه زینب
  اشرف پروین
`);
const GIVEN_SOUND_KEYS: ReadonlySet<string> = new Set(COMMON_GIVEN_LATIN.map(latinWordKey));
const GIVEN_PERSIAN: ReadonlySet<string> = foldedSet(COMMON_GIVEN_PERSIAN);

/** True for a word (its folded form and Latin sound key) that is a very common given name. */
export function isCommonGivenName(folded: string, sound: string): boolean {
  return GIVEN_PERSIAN.has(folded) || (sound !== '' && GIVEN_SOUND_KEYS.has(sound));
}

/** Particles that belong to the surname after them: Pour Mohammadi, Mir Salim, پور محمدی. */
export const SURNAME_PARTICLES: ReadonlySet<string> = foldedSet(`
  pour pur mir al ol el abdol abol پور میر
`);

/** Generic words of place names: stripped to give a place's short name (Evin Prison → Evin, زندان اوین → اوین). */
export const PLACE_NOUNS: ReadonlySet<string> = foldedSet(`
  prison jail cemetery graveyard street avenue square road province city village district county
  camp hospital mosque garden park detention centre center زندان گورستان قبرستان خیابان میدان شهر
  شهرستان استان روستا بازداشتگاه اردوگاه
`);

/** Words that make an unknown name an organization. */
export const ORGANIZATION_NOUNS: ReadonlySet<string> = foldedSet(`
  organization organisation party committee commission ministry council court tribunal association
  foundation union front society agency office army guard guards corps bureau department institute
  university network movement international watch group mojahedin fedaian government parliament
`);

/** A few Iranian cities: an unknown name containing one is a place (Tehran Province), and "in Karaj" is one. */
export const CITIES: ReadonlySet<string> = foldedSet(`
  tehran karaj mashhad tabriz shiraz isfahan esfahan ahvaz rasht qom kermanshah sanandaj qorveh
  urmia hamadan zahedan kerman yazd arak dezful
`);

/**
 * Words that name people or their killing; a number is a count of people only next to one of these. Plural and
 * singular, English and Persian (ZWNJ-joined forms are split, so اعدام‌شده ends in "شده" and starts with اعدام).
 */
export const PEOPLE_WORDS: ReadonlySet<string> = foldedSet(`
  people persons person individuals prisoners prisoner detainees inmates victims men women
  children members supporters sympathisers sympathizers dissidents opponents activists students
  civilians names executed executions killed killings dead deaths died bodies
  نفر تن زندانی زندانیان اعدام اعدامی اعدامیان قربانی قربانیان کشته جانباخته جانباختگان فرد افراد
  بازداشتی هوادار هواداران عضو اعضای مخالف مخالفان فعال فعالان دانشجو دانشجویان
`);

/** Persian counting words for people: a number right before one is a count whatever precedes it. */
export const PEOPLE_CLASSIFIERS: ReadonlySet<string> = foldedSet('نفر تن');

/** Words between a number and a people word that belong to the count: "30,000 political prisoners". */
export const COUNT_FILLERS: ReadonlySet<string> = foldedSet(`
  political other male female innocent young of the them whom سیاسی
`);

/** Verbs between a number and a people word: "1,000 were executed" is a count, but the span ends at the number. */
export const COUNT_LINKS: ReadonlySet<string> = foldedSet(`
  were was are had have has been being reportedly allegedly
`);

/** Words right before a number that make it a page, ward or article number, never a count. */
export const LABEL_WORDS: ReadonlySet<string> = foldedSet(`
  p pp page pages para paragraph no nos number vol volume chapter ch fig figure table article art
  section ward room cell block hall wing line ص صفحه صفحات جلد شماره بند ماده اصل فصل سلول سالن
  اتاق
`);

/** Words before a four-digit number that make it a year, not a count: "in 1988", "the 1988 executions". */
export const YEAR_CUES: ReadonlySet<string> = foldedSet(`
  in of the since during until till by before after year سال در
`);

/** English words that never start a name although written with a capital (sentence openers, pronouns …). */
export const LATIN_STOP_WORDS: ReadonlySet<string> = foldedSet(`
  the a an this that these those in on at of for from to by with after before during since until
  and but or nor if when while where as it its he she they we i you his her their our my there
  here many some most all both each every no not however although though because according also
  then thus yet so such other another one two three between about over more less what who which
  why how iranian persian kurdish arab arabic english swedish american british european
`);

/** English month and weekday names and abbreviations, seasons, and Solar Hijri months in both scripts. */
export const CALENDAR_WORDS: ReadonlySet<string> = foldedSet(`
  january february march april may june july august september october november december jan feb
  mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday
  sunday farvardin ordibehesht khordad tir mordad shahrivar mehr aban azar dey bahman esfand
  spring summer autumn winter فروردین اردیبهشت خرداد تیر مرداد شهریور مهر آبان آذر دی بهمن اسفند
`);

/** Persian function words and common verbs: a Persian name after a cue stops at one of these. */
export const PERSIAN_STOP_WORDS: ReadonlySet<string> = foldedSet(`
  و در به از با که را این آن برای تا بر یا هم نیز اما ولی است هست بود بودند شد شده شدند می نمی کرد
  کرده کردند کند کنند گفت گفته گفتند نوشت داد دادند داشت دارد خود او وی ایشان آنها ما شما من هر
  همه چند یک دو سه سال ماه روز پس پیش بعد قبل ها های ای اند جمله طی توسط درباره علیه بین میان نزد
  سوی حدود بیش کمتر اعدام زندانی زندانیان نفر تن
`);
