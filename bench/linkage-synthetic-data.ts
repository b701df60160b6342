/**
 * Synthetic victim lists with ground truth, for the linkage benchmarks: a population of people with Persian
 * names (Persian script and several romanizations), fathers' names, birth years in Solar Hijri or Gregorian,
 * prisons and cities, rendered onto five overlapping lists with typos, missing fields, transliteration noise and
 * some repeats within a list. Seeded: the same size and seed give the same records.
 */
import { seededRandom, type Random, type RecordSet } from '../src/linkage/index.js';

let random: Random = seededRandom(1);

// ---- vocabulary: [romanization, Persian script, relative frequency] ----

export type Word = [latin: string, persian: string, weight: number];

const MALE: Word[] = [
  ['Mohammad', 'محمد', 60],
  ['Ali', 'علی', 40],
  ['Hossein', 'حسین', 35],
  ['Hassan', 'حسن', 25],
  ['Reza', 'رضا', 22],
  ['Mehdi', 'مهدی', 18],
  ['Mahmoud', 'محمود', 14],
  ['Ahmad', 'احمد', 14],
  ['Abbas', 'عباس', 10],
  ['Javad', 'جواد', 10],
  ['Jafar', 'جعفر', 8],
  ['Majid', 'مجید', 9],
  ['Saeed', 'سعید', 9],
  ['Hamid', 'حمید', 9],
  ['Masoud', 'مسعود', 8],
  ['Mostafa', 'مصطفی', 8],
  ['Morteza', 'مرتضی', 7],
  ['Mojtaba', 'مجتبی', 5],
  ['Akbar', 'اکبر', 6],
  ['Asghar', 'اصغر', 6],
  ['Bahram', 'بهرام', 4],
  ['Bijan', 'بیژن', 4],
  ['Davoud', 'داوود', 5],
  ['Ebrahim', 'ابراهیم', 6],
  ['Esmail', 'اسماعیل', 5],
  ['Farhad', 'فرهاد', 5],
  ['Farshid', 'فرشید', 3],
  ['Fereydoun', 'فریدون', 3],
  ['Gholamreza', 'غلامرضا', 6],
  ['Hadi', 'هادی', 4],
  ['Iraj', 'ایرج', 3],
  ['Jamshid', 'جمشید', 3],
  ['Kamran', 'کامران', 3],
  ['Karim', 'کریم', 4],
  ['Kazem', 'کاظم', 4],
  ['Khosrow', 'خسرو', 3],
  ['Manouchehr', 'منوچهر', 3],
  ['Mansour', 'منصور', 4],
  ['Mohsen', 'محسن', 6],
  ['Nader', 'نادر', 3],
  ['Nasser', 'ناصر', 5],
  ['Parviz', 'پرویز', 4],
  ['Rahim', 'رحیم', 3],
  ['Rasoul', 'رسول', 4],
  ['Sadegh', 'صادق', 4],
  ['Shahram', 'شهرام', 3],
  ['Siavash', 'سیاوش', 3],
  ['Sohrab', 'سهراب', 2],
  ['Taghi', 'تقی', 4],
  ['Vahid', 'وحید', 4],
  ['Yousef', 'یوسف', 4],
  ['Behrouz', 'بهروز', 3],
  ['Kourosh', 'کوروش', 2],
  ['Amir', 'امیر', 6],
  ['Hamidreza', 'حمیدرضا', 3],
  ['Alireza', 'علیرضا', 6],
  ['Mohammadreza', 'محمدرضا', 6],
  ['Abolfazl', 'ابوالفضل', 3],
  ['Ghasem', 'قاسم', 4],
  ['Heshmat', 'حشمت', 2],
  ['Nosratollah', 'نصرت‌الله', 2],
  ['Rahman', 'رحمان', 2],
];
const FEMALE: Word[] = [
  ['Fatemeh', 'فاطمه', 10],
  ['Zahra', 'زهرا', 8],
  ['Maryam', 'مریم', 8],
  ['Masoumeh', 'معصومه', 5],
  ['Roghieh', 'رقیه', 3],
  ['Soheila', 'سهیلا', 3],
  ['Monireh', 'منیره', 3],
  ['Shahla', 'شهلا', 3],
  ['Mahin', 'مهین', 3],
  ['Azar', 'آذر', 3],
  ['Mitra', 'میترا', 3],
  ['Parvaneh', 'پروانه', 3],
  ['Zohreh', 'زهره', 3],
  ['Farideh', 'فریده', 3],
  ['Nahid', 'ناهید', 3],
];
const SURNAME_SIMPLE: Word[] = [
  ['Mousavi', 'موسوی', 8],
  ['Hosseini', 'حسینی', 10],
  ['Rezaei', 'رضایی', 8],
  ['Sadeghi', 'صادقی', 6],
  ['Jafari', 'جعفری', 6],
  ['Rahmani', 'رحمانی', 5],
  ['Kazemi', 'کاظمی', 5],
  ['Heydari', 'حیدری', 5],
  ['Najafi', 'نجفی', 4],
  ['Ghorbani', 'قربانی', 5],
  ['Soltani', 'سلطانی', 4],
  ['Akbari', 'اکبری', 5],
  ['Asadi', 'اسدی', 4],
  ['Bagheri', 'باقری', 5],
  ['Amini', 'امینی', 5],
  ['Ebrahimi', 'ابراهیمی', 5],
  ['Ghaffari', 'غفاری', 3],
  ['Salehi', 'صالحی', 4],
  ['Yazdani', 'یزدانی', 3],
  ['Nouri', 'نوری', 4],
  ['Zamani', 'زمانی', 3],
  ['Mohammadi', 'محمدی', 10],
  ['Rostami', 'رستمی', 4],
  ['Moradi', 'مرادی', 5],
  ['Abbasi', 'عباسی', 5],
  ['Karami', 'کرمی', 3],
  ['Farahani', 'فراهانی', 3],
  ['Azizi', 'عزیزی', 4],
  ['Bahrami', 'بهرامی', 3],
  ['Ansari', 'انصاری', 3],
  ['Mirzaei', 'میرزایی', 4],
  ['Taheri', 'طاهری', 4],
  ['Safari', 'صفری', 3],
  ['Fazeli', 'فاضلی', 2],
  ['Tehrani', 'تهرانی', 3],
  ['Shirazi', 'شیرازی', 3],
  ['Tabrizi', 'تبریزی', 3],
  ['Esfahani', 'اصفهانی', 3],
  ['Rashti', 'رشتی', 2],
  ['Kermani', 'کرمانی', 2],
];
const ROOTS: Word[] = [
  ['Ahmad', 'احمد', 5],
  ['Mohammad', 'محمد', 6],
  ['Hossein', 'حسین', 5],
  ['Hassan', 'حسن', 5],
  ['Karim', 'کریم', 3],
  ['Rahim', 'رحیم', 3],
  ['Jafar', 'جعفر', 3],
  ['Ghasem', 'قاسم', 3],
  ['Abbas', 'عباس', 3],
  ['Ali', 'علی', 5],
  ['Reza', 'رضا', 3],
  ['Taghi', 'تقی', 2],
  ['Mahmoud', 'محمود', 2],
  ['Kazem', 'کاظم', 2],
  ['Akbar', 'اکبر', 2],
  ['Yousef', 'یوسف', 2],
  ['Mehdi', 'مهدی', 2],
  ['Ebrahim', 'ابراهیم', 2],
  ['Nasser', 'ناصر', 2],
  ['Amir', 'امیر', 2],
  ['Bagher', 'باقر', 2],
  ['Sadegh', 'صادق', 2],
  ['Shah', 'شاه', 2],
  ['Hadi', 'هادی', 1],
  ['Javad', 'جواد', 1],
  ['Saleh', 'صالح', 1],
];
const SUFFIXES: Word[] = [
  ['i', 'ی', 4],
  ['zadeh', 'زاده', 5],
  ['pour', 'پور', 4],
  ['nia', 'نیا', 2],
  ['far', 'فر', 2],
  ['loo', 'لو', 1],
  ['vand', 'وند', 1],
  ['khani', 'خانی', 1],
  ['', '', 2],
];
const SYLLABLES: Word[] = [
  ['kar', 'کر', 1],
  ['bar', 'بر', 1],
  ['sam', 'سم', 1],
  ['nad', 'ند', 1],
  ['far', 'فر', 1],
  ['tal', 'تل', 1],
  ['mah', 'مه', 1],
  ['ras', 'رس', 1],
  ['dar', 'در', 1],
  ['gol', 'گل', 1],
  ['sho', 'شو', 1],
  ['kha', 'خا', 1],
  ['zar', 'زر', 1],
  ['pay', 'پی', 1],
  ['jam', 'جم', 1],
  ['nou', 'نو', 1],
  ['mir', 'میر', 1],
  ['shah', 'شه', 1],
  ['del', 'دل', 1],
  ['ban', 'بن', 1],
  ['sar', 'سر', 1],
  ['yar', 'یار', 1],
  ['tab', 'تب', 1],
  ['ghal', 'قل', 1],
  ['vaz', 'وز', 1],
  ['nik', 'نیک', 1],
  ['rou', 'رو', 1],
  ['bagh', 'باغ', 1],
  ['lal', 'لل', 1],
  ['kam', 'کم', 1],
  ['dast', 'دست', 1],
  ['bakh', 'بخ', 1],
  ['sep', 'سپ', 1],
  ['pak', 'پاک', 1],
];
const CITIES: Array<[string, string, number, string[]]> = [
  ['Tehran', 'تهران', 30, ['Evin', 'Gohardasht', 'Ghezel Hesar', 'Qasr']],
  ['Tabriz', 'تبریز', 6, ['Tabriz Central']],
  ['Mashhad', 'مشهد', 6, ['Vakilabad']],
  ['Isfahan', 'اصفهان', 6, ['Dastgerd']],
  ['Shiraz', 'شیراز', 5, ['Adelabad']],
  ['Rasht', 'رشت', 5, ['Lakan']],
  ['Ahvaz', 'اهواز', 4, ['Karoun']],
  ['Kermanshah', 'کرمانشاه', 4, ['Dizelabad']],
  ['Qazvin', 'قزوین', 3, ['Evin', 'Qazvin Central']],
  ['Hamedan', 'همدان', 3, ['Hamedan Central']],
  ['Ardabil', 'اردبیل', 2, ['Tabriz Central']],
  ['Sari', 'ساری', 3, ['Sari Central']],
  ['Babol', 'بابل', 2, ['Sari Central']],
  ['Zanjan', 'زنجان', 2, ['Zanjan Central']],
  ['Urmia', 'ارومیه', 2, ['Urmia Central']],
  ['Sanandaj', 'سنندج', 2, ['Sanandaj Central']],
  ['Kerman', 'کرمان', 2, ['Kerman Central']],
  ['Yazd', 'یزد', 2, ['Yazd Central']],
  ['Arak', 'اراک', 2, ['Arak Central']],
  ['Lahijan', 'لاهیجان', 2, ['Lakan']],
];
const PRISON_FA: Record<string, string> = {
  Evin: 'اوین',
  Gohardasht: 'گوهردشت',
  'Ghezel Hesar': 'قزلحصار',
  Qasr: 'قصر',
  'Tabriz Central': 'زندان تبریز',
  Vakilabad: 'وکیل‌آباد',
  Dastgerd: 'دستگرد',
  Adelabad: 'عادل‌آباد',
  Lakan: 'لاکان',
  Karoun: 'کارون',
  Dizelabad: 'دیزل‌آباد',
  'Qazvin Central': 'زندان قزوین',
  'Hamedan Central': 'زندان همدان',
  'Sari Central': 'زندان ساری',
  'Zanjan Central': 'زندان زنجان',
  'Urmia Central': 'زندان ارومیه',
  'Sanandaj Central': 'زندان سنندج',
  'Kerman Central': 'زندان کرمان',
  'Yazd Central': 'زندان یزد',
  'Arak Central': 'زندان اراک',
};

function sampler<T extends { 2: number }>(items: T[], skew = 1): () => T {
  const cumulative: number[] = [];
  let total = 0;
  for (const item of items) cumulative.push((total += Math.pow(item[2], skew)));
  return () => {
    const r = random.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]!;
  };
}

// ---- people ----

export interface Person {
  given: Word;
  seyed: boolean;
  surname: Word[]; // parts of a compound surname
  father: Word;
  year: number; // Gregorian
  city: number;
  prison: string;
}

const male = sampler(MALE);
const female = sampler(FEMALE);
const simpleSurname = sampler(SURNAME_SIMPLE);
const root = sampler(ROOTS);
const suffix = sampler(SUFFIXES);
const syllable = sampler(SYLLABLES);
const city = sampler(CITIES.map((c, k) => [k, c[1], c[2]] as [number, string, number]));

function makeSurname(): Word[] {
  const r = random.next();
  if (r < 0.3) return [simpleSurname()];
  if (r < 0.55) {
    const base = root();
    if (random.next() < 0.3)
      return [
        ['Pour', 'پور', 1],
        [base[0] + 'i', base[1] + 'ی', 1],
      ];
    return [base, suffix()];
  }
  const s = suffix();
  const [a, b] = [syllable(), syllable()];
  return [[a[0][0]!.toUpperCase() + a[0].slice(1) + b[0], a[1] + b[1], 1], s];
}

function makePerson(): Person {
  const c = city()[0];
  const prisons = CITIES[c]![3];
  const surname = makeSurname();
  return {
    given: random.next() < 0.9 ? male() : female(),
    seyed: random.next() < 0.12,
    surname,
    father: male(),
    year: 1930 + Math.floor(Math.pow(random.next(), 0.7) * 41),
    city: c,
    prison: prisons[random.int(prisons.length)]!,
  };
}

// ---- rendering with noise ----

export interface ListStyle {
  name: string;
  capture: number;
  persian: boolean;
  /** Probability of each romanization variant rule. */
  variation: number;
  solarHijri: number;
  missing: { father: number; year: number; city: number; prison: number };
  typo: number;
  repeats: number;
}

export const LISTS: ListStyle[] = [
  {
    name: 'amnesty',
    capture: 0.55,
    persian: false,
    variation: 0.15,
    solarHijri: 0.1,
    missing: { father: 0.5, year: 0.3, city: 0.2, prison: 0.2 },
    typo: 0.03,
    repeats: 0.01,
  },
  {
    name: 'boroumand',
    capture: 0.5,
    persian: false,
    variation: 0.3,
    solarHijri: 0.3,
    missing: { father: 0.2, year: 0.15, city: 0.1, prison: 0.3 },
    typo: 0.04,
    repeats: 0.02,
  },
  {
    name: 'khavaran',
    capture: 0.4,
    persian: true,
    variation: 0,
    solarHijri: 1,
    missing: { father: 0.1, year: 0.2, city: 0.3, prison: 0.1 },
    typo: 0.04,
    repeats: 0.02,
  },
  {
    name: 'families',
    capture: 0.3,
    persian: false,
    variation: 0.4,
    solarHijri: 0.6,
    missing: { father: 0.3, year: 0.4, city: 0.2, prison: 0.5 },
    typo: 0.06,
    repeats: 0.03,
  },
  {
    name: 'prison-records',
    capture: 0.25,
    persian: true,
    variation: 0,
    solarHijri: 1,
    missing: { father: 0.05, year: 0.1, city: 0.4, prison: 0 },
    typo: 0.03,
    repeats: 0.01,
  },
];

/** Surname parts written joined, hyphenated or apart (Pour-Mohammadi, Hassan Zadeh). */
const SEPARABLE = new Set(['zadeh', 'pour', 'Pour']);

/** Joins surname parts: a separable part is joined, hyphenated or set apart; the others are glued on. */
function joinParts(parts: string[], words: Word[], joiner: string): string {
  let out = parts[0]!;
  for (let k = 1; k < parts.length; k++) {
    const separable = SEPARABLE.has(words[k]![0]) || SEPARABLE.has(words[k - 1]![0]);
    out += separable ? joiner + parts[k]! : parts[k]!.toLowerCase();
  }
  return out;
}

const VARIANTS: Array<[RegExp, string[]]> = [
  [/ss/, ['s']],
  [/mm/, ['m']],
  [/ou/, ['u', 'oo']],
  [/gh/, ['q']],
  [/eh$/, ['e']],
  [/ei$/, ['ee', 'i', 'ey']],
  [/ei/, ['ey', 'ai']],
  [/^([HM])o/, ['$1u']],
  [/ee/, ['i', 'ei']],
  [/a(?=[^aeiou]+$)/, ['e']],
  [/^J/, ['Dj']],
  [/^E/, ['I']],
  [/ow$/, ['o']],
  [/aa/, ['a']],
];

function romanize(word: string, variation: number): string {
  let w = word;
  for (const [pattern, replacements] of VARIANTS) {
    if (random.next() < variation && pattern.test(w))
      w = w.replace(pattern, replacements[random.int(replacements.length)]!);
  }
  return w;
}

const LATIN = 'abcdefghijklmnopqrstuvwxyz';
const PERSIAN = 'ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی';

function typo(text: string, rate: number, persian: boolean): string {
  if (random.next() >= rate || text.length < 3) return text;
  const alphabet = persian ? PERSIAN : LATIN;
  const k = 1 + random.int(text.length - 1);
  const ch = alphabet[random.int(alphabet.length)]!;
  switch (random.int(4)) {
    case 0:
      return text.slice(0, k) + ch + text.slice(k + 1);
    case 1:
      return text.slice(0, k) + text.slice(k + 1);
    case 2:
      return text.slice(0, k) + ch + text.slice(k);
    default:
      return k + 1 < text.length ? text.slice(0, k) + text[k + 1] + text[k] + text.slice(k + 2) : text;
  }
}

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';

interface Rendered {
  given: string | null;
  surname: string | null;
  father: string | null;
  birth_year: string | null;
  city: string | null;
  prison: string | null;
  /** The city, else the prison (what the registry gives the linkage). */
  locality: string | null;
}

function render(p: Person, style: ListStyle): Rendered {
  const gone = (rate: number): boolean => random.next() < rate;
  const v = style.variation;
  let given: string;
  let surname: string;
  let father: string;
  if (style.persian) {
    given = (p.seyed && !gone(0.3) ? 'سید ' : '') + p.given[1];
    const joiner = ['', '\u200c', ' '][random.int(3)]!;
    surname = joinParts(
      p.surname.map((w) => w[1]),
      p.surname,
      joiner,
    );
    father = p.father[1];
  } else {
    const title = ['Seyed', 'Sayyed', 'Seyyed', 'Sayed', 'S.'][random.int(5)]!;
    given = (p.seyed && !gone(0.4) ? title + ' ' : '') + romanize(p.given[0], v);
    const joiner = ['', '-', ' '][random.int(3)]!;
    const parts = p.surname.map((w) => romanize(w[0], v));
    surname = joinParts(
      parts.map((w, k) => (k > 0 && joiner === '' ? w.toLowerCase() : w && w[0]!.toUpperCase() + w.slice(1))),
      p.surname,
      joiner,
    );
    father = romanize(p.father[0], v);
  }
  let year = p.year;
  if (random.next() < 0.08) year += random.next() < 0.5 ? -1 : 1;
  let yearText = String(random.next() < style.solarHijri ? year - 621 - (random.next() < 0.3 ? 1 : 0) : year);
  if (style.persian && random.next() < 0.6)
    yearText = [...yearText].map((d) => PERSIAN_DIGITS[Number(d)]).join('');
  const c = CITIES[p.city]!;
  const rendered = {
    given: gone(0.01) ? null : typo(given, style.typo, style.persian),
    surname: gone(0.02) ? null : typo(surname, style.typo, style.persian),
    father: gone(style.missing.father) ? null : typo(father, style.typo, style.persian),
    birth_year: gone(style.missing.year) ? null : yearText,
    city: gone(style.missing.city)
      ? null
      : typo(style.persian ? c[1] : romanize(c[0], v), style.typo, style.persian),
    prison: gone(style.missing.prison) ? null : style.persian ? PRISON_FA[p.prison]! : p.prison,
  };
  return { ...rendered, locality: rendered.city ?? rendered.prison };
}

/** A person's true values, one string per field (what a linker would need to tell namesakes apart). */
export type TrueValues = Record<keyof Rendered, string>;

function trueValues(p: Person): TrueValues {
  return {
    given: (p.seyed ? 'Seyed ' : '') + p.given[0],
    surname: p.surname.map((w) => w[0]).join(''),
    father: p.father[0],
    birth_year: String(p.year),
    city: String(p.city),
    prison: p.prison,
    locality: String(p.city),
  };
}

function generateRecords(size: number): {
  records: RecordSet;
  truth: Int32Array;
  entities: number;
  people: TrueValues[];
} {
  const fields: Record<keyof Rendered, Array<string | null>> = {
    given: [],
    surname: [],
    father: [],
    birth_year: [],
    city: [],
    prison: [],
    locality: [],
  };
  const ids: string[] = [];
  const lists: string[] = [];
  const truth: number[] = [];
  let entities = 0;
  const people: TrueValues[] = [];
  const add = (person: Person, entity: number, style: ListStyle): void => {
    const r = render(person, style);
    for (const key of Object.keys(fields) as Array<keyof Rendered>) fields[key].push(r[key]);
    ids.push(`${style.name}-${ids.length}`);
    lists.push(style.name);
    truth.push(entity);
  };
  while (ids.length < size) {
    const person = makePerson();
    const entity = entities++;
    people.push(trueValues(person));
    for (const style of LISTS) {
      if (random.next() >= style.capture) continue;
      add(person, entity, style);
      if (random.next() < style.repeats) add(person, entity, style);
    }
  }
  for (const key of Object.keys(fields) as Array<keyof Rendered>) fields[key].length = size;
  return {
    records: { ids: ids.slice(0, size), lists: lists.slice(0, size), fields },
    truth: Int32Array.from(truth.slice(0, size)),
    entities,
    people,
  };
}

/** `size` records of the synthetic population, with each record's true person (`truth`) and its list's style. */
export function generateVictimLists(
  size: number,
  seed = 1,
): { records: RecordSet; truth: Int32Array; entities: number; people: TrueValues[] } {
  random = seededRandom(seed);
  return generateRecords(size);
}

/**
 * How much of the ground truth any linker could recover: a true pair is out of reach when another person of the
 * population has the same true values on every field the two records both give (two "Mohammad Hosseini, Evin"
 * records without father or year, among several such men). Noise is ignored, so the ceiling is generous.
 * Returns the share of true pairs out of reach, and the F1 of a linker that links every other true pair and
 * nothing else.
 */
export function linkageCeiling(records: RecordSet, truth: Int32Array, people: TrueValues[]): Ceiling {
  const fields = ['given', 'surname', 'father', 'birth_year', 'city', 'prison'] as const;
  const given = (f: (typeof fields)[number], i: number): boolean => {
    const v = records.fields[f]![i];
    return v !== null && v !== undefined && v !== '';
  };
  return ceilingOf(
    Array.from(truth, (person, i) => ({ person, gives: (f: (typeof fields)[number]) => given(f, i) })),
    fields,
    people.length,
    (person, f) => String(people[person]![f]),
  );
}

export interface Ceiling {
  truePairs: number;
  outOfReach: number;
  recall: number;
  f1: number;
}

/**
 * The ceiling over the true pairs of `rows`: a pair is out of reach when another of the `people` has the same
 * true values (`value`) on every field both rows give.
 */
function ceilingOf<F extends string>(
  rows: ReadonlyArray<{ person: number; gives: (f: F) => boolean }>,
  fields: readonly F[],
  people: number,
  value: (person: number, f: F) => string,
): Ceiling {
  const byPerson = new Map<number, number[]>();
  rows.forEach((r, i) => {
    const own = byPerson.get(r.person);
    if (own) own.push(i);
    else byPerson.set(r.person, [i]);
  });
  // Per set of co-given fields, how many people hold each combination of true values.
  const holders = new Map<string, Map<string, number>>();
  const keyOf = (person: number, shared: readonly F[]) => shared.map((f) => value(person, f)).join('\u0000');
  let truePairs = 0;
  let outOfReach = 0;
  for (const [person, members] of byPerson)
    for (let a = 0; a < members.length; a++)
      for (let b = a + 1; b < members.length; b++) {
        const [x, y] = [rows[members[a]!]!, rows[members[b]!]!];
        const shared = fields.filter((f) => x.gives(f) && y.gives(f));
        const mask = shared.join(',');
        let counts = holders.get(mask);
        if (!counts) {
          counts = new Map();
          for (let p = 0; p < people; p++) {
            const k = keyOf(p, shared);
            counts.set(k, (counts.get(k) ?? 0) + 1);
          }
          holders.set(mask, counts);
        }
        truePairs++;
        if (counts.get(keyOf(person, shared))! > 1) outOfReach++;
      }
  const recall = 1 - outOfReach / Math.max(1, truePairs);
  return { truePairs, outOfReach, recall, f1: (2 * recall) / (1 + recall) };
}

// ---- victim lists as files, written as real lists are ----

/** One list as a CSV file: its header, rows, the column mapping a user types, and each row's true person. */
export interface ListFile {
  name: string;
  idColumn: string;
  /** Column → list field, as `dossier lists import --map COLUMN=FIELD` takes it. */
  mapping: Record<string, string>;
  csv: string;
  /** Row id → true person. */
  truth: Array<[id: string, person: number]>;
  /** Per row (in the order of `truth`): the true values it gives (see `listFilesCeiling`). */
  gives: CeilingField[][];
}

type CeilingField = 'given' | 'surname' | 'father' | 'year' | 'date' | 'prison' | 'city';

/** The true values a cell of a list field gives, by its mapping and what it holds. */
function givenBy(field: string, cell: string | null): CeilingField[] {
  if (cell === null || cell === '') return [];
  switch (field) {
    case 'full_name':
      return ['given', 'surname'];
    case 'given_name':
      return ['given'];
    case 'surname':
      return ['surname'];
    case 'father_name':
      return ['father'];
    case 'birth_date':
      return /\d{1,2}[/-]\d{1,2}[/-]\d{4}|\d{4}-\d{2}-\d{2}/.test(cell) ? ['year', 'date'] : ['year'];
    case 'birth_year':
    case 'age':
      return ['year'];
    case 'place_of_detention':
      return ['prison'];
    case 'city':
      return ['city'];
    default:
      return [];
  }
}

/**
 * How much of the ground truth of generated list files any linker could recover (as `linkageCeiling`): a true
 * pair is out of reach when another person of the population has the same true values on every field both rows
 * give. Noise is ignored and transitive links are not counted, so it is a rough bound, not an exact one.
 */
export function listFilesCeiling(lists: readonly ListFile[], population: readonly FilePerson[]): Ceiling {
  const value = (p: FilePerson, f: CeilingField): string => {
    switch (f) {
      case 'given':
        return p.given[0];
      case 'surname':
        // A compound's parts are one name however they are written apart (Hossein + i, Hosseini).
        return p.surname
          .map((w) => w[0])
          .join('')
          .toLowerCase();
      case 'father':
        return p.father[0];
      case 'year':
        return String(p.year);
      case 'date':
        return `${p.month}-${p.day}`;
      case 'prison':
        return p.prison;
      case 'city':
        return String(p.city);
    }
  };
  const rows = lists.flatMap((l) =>
    l.truth.map(([, person], k) => {
      const gives = new Set(l.gives[k]);
      return { person, gives: (f: CeilingField) => gives.has(f) };
    }),
  );
  const fields: CeilingField[] = ['given', 'surname', 'father', 'year', 'date', 'prison', 'city'];
  return ceilingOf(rows, fields, population.length, (p, f) => value(population[p]!, f));
}

/** Other names a prison goes by, as lists write it (the case's places record them as aliases). */
const PRISON_ALIASES: Record<string, string[]> = {
  Gohardasht: ['Rajaei Shahr', 'Rajai Shahr', 'Gohardasht Prison'],
  Evin: ['Evin Prison'],
};

/** OCR confusions of Latin letters (the digits among them are flagged by the import and left out). */
const OCR: Array<[RegExp, string]> = [
  [/m/, 'rn'],
  [/rn/, 'm'],
  [/cl/, 'd'],
  [/h/, 'b'],
  [/e/, 'c'],
  [/l/, 'I'],
  [/o/, '0'],
];

function ocr(text: string, rate: number): string {
  if (random.next() >= rate) return text;
  const candidates = OCR.filter(([p]) => p.test(text));
  if (!candidates.length) return text;
  const [pattern, replacement] = candidates[random.int(candidates.length)]!;
  return text.replace(pattern, replacement);
}

const pad = (n: number) => String(n).padStart(2, '0');
const toPersianDigits = (text: string) => text.replace(/\d/g, (d) => PERSIAN_DIGITS[Number(d)]!);
const csvCell = (v: string | null) => (v === null ? '' : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export interface FilePerson extends Person {
  month: number;
  day: number;
  /** Day and month of death in 1988 (the list's events). */
  died: [month: number, day: number];
}

function latinSurname(p: Person, v: number): string {
  const joiner = ['', '-', ' '][random.int(3)]!;
  const parts = p.surname.map((w) => romanize(w[0], v));
  return joinParts(
    parts.map((w, k) => (k > 0 && joiner === '' ? w.toLowerCase() : w && w[0]!.toUpperCase() + w.slice(1))),
    p.surname,
    joiner,
  );
}
const persianSurname = (p: Person) =>
  joinParts(
    p.surname.map((w) => w[1]),
    p.surname,
    ['', '\u200c', ' '][random.int(3)]!,
  );

/**
 * Four victim lists of `people` people as CSV files, each written the way one kind of real list is:
 * - "amnesty": full names only ("Given Surname"), some cells in two scripts ("Latin (فارسی)"), birth dates
 *   day first (21/08/1958) or the year alone, prisons under their other names (Rajaei Shahr for Gohardasht);
 * - "boroumand": "Surname, Given", the age at death instead of a birth year, the date of death day first;
 * - "khavaran": Persian script, Solar Hijri years often in Persian digits, and the same person twice in the
 *   list now and then (a list not deduplicated within itself);
 * - "families": given name and surname apart, OCR-like letter confusions (rn/m, cl/d, a digit for a letter),
 *   birth dates year first, many missing fields.
 * Typos and missing fields everywhere. Seeded: the same size and seed give the same files.
 */
export function generateListFiles(
  people: number,
  seed = 1,
): { lists: ListFile[]; people: number; population: FilePerson[] } {
  random = seededRandom(seed);
  const population: FilePerson[] = [];
  for (let k = 0; k < people; k++)
    population.push({
      ...makePerson(),
      month: 1 + random.int(12),
      day: 1 + random.int(28),
      died: [7 + random.int(3), 1 + random.int(28)],
    });
  // Some people are easier to find than others (known families, prominent prisoners): captures correlate mildly.
  const reach = population.map(() => 0.6 + 0.8 * random.next());
  const make = (
    name: string,
    idColumn: string,
    header: string[],
    mapping: Record<string, string>,
    capture: number,
    repeats: number,
    row: (p: FilePerson) => Array<string | null>,
  ): ListFile => {
    const lines = [[idColumn, ...header].join(',')];
    const truth: ListFile['truth'] = [];
    const gives: ListFile['gives'] = [];
    population.forEach((p, person) => {
      if (random.next() >= Math.min(0.95, capture * reach[person]!)) return;
      const times = random.next() < repeats ? 2 : 1;
      for (let t = 0; t < times; t++) {
        const id = `${name.slice(0, 2).toUpperCase()}${String(lines.length).padStart(5, '0')}`;
        const cells = row(p);
        lines.push([id, ...cells].map(csvCell).join(','));
        truth.push([id, person]);
        gives.push(header.flatMap((column, k) => givenBy(mapping[column]!, cells[k] ?? null)));
      }
    });
    return { name, idColumn, mapping, csv: lines.join('\n') + '\n', truth, gives };
  };
  const gone = (rate: number) => random.next() < rate;
  const prisonName = (p: Person) => {
    const aliases = PRISON_ALIASES[p.prison];
    return aliases && random.next() < 0.5 ? aliases[random.int(aliases.length)]! : p.prison;
  };
  const jitterYear = (year: number) => (random.next() < 0.06 ? year + (random.next() < 0.5 ? -1 : 1) : year);

  const amnesty = make(
    'amnesty',
    'No',
    ['Name', 'Father', 'Born', 'Prison', 'City'],
    {
      Name: 'full_name',
      Father: 'father_name',
      Born: 'birth_date',
      Prison: 'place_of_detention',
      City: 'city',
    },
    0.55,
    0.005,
    (p) => {
      const latin = typo(`${romanize(p.given[0], 0.2)} ${latinSurname(p, 0.2)}`, 0.04, false);
      const name = random.next() < 0.15 ? `${latin} (${p.given[1]} ${persianSurname(p)})` : latin;
      const year = jitterYear(p.year);
      const born = random.next() < 0.6 ? `${pad(p.day)}/${pad(p.month)}/${year}` : String(year);
      return [
        gone(0.01) ? null : name,
        gone(0.5) ? null : romanize(p.father[0], 0.2),
        gone(0.25) ? null : born,
        gone(0.2) ? null : prisonName(p),
        gone(0.3) ? null : romanize(CITIES[p.city]![0], 0.2),
      ];
    },
  );
  const boroumand = make(
    'boroumand',
    'ref',
    ['name', 'father', 'age', 'died', 'prison'],
    {
      name: 'full_name',
      father: 'father_name',
      age: 'age',
      died: 'date_of_death',
      prison: 'place_of_detention',
    },
    0.5,
    0.01,
    (p) => {
      // Age at death in 1988: a birthday after the death day makes it a year less.
      const birthdayPassed = p.month < p.died[0] || (p.month === p.died[0] && p.day <= p.died[1]);
      const age = 1988 - p.year - (birthdayPassed ? 0 : 1);
      return [
        gone(0.01) ? null : typo(`${latinSurname(p, 0.3)}, ${romanize(p.given[0], 0.3)}`, 0.04, false),
        gone(0.3) ? null : romanize(p.father[0], 0.3),
        gone(0.15) ? null : String(age),
        gone(0.3) ? null : `${pad(p.died[1])}/${pad(p.died[0])}/1988`,
        gone(0.25) ? null : prisonName(p),
      ];
    },
  );
  const khavaran = make(
    'khavaran',
    'id',
    ['given', 'surname', 'father', 'birth_year', 'city'],
    {
      given: 'given_name',
      surname: 'surname',
      father: 'father_name',
      birth_year: 'birth_year',
      city: 'city',
    },
    0.4,
    0.04,
    (p) => {
      const year = String(jitterYear(p.year) - 621 - (random.next() < 0.3 ? 1 : 0));
      return [
        gone(0.01) ? null : typo((p.seyed && random.next() < 0.7 ? 'سید ' : '') + p.given[1], 0.04, true),
        gone(0.02) ? null : typo(persianSurname(p), 0.04, true),
        gone(0.1) ? null : p.father[1],
        gone(0.2) ? null : random.next() < 0.6 ? toPersianDigits(year) : year,
        gone(0.3) ? null : CITIES[p.city]![1],
      ];
    },
  );
  const families = make(
    'families',
    'id',
    ['first', 'last', 'father', 'dob', 'city'],
    { first: 'given_name', last: 'surname', father: 'father_name', dob: 'birth_date', city: 'city' },
    0.35,
    0.01,
    (p) => {
      const year = jitterYear(p.year);
      const dob = random.next() < 0.5 ? `${year}-${pad(p.month)}-${pad(p.day)}` : String(year);
      return [
        gone(0.02) ? null : ocr(romanize(p.given[0], 0.3), 0.08),
        gone(0.03) ? null : ocr(latinSurname(p, 0.3), 0.08),
        gone(0.4) ? null : ocr(romanize(p.father[0], 0.3), 0.05),
        gone(0.4) ? null : dob,
        gone(0.3) ? null : romanize(CITIES[p.city]![0], 0.3),
      ];
    },
  );
  return { lists: [amnesty, boroumand, khavaran, families], people, population };
}
