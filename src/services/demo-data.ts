/**
 * The demo case, built only from the facts in shared/demo-facts.md, in our own words. Every assertion is a claim
 * attributed to its source. The victims are synthetic: generated names, marked as example data.
 * Records refer to each other by '@key'; the loader turns keys into ids.
 */
export interface DemoRecord {
  /** Stable key used for cross references inside the demo: other records refer to it as '@key'. */
  key: string;
  type:
    | 'source'
    | 'excerpt'
    | 'place'
    | 'person'
    | 'organization'
    | 'event'
    | 'involvement'
    | 'relation'
    | 'claim'
    | 'finding'
    | 'position';
  /**
   * The input exactly as the create schema of that type accepts it, except that every id field (sourceId, placeId,
   * eventId, actorId, subjectId, objectId, excerptId, parentId, value.id) holds '@key'; '@case' is the case itself.
   */
  input: Record<string, unknown>;
}

export const DEMO_CASE = {
  title: '1988 prison massacres (demo)',
  description:
    'Demonstration case built from a handful of published sources about the mass executions of political prisoners in Iran in the summer of 1988. ' +
    'Every statement is a claim attributed to its source; contested figures are shown side by side. The victims listed here are synthetic example records, not real people.',
  sensitivity: 'public',
};

const records: DemoRecord[] = [];
const add = (type: DemoRecord['type'], key: string, input: Record<string, unknown>) =>
  records.push({ key, type, input });
const latin = (text: string, kind = 'official') => ({ text, script: 'latin', kind });
const persian = (text: string, kind = 'official') => ({ text, script: 'persian', kind });

function source(
  key: string,
  title: string,
  publisher: string | null,
  date: string | null,
  extra: Record<string, unknown> = {},
) {
  add('source', key, {
    kind: 'report',
    title,
    publisher,
    date,
    language: 'en',
    sensitivity: 'public',
    ...extra,
  });
}

/** A claim with the excerpt (our paraphrase) that supports it. */
function claim(
  key: string,
  sourceKey: string,
  paraphrase: string,
  input: Record<string, unknown>,
  locator: Record<string, unknown> = {},
) {
  // The excerpt is as sensitive as the claim: it names the same person.
  const sensitivity = input.sensitivity ?? 'public';
  add('excerpt', `${key}-excerpt`, {
    sourceId: `@${sourceKey}`,
    locator,
    quote: paraphrase,
    language: 'en',
    sensitivity,
  });
  add('claim', key, {
    evidence: [{ excerptId: `@${key}-excerpt`, stance: 'supports' }],
    ...input,
    sensitivity,
  });
}

// Sources
source('ai-1990', 'Iran: Violations of Human Rights 1987–1990', 'Amnesty International', '1990');
source(
  'ai-2008',
  'Amnesty International publication on the 1988 prison killings (2008)',
  'Amnesty International',
  '2008',
);
source(
  'ai-jfi-2018',
  'Blood-soaked secrets: Why Iran’s 1988 prison massacres are ongoing crimes against humanity',
  'Amnesty International',
  '2018',
  { authors: ['Amnesty International'] },
);
source(
  'ai-jfi-cover-up',
  'Criminal cover-up: Iran destroying mass graves of victims of 1988 killings',
  'Amnesty International and Justice for Iran',
  '2018',
);
source('montazeri-memoir', 'Memoir of Hossein-Ali Montazeri', null, null, {
  kind: 'book',
  authors: ['Hossein-Ali Montazeri'],
  language: 'fa',
});
source(
  'hrw-montazeri',
  'Human Rights Watch report citing the memoir of Hossein-Ali Montazeri',
  'Human Rights Watch',
  null,
);
source('iran-tribunal', 'Iran Tribunal: published findings', 'Iran Tribunal', null);
source(
  'ncri',
  'Publications of the National Council of Resistance of Iran on the 1988 massacre',
  'National Council of Resistance of Iran',
  null,
);
source('jvmi-web', 'Justice for the Victims of the 1988 Massacre in Iran (JVMI): website', 'JVMI', null, {
  kind: 'web_capture',
});
source('jvmi-2017', 'JVMI report (2017)', 'JVMI', '2017');
source('jfi-painscapes', 'PainScapes', 'Justice for Iran', '2018', { kind: 'web_capture' });
source(
  'stockholm-2022',
  'Judgment in the case against Hamid Nouri',
  'Stockholm District Court',
  '14 July 2022',
  { kind: 'court_record', language: 'sv' },
);
source('appeal-2023', 'Appeal judgment in the case against Hamid Nouri', 'Court of appeal (Sweden)', '2023', {
  kind: 'court_record',
  language: 'sv',
});
source('ifp-2023', 'Report on the closure of Gohardasht prison', 'IFP News', 'August 2023', {
  kind: 'article',
});
source(
  'wikipedia',
  'Wikipedia articles on Evin Prison, Gohardasht Prison and Khavaran cemetery',
  'Wikipedia',
  null,
  { kind: 'web_capture' },
);
source('blogger-2010', 'Before and after satellite images of Khavaran published by a blogger', null, '2010', {
  kind: 'media',
});
source(
  'unsr-2024',
  'Findings of the UN Special Rapporteur on the situation of human rights in Iran',
  'United Nations',
  'July 2024',
  { authors: ['Javaid Rehman'] },
);
add('source', 'synthetic-list', {
  kind: 'dataset',
  title: 'Synthetic example list of victims (not real people)',
  publisher: 'Dossier demo',
  language: 'fa',
  notes: 'Generated example data for demonstration. No record in this list describes a real person.',
  reliability: 'F',
  sensitivity: 'public',
});

// Places
const point = (lat: number, lon: number, certainty = 'confirmed') => ({
  geometry: { type: 'Point', coordinates: [lon, lat] },
  precision: 'approximate',
  certainty,
});
add('place', 'evin', {
  names: [latin('Evin Prison'), persian('زندان اوین')],
  kind: 'prison',
  location: point(35.796, 51.384),
  description: 'Prison in Tehran. Coordinates as given by Wikipedia.',
  sensitivity: 'public',
});
add('place', 'gohardasht', {
  names: [
    latin('Gohardasht Prison'),
    persian('زندان گوهردشت'),
    latin('Gohar Dasht', 'transliteration'),
    latin('Rajai Shahr', 'alias'),
    latin('Rajaishahr', 'alias'),
    latin("Raja'i Shahr", 'alias'),
    latin('Rajaee Shahr', 'alias'),
    latin('Rajaei Shahr', 'alias'),
  ],
  kind: 'prison',
  location: point(35.8681, 50.9789),
  observations: [
    { date: 'August 2023', description: 'Reported evacuated and closed.', sourceId: '@ifp-2023' },
  ],
  description:
    'Prison in Karaj, also known under the name Rajai Shahr. Coordinates and names as given by Wikipedia.',
  sensitivity: 'public',
});
add('place', 'khavaran', {
  names: [latin('Khavaran cemetery'), persian('گورستان خاوران'), latin('Lanatabad', 'alias')],
  kind: 'mass_grave',
  location: point(35.55694, 51.57083),
  observations: [
    {
      date: 'January 2009',
      description:
        'Reported bulldozed; before and after satellite images were published by a blogger in 2010.',
      sourceId: '@blogger-2010',
    },
    {
      date: 'between 2003 and 2017',
      description: 'Damage to the site documented.',
      sourceId: '@ai-jfi-cover-up',
    },
  ],
  description:
    'Cemetery in south-east Tehran, recorded as a mass grave: Amnesty International and Justice for Iran count it among the burial sites damaged between 2003 and 2017. ' +
    'The plot is colloquially called Lanatabad. The location of the site itself is well known, hence "confirmed"; what lies under it is a matter for the claims. Coordinates as given by Wikipedia.',
  sensitivity: 'public',
});

// What the places' coordinates and names rest on
const placeClaim = (key: string, place: string, paraphrase: string, property: string, text: string) =>
  claim(key, 'wikipedia', paraphrase, {
    subjectType: 'place',
    subjectId: `@${place}`,
    property,
    value: { type: 'text', text },
    claimant: 'Wikipedia',
    status: 'asserted',
  });
placeClaim(
  'evin-coordinates',
  'evin',
  'The article places Evin Prison at about 35.796 N, 51.384 E.',
  'coordinates',
  '35.796 N, 51.384 E',
);
placeClaim(
  'gohardasht-coordinates',
  'gohardasht',
  'The article places Gohardasht Prison at about 35.8681 N, 50.9789 E.',
  'coordinates',
  '35.8681 N, 50.9789 E',
);
placeClaim(
  'gohardasht-names',
  'gohardasht',
  'The article gives several other spellings and names for the prison.',
  'also_known_as',
  "Gohar Dasht, Rajai Shahr, Rajaishahr, Raja'i Shahr, Rajaee Shahr, Rajaei Shahr",
);
placeClaim(
  'khavaran-coordinates',
  'khavaran',
  'The article places Khavaran cemetery at about 35.55694 N, 51.57083 E.',
  'coordinates',
  '35.55694 N, 51.57083 E',
);

// Organizations
const org = (key: string, kind: string, names: Array<Record<string, unknown>>, description = '') =>
  add('organization', key, { names, kind, description, sensitivity: 'public' });
org('amnesty', 'ngo', [latin('Amnesty International'), persian('عفو بین‌الملل')]);
org('jfi', 'ngo', [latin('Justice for Iran'), persian('عدالت برای ایران')]);
org('jvmi', 'ngo', [
  latin('Justice for the Victims of the 1988 Massacre in Iran'),
  latin('JVMI', 'abbreviation'),
]);
org('iran-tribunal-org', 'other', [latin('Iran Tribunal')]);
org('ncri-org', 'political_group', [
  latin('National Council of Resistance of Iran'),
  latin('NCRI', 'abbreviation'),
]);
org('pmoi', 'political_group', [
  latin("People's Mojahedin Organization of Iran"),
  latin('PMOI', 'abbreviation'),
  persian('سازمان مجاهدین خلق ایران'),
]);
org('hrw', 'ngo', [latin('Human Rights Watch')]);
org('stockholm-court', 'court', [latin('Stockholm District Court')]);
org(
  'tehran-commission',
  'commission',
  [latin('Tehran "death commission"'), persian('هیئت مرگ تهران')],
  'The body in Tehran that Amnesty International calls the "death commission" of 1988. Who sat on it is a matter for the claims.',
);
org('intelligence-ministry', 'state_body', [latin('Ministry of Intelligence'), persian('وزارت اطلاعات')]);

// People named in the published sources (attributions are claims below, never facts)
const named = (key: string, names: Array<Record<string, unknown>>, notes: string) =>
  add('person', key, { names, gender: 'male', notes, sensitivity: 'public' });
named(
  'pour-mohammadi',
  [
    persian('مصطفی پورمحمدی', 'birth'),
    latin('Mostafa Pour-Mohammadi', 'transliteration'),
    latin('Mostafa Pourmohammadi', 'transliteration'),
    latin('Mostafa Pour Mohammadi', 'transliteration'),
  ],
  'Named in published sources; see the claims.',
);
named(
  'raisi',
  [
    persian('ابراهیم رئیسی', 'birth'),
    latin('Ebrahim Raisi', 'transliteration'),
    latin('Ebrahim Raeesi', 'transliteration'),
  ],
  'Named in published sources; see the claims.',
);
named(
  'nouri',
  [
    persian('حمید نوری', 'birth'),
    latin('Hamid Nouri', 'transliteration'),
    latin('Hamid Noury', 'transliteration'),
    latin('Hamid Noori', 'transliteration'),
    latin('Hamid Abbasi', 'alias'),
  ],
  'Known to prisoners as Hamid Abbasi.',
);
named(
  'montazeri',
  [persian('حسینعلی منتظری', 'birth'), latin('Hossein-Ali Montazeri', 'transliteration')],
  'Author of a memoir cited on the events.',
);
named(
  'rafsanjani',
  [persian('اکبر هاشمی رفسنجانی', 'birth'), latin('Akbar Hashemi Rafsanjani', 'transliteration')],
  'Quoted on the number of people executed.',
);

// Published figures on the number executed: one property, side by side, none preferred.
const toll = (
  key: string,
  sourceKey: string,
  claimant: string,
  paraphrase: string,
  value: Record<string, unknown>,
  qualifiers: Record<string, string> = {},
) =>
  claim(key, sourceKey, paraphrase, {
    subjectType: 'case',
    subjectId: '@case',
    property: 'death_toll',
    value,
    claimant,
    qualifiers,
    status: 'disputed',
  });
toll(
  'toll-rafsanjani',
  'ai-1990',
  'Akbar Hashemi Rafsanjani',
  'Amnesty reports that Rafsanjani told French television in February 1989 that fewer than 1,000 people had been executed.',
  { type: 'number', value: 1000, bound: 'at_most' },
  { quoted_by: 'Amnesty International, 1990', said: 'February 1989, French television' },
);
toll(
  'toll-ai-1990',
  'ai-1990',
  'Amnesty International',
  'Amnesty recorded the names of more than 2,000 people executed between July 1988 and January 1989.',
  { type: 'number', value: 2000, bound: 'at_least' },
  { basis: 'names recorded, July 1988 – January 1989' },
);
toll(
  'toll-montazeri',
  'montazeri-memoir',
  'Hossein-Ali Montazeri',
  'Montazeri gives a figure of 2,800 or 3,800 and says he is unsure which.',
  { type: 'number_alternatives', values: [2800, 3800], bound: 'exact' },
  { note: 'the author is unsure which of the two figures is right' },
);
toll(
  'toll-ai-2008',
  'ai-2008',
  'Amnesty International',
  'Amnesty estimated in 2008 that 4,500 to 5,000 prisoners were killed.',
  { type: 'number_range', min: 4500, max: 5000, bound: 'about' },
);
toll(
  'toll-ai-jfi-2018',
  'ai-jfi-2018',
  'Amnesty International and Justice for Iran',
  'The 2018 report puts the number killed at no fewer than 4,000 to 5,000.',
  { type: 'number_range', min: 4000, max: 5000, bound: 'at_least' },
);
toll(
  'toll-iran-tribunal',
  'iran-tribunal',
  'Iran Tribunal',
  'The Tribunal found that more than 4,000 people were executed in 1988.',
  { type: 'number', value: 4000, bound: 'at_least' },
);
toll(
  'toll-ncri',
  'ncri',
  'National Council of Resistance of Iran / People’s Mojahedin Organization of Iran',
  'These organisations put the number executed at 30,000.',
  { type: 'number', value: 30000, bound: 'exact' },
);
toll(
  'toll-jvmi',
  'jvmi-web',
  'Justice for the Victims of the 1988 Massacre in Iran (JVMI)',
  'JVMI puts the number executed at 30,000.',
  { type: 'number', value: 30000, bound: 'exact' },
);

// Burial sites
const caseClaim = (
  key: string,
  sourceKey: string,
  claimant: string,
  paraphrase: string,
  property: string,
  value: Record<string, unknown>,
  qualifiers: Record<string, string> = {},
  locator: Record<string, unknown> = {},
) =>
  claim(
    key,
    sourceKey,
    paraphrase,
    { subjectType: 'case', subjectId: '@case', property, value, claimant, qualifiers, status: 'asserted' },
    locator,
  );
caseClaim(
  'sites-ai-jfi',
  'ai-jfi-cover-up',
  'Justice for Iran with Amnesty International',
  'More than 120 places are identified as possible burial sites.',
  'possible_burial_sites',
  { type: 'number', value: 120, bound: 'at_least' },
);
caseClaim(
  'sites-painscapes',
  'jfi-painscapes',
  'Justice for Iran',
  'More than 70 confirmed or suspected sites are mapped.',
  'possible_burial_sites',
  { type: 'number', value: 70, bound: 'at_least' },
  { counted: 'confirmed or suspected sites mapped' },
);
caseClaim(
  'sites-ncri',
  'ncri',
  'National Council of Resistance of Iran',
  'An interactive map shows 59 sites.',
  'possible_burial_sites',
  { type: 'number', value: 59, bound: 'exact' },
  { counted: 'sites on an interactive map' },
);
caseClaim(
  'sites-damaged',
  'ai-jfi-cover-up',
  'Amnesty International and Justice for Iran',
  'Seven sites were damaged between 2003 and 2017.',
  'damaged_burial_sites',
  {
    type: 'text',
    text: 'Seven sites damaged between 2003 and 2017: Mashhad, Ahvaz, Tabriz, Khavaran, Rasht, Qorveh and Sanandaj.',
  },
);
caseClaim(
  'jvmi-list',
  'jvmi-web',
  'JVMI',
  'JVMI lists 96 people, at least 87 of whom it says sat on death commissions in more than 70 cities.',
  'alleged_perpetrators_listed',
  { type: 'number', value: 96, bound: 'exact' },
  { of_whom_commission_members: 'at least 87', cities: 'more than 70' },
);
caseClaim(
  'jvmi-report-suspects',
  'jvmi-2017',
  'JVMI',
  'This part of the report gives profiles of people it suspects of involvement.',
  'report_contents',
  { type: 'text', text: 'Profiles of suspects (pp. 32–135).' },
  {},
  { page: 32, section: 'pp. 32–135' },
);
caseClaim(
  'jvmi-report-graves',
  'jvmi-2017',
  'JVMI',
  'This part of the report describes where mass graves are located.',
  'report_contents',
  { type: 'text', text: 'Locations of mass graves (pp. 136–207).' },
  {},
  { page: 136, section: 'pp. 136–207' },
);
caseClaim(
  'unsr-qualification',
  'unsr-2024',
  'UN Special Rapporteur on Iran (Javaid Rehman)',
  'The Special Rapporteur found that the killings of 1981–82 and 1988 amount to crimes against humanity and genocide, and that hiding the fate and burial places of the victims is a continuing enforced disappearance.',
  'legal_qualification',
  {
    type: 'text',
    text: 'Crimes against humanity of murder, extermination, imprisonment, torture and enforced disappearance, and genocide; the continued concealment of fate and burial places is an ongoing enforced disappearance.',
  },
);
caseClaim(
  'ai-continuing',
  'ai-jfi-2018',
  'Amnesty International',
  'Amnesty found that the ongoing concealment is a continuing crime against humanity.',
  'legal_qualification',
  {
    type: 'text',
    text: 'The ongoing concealment of what happened to the victims is a continuing crime against humanity.',
  },
);

// Attributions of responsibility, as claims about the people named
claim(
  'pour-mohammadi-role',
  'hrw-montazeri',
  'Human Rights Watch cites Montazeri’s memoir as naming Pour-Mohammadi as the Intelligence Ministry’s representative on the Evin prison committee.',
  {
    subjectType: 'person',
    subjectId: '@pour-mohammadi',
    property: 'position_held',
    value: {
      type: 'text',
      text: 'Representative of the Intelligence Ministry on the Evin prison committee (1988)',
    },
    claimant: 'Hossein-Ali Montazeri, as cited by Human Rights Watch',
    status: 'asserted',
  },
);
claim('raisi-member', 'ai-jfi-2018', 'Amnesty names Raisi as a member of the Tehran death commission.', {
  subjectType: 'person',
  subjectId: '@raisi',
  property: 'member_of',
  value: { type: 'entity', entityType: 'organization', id: '@tehran-commission' },
  claimant: 'Amnesty International',
  qualifiers: { repeated: '2021' },
  status: 'asserted',
});
claim(
  'nouri-convicted',
  'stockholm-2022',
  'The court convicted Nouri and sentenced him to life imprisonment for crimes committed at Gohardasht prison between 27 July and 6 September 1988.',
  {
    subjectType: 'person',
    subjectId: '@nouri',
    property: 'convicted',
    value: {
      type: 'text',
      text: 'Convicted and sentenced to life imprisonment for crimes at Gohardasht prison, 27 July – 6 September 1988',
    },
    claimant: 'Stockholm District Court',
    qualifiers: { standard: 'criminal conviction' },
    status: 'asserted',
  },
);
claim('nouri-appeal', 'appeal-2023', 'The conviction was upheld on appeal.', {
  subjectType: 'person',
  subjectId: '@nouri',
  property: 'conviction_upheld',
  value: { type: 'boolean', value: true },
  claimant: 'Court of appeal',
  status: 'asserted',
});

// Events from the published facts
const event = (
  key: string,
  kind: string,
  title: string,
  date: string | null,
  placeId: string | null,
  description = '',
) => add('event', key, { kind, title, date, placeId, description, sensitivity: 'public' });
event(
  'massacre',
  'execution',
  'Mass executions of political prisoners',
  'summer 1988',
  null,
  'Executions of political prisoners in Iran in 1988. How many people were killed is contested: see the case’s claims on the number of people executed, shown side by side.',
);
event('nouri-trial', 'trial', 'Stockholm District Court judgment against Hamid Nouri', '14 July 2022', null);
event('nouri-appeal-event', 'trial', 'Conviction of Hamid Nouri upheld on appeal', '2023', null);
event('nouri-release', 'release', 'Hamid Nouri released in a prisoner exchange', 'June 2024', null);
event('khavaran-bulldozed', 'site_change', 'Khavaran reported bulldozed', 'January 2009', '@khavaran');
event(
  'gohardasht-closed',
  'site_change',
  'Gohardasht prison reported evacuated and closed',
  'August 2023',
  '@gohardasht',
);

add('involvement', 'nouri-massacre', {
  eventId: '@massacre',
  actorType: 'person',
  actorId: '@nouri',
  role: 'perpetrator',
  notes:
    'As found by the Stockholm District Court for Gohardasht prison, 27 July – 6 September 1988; see the claims.',
  sensitivity: 'public',
});
add('involvement', 'raisi-massacre', {
  eventId: '@massacre',
  actorType: 'person',
  actorId: '@raisi',
  role: 'perpetrator',
  notes: 'Alleged; see the claims and their sources.',
  sensitivity: 'public',
});
add('involvement', 'pour-mohammadi-massacre', {
  eventId: '@massacre',
  actorType: 'person',
  actorId: '@pour-mohammadi',
  role: 'perpetrator',
  notes: 'Alleged; see the claims and their sources.',
  sensitivity: 'public',
});
add('involvement', 'nouri-trial-court', {
  eventId: '@nouri-trial',
  actorType: 'organization',
  actorId: '@stockholm-court',
  role: 'other',
  notes: 'The court that gave the judgment.',
  sensitivity: 'public',
});
for (const [key, eventKey, notes] of [
  ['nouri-trial-defendant', 'nouri-trial', 'Defendant.'],
  ['nouri-appeal-defendant', 'nouri-appeal-event', 'Defendant; the conviction was upheld.'],
  ['nouri-released', 'nouri-release', 'Released in a prisoner exchange.'],
] as const)
  add('involvement', key, {
    eventId: `@${eventKey}`,
    actorType: 'person',
    actorId: '@nouri',
    role: 'other',
    notes,
    sensitivity: 'public',
  });

add('relation', 'pour-mohammadi-position', {
  kind: 'position_held',
  subjectType: 'person',
  subjectId: '@pour-mohammadi',
  objectType: 'organization',
  objectId: '@intelligence-ministry',
  title: 'Representative on the Evin prison committee',
  start: '1988',
  certainty: 'unknown',
  notes: 'Attributed by Montazeri’s memoir as cited by Human Rights Watch.',
  sensitivity: 'public',
});
add('relation', 'raisi-commission', {
  kind: 'membership',
  subjectType: 'person',
  subjectId: '@raisi',
  objectType: 'organization',
  objectId: '@tehran-commission',
  start: '1988',
  certainty: 'unknown',
  notes: 'Attributed by Amnesty International (2018, repeated 2021).',
  sensitivity: 'public',
});
add('relation', 'nouri-gohardasht', {
  kind: 'other',
  subjectType: 'person',
  subjectId: '@nouri',
  objectType: 'place',
  objectId: '@gohardasht',
  title: 'served at',
  start: 'between 27 July and 6 September 1988',
  certainty: 'confirmed',
  notes: 'As found by the Stockholm District Court.',
  sensitivity: 'public',
});

// Synthetic victims: generated names, clearly marked; never real people.
const SYNTHETIC = 'Synthetic example record — not a real person. / رکورد نمونهٔ ساختگی — شخص واقعی نیست.';
const victims: Array<{
  key: string;
  fa: string;
  en: string[];
  father: string;
  gender: string;
  birth: string;
  prison: string;
  died: string;
  burial: string;
  label?: string;
}> = [
  {
    key: 'v1',
    fa: 'حسین رضایی',
    en: ['Hossein Rezaei', 'Hosein Rezaee'],
    father: 'علی',
    gender: 'male',
    birth: '1340',
    prison: 'evin',
    died: '8 Mordad 1367',
    burial: 'probable',
  },
  {
    key: 'v2',
    fa: 'محمد کریمی',
    en: ['Mohammad Karimi', 'Mohamad Karimy'],
    father: 'حسن',
    gender: 'male',
    birth: '12 Mehr 1342',
    prison: 'gohardasht',
    died: '۱۲ مرداد ۱۳۶۷',
    burial: 'possible',
  },
  {
    key: 'v3',
    fa: 'فاطمه احمدی',
    en: ['Fatemeh Ahmadi'],
    father: 'رضا',
    gender: 'female',
    birth: '۱۳۴۱',
    prison: 'evin',
    died: 'Shahrivar 1367',
    burial: 'possible',
  },
  {
    key: 'v4',
    fa: 'علی پورمحمد',
    en: ['Ali Pourmohammad', 'Ali Pur-Mohammad'],
    father: 'حسین',
    gender: 'male',
    birth: '1338',
    prison: 'gohardasht',
    died: '3 August 1988',
    burial: 'probable',
  },
  {
    key: 'v5',
    fa: 'مریم حسینی',
    en: ['Maryam Hosseini', 'Maryam Hoseini'],
    father: 'محمود',
    gender: 'female',
    birth: '1343',
    prison: 'evin',
    died: 'between 27 July and 6 September 1988',
    burial: 'possible',
  },
  {
    key: 'v6',
    fa: 'رضا موسوی',
    en: ['Reza Mousavi', 'Reza Musavi'],
    father: 'جعفر',
    gender: 'male',
    birth: '1339',
    prison: 'gohardasht',
    died: '15 Mordad 1367',
    burial: 'probable',
  },
  {
    key: 'v7',
    fa: 'زهرا صادقی',
    en: ['Zahra Sadeghi', 'Zahra Sadeqi'],
    father: 'اکبر',
    gender: 'female',
    birth: '1344',
    prison: 'evin',
    died: 'summer 1988',
    burial: 'possible',
    label: 'internal',
  },
];
for (const v of victims) {
  const sensitivity = v.label ?? 'public';
  add('person', v.key, {
    names: [persian(v.fa, 'birth'), ...v.en.map((n) => latin(n, 'transliteration'))],
    fatherName: v.father,
    gender: v.gender,
    birthDate: v.birth,
    synthetic: true,
    notes: SYNTHETIC,
    sensitivity,
  });
  add('event', `${v.key}-execution`, {
    kind: 'execution',
    title: `Execution of ${v.en[0]} (synthetic example)`,
    date: v.died,
    placeId: `@${v.prison}`,
    description: SYNTHETIC,
    sensitivity,
  });
  add('involvement', `${v.key}-victim`, {
    eventId: `@${v.key}-execution`,
    actorType: 'person',
    actorId: `@${v.key}`,
    role: 'victim',
    notes: SYNTHETIC,
    sensitivity,
  });
  add('relation', `${v.key}-detention`, {
    kind: 'detention',
    subjectType: 'person',
    subjectId: `@${v.key}`,
    objectType: 'place',
    objectId: `@${v.prison}`,
    start: '1367',
    certainty: 'confirmed',
    notes: SYNTHETIC,
    sensitivity,
  });
  add('relation', `${v.key}-burial`, {
    kind: 'burial',
    subjectType: 'person',
    subjectId: `@${v.key}`,
    objectType: 'place',
    objectId: '@khavaran',
    certainty: v.burial,
    notes: SYNTHETIC,
    sensitivity,
  });
  claim(`${v.key}-died`, 'synthetic-list', `Synthetic list entry for ${v.en[0]}.`, {
    subjectType: 'person',
    subjectId: `@${v.key}`,
    property: 'date_of_execution',
    value: { type: 'date', date: v.died },
    claimant: 'Synthetic example list',
    status: 'asserted',
    sensitivity,
  });
}
// A synthetic relative who gave testimony: protected, so name and contact are encrypted at rest.
add('person', 'witness', {
  names: [persian('نرگس رضایی', 'birth'), latin('Narges Rezaei', 'transliteration')],
  gender: 'female',
  contact: 'synthetic-witness@example.org',
  synthetic: true,
  notes: SYNTHETIC,
  sensitivity: 'protected',
});

// Positions held "then", each resting on the claim that attributes it. The facts give no later offices, so
// the demo shows none "now" rather than invent them.
add('position', 'raisi-commission-seat', {
  personId: '@raisi',
  title: 'Member of the Tehran "death commission" (as Amnesty International attributes it)',
  titleFa: 'عضو «هیئت مرگ» تهران (به روایت عفو بین‌الملل)',
  organizationId: '@tehran-commission',
  start: '1988',
  end: '1988',
  claimIds: ['@raisi-member'],
  sensitivity: 'public',
});
add('position', 'pour-mohammadi-evin-seat', {
  personId: '@pour-mohammadi',
  title:
    'Intelligence Ministry representative on the Evin prison committee (Montazeri, as cited by Human Rights Watch)',
  titleFa: 'نماینده‌ی وزارت اطلاعات در هیئت زندان اوین (به نقل دیده‌بان حقوق بشر از خاطرات منتظری)',
  placeId: '@evin',
  start: '1988',
  end: '1988',
  claimIds: ['@pour-mohammadi-role'],
  sensitivity: 'public',
});

/**
 * The team's findings, each resting on attributed claims. Those listed in DEMO_ADOPTED are approved by a second
 * (demo) reviewer when the demo loads; the others stay drafts, and genocide has none: gaps the matrix shows.
 */
add('finding', 'finding-unsr-cah', {
  statement: {
    en: 'The UN Special Rapporteur on Iran found in July 2024 that the 1988 killings amount to the crimes against humanity of murder, extermination, imprisonment, torture and enforced disappearance; on that published finding there are reasonable grounds to believe these acts took place.',
    fa: 'گزارشگر ویژه‌ی سازمان ملل درباره‌ی ایران در ژوئیه‌ی ۲۰۲۴ دریافت که کشتارهای ۱۳۶۷ جنایت علیه بشریت از نوع قتل، ریشه‌کن‌سازی، حبس، شکنجه و ناپدیدسازی قهری است؛ بر پایه‌ی این یافته‌ی منتشرشده دلایل معقولی برای باور به وقوع این اعمال وجود دارد.',
  },
  subjects: [{ type: 'event', id: '@massacre' }],
  standard: 'reasonable_grounds',
  evidence: [{ kind: 'claim', id: '@unsr-qualification', stance: 'supports' }],
  elements: [
    { crime: 'cah.murder', element: 'killing' },
    { crime: 'cah.extermination', element: 'mass_killing' },
    { crime: 'cah.imprisonment', element: 'deprivation' },
    { crime: 'cah.torture', element: 'pain' },
    { crime: 'cah.enforced_disappearance', element: 'deprivation_or_refusal' },
  ],
  sensitivity: 'public',
});
add('finding', 'finding-concealment', {
  statement: {
    en: 'The fate and burial places of the victims are still concealed, which the UN Special Rapporteur (2024) and Amnesty International (2018) each describe as a continuing crime.',
    fa: 'سرنوشت و محل دفن قربانیان همچنان پنهان نگه داشته می‌شود؛ گزارشگر ویژه‌ی سازمان ملل (۲۰۲۴) و عفو بین‌الملل (۲۰۱۸) هر یک این را جنایتی مستمر می‌دانند.',
  },
  subjects: [{ type: 'event', id: '@massacre' }],
  standard: 'balance_of_probabilities',
  evidence: [
    { kind: 'claim', id: '@unsr-qualification', stance: 'supports' },
    { kind: 'claim', id: '@ai-continuing', stance: 'supports' },
  ],
  elements: [{ crime: 'cah.enforced_disappearance', element: 'deprivation_or_refusal' }],
  sensitivity: 'public',
});
add('finding', 'finding-nouri-conviction', {
  statement: {
    en: 'Hamid Nouri was convicted by the Stockholm District Court on 14 July 2022 for crimes at Gohardasht prison between 27 July and 6 September 1988, and the conviction was upheld on appeal in 2023.',
    fa: 'حمید نوری در ۲۳ تیر ۱۴۰۱ (۱۴ ژوئیه‌ی ۲۰۲۲) از سوی دادگاه بخش استکهلم به سبب جنایات در زندان گوهردشت میان ۵ مرداد و ۱۵ شهریور ۱۳۶۷ محکوم شد و این حکم در ۲۰۲۳ در دادگاه تجدیدنظر تأیید شد.',
  },
  subjects: [
    { type: 'person', id: '@nouri' },
    { type: 'place', id: '@gohardasht' },
  ],
  standard: 'beyond_reasonable_doubt',
  evidence: [
    { kind: 'claim', id: '@nouri-convicted', stance: 'supports' },
    { kind: 'claim', id: '@nouri-appeal', stance: 'supports' },
  ],
  sensitivity: 'public',
});

/** Demo findings a second member approves when the demo loads. */
export const DEMO_ADOPTED = ['finding-unsr-cah', 'finding-nouri-conviction'] as const;

export const DEMO_RECORDS: readonly DemoRecord[] = records;
