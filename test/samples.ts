import type { Actor, RecordType } from '../src/auth/index.js';
import type { Sensitivity } from '../src/domain/sensitivity.js';
import type { ServiceContext } from '../src/services/context.js';
import { createRecord } from '../src/services/records.js';
import { specForType } from '../src/storage/index.js';

export type Refs = Record<
  'case' | 'source' | 'excerpt' | 'place' | 'person' | 'organization' | 'event' | 'claim',
  string
>;

/** A valid create input (before zod parsing) for each record kind, pointing at `refs`. */
export function sampleInput(
  type: RecordType,
  refs: Partial<Refs>,
  sensitivity: Sensitivity = 'internal',
): Record<string, unknown> {
  switch (type) {
    case 'source':
      return {
        kind: 'report',
        title: 'Report on prisons',
        authors: ['A. Author'],
        date: 'Mordad 1367',
        language: 'en',
        sensitivity,
      };
    case 'excerpt':
      return { sourceId: refs.source, locator: { page: 3 }, quote: 'a paraphrase', sensitivity };
    case 'place':
      return {
        names: [{ text: 'Evin Prison' }, { text: 'زندان اوین' }],
        kind: 'prison',
        location: {
          geometry: { type: 'Point', coordinates: [51.384, 35.796] },
          precision: 'approximate',
          certainty: 'confirmed',
        },
        sensitivity,
      };
    case 'person':
      return {
        names: [
          { text: 'حسین رضایی', script: 'persian', kind: 'birth' },
          { text: 'Hossein Rezaei', script: 'latin', kind: 'transliteration' },
        ],
        fatherName: 'Ali',
        birthDate: '1340',
        birthPlaceId: refs.place,
        sensitivity,
      };
    case 'organization':
      return { names: [{ text: 'Death commission' }], kind: 'commission', sensitivity };
    case 'event':
      return {
        kind: 'execution',
        title: 'Execution',
        date: '8 Mordad 1367',
        placeId: refs.place,
        sensitivity,
      };
    case 'involvement':
      return { eventId: refs.event, actorType: 'person', actorId: refs.person, role: 'victim', sensitivity };
    case 'relation':
      return {
        kind: 'burial',
        subjectType: 'person',
        subjectId: refs.person,
        objectType: 'place',
        objectId: refs.place,
        certainty: 'possible',
        sensitivity,
      };
    case 'claim':
      return {
        subjectType: 'case',
        subjectId: refs.case,
        property: 'death_toll',
        value: { type: 'number_range', min: 2800, max: 3800 },
        claimant: 'A memoir',
        evidence: refs.excerpt ? [{ excerptId: refs.excerpt }] : [],
        sensitivity,
      };
    case 'finding':
      return {
        statement: {
          en: 'Prisoners were executed at the prison in summer 1988',
          fa: 'زندانیان در تابستان ۱۳۶۷ در زندان اعدام شدند',
        },
        subjects: refs.event ? [{ type: 'event', id: refs.event }] : [],
        standard: 'reasonable_grounds',
        evidence: refs.claim ? [{ kind: 'claim', id: refs.claim }] : [],
        elements: [{ crime: 'cah.murder', element: 'killing' }],
        sensitivity,
      };
    case 'position':
      return {
        personId: refs.person,
        title: 'Member of the commission',
        titleFa: 'عضو هیئت',
        organizationId: refs.organization ?? null,
        placeId: refs.place ?? null,
        start: 'Mordad 1367',
        claimIds: refs.claim ? [refs.claim] : [],
        sensitivity,
      };
  }
}

export function parsedInput(
  type: RecordType,
  refs: Partial<Refs>,
  sensitivity: Sensitivity = 'internal',
): Record<string, unknown> {
  return specForType(type)!.createSchema.parse(sampleInput(type, refs, sensitivity)) as Record<
    string,
    unknown
  >;
}

/** One record of every kind, all with the given label, linked to each other; returns their ids by kind. */
export async function seedRecords(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  sensitivity: Sensitivity = 'internal',
) {
  const refs: Partial<Refs> & Record<string, string> = { case: caseId };
  for (const type of [
    'source',
    'excerpt',
    'place',
    'person',
    'organization',
    'event',
    'involvement',
    'relation',
    'claim',
    'finding',
    'position',
  ] as const) {
    const created = await createRecord(
      ctx,
      actor,
      specForType(type)!,
      caseId,
      parsedInput(type, refs, sensitivity),
    );
    refs[type] = created.id;
  }
  return refs as Refs & Record<'involvement' | 'relation' | 'claim' | 'finding' | 'position', string>;
}

/** Fifteen fictional people, in Persian script and two romanizations, with fathers' names and birth years (SH). */
export const PEOPLE: Array<[string, string, string, string, string, number]> = [
  ['حسین رضایی', 'Hossein Rezaei', 'Hosein Rezaee', 'علی', 'Ali', 1340],
  ['مریم کریمی', 'Maryam Karimi', 'Mariam Karimi', 'محمود', 'Mahmoud', 1345],
  ['رضا احمدی', 'Reza Ahmadi', 'Reza Ahmady', 'حسن', 'Hassan', 1338],
  ['فاطمه موسوی', 'Fatemeh Mousavi', 'Fateme Musavi', 'جواد', 'Javad', 1342],
  ['یوسف قاسم‌زاده', 'Yousef Ghasemzadeh', 'Yusef Qasemzade', 'عباس', 'Abbas', 1336],
  ['زهرا صادقی', 'Zahra Sadeghi', 'Zahra Sadeqi', 'مهدی', 'Mehdi', 1344],
  ['وحید خلیلی', 'Vahid Khalili', 'Vahid Khalily', 'کریم', 'Karim', 1339],
  ['جواد شریعتی', 'Javad Shariati', 'Djavad Shariaty', 'رحیم', 'Rahim', 1341],
  ['ناهید غفاری', 'Nahid Ghaffari', 'Nahid Ghafari', 'مصطفی', 'Mostafa', 1343],
  ['بهروز نوری', 'Behrouz Nouri', 'Behruz Nuri', 'اکبر', 'Akbar', 1337],
  ['شهلا طاهری', 'Shahla Taheri', 'Shahla Tahery', 'حمید', 'Hamid', 1346],
  ['کاظم جعفری', 'Kazem Jafari', 'Kazem Jaafari', 'صادق', 'Sadegh', 1335],
  ['لیلا حسینی', 'Leila Hosseini', 'Leyla Hoseini', 'ناصر', 'Naser', 1347],
  ['مجید رحمانی', 'Majid Rahmani', 'Majid Rahmany', 'یدالله', 'Yadollah', 1334],
  ['سیمین اکبری', 'Simin Akbari', 'Simin Akbary', 'منصور', 'Mansour', 1348],
];

/**
 * Three lists of the fifteen: A in Persian script with Solar Hijri years (people 0–9), B romanized with
 * Gregorian years (5–14), C in another romanization without fathers (the even ones), and the truth file.
 */
export function victimLists(): Record<'a' | 'b' | 'c' | 'truth', string> {
  const a = ['id,name,father,born,prison'];
  const b = ['ref,full name,father,year of birth,prison'];
  const c = ['no,name,birth year'];
  const truth = ['list,record_id,person_id'];
  PEOPLE.forEach(([fa, en1, en2, fatherFa, fatherEn, year], i) => {
    if (i < 10) {
      a.push(`a${i},${fa},${fatherFa},${year},${i % 2 ? 'گوهردشت' : 'اوین'}`);
      truth.push(`List A,a${i},p${i}`);
    }
    if (i >= 5) {
      b.push(`b${i},${en1},${fatherEn},${year + 621},${i % 2 ? 'Gohardasht' : 'Evin'}`);
      truth.push(`List B,b${i},p${i}`);
    }
    if (i % 2 === 0) {
      c.push(`c${i},${en2},${year + 621}`);
      truth.push(`List C,c${i},p${i}`);
    }
  });
  const text = (lines: string[]) => `${lines.join('\n')}\n`;
  return { a: text(a), b: text(b), c: text(c), truth: text(truth) };
}
