/**
 * Counts of people: a number (Latin, Persian or Arabic-Indic digits; thousands separators , ٬ ،; a multiplier
 * thousand/million/هزار/میلیون), or a range of two, with an optional qualifier, next to a word that names people
 * or their killing (prisoners, people, victims, executed, نفر، تن، زندانی، اعدام …).
 *
 * - The people word may follow the number, across adjectives ("30,000 political prisoners", the span then runs
 *   to it) or verbs ("1,000 were executed", the span ends at the number), or precede it in the same sentence
 *   ("executed between 2,800 and 3,800"); in that last case the number must not be followed by some other noun
 *   ("executed on 30 July" is no count, nor "prisoners were held in 12 cells").
 * - A number that reads as a year (four digits, 1300–1500 or 1900–2100, no separator, no multiplier) counts
 *   only with a people word right after it and no year cue before it ("in", "the", a month name, سال): "the 1988
 *   executions" and "in 1988 prisoners were …" are not counts.
 * - A number right after a month name is a day or a year ("مرداد ۶۷ اعدام شدند"), unless the Persian counting
 *   word نفر or تن follows it ("در مرداد ۲۵ نفر").
 * - Numbers after page, ward or article words (p. 32, pp. 32–135, Ward 209, صفحه ۴۵, بند ۲۰۹), percentages,
 *   decimals and numbers glued to letters (30th, ۱۳۶۷ش) are never counts.
 * - Qualifiers: more than, over, at least, no fewer than, بیش از، دست‌کم، حداقل → `more_than` with the number as
 *   (inclusive) minimum; less than, fewer than, under, کمتر از → `less_than`; up to, as many as, حداکثر, تا →
 *   `up_to` (both with the number as maximum); about, around, some, nearly, an estimated, حدود، تقریباً →
 *   `about`; two numbers joined by a dash, to, or, تا, یا, or "between … and", بین … و/تا → `between`.
 * - "Thousands of prisoners", "hundreds of victims", "tens of thousands", هزاران زندانی: reported with no bounds
 *   (`min` and `max` null, qualifier `about`) and a low score. They say something about scale that a reader
 *   may want to cite, but any number put on them would be ours, not the source's.
 */
import { matchesAt, phraseBefore } from './cues.js';
import {
  CALENDAR_WORDS,
  COUNT_FILLERS,
  COUNT_LINKS,
  foldWords,
  LABEL_WORDS,
  LATIN_STOP_WORDS,
  PEOPLE_CLASSIFIERS,
  PEOPLE_WORDS,
  PERSIAN_STOP_WORDS,
  YEAR_CUES,
} from './lexicon.js';
import { hasGrouping, numberValue, type TokenizedText } from './tokens.js';
import type { CountQualifier, Mention } from './types.js';

const MULTIPLIERS = new Map<string, number>([
  ...foldWords('thousand هزار').map((w) => [w, 1000] as [string, number]),
  ...foldWords('million millions میلیون ملیون').map((w) => [w, 1_000_000] as [string, number]),
]);

function qualifierTable(
  entries: Array<[string, CountQualifier]>,
): Array<{ words: string[]; qualifier: CountQualifier }> {
  return entries
    .map(([phrase, qualifier]) => ({ words: foldWords(phrase), qualifier }))
    .sort((a, b) => b.words.length - a.words.length);
}

const QUALIFIERS = qualifierTable([
  ['more than', 'more_than'],
  ['over', 'more_than'],
  ['in excess of', 'more_than'],
  ['upwards of', 'more_than'],
  ['at least', 'more_than'],
  ['no fewer than', 'more_than'],
  ['no less than', 'more_than'],
  ['not less than', 'more_than'],
  ['بیش از', 'more_than'],
  ['بیشتر از', 'more_than'],
  ['بالغ بر', 'more_than'],
  ['دست‌کم', 'more_than'],
  ['دستکم', 'more_than'],
  ['حداقل', 'more_than'],
  ['متجاوز از', 'more_than'],
  ['افزون بر', 'more_than'],
  ['less than', 'less_than'],
  ['fewer than', 'less_than'],
  ['under', 'less_than'],
  ['at most', 'less_than'],
  ['no more than', 'less_than'],
  ['کمتر از', 'less_than'],
  ['up to', 'up_to'],
  ['as many as', 'up_to'],
  ['حداکثر', 'up_to'],
  ['تا', 'up_to'],
  ['about', 'about'],
  ['around', 'about'],
  ['approximately', 'about'],
  ['roughly', 'about'],
  ['some', 'about'],
  ['nearly', 'about'],
  ['almost', 'about'],
  ['close to', 'about'],
  ['an estimated', 'about'],
  ['estimated', 'about'],
  ['circa', 'about'],
  ['حدود', 'about'],
  ['در حدود', 'about'],
  ['حدوداً', 'about'],
  ['تقریباً', 'about'],
  ['قریب', 'about'],
  ['قریب به', 'about'],
  ['نزدیک به', 'about'],
]);
const RANGE_CUES = [['between'], ['from'], foldWords('بین'), foldWords('از')];
const RANGE_JOINERS = new Set(foldWords('to and or تا و یا'));
const AND_JOINERS = new Set(foldWords('and و'));
const VAGUE = [
  foldWords('tens of thousands'),
  foldWords('hundreds of thousands'),
  foldWords('ده‌ها هزار'),
  foldWords('دهها هزار'),
  foldWords('hundreds'),
  foldWords('thousands'),
  foldWords('هزاران'),
  foldWords('صدها'),
].sort((a, b) => b.length - a.length);
const VAGUE_FIRST = new Set(VAGUE.map((p) => p[0]!));
const PERCENT = new Set(foldWords('percent per cent درصد'));
const SENTENCE_END = /[.!?؟]|\n[^\S\n]*\n|\f/;
const LOOK_BACK = 12;
const LOOK_AHEAD = 3;

const SCORE = { qualifiedNoun: 0.9, noun: 0.85, before: 0.7, year: 0.6, vague: 0.4 };

interface Num {
  from: number;
  to: number;
  value: number;
  raw: number;
  multiplier: number;
  yearLike: boolean;
}

class CountReader {
  constructor(private readonly tt: TokenizedText) {}

  private isWord(i: number): boolean {
    return this.tt.word(i) !== undefined;
  }

  /** A number at `i` with its multiplier; undefined for decimals, numbers glued to letters, leading zeros. */
  number(i: number): Num | undefined {
    const tokens = this.tt.tokens;
    const token = tokens[i];
    if (!token?.isNumber) return undefined;
    const digits = token.text.replace(/[^0-9\u0660-\u0669\u06f0-\u06f9]/g, '');
    if (digits.length > 1 && /^[0٠۰]/.test(digits)) return undefined;
    if (token.sep === 'none' && this.isWord(i - 1)) return undefined;
    const previous = tokens[i - 1];
    if (previous?.isNumber && /^[.٫]$/.test(token.gap)) return undefined;
    const next = tokens[i + 1];
    if (next?.isNumber && /^[.٫]$/.test(next.gap)) return undefined;
    const raw = numberValue(token);
    if (!(raw >= 1)) return undefined;
    let to = i;
    let multiplier = 1;
    const factor =
      next && (next.sep === 'space' || next.sep === 'none')
        ? MULTIPLIERS.get(this.tt.fold(i + 1))
        : undefined;
    if (factor) [multiplier, to] = [factor, i + 1];
    else if (next?.sep === 'none' && this.isWord(i + 1)) return undefined;
    const yearLike =
      multiplier === 1 &&
      !hasGrouping(token) &&
      digits.length === 4 &&
      ((raw >= 1300 && raw <= 1500) || (raw >= 1900 && raw <= 2100));
    return { from: i, to, value: raw * multiplier, raw, multiplier, yearLike };
  }

  /** A second number joined to `first` by a dash, to, or, تا, یا (and/و after between/بین). */
  rangeEnd(first: Num, cued: boolean): Num | undefined {
    const tokens = this.tt.tokens;
    let k = first.to + 1;
    const joiner = tokens[k];
    if (!joiner) return undefined;
    if (!(joiner.isNumber && (joiner.sep === 'dash' || joiner.sep === 'hyphen'))) {
      const word = this.tt.fold(k);
      if (joiner.sep !== 'space' || !RANGE_JOINERS.has(word) || (AND_JOINERS.has(word) && !cued))
        return undefined;
      k++;
      if (tokens[k]?.sep !== 'space') return undefined;
    }
    return this.number(k);
  }

  /** Looks for a people word after token `to`: across adjectives (included in the span) or verbs (not). */
  peopleAfter(to: number): { end: number | undefined; found: boolean } {
    let linked = false;
    for (let k = to + 1; k <= to + 1 + LOOK_AHEAD; k++) {
      const token = this.tt.tokens[k];
      if (!token || !this.isWord(k) || token.sep !== 'space') break;
      const word = this.tt.fold(k);
      if (PEOPLE_WORDS.has(word)) return { end: linked ? undefined : k, found: true };
      if (COUNT_LINKS.has(word)) linked = true;
      else if (!COUNT_FILLERS.has(word)) break;
    }
    return { end: undefined, found: false };
  }

  /** True when a people word precedes token `from` within the sentence. */
  peopleBefore(from: number): boolean {
    for (let k = from - 1; k >= 0 && k >= from - LOOK_BACK; k--) {
      if (SENTENCE_END.test(this.tt.tokens[k + 1]!.gap)) return false;
      if (PEOPLE_WORDS.has(this.tt.fold(k))) return true;
    }
    return false;
  }

  /** True when the word right after token `to` is a noun other than a people word ("12 cells"). */
  otherNounAfter(to: number): boolean {
    const next = this.tt.tokens[to + 1];
    if (!next || next.sep !== 'space' || !this.isWord(to + 1)) return false;
    const word = this.tt.fold(to + 1);
    return !(
      LATIN_STOP_WORDS.has(word) ||
      PERSIAN_STOP_WORDS.has(word) ||
      PEOPLE_WORDS.has(word) ||
      COUNT_LINKS.has(word)
    );
  }

  /** True when the number is labelled (p. 32, Ward 209), a percentage, after a month, or a year after a cue. */
  excluded(num: Num, yearCue: boolean): boolean {
    const tokens = this.tt.tokens;
    const token = tokens[num.from]!;
    const previous = num.from > 0 && !/[(\n]/.test(token.gap) ? this.tt.fold(num.from - 1) : '';
    if (LABEL_WORDS.has(previous) && /^[\s.:]*$/.test(token.gap)) return true;
    if (yearCue && YEAR_CUES.has(previous)) return true;
    // After a month a number is a day or a year ("مرداد ۶۷ اعدام شدند"), unless نفر or تن follows ("مرداد ۲۵ نفر").
    if (CALENDAR_WORDS.has(previous) && !PEOPLE_CLASSIFIERS.has(this.tt.fold(num.to + 1))) return true;
    const after = this.tt.text.slice(tokens[num.to]!.end, tokens[num.to]!.end + 2);
    return /^\s?[%٪]/.test(after) || PERCENT.has(this.tt.fold(num.to + 1));
  }

  /** The qualifier phrase right before token `i`, if any. */
  private qualifierBefore(i: number): (typeof QUALIFIERS)[number] | undefined {
    if (this.tt.tokens[i]!.sep !== 'space') return undefined;
    return QUALIFIERS.find((q) => i >= q.words.length && matchesAt(this.tt, i - q.words.length, q.words));
  }

  /** A count starting at the number token `i`, with the qualifier or range cue before it. */
  countAt(i: number): Mention | undefined {
    const tokens = this.tt.tokens;
    const token = tokens[i]!;
    // The second number of a range whose first was no count (pp. 32–135).
    if ((token.sep === 'dash' || token.sep === 'hyphen') && tokens[i - 1]?.isNumber) return undefined;
    const first = this.number(i);
    if (!first || this.excluded(first, first.yearLike)) return undefined;
    const joined = token.sep === 'space';
    const cueFrom = joined ? phraseBefore(this.tt, i, RANGE_CUES) : -1;
    let second = this.rangeEnd(first, cueFrom >= 0);
    if (second && this.excluded(second, false)) second = undefined;
    let min: number | null;
    let max: number | null;
    let qualifier: CountQualifier;
    let start = i;
    let last = first.to;
    if (second) {
      // "3 to 5 thousand": the multiplier of the second number applies to the first.
      const a =
        first.multiplier === 1 && second.multiplier > 1 && first.raw < 1000
          ? first.raw * second.multiplier
          : first.value;
      [min, max, qualifier, last] = [
        Math.min(a, second.value),
        Math.max(a, second.value),
        'between',
        second.to,
      ];
      // "at least 4,000 to 5,000": the qualifier belongs to the span; the range says more than it does.
      const q = cueFrom < 0 ? this.qualifierBefore(i) : undefined;
      start = cueFrom >= 0 ? cueFrom : q ? i - q.words.length : i;
    } else {
      const q = this.qualifierBefore(i);
      qualifier = q?.qualifier ?? 'exact';
      if (q) start = i - q.words.length;
      const n = first.value;
      [min, max] =
        qualifier === 'more_than'
          ? [n, null]
          : qualifier === 'less_than' || qualifier === 'up_to'
            ? [null, n]
            : [n, n];
    }
    const yearLike = first.yearLike && (!second || second.yearLike);
    const after = this.peopleAfter(last);
    let score: number;
    if (after.found) {
      if (after.end !== undefined) last = after.end;
      score = yearLike ? SCORE.year : qualifier === 'exact' ? SCORE.noun : SCORE.qualifiedNoun;
    } else if (!yearLike && !this.otherNounAfter(last) && this.peopleBefore(start)) score = SCORE.before;
    else return undefined;
    const from = tokens[start]!.start;
    const end = tokens[last]!.end;
    return {
      kind: 'count',
      start: from,
      end,
      text: this.tt.text.slice(from, end),
      count: { min, max, qualifier },
      score,
    };
  }

  /** "thousands of prisoners", هزاران زندانی: a count without bounds. */
  vagueAt(i: number): Mention | undefined {
    if (!VAGUE_FIRST.has(this.tt.fold(i))) return undefined;
    for (const phrase of VAGUE) {
      const ok = phrase.every(
        (w, k) => this.tt.fold(i + k) === w && (k === 0 || this.tt.tokens[i + k]!.sep !== 'break'),
      );
      if (!ok) continue;
      const last = i + phrase.length - 1;
      const after = this.peopleAfter(last);
      if (!after.found || after.end === undefined) return undefined;
      const start = this.tt.tokens[i]!.start;
      const end = this.tt.tokens[after.end]!.end;
      return {
        kind: 'count',
        start,
        end,
        text: this.tt.text.slice(start, end),
        count: { min: null, max: null, qualifier: 'about' },
        score: SCORE.vague,
      };
    }
    return undefined;
  }
}

/** Count mentions of a tokenised text, left to right, not overlapping each other. */
export function findCounts(tt: TokenizedText): Mention[] {
  const reader = new CountReader(tt);
  const found: Mention[] = [];
  let consumedUntil = -1;
  tt.tokens.forEach((token, i) => {
    if (token.start < consumedUntil) return;
    const mention = token.isNumber ? reader.countAt(i) : reader.vagueAt(i);
    if (mention) {
      found.push(mention);
      consumedUntil = mention.end;
    }
  });
  return found;
}
