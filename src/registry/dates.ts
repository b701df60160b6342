/**
 * Dates in list columns. A list's dates are read column by column: first every cell's shape (which numbers,
 * which words, an explicit calendar), then what the column as a whole shows (the order of day and month, the
 * calendar), then each cell in the light of its column. Nothing is guessed silently: what was inferred for a
 * column is reported, and a cell that the evidence cannot settle is flagged and keeps only what is certain.
 * Pure.
 */
import {
  findIndex,
  GREGORIAN_MONTH_SPELLINGS,
  isValidGregorian,
  isValidSolarHijri,
  iso,
  monthInterval,
  SOLAR_HIJRI_MONTH_SPELLINGS,
  solarHijriToIso,
  yearInterval,
} from '../domain/calendar.js';
import { toLatinDigits } from '../domain/digits.js';
import { parseFuzzyDate, type Calendar, type FuzzyDate } from '../domain/fuzzy-date.js';

export const DATE_ORDERS = ['dmy', 'mdy', 'ymd'] as const;
export type DateOrder = (typeof DATE_ORDERS)[number];

/** How far from the list's events a date may lie and still be a date of a person's life. */
const LIFESPAN = 130;

export interface DateContext {
  /** The year of the list's events (Gregorian), e.g. 1988. */
  eventYear: number;
  /**
   * Whether the list's compiler stated the event year. Only a stated year bounds births: an assumed one (the
   * default) would flag every birth after it in a list that is not about those events (a census, a register
   * of the living), and leave those rows without a birth date to link on.
   */
  eventYearStated?: boolean;
  /**
   * How many years before the events a date may lie (default 130, a life). Unbounded when the event year was only
   * assumed and the list's own dates lie far before it: a list that is not about those events (a register of
   * historical people) keeps its dates.
   */
  lifespan?: number;
  /** Today as an ISO day: no date may lie after it. */
  today: string;
}

/** The earliest Gregorian year a date of the list may have. */
const earliestYear = (ctx: DateContext) => ctx.eventYear - (ctx.lifespan ?? LIFESPAN);

/**
 * Of the four-digit years a date column shows, how many are a year of a life near the events in some calendar,
 * and how many are not but are a Gregorian year before today (a date of a list about other times).
 */
export function yearsAgainstEvents(
  shapes: readonly DateShape[],
  ctx: DateContext,
): { near: number; before: number } {
  const todayYear = Number(ctx.today.slice(0, 4));
  let near = 0;
  let before = 0;
  for (const shape of shapes) {
    const year = fourDigitYear(shape);
    if (!year) continue;
    if (plausibleCalendars(Number(year), ctx).length > 0) near++;
    else if (Number(year) <= todayYear) before++;
  }
  return { near, before };
}

/** What a cell looks like before its column is known. */
export type DateShape =
  | { kind: 'empty' }
  | { kind: 'unreadable'; reason: string }
  /** Three numbers; `a`, `b`, `c` as written (digits), `marker` an explicit calendar. */
  | { kind: 'numeric'; a: string; b: string; c: string; marker?: Calendar }
  /** Year and month only, year first or last. */
  | { kind: 'year_month'; year: string; month: string; marker?: Calendar }
  | { kind: 'year'; year: string; marker?: Calendar }
  /** Words (month names, seasons, ranges): read by parseFuzzyDate once the calendar is known. */
  | { kind: 'words'; text: string; year?: string; named?: Calendar; marker?: Calendar };

const UNKNOWN = new Set(['', '?', '-', 'unknown', 'n/a', 'na', 'نامعلوم', 'نامشخص', 'نا معلوم']);
const SH_MARK = /\s*(sh|s\.h\.|ap|a\.p\.|hs|ش|ه\.?\s?ش\.?|هجری شمسی|شمسی)$/;
const CE_MARK = /\s*(ce|c\.e\.|ad|a\.d\.|م|میلادی)$/;

function clean(text: string): string {
  return toLatinDigits(text.normalize('NFC'))
    .replace(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Reads the shape of one cell. */
export function dateShape(text: string): DateShape {
  let t = clean(text);
  if (UNKNOWN.has(t)) return { kind: 'empty' };
  let marker: Calendar | undefined;
  if (/\d/.test(t) && SH_MARK.test(t) && /\d\s*\S*$/.test(t)) {
    const stripped = t.replace(SH_MARK, '');
    if (/\d$/.test(stripped)) [t, marker] = [stripped, 'solar_hijri'];
  }
  if (!marker && CE_MARK.test(t)) {
    const stripped = t.replace(CE_MARK, '');
    if (/\d$/.test(stripped)) [t, marker] = [stripped, 'gregorian'];
  }
  const withMarker = <T extends object>(shape: T): T => (marker ? { ...shape, marker } : shape);
  let m = /^(\d{1,4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,4})$/.exec(t);
  if (m) return withMarker({ kind: 'numeric', a: m[1]!, b: m[2]!, c: m[3]! });
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (m) return withMarker({ kind: 'numeric', a: m[1]!, b: m[2]!, c: m[3]! });
  m = /^(\d{4})\s*[-/.]\s*(\d{1,2})$/.exec(t);
  if (m) return withMarker({ kind: 'year_month', year: m[1]!, month: m[2]! });
  m = /^(\d{1,2})\s*[-/.]\s*(\d{4})$/.exec(t);
  if (m) return withMarker({ kind: 'year_month', year: m[2]!, month: m[1]! });
  if (/^\d{4}$/.test(t) || /^\d{2}$/.test(t)) return withMarker({ kind: 'year', year: t });
  if (/^\d+$/.test(t)) return { kind: 'unreadable', reason: 'a number that is not a date' };
  const words = t.replace(/[,.]/g, ' ').split(/\s+/);
  const named = words.some((w) => findIndex(SOLAR_HIJRI_MONTH_SPELLINGS, w) >= 0)
    ? 'solar_hijri'
    : words.some((w) => findIndex(GREGORIAN_MONTH_SPELLINGS, w) >= 0)
      ? 'gregorian'
      : undefined;
  const year = /(\d{4})(?!.*\d)/.exec(t)?.[1];
  return withMarker({
    kind: 'words',
    text: t,
    ...(year ? { year } : {}),
    ...(named ? { named } : {}),
  });
}

/** What a column's cells show together, and what was inferred from them. */
export interface ColumnDateReading {
  order: DateOrder | null;
  orderSource: 'stated' | 'inferred' | 'conflict' | 'none';
  /** Cells whose numbers showed the order (a first part above 12 shows day first). */
  orderEvidence: { dmy: number; mdy: number; ymd: number };
  calendar: Calendar | null;
  calendarSource: 'inferred' | 'per_cell' | 'none';
  /** Cells whose year (or month name, or marker) is possible in only one calendar. */
  calendarEvidence: { gregorian: number; solar_hijri: number };
  twoDigitYears: number;
}

/** The calendars in which a four-digit year can be a date of a life near the list's events. */
export function plausibleCalendars(year: number, ctx: DateContext): Calendar[] {
  const todayYear = Number(ctx.today.slice(0, 4));
  const ok = (gregorianYear: number) => gregorianYear >= earliestYear(ctx) && gregorianYear <= todayYear;
  const out: Calendar[] = [];
  if (ok(year)) out.push('gregorian');
  if (ok(year + 621)) out.push('solar_hijri');
  return out;
}

/** The four-digit year a cell shows, if it shows one. */
function fourDigitYear(shape: DateShape): string | undefined {
  const year =
    shape.kind === 'numeric'
      ? [shape.a, shape.c].find((p) => p.length === 4)
      : shape.kind === 'words' || shape.kind === 'year' || shape.kind === 'year_month'
        ? shape.year
        : undefined;
  return year?.length === 4 ? year : undefined;
}

function cellCalendar(shape: DateShape, ctx: DateContext): Calendar | undefined {
  if (shape.kind === 'empty' || shape.kind === 'unreadable') return undefined;
  if (shape.marker) return shape.marker;
  if (shape.kind === 'words' && shape.named) return shape.named;
  const year = fourDigitYear(shape);
  if (!year) return undefined;
  const calendars = plausibleCalendars(Number(year), ctx);
  return calendars.length === 1 ? calendars[0] : undefined;
}

/** The order that a cell's own numbers show, if they show one. */
function cellOrder(shape: DateShape): DateOrder | undefined {
  if (shape.kind !== 'numeric') return undefined;
  const [a, b] = [Number(shape.a), Number(shape.b)];
  if (shape.a.length === 4 || (shape.c.length < 4 && a > 31)) return 'ymd';
  if (a > 12 && b <= 12) return 'dmy';
  if (b > 12 && a <= 12) return 'mdy';
  return undefined;
}

/** What a column shows: the order of its numeric dates and its calendar, from its cells' own evidence. */
export function readDateColumn(shapes: DateShape[], ctx: DateContext, stated?: DateOrder): ColumnDateReading {
  const orderEvidence = { dmy: 0, mdy: 0, ymd: 0 };
  const calendarEvidence = { gregorian: 0, solar_hijri: 0 };
  let twoDigitYears = 0;
  for (const shape of shapes) {
    const order = cellOrder(shape);
    if (order) orderEvidence[order]++;
    const calendar = cellCalendar(shape, ctx);
    if (calendar) calendarEvidence[calendar]++;
    if (
      (shape.kind === 'numeric' && shape.a.length < 4 && shape.c.length < 4) ||
      (shape.kind === 'year' && shape.year.length === 2)
    )
      twoDigitYears++;
  }
  let order: DateOrder | null = null;
  let orderSource: ColumnDateReading['orderSource'] = 'none';
  if (stated) [order, orderSource] = [stated, 'stated'];
  else if (orderEvidence.dmy && orderEvidence.mdy) orderSource = 'conflict';
  else if (orderEvidence.dmy) [order, orderSource] = ['dmy', 'inferred'];
  else if (orderEvidence.mdy) [order, orderSource] = ['mdy', 'inferred'];
  let calendar: Calendar | null = null;
  let calendarSource: ColumnDateReading['calendarSource'] = 'none';
  if (calendarEvidence.gregorian && calendarEvidence.solar_hijri) calendarSource = 'per_cell';
  else if (calendarEvidence.gregorian) [calendar, calendarSource] = ['gregorian', 'inferred'];
  else if (calendarEvidence.solar_hijri) [calendar, calendarSource] = ['solar_hijri', 'inferred'];
  return { order, orderSource, orderEvidence, calendar, calendarSource, calendarEvidence, twoDigitYears };
}

export interface DateFlag {
  code: string;
  message: string;
}

export interface ResolvedDate {
  /** The date, or as much of it as is certain (the year of an impossible day); null when nothing is. */
  date: FuzzyDate | null;
  flag?: DateFlag;
}

const CALENDAR_NAME: Record<Calendar, string> = { gregorian: 'Gregorian', solar_hijri: 'Solar Hijri' };

function fuzzy(
  calendar: Calendar,
  precision: FuzzyDate['precision'],
  text: string,
  [start, end]: [string, string],
): FuzzyDate {
  return { calendar, precision, text, start, end };
}

/**
 * Reads one cell in the light of its column. `birth` adds the check that a birth lies before the end of the
 * event year.
 */
export function resolveDate(
  raw: string,
  shape: DateShape,
  column: ColumnDateReading,
  ctx: DateContext,
  options: { birth?: boolean } = {},
): ResolvedDate {
  const text = raw.trim();
  const result = readCell(text, shape, column, ctx);
  if (!result.date?.start) return result;
  // The part kept of a flagged date (the month of an impossible day) is checked as well.
  const date = result.date;
  const also = result.flag ? ` (and ${result.flag.message})` : '';
  if (date.start! > ctx.today)
    return {
      date: null,
      flag: { code: 'date_future', message: `"${text}" would be ${date.start}, in the future${also}` },
    };
  if (options.birth && ctx.eventYearStated !== false && date.start! > `${ctx.eventYear}-12-31`)
    return {
      date: null,
      flag: {
        code: 'date_after_events',
        message: `"${text}" would be a birth on ${date.start}, after the list's events (${ctx.eventYear})${also}`,
      },
    };
  if (Number(date.end!.slice(0, 4)) < earliestYear(ctx))
    return {
      date: null,
      flag: {
        code: 'date_implausible_year',
        message: `"${text}" would be ${date.start}, more than ${LIFESPAN} years before the list's events${also}`,
      },
    };
  return result;
}

function readCell(text: string, shape: DateShape, column: ColumnDateReading, ctx: DateContext): ResolvedDate {
  switch (shape.kind) {
    case 'empty':
      return { date: null };
    case 'unreadable':
      return {
        date: null,
        flag: { code: 'date_unreadable', message: `"${text}" is not a date (${shape.reason})` },
      };
    case 'words':
      return readWords(text, shape, column, ctx);
    default:
      break;
  }
  // Numbers: settle the year and its calendar first.
  let yearText: string;
  let month: number | undefined;
  let day: number | undefined;
  let orderFlag: DateFlag | undefined;
  if (shape.kind === 'year') yearText = shape.year;
  else if (shape.kind === 'year_month') [yearText, month] = [shape.year, Number(shape.month)];
  else {
    const own = cellOrder(shape);
    const [a, b, c] = [Number(shape.a), Number(shape.b), Number(shape.c)];
    // A year written first settles the order; a stated order comes next; then the cell's own numbers, then
    // what the rest of its column showed. Day and month alike (5/5/1988) need no order, and neither do two
    // parts above 12 (21/13/1960), which give no month either way.
    const stated = column.orderSource === 'stated' ? column.order : null;
    const order: DateOrder | null =
      shape.a.length === 4 || own === 'ymd'
        ? 'ymd'
        : stated && !(stated === 'ymd' && shape.c.length === 4)
          ? stated
          : (own ?? column.order ?? (a === b || (a > 12 && b > 12) ? 'dmy' : null));
    if (order === 'ymd') [yearText, month, day] = [shape.a, b, c];
    else if (order === 'dmy') [yearText, month, day] = [shape.c, b, a];
    else if (order === 'mdy') [yearText, month, day] = [shape.c, a, b];
    else {
      yearText = shape.c;
      orderFlag = {
        code: 'date_ambiguous_order',
        message: `"${text}" may be day first or month first and nothing in the column tells which; only the year is kept (state it with --date-order)`,
      };
    }
  }
  let calendar: Calendar | undefined;
  let year = Number(yearText);
  if (yearText.length <= 2) {
    calendar = shape.marker ?? column.calendar ?? undefined;
    if (!calendar)
      return {
        date: null,
        flag: {
          code: 'date_ambiguous_calendar',
          message: `"${text}" has a two-digit year and nothing in the column tells its calendar`,
        },
      };
    year += calendar === 'gregorian' ? 1900 : 1300;
  } else if (yearText.length === 4) {
    const possible = plausibleCalendars(year, ctx);
    calendar = shape.marker ?? (possible.length === 1 ? possible[0] : (column.calendar ?? undefined));
    if (!calendar)
      return {
        date: null,
        flag: {
          code: 'date_implausible_year',
          message: `"${text}": the year ${year} is not a year of a life near ${ctx.eventYear} in either calendar (as Gregorian ${year}, as Solar Hijri ${year + 621})`,
        },
      };
  } else {
    return {
      date: null,
      flag: { code: 'date_unreadable', message: `"${text}" has no year of two or four digits` },
    };
  }
  const yearDate = fuzzy(calendar, 'year', text, yearInterval(calendar, year));
  if (orderFlag) return { date: yearDate, flag: orderFlag };
  if (month === undefined) return { date: yearDate };
  if (month < 1 || month > 12)
    return {
      date: yearDate,
      flag: {
        code: 'date_impossible_month',
        message: `"${text}" has no month ${month}; only the year ${year} is kept`,
      },
    };
  const monthDate = fuzzy(calendar, 'month', text, monthInterval(calendar, year, month));
  if (day === undefined) return { date: monthDate };
  const valid =
    calendar === 'gregorian'
      ? isValidGregorian({ y: year, m: month, d: day })
      : isValidSolarHijri({ y: year, m: month, d: day });
  if (!valid)
    return {
      date: monthDate,
      flag: {
        code: 'date_impossible_day',
        message: `"${text}": day ${day} does not exist in month ${month} of ${year} (${CALENDAR_NAME[calendar]}); only the month is kept`,
      },
    };
  const isoDay =
    calendar === 'gregorian'
      ? iso({ y: year, m: month, d: day })
      : solarHijriToIso({ y: year, m: month, d: day });
  return { date: fuzzy(calendar, 'day', text, [isoDay, isoDay]) };
}

function readWords(
  text: string,
  shape: Extract<DateShape, { kind: 'words' }>,
  column: ColumnDateReading,
  ctx: DateContext,
): ResolvedDate {
  // A month name decides its calendar; otherwise the year, else the column, is told to the parser as a marker.
  let calendar = shape.marker ?? shape.named;
  if (!calendar && shape.year) {
    const possible = plausibleCalendars(Number(shape.year), ctx);
    calendar = possible.length === 1 ? possible[0] : (column.calendar ?? undefined);
  }
  if (!calendar && shape.year)
    return {
      date: null,
      flag: {
        code: 'date_implausible_year',
        message: `"${text}": the year ${shape.year} is not a year of a life near ${ctx.eventYear} in either calendar`,
      },
    };
  const marked =
    calendar && !shape.named ? `${shape.text} ${calendar === 'gregorian' ? 'ce' : 'sh'}` : shape.text;
  try {
    const date = parseFuzzyDate(marked);
    if (date.precision === 'unknown') return { date: null };
    return { date: { ...date, text } };
  } catch (error) {
    const reason = (error as Error).message.replace(/^cannot read "[^"]*" as a date: /, '');
    const impossible = /does not exist/.test(reason);
    // An impossible day keeps its month when the month and year read without it ("30 Esfand 1367").
    if (impossible && /^\d{1,2} /.test(marked))
      try {
        const month = parseFuzzyDate(marked.replace(/^\d{1,2} /, ''));
        if (month.precision === 'month')
          return {
            date: { ...month, text },
            flag: {
              code: 'date_impossible_day',
              message: `"${text}" is not a day that exists; only the month is kept`,
            },
          };
      } catch {
        // fall through: nothing of it is kept
      }
    return {
      date: null,
      flag: {
        code: impossible ? 'date_impossible_day' : 'date_unreadable',
        message: `"${text}" ${impossible ? 'is not a day that exists' : 'is not a date'} (${reason})`,
      },
    };
  }
}
