import { NotFoundError } from '../domain/errors.js';
import { sql } from 'kysely';
import { MEMORIAL_WEIGHTS, memorialQuery, type MemorialQueryWord } from '../search/memorial-keys.js';
import type { Store } from '../storage/index.js';
import type { ServiceContext } from './context.js';
import type { MemorialCard, MemorialPerson } from './memorial-index.js';
import { memorialMemory, type MemorialMemoryIndex } from './memorial-memory.js';
import type { MemorialSearchThreads } from './memorial-search-threads.js';

export interface MemorialSearch {
  q: string;
  /** Narrows to people whose father's name matches, or is unknown (those rank after). */
  fatherName?: string | undefined;
  /** Narrows to people born in this year (Solar Hijri 1250–1450, else Gregorian), or of unknown birth. */
  birthYear?: number | undefined;
  limit?: number;
}

/** The Gregorian years a year typed by a relative may mean: a Solar Hijri year spans two. */
export function birthYears(year: number): [number, number] {
  return year <= 1450 ? [year + 621, year + 622] : [year, year];
}

/** Spellings, sound and fine cross-script keys are strong; skeletons, typos and prefixes are weak. */
const STRONG = MEMORIAL_WEIGHTS.sound;
/** A query word whose strong keys match at least this many entries is common: its weak keys are skipped. */
const COMMON = 100;

/** The best weight of any match of one query word, per person slot. */
function matches(index: MemorialMemoryIndex, word: MemorialQueryWord): Map<number, number> {
  const found = new Map<number, number>();
  index.collect(word.keys.keys(), found);
  for (const prefix of word.prefixes) index.collectPrefix(prefix, MEMORIAL_WEIGHTS.prefix, found);
  return found;
}

/**
 * Drops the weak keys (skeletons, typos, prefixes) of common query words: "Mohammad" spelt as a thousand
 * victims spell it is not a misspelling, and its typo keys would match thousands of index entries more.
 */
function withoutWeakKeysOfCommonWord(index: MemorialMemoryIndex, word: MemorialQueryWord): MemorialQueryWord {
  const strong = [...word.keys].filter(([, weight]) => weight >= STRONG);
  const hits = strong.reduce((sum, [key]) => sum + index.count(key), 0);
  return hits >= COMMON ? { word: word.word, keys: new Map(strong), prefixes: [] } : word;
}

/** The ids of the best-ranked people, best first. */
function rankedPeople(
  index: MemorialMemoryIndex,
  search: MemorialSearch,
  words: MemorialQueryWord[],
  father: MemorialQueryWord[],
  limit: number,
): string[] {
  const name = words.map((w) => matches(index, w)).sort((a, b) => a.size - b.size);
  const fathers = father.map((w) => matches(index, w));
  const born = search.birthYear === undefined ? null : birthYears(search.birthYear);
  const ranked: Array<{ rank: number; sortName: string; id: string }> = [];
  // Every name word must match a name of the person (starting from the rarest word); the father's name, when
  // given, must match too unless it is unknown; the birth year narrows to overlapping or unknown births.
  for (const [slot, first] of name[0] ?? []) {
    let rank = first;
    for (const other of name.slice(1)) {
      const weight = other.get(slot);
      if (weight === undefined) {
        rank = -1;
        break;
      }
      rank += weight;
    }
    if (rank < 0) continue;
    const person = index.person(slot);
    if (!person) continue;
    const fatherWeights = fathers.map((f) => f.get(slot));
    if (person.fatherKnown && fatherWeights.some((w) => w === undefined)) continue;
    for (const w of fatherWeights) rank += w ?? 0;
    if (born) {
      if (person.birthFrom !== null) {
        if (person.birthTo === null || person.birthFrom > born[1] || person.birthTo < born[0]) continue;
        rank += 100;
      }
    }
    ranked.push({ rank, sortName: person.sortName, id: person.id });
  }
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  ranked.sort((a, b) => b.rank - a.rank || byText(a.sortName, b.sortName) || byText(a.id, b.id));
  return ranked.slice(0, limit).map((r) => r.id);
}

/**
 * The stored cards of these people (JSON text), in the order given (people no longer in the memorial left out),
 * and the memorial's committed version, read in one statement: one snapshot, one round trip.
 */
async function cardsAndVersion(store: Store, ids: string[]): Promise<{ cards: string[]; version: number }> {
  const { rows } = await sql<{ version: number | string; personId: string | null; card: string | null }>`
    select s.version, c.person_id, c.card
      from memorial_state s
      left join memorial_people c on c.person_id in (${ids.length ? sql.join(ids) : sql`null`})
     where s.id = 1`.execute(store.db);
  const card = new Map(rows.filter((r) => r.personId !== null).map((r) => [r.personId!, r.card!]));
  return {
    cards: ids.flatMap((id) => (card.has(id) ? [card.get(id)!] : [])),
    version: Number(rows[0]?.version ?? 0),
  };
}

/** After this many rankings overtaken by writes in a row, the last cards read are answered. */
const RANKINGS = 5;

/**
 * Finds memorial people from the index: every word of the query must match a word of one of the person's names
 * (as written, in another spelling or script, as a prefix, or one typo away); the father's name and birth year,
 * when given, narrow the result. Ranked by the strength of the matches: exact spellings first. A common word
 * (one whose strong keys match many entries) is matched by its strong keys only. The cards are the stored
 * JSON text.
 *
 * The HTTP route passes its search threads (memorial-search-threads.ts): the work then runs there, off the
 * thread that answers every other request; without them, or should they fail, it runs here.
 */
export async function memorialCardsJson(
  ctx: ServiceContext,
  search: MemorialSearch,
  threads?: MemorialSearchThreads | null,
): Promise<string[]> {
  if (threads) {
    const cards = await threads.search(search);
    if (cards) return cards;
  }
  return memorialCardsFromStore(ctx.store, search);
}

/** The search itself, on any connection to the store (the server's, or a search thread's own). */
export async function memorialCardsFromStore(store: Store, search: MemorialSearch): Promise<string[]> {
  const words = memorialQuery(search.q);
  if (words.length === 0) return [];
  const father = search.fatherName ? memorialQuery(search.fatherName, 'father') : [];
  const limit = Math.min(Math.max(search.limit ?? 20, 1), 50);
  const index = await memorialMemory(store);
  const planned = (list: MemorialQueryWord[]) => list.map((w) => withoutWeakKeysOfCommonWord(index, w));
  // Ranked from this copy of the index, the cards read with the committed version: when a write committed in
  // between, the copy catches up and the search ranks again.
  for (let attempt = 1; ; attempt++) {
    const held = index.version;
    const ids = rankedPeople(index, search, planned(words), planned(father), limit);
    const { cards, version } = await cardsAndVersion(store, ids);
    if (version === held || attempt >= RANKINGS) return cards;
    await index.upTo(version);
  }
}

export async function searchMemorialIndex(
  ctx: ServiceContext,
  search: MemorialSearch,
): Promise<MemorialCard[]> {
  return (await memorialCardsJson(ctx, search)).map((card) => JSON.parse(card) as MemorialCard);
}

/** One person's memorial page; a person who is not a public victim of a public case is not found. */
export async function memorialPage(ctx: ServiceContext, id: string): Promise<MemorialPerson> {
  const row = await ctx.store.db
    .selectFrom('memorialPeople')
    .select('page')
    .where('personId', '=', id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('person', id);
  return JSON.parse(row.page) as MemorialPerson;
}

/** True when the person is in the memorial (a public victim of a public case). */
export async function inMemorial(ctx: ServiceContext, caseId: string, id: string): Promise<boolean> {
  const row = await ctx.store.db
    .selectFrom('memorialPeople')
    .select('personId')
    .where('personId', '=', id)
    .where('caseId', '=', caseId)
    .executeTakeFirst();
  return row !== undefined;
}
