/**
 * The fictional corpus of bench/search.ts: Persian given names and surnames with their common
 * romanizations, places, stock phrases of the subject in English and Persian, Zipf-distributed vocabularies
 * with a long tail of invented words, documents of 1–5 KB, and the benchmark's queries. Seeded: every run
 * and every backend sees the same documents and queries. No real person's record is generated.
 */
import type { Sensitivity } from '../src/domain/sensitivity.js';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
let random = rng(1367);

/** Restarts the sequence: the same seed gives the same corpus and queries. */
export function reseed(seed: number): void {
  random = rng(seed);
}
export const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** Zipf-like sampling over a vocabulary: a few words everywhere, a long tail of rare ones. */
function zipf(words: string[]): () => string {
  const cumulative: number[] = [];
  let sum = 0;
  words.forEach((_, i) => cumulative.push((sum += 1 / (i + 1) ** 1.05)));
  return () => {
    const x = random() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return words[lo]!;
  };
}

export const GIVEN: Array<[string, ...string[]]> = [
  ['حسین', 'Hossein', 'Hosein', 'Hussein'],
  ['علی', 'Ali'],
  ['محمد', 'Mohammad', 'Mohamad'],
  ['رضا', 'Reza'],
  ['مهدی', 'Mehdi', 'Mahdi'],
  ['مریم', 'Maryam', 'Mariam'],
  ['فاطمه', 'Fatemeh', 'Fateme'],
  ['زهرا', 'Zahra'],
  ['مجید', 'Majid'],
  ['جواد', 'Javad', 'Djavad'],
  ['ناصر', 'Naser', 'Nasser'],
  ['بهروز', 'Behrouz', 'Behruz'],
  ['یوسف', 'Yousef', 'Yusef'],
  ['کاظم', 'Kazem'],
  ['منصور', 'Mansour', 'Mansur'],
  ['شهلا', 'Shahla'],
  ['لیلا', 'Leila', 'Leyla'],
  ['سیمین', 'Simin'],
  ['ناهید', 'Nahid'],
  ['اکبر', 'Akbar'],
  ['حمید', 'Hamid'],
  ['عباس', 'Abbas'],
  ['محمود', 'Mahmoud', 'Mahmud'],
  ['مصطفی', 'Mostafa', 'Mustafa'],
  ['ابراهیم', 'Ebrahim'],
  ['اسماعیل', 'Esmaeil', 'Ismail'],
  ['صادق', 'Sadegh', 'Sadeq'],
  ['کریم', 'Karim'],
  ['وحید', 'Vahid'],
  ['سعید', 'Saeed', 'Said'],
  ['فرهاد', 'Farhad'],
  ['پروین', 'Parvin'],
  ['منیژه', 'Manijeh', 'Manizheh'],
  ['غلامرضا', 'Gholamreza', 'Qolamreza'],
  ['بیژن', 'Bijan', 'Bizhan'],
  ['رحیم', 'Rahim'],
];
const SURNAMES: Array<[string, ...string[]]> = [
  ['رضایی', 'Rezaei', 'Rezaee'],
  ['کریمی', 'Karimi'],
  ['احمدی', 'Ahmadi'],
  ['موسوی', 'Mousavi', 'Musavi'],
  ['صادقی', 'Sadeghi', 'Sadeqi'],
  ['خلیلی', 'Khalili'],
  ['شریعتی', 'Shariati'],
  ['غفاری', 'Ghaffari', 'Ghafari'],
  ['نوری', 'Nouri', 'Nuri'],
  ['طاهری', 'Taheri'],
  ['جعفری', 'Jafari', 'Jaafari'],
  ['حسینی', 'Hosseini', 'Hoseini'],
  ['رحمانی', 'Rahmani'],
  ['اکبری', 'Akbari'],
  ['پورمحمدی', 'Pourmohammadi', 'Pour-Mohammadi'],
  ['منتظری', 'Montazeri'],
  ['لاجوردی', 'Lajevardi'],
  ['اشراقی', 'Eshraghi', 'Eshraqi'],
  ['نیری', 'Nayyeri'],
];
const ROOTS: Array<[string, string]> = [
  ['تهران', 'Tehran'],
  ['شیراز', 'Shiraz'],
  ['اصفهان', 'Esfahan'],
  ['تبریز', 'Tabriz'],
  ['کرمان', 'Kerman'],
  ['یزد', 'Yazd'],
  ['مشهد', 'Mashhad'],
  ['رشت', 'Rasht'],
  ['قزوین', 'Qazvin'],
  ['زنجان', 'Zanjan'],
  ['همدان', 'Hamedan'],
  ['کاشان', 'Kashan'],
  ['بهبهان', 'Behbahan'],
  ['قاسم', 'Ghasem'],
  ['کاظم', 'Kazem'],
  ['حسن', 'Hassan'],
  ['جلیل', 'Jalil'],
  ['نصیر', 'Nasir'],
  ['امین', 'Amin'],
  ['سلطان', 'Soltan'],
];
for (const [fa, en] of ROOTS) {
  SURNAMES.push(
    [`${fa}ی`, `${en}i`],
    [`${fa}‌زاده`, `${en}zadeh`, `${en}-Zadeh`],
    [`پور${fa}`, `Pour${en.toLowerCase()}`],
  );
}
export const PLACES: Array<[string, string]> = [
  ['زندان اوین', 'Evin Prison'],
  ['گوهردشت', 'Gohardasht'],
  ['خاوران', 'Khavaran'],
  ['قزل‌حصار', 'Ghezel Hesar'],
  ['زندان وکیل‌آباد', 'Vakilabad Prison'],
  ['زندان عادل‌آباد', 'Adelabad Prison'],
  ['دیزل‌آباد', 'Dizelabad'],
];
const EN_PHRASES = [
  'death commission',
  'political prisoners',
  'transferred to Gohardasht',
  'summer of 1988',
  'mass graves at Khavaran',
  'the families were not informed',
  'the prison governor',
  'hanged in groups',
  'asked about their beliefs',
  'solitary confinement',
  'visits were suspended',
  'the amnesty commission',
  'revolutionary court',
  'sentenced to death',
  'the public prosecutor',
  'belongings were returned',
  'a few minutes',
  'the main hall',
  'no lawyer was present',
  'buried in unmarked graves',
  'the ceasefire with Iraq',
  'Mojahedin sympathisers',
  'leftist prisoners',
  'the list of names',
  'blindfolded in the corridor',
  'the religious judge',
  'the intelligence ministry',
  'a fatwa was issued',
  'relatives gathered outside',
  'the sentence was carried out',
];
const FA_PHRASES = [
  'هیئت مرگ',
  'زندانیان سیاسی',
  'تابستان ۱۳۶۷',
  'گورهای جمعی خاوران',
  'به گوهردشت منتقل شد',
  'خانواده‌ها را خبر نکردند',
  'ملاقات‌ها قطع شد',
  'سلول انفرادی',
  'دادستان انقلاب',
  'اعدام‌های دسته‌جمعی',
  'دادگاه انقلاب',
  'حکم اعدام',
  'وسایل شخصی را پس دادند',
  'در حسینیه',
  'بدون وکیل',
  'قطعنامه ۵۹۸',
  'زندانیان چپ',
  'فهرست اسامی',
  'حاکم شرع',
  'وزارت اطلاعات',
];
const EN_WORDS = `the of and to in a was were prisoners prison they their he she it on for with by at from
  that this had been after before during into out not all some many every ward cell guard guards family
  families letter list names court trial hearing sentence executed execution transfer moved night morning
  month year years week days later asked answered refused wrote testimony witness report records files
  official officials governor prosecutor judge commission member members interrogation interrogator
  questions beliefs organization group left right religion prayer release released detained arrested
  arrest home mother father brother sister son daughter wife husband children body bodies grave graves
  cemetery buried burial news radio told informed never again only also still whether because however
  building corridor courtyard blindfold blindfolded van bus line lines hall room door window wall floor`
  .split(/\s+/)
  .filter(Boolean);
const FA_WORDS = `و در به از که را با این آن برای بود شد است ها می زندان زندانی زندانیان سلول بند نگهبان
  خانواده نامه فهرست نام دادگاه محاکمه حکم اعدام انتقال شب صبح ماه سال روز بعد پرسیدند پاسخ نوشت شهادت شاهد
  گزارش پرونده مقام دادستان قاضی هیئت عضو بازجویی بازجو پرسش عقیده سازمان گروه مذهب نماز آزادی آزاد بازداشت
  خانه مادر پدر برادر خواهر پسر دختر همسر فرزندان جسد اجساد گور گورستان دفن خبر رادیو گفتند هرگز دوباره فقط
  هنوز زیرا اما ساختمان راهرو حیاط چشم‌بند ماشین صف سالن اتاق در پنجره دیوار`
  .split(/\s+/)
  .filter(Boolean);

function syllableWords(count: number, syllables: string[], join: string): string[] {
  const out = new Set<string>();
  while (out.size < count) {
    const n = 2 + Math.floor(random() * 3);
    out.add(Array.from({ length: n }, () => pick(syllables)).join(join));
  }
  return [...out];
}
const enWord = zipf([
  ...EN_WORDS,
  ...syllableWords(
    20_000,
    'ka ro mi ten sa lo ver an tis pel dor ru gen fa li mon ber ca st ul'.split(' '),
    '',
  ),
]);
const faWord = zipf([
  ...FA_WORDS,
  ...syllableWords(15_000, 'بر کا مه نو ری سا ده لو تا شی گل ان'.split(' '), ''),
]);

export interface Person {
  fa: string;
  latin: string[];
}
export const PEOPLE: Person[] = [];
for (const [given, ...givenLatin] of GIVEN)
  for (const [surname, ...surnameLatin] of SURNAMES)
    PEOPLE.push({
      fa: `${given} ${surname}`,
      latin: givenLatin.flatMap((g) => surnameLatin.map((s) => `${g} ${s}`)),
    });

const enPhrase = zipf(EN_PHRASES);
const faPhrase = zipf(FA_PHRASES);

/**
 * A document of 1–5 KB: about one word in fifty is a person's name (some ten per document), one in 150 a
 * place, one in 200 a stock phrase of the subject; the rest common words with a long tail of rare ones.
 */
export function documentText(persian: boolean): string {
  const target = 1000 + Math.floor(random() * 4000);
  const out: string[] = [];
  let length = 0;
  while (length < target) {
    const roll = random();
    let piece: string;
    if (roll < 0.02) piece = persian ? pick(PEOPLE).fa : pick(pick(PEOPLE).latin);
    else if (roll < 0.0267) piece = persian ? pick(PLACES)[0] : pick(PLACES)[1];
    else if (roll < 0.0317) piece = persian ? faPhrase() : enPhrase();
    else piece = persian ? faWord() : enWord();
    out.push(piece);
    length += piece.length + 1;
    if (random() < 0.08) out.push(persian ? '.\n' : '.\n');
  }
  return out.join(' ');
}

const LABELS: Sensitivity[] = ['public', 'internal', 'internal', 'internal', 'confidential', 'confidential'];
/** A sensitivity label, spread as in a real investigation (3 % protected). */
export const label = () => (random() < 0.03 ? 'protected' : pick(LABELS));

/**
 * Queries of four sorts, the same for every backend: names in romanization (a third by surname only);
 * phrases in quotes (stock terms of the subject in English and Persian, and full names); Persian words and
 * names in spelling variants (Arabic yeh and kaf, ZWNJ dropped); and, as a stress test outside the target,
 * "broad" queries of the most common words, which match most of the corpus.
 */
export function queries(count: number): Record<'name' | 'phrase' | 'persian' | 'broad', string[]> {
  reseed(1988);
  const name = Array.from({ length: count }, () => {
    const person = pick(PEOPLE);
    const spelling = pick(person.latin);
    return random() < 0.3 ? spelling.split(' ').at(-1)! : spelling;
  });
  const phrase = Array.from({ length: count }, () => {
    const roll = random();
    if (roll < 0.4) return `"${pick(EN_PHRASES)}"`;
    if (roll < 0.7) return `"${pick(FA_PHRASES)}"`;
    const person = pick(PEOPLE);
    return `"${random() < 0.5 ? pick(person.latin) : person.fa}"`;
  });
  const variants = (text: string) =>
    random() < 0.3
      ? text.replace(/ی/g, 'ي').replace(/ک/g, 'ك')
      : random() < 0.3
        ? text.replace(/\u200c/g, '')
        : text;
  const persian = Array.from({ length: count }, () => {
    const roll = random();
    if (roll < 0.4) return variants(pick(PEOPLE).fa);
    if (roll < 0.6) return variants(pick(PLACES)[0]);
    if (roll < 0.8) return variants(`${faWord()} ${pick(FA_PHRASES).split(' ')[0]}`);
    return variants(pick(PEOPLE).fa.split(' ')[1]!);
  });
  const broad = Array.from({ length: count }, () => {
    const words = random() < 0.6 ? EN_WORDS.slice(0, 40) : FA_WORDS.slice(0, 40);
    return random() < 0.5 ? pick(words) : `"${pick(words)} ${pick(words)}"`;
  });
  return { name, phrase, persian, broad };
}
