/**
 * Normalising the mapped cells of a victim list's row: names checked for script, dates of either calendar
 * into FuzzyDate, years, ages and sex in one vocabulary. Pure; every problem names its row and column.
 */
import { toLatinDigits } from '../domain/digits.js';
import { parseFuzzyDate, type FuzzyDate } from '../domain/fuzzy-date.js';
import { detectScript, isMixedScript, type Script } from '../domain/person-name.js';

export const LIST_FIELDS = [
  'given_name',
  'surname',
  'full_name',
  'father_name',
  'birth_date',
  'birth_year',
  'age',
  'sex',
  'place_of_detention',
  'city',
  'date_of_death',
] as const;
export type ListField = (typeof LIST_FIELDS)[number];

export interface NormalisedRecord {
  fullName: string;
  givenName: string | null;
  surname: string | null;
  fatherName: string | null;
  /** Script of the full name. */
  script: Script;
  birth: FuzzyDate | null;
  death: FuzzyDate | null;
  age: number | null;
  sex: 'female' | 'male' | null;
  placeOfDetention: string | null;
  city: string | null;
}

export interface CellProblem {
  row: number;
  column: string;
  message: string;
}

const NAME_FIELDS: ListField[] = ['given_name', 'surname', 'full_name', 'father_name'];
const SEXES: Record<string, 'female' | 'male'> = {
  f: 'female',
  female: 'female',
  woman: 'female',
  زن: 'female',
  مونث: 'female',
  مؤنث: 'female',
  m: 'male',
  male: 'male',
  man: 'male',
  مرد: 'male',
  مذکر: 'male',
};

/**
 * Normalises one row. `cells` maps each list field to the raw text of its column (fields without a column are
 * absent); `columns` maps each field to its column's name, for messages.
 */
export function normaliseRow(
  row: number,
  cells: Partial<Record<ListField, string>>,
  columns: Partial<Record<ListField, string>>,
): { record?: NormalisedRecord; problems: CellProblem[] } {
  const problems: CellProblem[] = [];
  const problem = (field: ListField, message: string) =>
    problems.push({ row, column: columns[field] ?? field, message });
  const text = (field: ListField): string | null => {
    const value = cells[field]?.normalize('NFC').replace(/\s+/g, ' ').trim();
    return value ? value : null;
  };

  for (const field of NAME_FIELDS) {
    const value = text(field);
    if (value && isMixedScript(value))
      problem(field, `"${value}" mixes Persian and Latin letters; split it into one column per script`);
    if (value && /\d/.test(toLatinDigits(value))) problem(field, `"${value}" contains digits`);
  }
  const givenName = text('given_name');
  const surname = text('surname');
  const fullName = text('full_name') ?? ([givenName, surname].filter(Boolean).join(' ') || null);
  if (!fullName)
    problems.push({
      row,
      column: columns.full_name ?? columns.given_name ?? columns.surname ?? 'full_name',
      message: 'no name: the person must have a full name, a given name or a surname',
    });

  const date = (field: ListField): FuzzyDate | null => {
    const value = text(field);
    if (!value) return null;
    try {
      const parsed = parseFuzzyDate(value);
      return parsed.precision === 'unknown' ? null : parsed;
    } catch (error) {
      problem(field, (error as Error).message);
      return null;
    }
  };
  let birth = date('birth_date');
  const year = text('birth_year');
  if (!birth && year) {
    const digits = toLatinDigits(year);
    if (!/^\d{4}$/.test(digits)) problem('birth_year', `"${year}" is not a year (1340 or 1961)`);
    else birth = date('birth_year');
  }
  const death = date('date_of_death');

  let age: number | null = null;
  const ageText = text('age');
  if (ageText) {
    const digits = toLatinDigits(ageText);
    if (!/^\d{1,3}$/.test(digits) || Number(digits) > 120)
      problem('age', `"${ageText}" is not an age in years`);
    else age = Number(digits);
  }

  let sex: 'female' | 'male' | null = null;
  const sexText = text('sex');
  if (sexText) {
    sex = SEXES[sexText.toLowerCase()] ?? null;
    if (!sex) problem('sex', `"${sexText}" is not one of female, male, f, m, زن, مرد`);
  }

  if (problems.length || !fullName) return { problems };
  return {
    problems,
    record: {
      fullName,
      givenName,
      surname,
      fatherName: text('father_name'),
      script: detectScript(fullName),
      birth,
      death,
      age,
      sex,
      placeOfDetention: text('place_of_detention'),
      city: text('city'),
    },
  };
}
