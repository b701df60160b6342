/**
 * Dates in either calendar, read from tokens and converted by `parseFuzzyDate` (which owns the calendars):
 * - a day, month or season with a year: "8 Mordad 1367", "۸ مرداد ۱۳۶۷", "30 July 1988", "July 30, 1988",
 *   "Mordad 1367", "مرداد ماه ۱۳۶۷", "summer 1988", "تابستان ۱۳۶۷"; ISO and slashed days ("1988-07-30",
 *   "1367/05/08");
 * - ranges: "between 27 July and 6 September 1988", "from July to September 1988", "27 July – 6 September 1988",
 *   "از ۵ مرداد تا ۱۵ شهریور ۱۳۶۷", "between 1981 and 1988"; the first side may borrow the second's year;
 * - a two-digit year only after a Solar Hijri month, after a Persian season or after سال ("مرداد ۶۷",
 *   "تابستان ۶۷", "سال ۶۷"), read as 13yy: Persian writers drop the century of Solar Hijri years and these words
 *   say which calendar is meant. Two-digit Gregorian years ("July 88") are left alone, and so are 00–09, which
 *   would be ambiguous between the 1300s and the 1400s;
 * - a bare four-digit year only where it is clearly a year: after "in", "since", "during", "until", "by",
 *   "before", "after", "of", "year", در or سال, before a calendar marker (SH, AP, CE, AD, ش, شمسی, میلادی), or
 *   in "the 1988 massacre". Bare years from 1300 to 1450 are Solar Hijri and from 1900 to 2100 Gregorian, as
 *   `parseFuzzyDate` reads them; any other number is not taken for a year.
 * A month or season needs a day or a year next to it: "May", "Tir" (arrow) and "Mehr" are also words.
 */
import { FuzzyDateError, parseFuzzyDate, type FuzzyDate } from '../domain/fuzzy-date.js';
import {
  GREGORIAN_MONTH_SPELLINGS,
  SEASON_SPELLINGS,
  SOLAR_HIJRI_MONTH_SPELLINGS,
} from '../domain/calendar.js';
import { foldWords, PEOPLE_CLASSIFIERS, YEAR_CUES } from './lexicon.js';
import { hasGrouping, numberValue, type Token, type TokenizedText } from './tokens.js';
import type { Mention } from './types.js';

interface Named {
  kind: 'month' | 'season';
  calendar: 'gregorian' | 'solar_hijri' | undefined;
  /** The spelling `parseFuzzyDate` is given. */
  canonical: string;
}

const NAMED = new Map<string, Named>();
function addNamed(table: string[][], kind: Named['kind'], calendar: Named['calendar']): void {
  for (const spellings of table)
    for (const spelling of spellings)
      for (const key of foldWords(spelling))
        if (!NAMED.has(key)) NAMED.set(key, { kind, calendar, canonical: spellings[0]! });
}
addNamed(SOLAR_HIJRI_MONTH_SPELLINGS, 'month', 'solar_hijri');
addNamed(GREGORIAN_MONTH_SPELLINGS, 'month', 'gregorian');
addNamed(SEASON_SPELLINGS, 'season', undefined);

const ORDINALS = new Set(['st', 'nd', 'rd', 'th', 'م', 'ام']);
const MONTH_WORD = new Set(foldWords('ماه'));
const YEAR_WORD = new Set(foldWords('سال'));
const OF = new Set(['of']);
const SH_MARKERS = ['sh', 'ap', 'hs', 'ش', 'شمسی', 'خورشیدی', 'هجری شمسی', 'ه ش'].map(foldWords);
const CE_MARKERS = ['ce', 'ad', 'م', 'میلادی'].map(foldWords);
const RANGE_CUES = new Set(foldWords('between from بین از'));
const RANGE_JOINERS = new Set(foldWords('and to until till through و تا'));
const EVENT_NOUNS = new Set(
  foldWords('massacre massacres executions killings revolution war uprising elections'),
);

const SCORE = { day: 0.95, month: 0.9, season: 0.85, range: 0.9, year: 0.6 } as const;
const TWO_DIGIT_FACTOR = 0.8;

/** One side of a date: tokens `from..to`, the text `parseFuzzyDate` is given, and what it has. */
interface Part {
  from: number;
  to: number;
  canonical: string;
  hasYear: boolean;
  twoDigitYear: boolean;
  precision: 'day' | 'month' | 'season' | 'year';
}

function isBareYear(value: number): boolean {
  return (value >= 1300 && value <= 1450) || (value >= 1900 && value <= 2100);
}

/** The token is a whole, tight continuation of a date: joined by white space only (or nothing, for suffixes). */
function spaced(token: Token | undefined): token is Token {
  return token !== undefined && (token.sep === 'space' || token.sep === 'none');
}

class DateReader {
  constructor(private readonly tt: TokenizedText) {}

  private number(i: number, maxDigits: number): number | undefined {
    const token = this.tt.tokens[i];
    if (!token?.isNumber || hasGrouping(token) || token.text.length > maxDigits) return undefined;
    return numberValue(token);
  }

  private named(i: number): Named | undefined {
    return NAMED.get(this.tt.fold(i));
  }

  /** Index after a calendar marker at `i` and its calendar, if any (ش, SH, میلادی, ه.ش …). */
  private marker(i: number): { next: number; calendar: 'sh' | 'ce' } | undefined {
    for (const [calendar, markers] of [
      ['sh', SH_MARKERS],
      ['ce', CE_MARKERS],
    ] as const)
      for (const words of markers) {
        const ok = words.every((w, k) => {
          const token = this.tt.tokens[i + k];
          return token !== undefined && /^[\s.]*$/.test(token.gap) && this.tt.fold(i + k) === w;
        });
        if (ok) return { next: i + words.length, calendar };
      }
    return undefined;
  }

  /** A year at `i` after a named month or season; two digits allowed where the calendar is Solar Hijri. */
  private yearAfter(
    i: number,
    named: Named,
    persian: boolean,
  ): { value: number; twoDigit: boolean } | undefined {
    const token = this.tt.tokens[i];
    // "July 30, 1988": a comma may come before the year.
    if (!token || !(token.sep === 'space' || /^,\s*$/.test(token.gap))) return undefined;
    const value = this.number(i, 4);
    if (value === undefined) return undefined;
    const digits = token.text.length;
    const solarHijri = named.calendar === 'solar_hijri' || (named.kind === 'season' && persian);
    // "در مرداد ۲۵ نفر": twenty-five people in Mordad, not Mordad 1325.
    if (digits === 2 && solarHijri && value >= 10 && !PEOPLE_CLASSIFIERS.has(this.tt.fold(i + 1)))
      return { value: 1300 + value, twoDigit: true };
    if (digits !== 4) return undefined;
    if (named.calendar === 'solar_hijri')
      return value >= 1250 && value <= 1500 ? { value, twoDigit: false } : undefined;
    if (named.calendar === 'gregorian')
      return value >= 1800 && value <= 2100 ? { value, twoDigit: false } : undefined;
    return isBareYear(value) ? { value, twoDigit: false } : undefined;
  }

  /** A day, month or season (with or without a year) starting at `i`. */
  part(i: number): Part | undefined {
    const tokens = this.tt.tokens;
    let k = i;
    let day: number | undefined;
    const first = this.number(k, 2);
    if (first !== undefined && first >= 1 && first <= 31) {
      day = first;
      k++;
      if (tokens[k]?.sep === 'none' && ORDINALS.has(this.tt.fold(k))) k++;
      if (spaced(tokens[k]) && OF.has(this.tt.fold(k))) k++;
      if (!spaced(tokens[k])) return undefined;
    }
    const named = this.named(k);
    if (!named || (day !== undefined && named.kind === 'season')) return undefined;
    const persian = this.tt.word(k)?.script === 'fa';
    let last = k;
    k++;
    if (spaced(tokens[k]) && MONTH_WORD.has(this.tt.fold(k))) last = k++;
    if (day === undefined && named.kind === 'month') {
      const after = this.number(k, 2);
      if (spaced(tokens[k]) && after !== undefined && after >= 1 && after <= 31) {
        // "July 30, 1988": a day after the month counts only with a year after it.
        let m = k + 1;
        if (tokens[m]?.sep === 'none' && ORDINALS.has(this.tt.fold(m))) m++;
        if (this.yearAfter(m, named, persian)) [day, last, k] = [after, m - 1, m];
      }
    }
    if (spaced(tokens[k]) && (OF.has(this.tt.fold(k)) || YEAR_WORD.has(this.tt.fold(k)))) {
      if (this.yearAfter(k + 1, named, persian)) k++;
    }
    const year = this.yearAfter(k, named, persian);
    let canonical = `${day ?? ''} ${named.canonical}`.trim();
    if (year) {
      canonical += ` ${year.value}`;
      last = k;
      const marker = this.marker(k + 1);
      if (marker) last = marker.next - 1;
    }
    return {
      from: i,
      to: last,
      canonical,
      hasYear: year !== undefined,
      twoDigitYear: year?.twoDigit ?? false,
      precision: day !== undefined ? 'day' : named.kind,
    };
  }

  /** A bare year at `i` in a range ("between 1981 and 1988"), with its calendar marker if any. */
  private yearPart(i: number): Part | undefined {
    const value = this.number(i, 4);
    if (value === undefined || this.tt.tokens[i]!.text.length !== 4 || !isBareYear(value)) return undefined;
    const marker = this.marker(i + 1);
    return {
      from: i,
      to: marker ? marker.next - 1 : i,
      canonical: `${value}${marker ? ` ${marker.calendar}` : ''}`,
      hasYear: true,
      twoDigitYear: false,
      precision: 'year',
    };
  }

  /** A range starting at `i`: "between A and B", "from A to B", "A – B", "A to B". */
  range(i: number): { parts: [Part, Part]; to: number } | undefined {
    const tokens = this.tt.tokens;
    const cue = RANGE_CUES.has(this.tt.fold(i));
    const from = cue ? i + 1 : i;
    if (cue && !spaced(tokens[from])) return undefined;
    const left = this.part(from) ?? (cue ? this.yearPart(from) : undefined);
    if (!left) return undefined;
    let k = left.to + 1;
    const joiner = tokens[k];
    if (!joiner) return undefined;
    if (joiner.sep === 'dash' || (joiner.sep === 'hyphen' && left.precision === 'year')) {
      // "27 July – 6 September 1988": the dash is the gap before the right side.
    } else if (spaced(joiner) && RANGE_JOINERS.has(this.tt.fold(k))) {
      const word = this.tt.fold(k);
      if (!cue && word !== 'to' && word !== 'تا' && word !== 'until') return undefined;
      k++;
      if (!spaced(tokens[k])) return undefined;
    } else return undefined;
    const right = left.precision === 'year' ? this.yearPart(k) : (this.part(k) ?? this.yearPart(k));
    if (!right?.hasYear) return undefined;
    if (left.precision === 'year' && right.precision !== 'year') return undefined;
    return { parts: [left, right], to: right.to };
  }

  /** An ISO or slashed day: 1988-07-30, 1367/05/08. */
  iso(i: number): Part | undefined {
    const tokens = this.tt.tokens;
    const y = this.number(i, 4);
    const m = this.number(i + 1, 2);
    const d = this.number(i + 2, 2);
    if (y === undefined || m === undefined || d === undefined || tokens[i]!.text.length !== 4)
      return undefined;
    const gap = tokens[i + 1]!.gap;
    if (!['-', '/', '.'].includes(gap) || tokens[i + 2]!.gap !== gap) return undefined;
    const next = tokens[i + 3];
    if (next && next.gap === gap) return undefined; // 1988-07-30-12: not a date
    return {
      from: i,
      to: i + 2,
      canonical: `${y}-${m}-${d}`,
      hasYear: true,
      twoDigitYear: false,
      precision: 'day',
    };
  }

  /** A bare year at `i` that its context shows to be one. */
  bareYear(i: number): Part | undefined {
    const tokens = this.tt.tokens;
    const token = tokens[i]!;
    const value = this.number(i, 4);
    if (value === undefined) return undefined;
    const marker = this.marker(i + 1);
    const previous = i > 0 && token.sep === 'space' ? this.tt.fold(i - 1) : '';
    const digits = token.text.length;
    if (digits === 2 && YEAR_WORD.has(previous) && value >= 10)
      return {
        from: i,
        to: i,
        canonical: `${1300 + value}`,
        hasYear: true,
        twoDigitYear: true,
        precision: 'year',
      };
    if (digits !== 4 || !isBareYear(value)) return undefined;
    const next = tokens[i + 1];
    const event = previous === 'the' && spaced(next) && EVENT_NOUNS.has(this.tt.fold(i + 1));
    if (!marker && !YEAR_CUES.has(previous) && !event) return undefined;
    if (previous === 'the' && !event) return undefined;
    return this.yearPart(i);
  }
}

function read(canonical: string, original: string): FuzzyDate | undefined {
  try {
    const date = parseFuzzyDate(canonical);
    return original.length <= 200 ? { ...date, text: original } : date;
  } catch (error) {
    if (error instanceof FuzzyDateError) return undefined;
    throw error;
  }
}

/** Date mentions of a tokenised text, left to right, not overlapping each other. */
export function findDates(tt: TokenizedText): Mention[] {
  const reader = new DateReader(tt);
  const tokens = tt.tokens;
  const found: Mention[] = [];
  const push = (from: number, to: number, canonical: string, score: number) => {
    const start = tokens[from]!.start;
    const end = tokens[to]!.end;
    const text = tt.text.slice(start, end);
    const date = read(canonical, text);
    if (!date) return false;
    found.push({ kind: 'date', start, end, text, date, score: Math.round(score * 1000) / 1000 });
    return true;
  };
  for (let i = 0; i < tokens.length; i++) {
    // A date starts with a number, a month or season, or a range word: skip every other token at once.
    if (!tokens[i]!.isNumber && !NAMED.has(tt.fold(i)) && !RANGE_CUES.has(tt.fold(i))) continue;
    const range = reader.range(i);
    if (range) {
      const [left, right] = range.parts;
      const cue = range.parts[0].from !== i;
      const factor = left.twoDigitYear || right.twoDigitYear ? TWO_DIGIT_FACTOR : 1;
      if (
        push(
          cue ? i : left.from,
          range.to,
          `from ${left.canonical} to ${right.canonical}`,
          SCORE.range * factor,
        )
      ) {
        i = range.to;
        continue;
      }
    }
    const part = reader.iso(i) ?? reader.part(i) ?? reader.bareYear(i);
    if (part?.hasYear) {
      const factor = part.twoDigitYear ? TWO_DIGIT_FACTOR : 1;
      // A day that does not exist (31 Esfand 1367) is no date, and neither is the month inside it.
      push(part.from, part.to, part.canonical, SCORE[part.precision] * factor);
      i = part.to;
    }
  }
  return found;
}
