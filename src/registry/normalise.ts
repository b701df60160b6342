/**
 * Normalising the mapped cells of a victim list: names checked for script and split into given name and
 * surname, dates of either calendar into FuzzyDate (read column by column, see dates.ts), ages and sex in one
 * vocabulary, extra columns as typed values. A bad cell never stops a row: it is flagged with a stable code,
 * and the field it would have filled stays null or keeps only what is certain. Pure and deterministic: the
 * same rows and options give the same records.
 */
import { toLatinDigits } from '../domain/digits.js';
import type { FuzzyDate } from '../domain/fuzzy-date.js';
import { detectScript, isMixedScript, type Script } from '../domain/person-name.js';
import { splitFullName, stripTitles } from '../names/split.js';
import {
  dateShape,
  readDateColumn,
  resolveDate,
  yearsAgainstEvents,
  type ColumnDateReading,
  type DateContext,
  type DateOrder,
  type DateShape,
} from './dates.js';
import type { ExtraType, ListReading } from './mapping.js';

export type { ColumnDateReading, DateOrder } from './dates.js';
export { DATE_ORDERS } from './dates.js';
export { readMapping } from './mapping.js';
export { LIST_FIELDS, EXTRA_TYPES, type ListField, type ExtraType, type ListReading } from './mapping.js';

export interface RowFlag {
  column: string;
  /** The list field (or extra field name) the cell would have filled. */
  field: string;
  code: string;
  message: string;
  /** The cell as written. */
  raw: string;
}

export interface ExtraValue {
  field: string;
  type: ExtraType;
  value: string;
  date?: FuzzyDate;
}

export interface NormalisedRecord {
  /** The name without titles, given name first; '' when the row has no usable name (flagged). */
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
  /** Other spellings of the full name (the other script of a dual-script cell). */
  nameVariants: string[];
  /** Titles and honorifics taken off the name, as written. */
  titles: string[];
  /** Gregorian birth years from the best evidence: the birth date, else age at death, else age at the event year. */
  birthYears: { from: number; to: number } | null;
  extras: ExtraValue[];
  flags: RowFlag[];
}

/**
 * Flag codes whose field was still filled: a dual-script cell gives the name and its other spelling. Every
 * other flag leaves its field null or keeps only the part that is certain (the year of an impossible day).
 */
export const FLAGS_THAT_KEEP_VALUE: ReadonlySet<string> = new Set(['mixed_script_split', 'name_alias_split']);

export interface NormaliseOptions {
  /** The order of day and month in numeric dates, when the list's compiler says it. */
  dateOrder?: DateOrder | undefined;
  /** The year of the list's events, at which an age without a date of death is taken. Default 1988. */
  eventYear?: number | undefined;
  /** Today (ISO day), after which no date may lie. Default: the current day. */
  today?: string | undefined;
  /**
   * What each date column showed when the list was imported (column → reading): given when a corrected row
   * is read again, so that it is read as its column was rather than on its own.
   */
  readings?: Record<string, ColumnDateReading> | undefined;
  /**
   * Whether the list's dates are read however old they are (`dates_before_events`): given, like `readings`,
   * when a corrected row is read again, so that one row never decides it for the whole list.
   */
  datesBeforeEvents?: boolean | undefined;
}

export const DEFAULT_EVENT_YEAR = 1988;

/** What was inferred for a whole column, so that nothing is guessed silently. */
export interface ColumnInference {
  column: string;
  field: string;
  code: string;
  message: string;
  count: number;
  /** What was inferred or assumed, for the words of a user interface: the order, the calendar, the year. */
  value: string | null;
}

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

const clean = (value: string | undefined): string | null => {
  const t = value?.normalize('NFC').replace(/\s+/g, ' ').trim();
  return t ? t : null;
};

/** "Latin (فارسی)", "فارسی / Latin": the two spellings of one name, if the cell is written so. */
export function splitDualScript(
  text: string,
): { primary: string; variant: string; sameScript: boolean } | null {
  const m = /^(.+?)\s*[([]\s*(.+?)\s*[)\]]$/.exec(text) ?? /^([^/|]+?)\s*[/|]\s*([^/|]+)$/.exec(text);
  if (!m) return null;
  const [primary, variant] = [m[1]!.trim(), m[2]!.trim()];
  if (!primary || !variant || isMixedScript(primary) || isMixedScript(variant)) return null;
  return { primary, variant, sameScript: detectScript(primary) === detectScript(variant) };
}

interface NameCell {
  value: string | null;
  variant: string | null;
}

export interface ListRow {
  row: number;
  /** Column name → cell as read. */
  cells: Record<string, string>;
}

export interface NormalisedList {
  records: Array<{ row: number; fields: NormalisedRecord }>;
  inferences: ColumnInference[];
  eventYear: number;
  /** Whether the event year was stated (it then bounds births) or assumed (it only dates ages). */
  eventYearStated: boolean;
  /** What each date column showed (column → reading). */
  readings: Record<string, ColumnDateReading>;
}

/** Reads every row of a list: first what each date column shows as a whole, then each row in its light. */
export function normaliseList(
  rows: ListRow[],
  reading: ListReading,
  options: NormaliseOptions = {},
): NormalisedList {
  const ctx: DateContext = {
    eventYear: options.eventYear ?? DEFAULT_EVENT_YEAR,
    eventYearStated: options.eventYear !== undefined,
    today: options.today ?? new Date().toISOString().slice(0, 10),
  };
  const dateColumns = [
    ...(['birth_date', 'birth_year', 'date_of_death'] as const)
      .filter((f) => reading.columns[f])
      .map((f) => ({ field: f as string, column: reading.columns[f]! })),
    ...reading.extras.filter((e) => e.type === 'date').map((e) => ({ field: e.name, column: e.column })),
  ];
  const shapes = new Map<string, DateShape[]>();
  const readings = new Map<string, ColumnDateReading>();
  const inferences: ColumnInference[] = [];
  for (const { column } of dateColumns)
    shapes.set(
      column,
      rows.map((r) => dateShape(r.cells[column] ?? '')),
    );
  // An assumed event year that the list's own dates do not fit (most of their years lie more than a life before
  // it): the list is about other times, and its dates are kept however old (a stated year still bounds them).
  if (options.datesBeforeEvents !== undefined) {
    if (options.datesBeforeEvents && !ctx.eventYearStated) ctx.lifespan = Infinity;
  } else if (!ctx.eventYearStated) {
    const counted = dateColumns.map(({ field, column }) => ({
      field,
      column,
      ...yearsAgainstEvents(shapes.get(column)!, ctx),
    }));
    const before = counted.reduce((n, c) => n + c.before, 0);
    const near = counted.reduce((n, c) => n + c.near, 0);
    if (before > near) {
      ctx.lifespan = Infinity;
      const first = counted.find((c) => c.before > 0)!;
      inferences.push({
        column: first.column,
        field: first.field,
        code: 'dates_before_events',
        message: `${before} of ${before + near} years lie more than a lifetime before ${ctx.eventYear}, the year assumed for the list's events: dates are read however old they are (state the events' year with --event-year to bound them)`,
        count: before,
        value: String(ctx.eventYear),
      });
    }
  }
  for (const { field, column } of dateColumns) {
    const columnShapes = shapes.get(column)!;
    const read = options.readings?.[column] ?? readDateColumn(columnShapes, ctx, options.dateOrder);
    readings.set(column, read);
    inferences.push(...describeDateColumn(column, field, read));
  }

  const records = rows.map((r, i) => ({
    row: r.row,
    fields: normaliseRow(
      r.cells,
      reading,
      (column, field) => {
        const shape = shapes.get(column)![i]!;
        return resolveDate(r.cells[column] ?? '', shape, readings.get(column)!, ctx, {
          birth: field === 'birth_date' || field === 'birth_year',
        });
      },
      ctx,
    ),
  }));

  const split = records.filter((r) => r.fields.givenName && !reading.columns.given_name).length;
  if (reading.columns.full_name && split)
    inferences.push({
      column: reading.columns.full_name,
      field: 'full_name',
      code: 'names_split',
      message: `${split} full names split into given name and surname ("Surname, Given" as written, else the given name first)`,
      count: split,
      value: null,
    });
  const atEvent = records.filter((r) => r.fields.age !== null && !r.fields.death && !r.fields.birth).length;
  if (reading.columns.age && atEvent)
    inferences.push({
      column: reading.columns.age,
      field: 'age',
      code: 'event_year_assumed',
      message: `${atEvent} ages without a date of death are taken as ages in ${ctx.eventYear}, the year of the list's events${ctx.eventYearStated ? '' : ' (assumed; state it with --event-year)'}`,
      count: atEvent,
      value: String(ctx.eventYear),
    });
  return {
    records,
    inferences,
    eventYear: ctx.eventYear,
    eventYearStated: ctx.eventYearStated ?? true,
    readings: Object.fromEntries(readings),
  };
}

function describeDateColumn(column: string, field: string, read: ColumnDateReading): ColumnInference[] {
  const out: ColumnInference[] = [];
  const add = (code: string, message: string, count: number) => {
    const value = code.startsWith('date_order')
      ? read.order
      : code.startsWith('calendar') || code === 'two_digit_year'
        ? read.calendar
        : null;
    out.push({ column, field, code, message, count, value });
  };
  const { dmy, mdy } = read.orderEvidence;
  if (read.orderSource === 'stated')
    add('date_order_stated', `numeric dates read ${orderWords(read.order!)}, as stated`, 0);
  else if (read.orderSource === 'inferred')
    add(
      'date_order_inferred',
      `numeric dates read ${orderWords(read.order!)}: ${read.order === 'dmy' ? dmy : mdy} dates have a ${read.order === 'dmy' ? 'first' : 'second'} part above 12 and none the other way`,
      read.order === 'dmy' ? dmy : mdy,
    );
  else if (read.orderSource === 'conflict')
    add(
      'date_order_conflict',
      `${dmy} dates show the day first and ${mdy} the month first; each is read by its own numbers and the others keep only their year`,
      dmy + mdy,
    );
  const { gregorian, solar_hijri: solarHijri } = read.calendarEvidence;
  if (read.calendarSource === 'inferred')
    add(
      'calendar_inferred',
      `read as ${read.calendar === 'gregorian' ? 'Gregorian' : 'Solar Hijri'}: ${gregorian + solarHijri} dates are possible only in that calendar (by their year, month name or marker) and none only in the other`,
      gregorian + solarHijri,
    );
  else if (read.calendarSource === 'per_cell')
    add(
      'calendar_per_cell',
      `both calendars appear (${gregorian} Gregorian, ${solarHijri} Solar Hijri): each date is read in the calendar its own year allows`,
      gregorian + solarHijri,
    );
  if (read.twoDigitYears)
    add(
      'two_digit_year',
      read.calendar
        ? `${read.twoDigitYears} two-digit years read as ${read.calendar === 'gregorian' ? '19xx' : '13xx Solar Hijri'}`
        : `${read.twoDigitYears} two-digit years cannot be read: the column does not show its calendar`,
      read.twoDigitYears,
    );
  return out;
}

const orderWords = (order: DateOrder) =>
  order === 'dmy'
    ? 'day first (day/month/year)'
    : order === 'mdy'
      ? 'month first (month/day/year)'
      : 'year first';

/**
 * Normalises one row. `date(column, field)` reads a date cell in the light of its column (normaliseList
 * provides it).
 */
function normaliseRow(
  cells: Record<string, string>,
  reading: ListReading,
  date: (
    column: string,
    field: string,
  ) => { date: FuzzyDate | null; flag?: { code: string; message: string } },
  ctx: DateContext,
): NormalisedRecord {
  const flags: RowFlag[] = [];
  const columnOf = reading.columns;
  const flag = (column: string, field: string, code: string, message: string) =>
    flags.push({ column, field, code, message, raw: cells[column] ?? '' });
  const text = (field: keyof typeof columnOf): string | null => {
    const column = columnOf[field];
    return column ? clean(cells[column]) : null;
  };

  const nameCell = (field: 'given_name' | 'surname' | 'full_name' | 'father_name'): NameCell => {
    const column = columnOf[field];
    const value = text(field);
    if (!column || !value) return { value: null, variant: null };
    let primary = value;
    let variant: string | null = null;
    const dual = splitDualScript(value);
    if (dual && !/\d/.test(toLatinDigits(value))) {
      [primary, variant] = [dual.primary, dual.variant];
      flag(
        column,
        field,
        dual.sameScript ? 'name_alias_split' : 'mixed_script_split',
        dual.sameScript
          ? `"${value}" read as the name "${primary}" and its other spelling "${variant}"`
          : `"${value}" read as one name in two scripts: "${primary}" and "${variant}"`,
      );
    } else if (isMixedScript(value)) {
      flag(column, field, 'name_mixed_script', `"${value}" mixes Persian and Latin letters; it is left out`);
      return { value: null, variant: null };
    }
    if (/\d/.test(toLatinDigits(value))) {
      flag(
        column,
        field,
        'name_has_digit',
        `"${value}" contains digits (an OCR or typing error?); it is left out`,
      );
      return { value: null, variant: null };
    }
    return { value: primary, variant };
  };

  const full = nameCell('full_name');
  const given = nameCell('given_name');
  const sur = nameCell('surname');
  const father = nameCell('father_name');
  let fullName = '';
  let givenName = given.value;
  let surname = sur.value;
  let titles: string[] = [];
  const nameVariants: string[] = [];
  if (full.value) {
    const split = splitFullName(full.value);
    fullName = split.fullName;
    titles = split.titles;
    givenName ??= split.givenName;
    surname ??= split.surname;
    if (full.variant) {
      const other = splitFullName(full.variant);
      nameVariants.push(other.fullName);
      for (const t of other.titles) if (!titles.includes(t)) titles.push(t);
    }
  } else if (givenName || surname) {
    if (givenName) {
      const stripped = stripTitles(givenName);
      [givenName, titles] = [stripped.name || givenName, stripped.titles];
    }
    fullName = [givenName, surname].filter(Boolean).join(' ');
    if (given.variant || sur.variant)
      nameVariants.push([given.variant ?? givenName, sur.variant ?? surname].filter(Boolean).join(' '));
  }
  const nameFlagged = flags.some(
    (f) => ['full_name', 'given_name', 'surname'].includes(f.field) && !FLAGS_THAT_KEEP_VALUE.has(f.code),
  );
  const nameColumn = columnOf.full_name ?? columnOf.given_name ?? columnOf.surname;
  if (!fullName && !nameFlagged && nameColumn) {
    const column = nameColumn;
    flag(column, 'full_name', 'name_missing', 'no name: the row has no full name, given name or surname');
  }

  const dateOf = (field: 'birth_date' | 'birth_year' | 'date_of_death'): FuzzyDate | null => {
    const column = columnOf[field];
    if (!column) return null;
    const read = date(column, field);
    if (read.flag) flag(column, field, read.flag.code, read.flag.message);
    return read.date;
  };
  let birth = dateOf('birth_date');
  if (columnOf.birth_year) {
    const yearText = text('birth_year');
    if (!birth && yearText) {
      if (dateShape(yearText).kind !== 'year')
        flag(
          columnOf.birth_year,
          'birth_year',
          'year_unreadable',
          `"${yearText}" is not a year (1340 or 1961)`,
        );
      else birth = dateOf('birth_year');
    }
  }
  const death = dateOf('date_of_death');
  // A birth after the row's own death is impossible whatever the list is about: the birth is left out.
  if (birth?.start && death?.end && birth.start > death.end) {
    const column = columnOf.birth_date ?? columnOf.birth_year!;
    flag(
      column,
      columnOf.birth_date ? 'birth_date' : 'birth_year',
      'birth_after_death',
      `"${cells[column] ?? ''}" would be a birth on ${birth.start}, after the death on ${death.end}`,
    );
    birth = null;
  }

  let age: number | null = null;
  const ageText = text('age');
  if (ageText && columnOf.age) {
    const digits = toLatinDigits(ageText).replace(/\s*(years?|yrs?|ساله|سال)$/i, '');
    if (!/^\d{1,3}$/.test(digits) || Number(digits) > 120)
      flag(columnOf.age, 'age', 'age_unreadable', `"${ageText}" is not an age in years`);
    else age = Number(digits);
  }

  let sex: 'female' | 'male' | null = null;
  const sexText = text('sex');
  if (sexText && columnOf.sex) {
    sex = SEXES[sexText.toLowerCase()] ?? null;
    if (!sex)
      flag(columnOf.sex, 'sex', 'sex_unreadable', `"${sexText}" is not one of female, male, f, m, زن, مرد`);
  }

  const extras: ExtraValue[] = [];
  for (const extra of reading.extras) {
    const value = clean(cells[extra.column]);
    if (!value) continue;
    if (extra.type === 'date') {
      const read = date(extra.column, extra.name);
      if (read.flag) flag(extra.column, extra.name, read.flag.code, read.flag.message);
      extras.push({ field: extra.name, type: extra.type, value, ...(read.date ? { date: read.date } : {}) });
    } else if (extra.type === 'name' && /\d/.test(toLatinDigits(value))) {
      flag(
        extra.column,
        extra.name,
        'name_has_digit',
        `"${value}" contains digits (an OCR or typing error?); it is left out`,
      );
    } else extras.push({ field: extra.name, type: extra.type, value });
  }

  return {
    fullName,
    givenName,
    surname,
    fatherName: father.value,
    script: detectScript(fullName),
    birth,
    death,
    age,
    sex,
    placeOfDetention: text('place_of_detention'),
    city: text('city'),
    nameVariants,
    titles,
    birthYears: birthYears(birth, death, age, ctx.eventYear),
    extras,
    flags,
  };
}

const yearOf = (isoDay: string) => Number(isoDay.slice(0, 4));

/** Gregorian birth years: the birth date's interval, else age at death, else age in the event year. */
export function birthYears(
  birth: FuzzyDate | null,
  death: FuzzyDate | null,
  age: number | null,
  eventYear: number,
): { from: number; to: number } | null {
  if (birth?.start && birth.end) return { from: yearOf(birth.start), to: yearOf(birth.end) };
  if (age === null) return null;
  // Someone aged N at a date was born in that year less N, or the year before if the birthday had not come.
  if (death?.start && death.end) return { from: yearOf(death.start) - age - 1, to: yearOf(death.end) - age };
  return { from: eventYear - age - 1, to: eventYear - age };
}
