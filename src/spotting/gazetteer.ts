/**
 * Known entities: their names compiled into key indexes once, and found in texts by walking the tokens.
 *
 * Each name gives variants:
 * - the full name, leading titles removed (Ayatollah, Seyyed, آیت‌الله, سید …);
 * - for people, the surname alone (the last word with the particles before it: Pour Mohammadi) — a weaker
 *   suggestion, and none at all when it is a very common given name;
 * - for places, the name without its generic nouns (Evin Prison → Evin, زندان اوین → اوین).
 * A person's name made only of very common given names (Mohammad, Ali, Hossein-Ali, محمد) is not indexed:
 * alone such a name identifies no one.
 *
 * Each variant is indexed under three keys, from strict to loose: the fold (case, diacritics, Persian letter
 * variants), the Latin sound key (romanizations: Hosein/Hossein), and the consonant skeleton (across scripts:
 * پورمحمدی/Pourmohammadi). Keys join a name's words without separators, so spacing, ZWNJ and hyphens inside
 * compound names do not matter. Skeletons shorter than four letters are not indexed: "Evin" and اوین share
 * the skeleton "n" with every other word that has a single consonant n. A skeleton match across scripts is
 * taken only for an entity none of whose names is written in the text's script: when the gazetteer spells a
 * person in Persian, a Persian text that spells him otherwise (حمید نور for حمید نوری) names someone else, or
 * a spelling to add to the gazetteer.
 *
 * Spans never include a title before the name; a title before a lone surname raises its score instead.
 */
import { ValidationError, type FieldProblem } from '../domain/errors.js';
import { editDistance } from '../linkage/index.js';
import { titleAt, titleBefore } from './cues.js';
import { EMPTY_HASH, joinKeys, KeyIndex } from './key-index.js';
import {
  CALENDAR_WORDS,
  isCommonGivenName,
  LATIN_STOP_WORDS,
  PERSIAN_STOP_WORDS,
  PLACE_NOUNS,
  SURNAME_PARTICLES,
} from './lexicon.js';
import { joinsName, type KeyCache, type Script, TokenizedText, type WordKeys } from './tokens.js';
import type { EntityKind, GazetteerEntry, MatchKind, Mention } from './types.js';

type Role = 'full' | 'single' | 'surname' | 'short';
type Level = 'fold' | 'sound' | 'skeleton';
const LEVELS: readonly Level[] = ['fold', 'sound', 'skeleton'];

/** How much of a name the variant is: a lone surname is a weaker suggestion than a full name. */
const ROLE_FACTOR: Record<Role, number> = { full: 1, single: 0.7, short: 0.75, surname: 0.6 };
const SCORE = { exact: 1, normalised: 0.95, sound: 0.85, crossScript: 0.8, phonetic: 0.8, fuzzy: 0.6 };
/** Factor for a lone surname after another person's given name ("Mohammad Ali Montazeri" vs Hossein-Ali). */
const OTHER_GIVEN_NAME = 0.7;
/** Factor for a lower-case Latin match of a capitalised name ("raisi"). */
const LOWER_CASE = 0.6;
const TITLE_BOOST = 0.15;
/** Score of a surname preceded by one of the same entity's given names (Hossein Montazeri). */
const PARTIAL_NAME = 0.85;
const MIN_SKELETON = 4;
const MIN_FOLD = 2;
const MAX_NAME_TOKENS = 10;
const MAX_NAME_LENGTH = 300;
const KINDS: ReadonlySet<string> = new Set(['person', 'organization', 'place']);

interface CompiledEntity {
  id: string;
  kind: EntityKind;
  /** Fold and sound keys of the entity's given names, to recognise "Hossein Montazeri" as partial. */
  givenKeys: Set<string>;
  /** Scripts its names are written in: a text in one of them is matched only against those names. */
  scripts: Set<Script>;
}

interface Variant {
  entity: CompiledEntity;
  /** The gazetteer name the variant comes from, as written there. */
  name: string;
  /** The variant's own characters in that name (titles left out): an exact match reproduces them. */
  surface: string;
  role: Role;
  script: Script;
  atoms: number;
  sound: string;
  capitalised: boolean;
}

function validate(entries: readonly GazetteerEntry[]): void {
  const problems: FieldProblem[] = [];
  const ids = new Set<string>();
  entries.forEach((entry, i) => {
    if (!KINDS.has(entry.kind)) problems.push({ field: `entries.${i}.kind`, message: 'is not a known kind' });
    if (typeof entry.id !== 'string' || entry.id.trim() === '')
      problems.push({ field: `entries.${i}.id`, message: 'must not be empty' });
    else if (ids.has(entry.id)) problems.push({ field: `entries.${i}.id`, message: 'is given twice' });
    else ids.add(entry.id);
    if (!Array.isArray(entry.names))
      problems.push({ field: `entries.${i}.names`, message: 'must be a list' });
    else
      entry.names.forEach((name, k) => {
        if (typeof name !== 'string')
          problems.push({ field: `entries.${i}.names.${k}`, message: 'must be a string' });
        else if (name.length > MAX_NAME_LENGTH)
          problems.push({ field: `entries.${i}.names.${k}`, message: `longer than ${MAX_NAME_LENGTH}` });
      });
  });
  if (problems.length > 0) throw new ValidationError(problems);
}

function scriptOf(keys: readonly WordKeys[]): Script {
  if (keys.every((k) => k.script === 'fa')) return 'fa';
  if (keys.every((k) => k.script === 'latin')) return 'latin';
  return 'other';
}

/** The key of several words at a level, as the walk builds it (see `joinKeys`). */
function nameKey(keys: readonly WordKeys[], level: Level): string {
  return joinKeys(
    keys.map((k) => k[level]),
    level !== 'fold',
  );
}

function isGivenWord(keys: readonly WordKeys[]): boolean {
  return keys.length > 0 && keys.every((k) => isCommonGivenName(k.fold, k.sound));
}

export class Gazetteer {
  private readonly indexes: Record<Level, KeyIndex<Variant>> = {
    fold: new KeyIndex(),
    sound: new KeyIndex(),
    skeleton: new KeyIndex(),
  };
  private readonly seen = new Set<string>();

  /** @throws ValidationError naming the entry and field (`entries.3.kind`) for malformed entries. */
  constructor(
    entries: readonly GazetteerEntry[],
    private readonly cache: KeyCache,
  ) {
    validate(entries);
    for (const entry of entries) {
      const entity: CompiledEntity = {
        id: entry.id,
        kind: entry.kind,
        givenKeys: new Set(),
        scripts: new Set(),
      };
      for (const name of entry.names) this.addName(entity, name.trim());
    }
  }

  private addName(entity: CompiledEntity, name: string): void {
    const tt = new TokenizedText(name, this.cache);
    const tokens = tt.tokens;
    // The name is its first run of words: "Evin Prison, Tehran" is indexed as "Evin Prison".
    let n = 0;
    while (n < tokens.length && !tokens[n]!.isNumber && (n === 0 || joinsName(tokens[n]!.sep))) n++;
    let first = 0;
    for (let t = titleAt(tt, first); t > 0 && first < n; t = titleAt(tt, first)) first += t;
    if (first >= n) return;
    for (let i = first; i < n; i++) entity.scripts.add(tt.word(i)!.script);

    const words: number[][] = [];
    for (let i = first; i < n; i++) {
      if (i === first || tokens[i]!.sep === 'space') words.push([i]);
      else words[words.length - 1]!.push(i);
    }
    const keysOf = (atoms: readonly number[]) => atoms.map((i) => tt.word(i)!);
    const add = (atoms: number[], role: Role) => this.addVariant(entity, tt, name, atoms, role);

    if (entity.kind === 'person') {
      if (words.every((w) => isGivenWord(keysOf(w)))) return;
      add(words.flat(), words.length === 1 ? 'single' : 'full');
      if (words.length < 2) return;
      let s = words.length - 1;
      while (s > 1 && keysOf(words[s - 1]!).every((k) => SURNAME_PARTICLES.has(k.fold))) s--;
      for (const word of words.slice(0, s))
        for (const k of keysOf(word)) entity.givenKeys.add(k.fold).add(k.sound);
      const surname = words.slice(s);
      if (surname.length === 1 && isGivenWord(keysOf(surname[0]!))) return;
      add(surname.flat(), 'surname');
    } else {
      add(words.flat(), 'full');
      if (entity.kind !== 'place' || words.length < 2) return;
      const generic = words.map((w) => keysOf(w).every((k) => PLACE_NOUNS.has(k.fold)));
      const kept = words.filter((_, i) => !generic[i]);
      const from = generic.indexOf(false);
      const contiguous = kept.length > 0 && generic.slice(from, from + kept.length).every((g) => !g);
      if (kept.length > 0 && kept.length < words.length && contiguous) add(kept.flat(), 'short');
    }
  }

  private addVariant(entity: CompiledEntity, tt: TokenizedText, name: string, atoms: number[], role: Role) {
    const keys = atoms.map((i) => tt.word(i)!);
    const fold = nameKey(keys, 'fold');
    if (fold.length < MIN_FOLD) return;
    const script = scriptOf(keys);
    const sound = nameKey(keys, 'sound');
    const skeleton = keys.some((k) => k.skeleton === '') ? '' : nameKey(keys, 'skeleton');
    const variant: Variant = {
      entity,
      name,
      surface: name.slice(tt.tokens[atoms[0]!]!.start, tt.tokens[atoms[atoms.length - 1]!]!.end),
      role,
      script,
      atoms: atoms.length,
      sound,
      capitalised: keys[0]!.capitalised,
    };
    this.index('fold', fold, variant);
    if (script === 'latin') this.index('sound', sound, variant);
    if (script !== 'other' && skeleton.length >= MIN_SKELETON) this.index('skeleton', skeleton, variant);
  }

  private index(level: Level, key: string, variant: Variant): void {
    const id = `${level}\u0000${variant.entity.id}\u0000${variant.role}\u0000${key}`;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.indexes[level].add(key, variant);
  }

  /** Mentions of known entities, several per span when names overlap; the spotter resolves overlaps. */
  find(tt: TokenizedText): Mention[] {
    const found: Mention[] = [];
    const tokens = tt.tokens;
    for (let i = 0; i < tokens.length; i++) {
      if (!tt.word(i)) continue;
      for (const level of LEVELS) {
        const index = this.indexes[level];
        let hash = EMPTY_HASH;
        let acc = '';
        for (let j = i; j < tokens.length && j < i + MAX_NAME_TOKENS; j++) {
          if (j > i && !joinsName(tokens[j]!.sep)) break;
          const keys = tt.word(j);
          if (!keys) break;
          let part = keys[level];
          if (part === '') break;
          if (level !== 'fold' && acc !== '' && part[0] === acc[acc.length - 1]) part = part.slice(1);
          const next = index.extend(hash, part);
          if (next === undefined) break;
          hash = next;
          acc += part;
          for (const variant of index.exact(hash, acc)) {
            const mention = this.judge(tt, i, j, level, variant);
            if (mention) found.push(mention);
          }
        }
      }
    }
    return bestPerSpan(found);
  }

  /** How well tokens i..j match the variant found at `level`, as a mention; undefined when not at all. */
  private judge(
    tt: TokenizedText,
    i: number,
    j: number,
    level: Level,
    variant: Variant,
  ): Mention | undefined {
    const tokens = tt.tokens;
    const spanKeys: WordKeys[] = [];
    for (let k = i; k <= j; k++) spanKeys.push(tt.word(k)!);
    const script = spanKeys.some((k) => k.script === 'fa') ? 'fa' : scriptOf(spanKeys);
    let start = tokens[i]!.start;
    const end = tokens[j]!.end;

    let match: MatchKind;
    let score: number;
    if (level === 'fold') {
      match = tt.text.slice(start, end) === variant.surface ? 'exact' : 'normalised';
      score = match === 'exact' ? SCORE.exact : SCORE.normalised;
    } else if (level === 'sound') {
      if (script !== 'latin') return undefined;
      [match, score] = ['phonetic', SCORE.sound];
    } else {
      // Skeletons are coarse: keep the span about as long as the name and free of function words.
      if (j - i + 1 > variant.atoms + 1 || script === 'other' || variant.script === 'other') return undefined;
      if (spanKeys.some((k) => PERSIAN_STOP_WORDS.has(k.fold) || LATIN_STOP_WORDS.has(k.fold)))
        return undefined;
      if (script !== variant.script) {
        // Across scripts only for entities never written in the text's script: حمید نور is not حمید نوری.
        if (variant.entity.scripts.has(script)) return undefined;
        [match, score] = ['cross-script', SCORE.crossScript];
      } else if (script === 'fa') {
        return undefined; // same script, different fold: another name (حسین/حسن)
      } else if (j - i + 1 !== variant.atoms) {
        return undefined; // the vowels may differ, not the words: "Farzibu met" is not Farzibmt
      } else {
        const sound = nameKey(spanKeys, 'sound');
        // Vowels spelled otherwise (Montazeri/Muntaziri), never added or dropped: Karim is not Karimi.
        const distance = sound.length === variant.sound.length ? editDistance(sound, variant.sound, 2) : 3;
        if (distance <= 1) [match, score] = ['phonetic', SCORE.phonetic];
        else if (distance === 2 && variant.sound.length >= 8) [match, score] = ['fuzzy', SCORE.fuzzy];
        else return undefined;
      }
    }

    let factor = ROLE_FACTOR[variant.role];
    const lone = variant.role === 'surname' || variant.role === 'short' || variant.role === 'single';
    if (lone && i === j && isCommonGivenName(spanKeys[0]!.fold, spanKeys[0]!.sound)) return undefined;
    if (script === 'latin' && variant.capitalised && !spanKeys[0]!.capitalised) {
      if (lone) return undefined;
      factor *= LOWER_CASE;
    }
    if (variant.role === 'surname' || variant.role === 'single') {
      const previous = tt.word(i - 1);
      const joined = joinsName(tokens[i]!.sep);
      const given = variant.entity.givenKeys;
      if (previous && joined && (given.has(previous.fold) || given.has(previous.sound))) {
        // "Hosein Montazeri" for Hossein-Ali Montazeri: part of the full name, never written so in the gazetteer.
        start = tokens[i - 1]!.start;
        factor = Math.max(factor, PARTIAL_NAME);
        if (!given.has(previous.fold)) match = 'phonetic';
        else if (match === 'exact') match = 'normalised';
      } else if (titleBefore(tt, i)) factor = Math.min(1, factor + TITLE_BOOST);
      else if (
        previous &&
        joined &&
        previous.script === 'latin' &&
        previous.capitalised &&
        !LATIN_STOP_WORDS.has(previous.fold) &&
        !CALENDAR_WORDS.has(previous.fold)
      )
        factor *= OTHER_GIVEN_NAME;
    }
    return {
      kind: variant.entity.kind,
      start,
      end,
      text: tt.text.slice(start, end),
      entityId: variant.entity.id,
      matchedName: variant.name,
      match,
      score: Math.round(score * factor * 1000) / 1000,
    };
  }
}

/**
 * One mention per span and entity (the best level), and per span only the best entity — or, when several
 * entities match a span equally well (two people sharing a surname), each of them with its score divided by
 * their number, so that a person chooses.
 */
function bestPerSpan(found: Mention[]): Mention[] {
  const bySpan = new Map<string, Map<string, Mention>>();
  for (const m of found) {
    const key = `${m.start}:${m.end}`;
    let entities = bySpan.get(key);
    if (!entities) bySpan.set(key, (entities = new Map()));
    const current = entities.get(m.entityId!);
    if (!current || m.score > current.score) entities.set(m.entityId!, m);
  }
  const out: Mention[] = [];
  for (const entities of bySpan.values()) {
    const list = [...entities.values()];
    const best = Math.max(...list.map((m) => m.score));
    const tied = list.filter((m) => best - m.score < 1e-9);
    for (const m of tied)
      out.push(tied.length === 1 ? m : { ...m, score: Math.round((m.score / tied.length) * 1000) / 1000 });
  }
  return out;
}
