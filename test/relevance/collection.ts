/**
 * A relevance test collection for the workspace search: short documents in English and Persian that name
 * people in known spellings, queries in every spelling and script, and the documents each query must find.
 * The invented people are synthetic example data; the public figures (Raisi, Pour-Mohammadi, Nouri) appear
 * only with what /work/shared/demo-facts.md attributes to its sources. Deterministic: no randomness.
 *
 * Query classes:
 * - `latin`: a name word in one romanization; it must find every document naming the person, in every
 *   romanization and in Persian script.
 * - `persian`: the same in Persian script (with its letter variants); it must find the romanized documents.
 * - `compound`: a compound name written together, apart or hyphenated (Pour Mohammadi, Mohammad Reza,
 *   Gholi-Zadeh) and two-word names.
 * - `typo`: a misspelt long name (a letter left out, two letters swapped, one changed); it must find the
 *   documents naming the person in any spelling and script.
 *
 * Distractor people share letters or skeletons with the named ones (Hassan and Hossein, Reza and
 * Mohammadreza, Mohammadi and Pourmohammadi, Kalbasi and Kalantari) and must not be found.
 */

export type Script = 'latin' | 'persian';
export type QueryClass = 'latin' | 'persian' | 'compound' | 'typo';

export interface RelevanceDocument {
  /** Stable id within the collection. */
  id: string;
  language: 'en' | 'fa';
  text: string;
  /** The person the document names, if any, and the spelling it uses. */
  person: string | null;
  spelling: string | null;
  script: Script | null;
}

export interface RelevanceQuery {
  text: string;
  class: QueryClass;
  person: string;
  /** Ids of the documents the query must find (exactly these). */
  expected: string[];
}

interface Person {
  key: string;
  /** Full names as documents write them, in Latin script. */
  latin: string[];
  /** Full names in Persian script. */
  persian: string[];
  /** Whether this is a public figure with its own sentences (facts from demo-facts.md). */
  sentences?: { en: Array<(name: string) => string>; fa: Array<(name: string) => string> };
}

const PUBLIC_FIGURES: Person[] = [
  {
    key: 'raisi',
    latin: ['Ebrahim Raisi', 'Ebrahim Raissi', 'Ebrahim Raeesi', "Ebrahim Ra'isi"],
    persian: ['ابراهیم رئیسی', 'ابراهیم رییسی'],
    sentences: {
      en: [
        (n) =>
          `Amnesty International's 2018 report "Blood-soaked secrets" names ${n} as a member of the Tehran death commission.`,
        (n) => `In 2021 Amnesty International repeated that ${n} sat on the Tehran "death commission".`,
        (n) => `The claim that ${n} was on the commission is attributed to Amnesty International.`,
        (n) => `Our file on ${n} records only what Amnesty International published in 2018 and 2021.`,
      ],
      fa: [
        (n) => `عفو بین‌الملل در گزارش ۲۰۱۸ خود ${n} را عضو «هیئت مرگ» تهران می‌داند.`,
        (n) => `به نوشته‌ی عفو بین‌الملل، ${n} در کمیسیون تهران حضور داشت.`,
        (n) => `این ادعا درباره‌ی ${n} از گزارش عفو بین‌الملل نقل شده است.`,
      ],
    },
  },
  {
    key: 'pourmohammadi',
    latin: [
      'Mostafa Pourmohammadi',
      'Mostafa Pour-Mohammadi',
      'Mostafa Pour Mohammadi',
      'Mostafa Poormohammadi',
    ],
    persian: ['مصطفی پورمحمدی', 'مصطفی پور‌محمدی', 'مصطفی پور محمدی'],
    sentences: {
      en: [
        (n) =>
          `Human Rights Watch cites Montazeri's memoir, which names ${n} as the Intelligence Ministry's representative on the Evin prison committee.`,
        (n) =>
          `According to the memoir quoted by Human Rights Watch, ${n} represented the Intelligence Ministry at Evin.`,
        (n) => `The attribution to ${n} comes from Montazeri's memoir as cited by Human Rights Watch.`,
        (n) => `A note on sources: ${n} is named in the memoir, not in court findings.`,
      ],
      fa: [
        (n) =>
          `به گزارش دیده‌بان حقوق بشر، خاطرات منتظری ${n} را نماینده‌ی وزارت اطلاعات در کمیته‌ی زندان اوین می‌داند.`,
        (n) => `در خاطرات منتظری نام ${n} به عنوان نماینده‌ی وزارت اطلاعات آمده است.`,
        (n) => `این نسبت به ${n} از خاطرات منتظری نقل شده است.`,
      ],
    },
  },
  {
    key: 'nouri',
    latin: ['Hamid Nouri', 'Hamid Noury', 'Hamid Noori'],
    persian: ['حمید نوری'],
    sentences: {
      en: [
        (n) =>
          `The Stockholm District Court convicted ${n} on 14 July 2022 and sentenced him to life imprisonment.`,
        (n) => `${n}, known to prisoners as Hamid Abbasi, was tried for crimes at Gohardasht prison in 1988.`,
        (n) => `The appeal court upheld the judgment against ${n} in 2023.`,
        (n) => `${n} was released in a prisoner exchange in June 2024.`,
      ],
      fa: [
        (n) => `دادگاه بخش استکهلم در ۲۳ تیر ۱۴۰۱ ${n} را به حبس ابد محکوم کرد.`,
        (n) => `${n} برای جنایت‌ها در زندان گوهردشت در سال ۱۳۶۷ محاکمه شد.`,
        (n) => `${n} در خرداد ۱۴۰۳ در یک مبادله‌ی زندانی آزاد شد.`,
      ],
    },
  },
];

/** Invented people (synthetic example data). */
const INVENTED: Person[] = [
  {
    key: 'hossein',
    latin: [
      'Hossein Kalantari',
      'Hosein Kalantari',
      'Husayn Kalantari',
      'Hosain Kalantari',
      'Hussein Kalantary',
    ],
    persian: ['حسین کلانتری'],
  },
  {
    key: 'mohammadreza',
    latin: ['Mohammadreza Azarnoush', 'Mohammad Reza Azarnoush', 'Mohammad-Reza Azarnoosh'],
    persian: ['محمدرضا آذرنوش', 'محمد رضا آذرنوش', 'محمد‌رضا آذرنوش'],
  },
  {
    key: 'gholizadeh',
    latin: ['Parvin Gholi-Zadeh', 'Parvin Gholizadeh', 'Parvin Qolizadeh', 'Parvin Gholi Zadeh'],
    persian: ['پروین قلی‌زاده', 'پروین قلیزاده', 'پروین قلی زاده'],
  },
  {
    key: 'fatemeh',
    latin: ['Fatemeh Nikbakht', 'Fatima Nikbakht', 'Fateme Nikbakht'],
    persian: ['فاطمه نیکبخت'],
  },
];

/** People who must not be found by the queries above (they share letters or skeletons). */
const DISTRACTORS: Person[] = [
  { key: 'hassan', latin: ['Hassan Kalbasi'], persian: ['حسن کلباسی'] },
  { key: 'reza', latin: ['Reza Tavakkoli'], persian: ['رضا توکلی'] },
  { key: 'mohammad', latin: ['Mohammad Bagheri'], persian: ['محمد باقری'] },
  { key: 'mohammadi', latin: ['Leila Mohammadi'], persian: ['لیلا محمدی'] },
  { key: 'zadeh', latin: ['Simin Ghasemzadeh'], persian: ['سیمین قاسم‌زاده'] },
];

const INVENTED_EN: Array<(name: string) => string> = [
  (n) =>
    `${n} was transferred from Evin Prison in the summer of 1988, according to a letter from the family.`,
  (n) => `The family of ${n} was told nothing at the prison gate and came back every Friday.`,
  (n) => `A cellmate remembers ${n} in the ward at Gohardasht before the visits stopped.`,
  (n) => `The list of belongings returned to relatives includes a bag that belonged to ${n}.`,
];
const INVENTED_FA: Array<(name: string) => string> = [
  (n) => `به گفته‌ی خانواده، ${n} در تابستان ۱۳۶۷ از زندان اوین منتقل شد.`,
  (n) => `خانواده‌ی ${n} هر جمعه به در زندان می‌رفتند و پاسخی نمی‌گرفتند.`,
  (n) => `یکی از هم‌بندان ${n} را در بند گوهردشت پیش از قطع ملاقات‌ها به یاد می‌آورد.`,
];

const FILLER_EN = [
  'Families gathered at Khavaran cemetery and found freshly turned earth.',
  'The prison registers list transfers, visits and the guards on duty.',
  'Visits were stopped in the summer and resumed months later without explanation.',
  'Relatives were handed a bag of belongings and told not to hold a gathering.',
  'The report describes the hearings as lasting a few minutes each.',
  'Satellite images show that the ground at the cemetery was levelled.',
  'Several witnesses describe the corridor where prisoners waited blindfolded.',
  'The committee asked prisoners about their beliefs before deciding.',
];
const FILLER_FA = [
  'خانواده‌ها در گورستان خاوران خاک تازه را دیدند.',
  'دفترهای زندان انتقال‌ها، ملاقات‌ها و نگهبانان را ثبت کرده‌اند.',
  'ملاقات‌ها در تابستان قطع شد و ماه‌ها بعد بی‌توضیح از سر گرفته شد.',
  'به خانواده‌ها ساکی از وسایل دادند و گفتند مراسم نگیرند.',
  'شاهدان راهرویی را توصیف می‌کنند که زندانیان با چشم‌بند در آن منتظر بودند.',
];

function documentsOf(person: Person, perSpelling: number): RelevanceDocument[] {
  const out: RelevanceDocument[] = [];
  const en = person.sentences?.en ?? INVENTED_EN;
  const fa = person.sentences?.fa ?? INVENTED_FA;
  const write = (names: string[], templates: typeof en, script: Script) => {
    names.forEach((name, s) => {
      for (let i = 0; i < perSpelling; i++) {
        const first = templates[(s + i) % templates.length]!;
        const filler = (script === 'latin' ? FILLER_EN : FILLER_FA)[(s * 3 + i) % 5]!;
        out.push({
          id: `${person.key}-${script[0]}${s}-${i}`,
          language: script === 'latin' ? 'en' : 'fa',
          text: i % 2 === 0 ? `${first(name)} ${filler}` : `${filler} ${first(name)}`,
          person: person.key,
          spelling: name,
          script,
        });
      }
    });
  };
  write(person.latin, en, 'latin');
  write(person.persian, fa, 'persian');
  return out;
}

function fillers(): RelevanceDocument[] {
  const out: RelevanceDocument[] = [];
  for (let i = 0; i < 60; i++) {
    const persian = i % 3 === 0;
    const list = persian ? FILLER_FA : FILLER_EN;
    out.push({
      id: `filler-${i}`,
      language: persian ? 'fa' : 'en',
      text: [list[i % list.length]!, list[(i * 7 + 3) % list.length]!].join(' '),
      person: null,
      spelling: null,
      script: null,
    });
  }
  return out;
}

/** The documents: four per spelling of each named person, two per spelling of each distractor, and fillers. */
export const DOCUMENTS: RelevanceDocument[] = [
  ...[...PUBLIC_FIGURES, ...INVENTED].flatMap((p) => documentsOf(p, 4)),
  ...DISTRACTORS.flatMap((p) => documentsOf(p, 3)),
  ...fillers(),
];

const of = (person: string, script?: Script) =>
  DOCUMENTS.filter((d) => d.person === person && (!script || d.script === script)).map((d) => d.id);

function queriesFor(person: string, cls: QueryClass, texts: string[], script?: Script): RelevanceQuery[] {
  return texts.map((text) => ({ text, class: cls, person, expected: of(person, script) }));
}

/** The queries and the documents each must find. */
export const QUERIES: RelevanceQuery[] = [
  ...queriesFor('raisi', 'latin', ['Raisi', 'Raissi', 'Raeesi', "Ra'isi", 'Ebrahim Raisi']),
  ...queriesFor('raisi', 'persian', ['رئیسی', 'رییسی', 'رئيسي', 'ابراهیم رئیسی']),
  ...queriesFor('pourmohammadi', 'latin', ['Pourmohammadi', 'Poormohammadi', 'Pour-Mohammadi']),
  ...queriesFor('pourmohammadi', 'compound', ['Pour Mohammadi', 'Mostafa Pour Mohammadi', 'پور محمدی']),
  ...queriesFor('pourmohammadi', 'persian', ['پورمحمدی', 'پور‌محمدی']),
  ...queriesFor('nouri', 'latin', ['Nouri', 'Noury', 'Noori', 'Hamid Nouri']),
  ...queriesFor('nouri', 'persian', ['حمید نوری']),
  ...queriesFor('hossein', 'latin', [
    'Hossein Kalantari',
    'Hosein Kalantari',
    'Husayn Kalantari',
    'Hosain Kalantari',
    'Hussein Kalantary',
    'Kalantari',
  ]),
  ...queriesFor('hossein', 'persian', ['حسین کلانتری', 'کلانتری']),
  ...queriesFor('mohammadreza', 'latin', ['Mohammadreza Azarnoush', 'Azarnoosh', 'Azarnush']),
  ...queriesFor('mohammadreza', 'compound', [
    'Mohammad Reza Azarnoush',
    'Mohammad-Reza Azarnoush',
    'Mohammadreza',
    'محمد رضا آذرنوش',
  ]),
  ...queriesFor('mohammadreza', 'persian', ['محمدرضا آذرنوش', 'آذرنوش']),
  ...queriesFor('gholizadeh', 'latin', ['Gholizadeh', 'Qolizadeh', 'Gholizade']),
  ...queriesFor('gholizadeh', 'compound', ['Gholi-Zadeh', 'Gholi Zadeh', 'قلی زاده']),
  ...queriesFor('gholizadeh', 'persian', ['قلی‌زاده', 'قلیزاده']),
  ...queriesFor('fatemeh', 'latin', ['Fatemeh Nikbakht', 'Fatima Nikbakht', 'Fateme Nikbakht']),
  ...queriesFor('fatemeh', 'persian', ['فاطمه نیکبخت']),
  ...queriesFor('pourmohammadi', 'typo', ['Pourmohammdi', 'Pourmohamamdi', 'Pourmohammedi']),
  ...queriesFor('hossein', 'typo', ['Kalanatri', 'Kalantri']),
  ...queriesFor('mohammadreza', 'typo', ['Azranoush', 'Azarnoushh']),
  ...queriesFor('gholizadeh', 'typo', ['Gholizadh', 'Golizadeh']),
];

/** Precision and recall of a set of found ids against the expected ones. */
export function precisionRecall(found: readonly string[], expected: readonly string[]) {
  const want = new Set(expected);
  const hits = found.filter((id) => want.has(id)).length;
  return {
    precision: found.length ? hits / found.length : expected.length ? 0 : 1,
    recall: expected.length ? hits / expected.length : 1,
  };
}
