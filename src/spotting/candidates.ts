/**
 * Names that may be new entities: proposed to a person, who creates the entity or dismisses the suggestion.
 * Kept conservative, because every false suggestion costs a reader's attention.
 *
 * English (Latin script): runs of two to four capitalised words ("Evin Prison", "Kaveh Nemuneh", "Ministry of
 * Intelligence" — "of", "for", "al", "ol" may sit inside), hyphenated compounds counting as one word. Titles
 * before a run (Mr, Ayatollah, Seyyed) are left out of the span and make it a person. At the start of a
 * sentence the first word is capitalised anyway, so it is kept only when it is a common given name or the run
 * ends with a place or organization noun; function words, months, weekdays and demonyms never start a run.
 * A single capitalised word is proposed only after a title ("Mr Nemuneh"), before a lower-case place noun
 * ("Kuhsar prison", span including the noun) or after in/at/near/from/to when it is a known city.
 * The kind is guessed: an organization noun (Party, Committee, Ministry …) makes an organization, a place noun
 * (Prison, Cemetery, Street …) or a city a place, a title or a leading common given name a person; otherwise
 * `unknown`.
 *
 * Persian (no capitals): the words after a person cue (آقای، خانم، سید، آیت‌الله، حجت‌الاسلام …) — up to two
 * words, three when the first two are common given names — and the word after a place cue (زندان، گورستان،
 * خیابان …), two when the first is very short (قزل حصار). A name stops at a function word or common verb. The
 * span of a person leaves out the title; the span of a place includes its cue (زندان گوهردشت), as an English
 * place run includes "Prison".
 */
import { titleAt, titleBefore } from './cues.js';
import {
  CALENDAR_WORDS,
  CITIES,
  isCommonGivenName,
  isTitleWord,
  LABEL_WORDS,
  LATIN_STOP_WORDS,
  ORGANIZATION_NOUNS,
  PERSIAN_STOP_WORDS,
  PLACE_NOUNS,
  foldWords,
} from './lexicon.js';
import { joinsName, type TokenizedText } from './tokens.js';
import type { CandidateKind, Mention } from './types.js';

const CONNECTORS = new Set(foldWords('of for al ol ul el de'));
const CITY_PREPOSITIONS = new Set(foldWords('in at near from to'));
const PERSIAN_NOT_NAMES = new Set(foldWords('سیاسی مرکزی عمومی مخفی'));
const MAX_RUN = 8;
const SCORE = { person: 0.5, titled: 0.6, place: 0.5, organization: 0.5, unknown: 0.4, single: 0.35 };
const SENTENCE_START_FACTOR = 0.8;

function isAbbreviation(folded: string): boolean {
  return isTitleWord(folded) || LABEL_WORDS.has(folded) || folded.length === 1;
}

class CandidateReader {
  constructor(private readonly tt: TokenizedText) {}

  private latinCap(i: number): boolean {
    const keys = this.tt.word(i);
    if (!keys || keys.script !== 'latin' || !keys.capitalised) return false;
    const text = this.tt.tokens[i]!.text;
    return /\p{Ll}/u.test(text) || text.length <= 5;
  }

  private joined(i: number): boolean {
    const token = this.tt.tokens[i];
    return token !== undefined && joinsName(token.sep);
  }

  /** The capitalised run starting at `i` (token indexes), connectors included. */
  private run(i: number): number[] {
    const run = [i];
    let j = i;
    while (run.length < MAX_RUN) {
      const k = j + 1;
      if (!this.joined(k)) break;
      if (this.latinCap(k)) run.push((j = k));
      else if (CONNECTORS.has(this.tt.fold(k)) && this.joined(k + 1) && this.latinCap(k + 1)) {
        run.push(k, k + 1);
        j = k + 1;
      } else break;
    }
    return run;
  }

  latin(): Mention[] {
    const found: Mention[] = [];
    const tokens = this.tt.tokens;
    for (let i = 0; i < tokens.length; i++) {
      if (!this.latinCap(i)) continue;
      const run = this.run(i);
      i = run[run.length - 1]!;
      const mention = this.fromRun(run);
      if (mention) found.push(mention);
    }
    return found;
  }

  private fromRun(raw: number[]): Mention | undefined {
    const tt = this.tt;
    let run = raw;
    // "Mr. Nemuneh": the full stop ends the run before the name, so look behind it too.
    let titled = titleBefore(tt, run[0]!);
    for (let t = titleAt(tt, run[0]!); t > 0 && t < run.length; t = titleAt(tt, run[0]!)) {
      run = run.slice(t);
      titled = true;
    }
    const fold = (k: number) => tt.fold(k);
    const ends = (set: ReadonlySet<string>) => set.has(fold(run[run.length - 1]!));
    let sentenceStart = false;
    if (!titled && tt.startsSentence(raw[0]!, isAbbreviation)) {
      sentenceStart = true;
      const first = tt.word(run[0]!)!;
      const keep =
        isCommonGivenName(first.fold, first.sound) || ends(PLACE_NOUNS) || ends(ORGANIZATION_NOUNS);
      if (!keep || LATIN_STOP_WORDS.has(first.fold)) run = run.slice(1);
    }
    while (
      run.length > 0 &&
      (LATIN_STOP_WORDS.has(fold(run[0]!)) ||
        CALENDAR_WORDS.has(fold(run[0]!)) ||
        CONNECTORS.has(fold(run[0]!)))
    )
      run = run.slice(1);
    const calendar = run.findIndex((k) => CALENDAR_WORDS.has(fold(k)));
    if (calendar >= 0) run = run.slice(0, calendar);
    while (run.length > 0 && CONNECTORS.has(fold(run[run.length - 1]!))) run = run.slice(0, -1);
    if (run.length === 0) return undefined;

    // Hyphenated parts make one word; connectors are not words.
    const words = run.filter(
      (k, n) => !CONNECTORS.has(fold(k)) && (n === 0 || tt.tokens[k]!.sep !== 'hyphen'),
    );
    let last = run[run.length - 1]!;
    let kind: CandidateKind;
    let score: number;
    if (words.length > 4) return undefined;
    if (words.length === 1) {
      const next = last + 1;
      const nextKeys = tt.word(next);
      if (titled) kind = 'person';
      else if (
        nextKeys &&
        !nextKeys.capitalised &&
        tt.tokens[next]!.sep === 'space' &&
        PLACE_NOUNS.has(nextKeys.fold)
      ) {
        kind = 'place';
        last = next;
      } else if (
        CITIES.has(fold(run[0]!)) &&
        tt.tokens[run[0]!]!.sep === 'space' &&
        CITY_PREPOSITIONS.has(fold(run[0]! - 1))
      )
        kind = 'place';
      else return undefined;
      score = SCORE.single;
    } else {
      const has = (set: ReadonlySet<string>) => run.some((k) => set.has(fold(k)));
      const given = tt.word(run[0]!)!;
      if (has(ORGANIZATION_NOUNS)) kind = 'organization';
      else if (ends(PLACE_NOUNS) || has(CITIES)) kind = 'place';
      else if (titled || isCommonGivenName(given.fold, given.sound)) kind = 'person';
      else kind = 'unknown';
      score = titled ? SCORE.titled : SCORE[kind];
    }
    if (sentenceStart && run[0] === raw[0]) score *= SENTENCE_START_FACTOR;
    return this.mention(run[0]!, last, kind, score);
  }

  private mention(from: number, to: number, candidateKind: CandidateKind, score: number): Mention {
    const start = this.tt.tokens[from]!.start;
    const end = this.tt.tokens[to]!.end;
    return {
      kind: 'candidate',
      start,
      end,
      text: this.tt.text.slice(start, end),
      candidateKind,
      score: Math.round(score * 1000) / 1000,
    };
  }

  /** A Persian word (ZWNJ- or hyphen-joined parts) starting at `i` that may be part of a name: its last token. */
  private persianWord(i: number): number | undefined {
    const keys = this.tt.word(i);
    if (!keys || keys.script !== 'fa') return undefined;
    if (PERSIAN_STOP_WORDS.has(keys.fold) || PERSIAN_NOT_NAMES.has(keys.fold) || isTitleWord(keys.fold))
      return undefined;
    if (PLACE_NOUNS.has(keys.fold)) return undefined;
    let j = i;
    while (
      this.tt.tokens[j + 1] &&
      ['zwnj', 'hyphen'].includes(this.tt.tokens[j + 1]!.sep) &&
      this.tt.word(j + 1)?.script === 'fa'
    )
      j++;
    return j;
  }

  /** Up to `max` name words from `i`, each joined to the previous by a space: [first token, last token] each. */
  private persianWords(i: number, max: number): Array<[number, number]> {
    const words: Array<[number, number]> = [];
    let k = i;
    while (words.length < max) {
      if (words.length > 0 && this.tt.tokens[k]?.sep !== 'space') break;
      const end = this.persianWord(k);
      if (end === undefined) break;
      words.push([k, end]);
      k = end + 1;
    }
    return words;
  }

  persian(): Mention[] {
    const found: Mention[] = [];
    const tt = this.tt;
    for (let i = 0; i < tt.tokens.length; i++) {
      if (tt.word(i)?.script !== 'fa') continue;
      let title = titleAt(tt, i);
      if (title > 0) {
        let k = i + title;
        while (tt.tokens[k]?.sep === 'space' && (title = titleAt(tt, k)) > 0) k += title;
        if (tt.tokens[k]?.sep !== 'space') continue;
        let words = this.persianWords(k, 3);
        const given = ([from, to]: [number, number]) => {
          const keys = tt.word(from)!;
          return from === to && isCommonGivenName(keys.fold, keys.sound);
        };
        if (words.length === 3 && !(given(words[0]!) && given(words[1]!))) words = words.slice(0, 2);
        if (words.length === 0) continue;
        const last = words[words.length - 1]![1];
        found.push(
          this.mention(words[0]![0], last, 'person', words.length > 1 ? SCORE.person : SCORE.single),
        );
        i = last;
      } else if (PLACE_NOUNS.has(tt.fold(i)) && tt.tokens[i + 1]?.sep === 'space') {
        const first = this.persianWords(i + 1, 1)[0];
        if (!first) continue;
        let last = first[1];
        if (first[0] === first[1] && tt.fold(first[0]).length <= 3) {
          const second = this.persianWords(last + 1, 1)[0];
          if (second && tt.tokens[last + 1]?.sep === 'space') last = second[1];
        }
        found.push(this.mention(i, last, 'place', SCORE.place));
        i = last;
      }
    }
    return found;
  }
}

/** Candidate mentions; `latin` false leaves out capitalised runs (a language that capitalises every noun). */
export function findCandidates(tt: TokenizedText, options: { latin: boolean }): Mention[] {
  const reader = new CandidateReader(tt);
  return [...(options.latin ? reader.latin() : []), ...reader.persian()];
}
