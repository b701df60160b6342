import { sql, type RawBuilder } from 'kysely';
import { NotFoundError } from '../domain/errors.js';
import {
  MEMORIAL_WEIGHTS,
  memorialQuery,
  prefixEnd,
  type MemorialQueryWord,
} from '../search/memorial-keys.js';
import type { ServiceContext } from './context.js';
import type { MemorialCard, MemorialPerson } from './memorial-index.js';

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

/** Rows (person, arm, weight) of the index entries one query word matches. */
function arm(word: MemorialQueryWord, index: number): RawBuilder<unknown> {
  const key = sql.ref('key');
  const keys = [...word.keys.keys()];
  const exact = sql`select person_id, ${sql.lit(index)} as arm, weight as w from memorial_keys
     where ${key} in (${sql.join(keys)})`;
  const prefixes = word.prefixes.map(
    (p) => sql`select person_id, ${sql.lit(index)} as arm, ${sql.lit(MEMORIAL_WEIGHTS.prefix)} as w
       from memorial_keys where ${key} >= ${p} and ${key} < ${prefixEnd(p)}`,
  );
  return sql.join([exact, ...prefixes], sql` union all `);
}

/** Spellings, sound and fine cross-script keys are strong; skeletons, typos and prefixes are weak. */
const STRONG = MEMORIAL_WEIGHTS.sound;

/** The cards of the best-ranked people, as stored (JSON text). */
async function rankedCards(
  ctx: ServiceContext,
  search: MemorialSearch,
  words: MemorialQueryWord[],
  father: MemorialQueryWord[],
  limit: number,
): Promise<string[]> {
  const arms = [...words, ...father].map(arm);
  const n = words.length;
  const f = father.length;
  const born = search.birthYear === undefined ? null : birthYears(search.birthYear);
  const birthFilter = born
    ? sql`and (p.birth_from is null or (p.birth_from <= ${born[1]} and p.birth_to >= ${born[0]}))`
    : sql``;
  const bonus = born ? sql`case when p.birth_from is not null then 100 else 0 end` : sql`0`;
  // One row per person with the best match of each query word (one grouping: a second level would cost as
  // much again), kept when every name word matched and the father's name matched too or is unknown; ranked,
  // and only the chosen few cards read.
  const best = (i: number) => sql.raw(`max(case when arm = ${i} then w end)`);
  const columns = arms.map((_, i) => sql`${best(i)} as ${sql.ref(`a${i}`)}`);
  const nameArms = words.map((_, i) => sql.ref(`m.a${i}`));
  const fatherArms = father.map((_, j) => sql.ref(`m.a${n + j}`));
  const score = sql.join([...nameArms, ...fatherArms.map((a) => sql`coalesce(${a}, 0)`)], sql` + `);
  const fatherMatched = f
    ? sql`and (p.father_known = 0 or (${sql.join(
        fatherArms.map((a) => sql`${a} is not null`),
        sql` and `,
      )}))`
    : sql``;
  const { rows } = await sql<{ card: string }>`
    select c.card as card from (
      select p.person_id, ${score} + ${bonus} as rank, p.sort_name from (
        select person_id, ${sql.join(columns)}
          from (${sql.join(arms, sql` union all `)}) h
         group by person_id
        having ${sql.join(
          words.map((_, i) => sql`${best(i)} is not null`),
          sql` and `,
        )}
      ) m join memorial_people p on p.person_id = m.person_id
      where 1 = 1 ${fatherMatched} ${birthFilter}
      order by rank desc, p.sort_name, p.person_id
      limit ${sql.lit(limit)}
    ) r join memorial_people c on c.person_id = r.person_id
    order by r.rank desc, r.sort_name, r.person_id`.execute(ctx.store.db);
  return rows.map((r) => r.card);
}

/** A query word whose strong keys match at least this many entries is common: its weak keys are skipped. */
const COMMON = 100;
const COUNTS_CACHED = 100_000;
const COUNTS_TTL_MS = 10 * 60_000;
/** How many entries a key has, per store: a hint for planning, never for what is shown, so it may be stale. */
const keyCountsByStore = new WeakMap<object, { at: number; counts: Map<string, number> }>();

async function keyCounts(ctx: ServiceContext, keys: readonly string[]): Promise<Map<string, number>> {
  let cached = keyCountsByStore.get(ctx.store);
  if (!cached || Date.now() - cached.at > COUNTS_TTL_MS || cached.counts.size > COUNTS_CACHED) {
    cached = { at: Date.now(), counts: new Map() };
    keyCountsByStore.set(ctx.store, cached);
  }
  const missing = keys.filter((k) => !cached.counts.has(k));
  if (missing.length) {
    for (const k of missing) cached.counts.set(k, 0);
    const rows = await ctx.store.db
      .selectFrom('memorialKeys')
      .select(['key', (eb) => eb.fn.countAll().as('n')])
      .where('key', 'in', missing)
      .groupBy('key')
      .execute();
    for (const r of rows) cached.counts.set(r.key, Number(r.n));
  }
  return cached.counts;
}

/**
 * Drops the weak keys (skeletons, typos, prefixes) of common query words: "Mohammad" spelt as a thousand
 * victims spell it is not a misspelling, and its typo keys would match thousands of index entries more.
 */
async function withoutWeakKeysOfCommonWords(
  ctx: ServiceContext,
  words: MemorialQueryWord[],
): Promise<MemorialQueryWord[]> {
  const strongKeys = (w: MemorialQueryWord) => [...w.keys].filter(([, weight]) => weight >= STRONG);
  const counts = await keyCounts(
    ctx,
    words.flatMap((w) => strongKeys(w).map(([k]) => k)),
  );
  return words.map((w) => {
    const hits = strongKeys(w).reduce((sum, [k]) => sum + (counts.get(k) ?? 0), 0);
    return hits >= COMMON ? { word: w.word, keys: new Map(strongKeys(w)), prefixes: [] } : w;
  });
}

/**
 * Finds memorial people from the index: every word of the query must match a word of one of the person's names
 * (as written, in another spelling or script, as a prefix, or one typo away); the father's name and birth year,
 * when given, narrow the result. Ranked by the strength of the matches: exact spellings first. A common word
 * (one whose strong keys match many entries) is matched by its strong keys only.
 */
export async function memorialCardsJson(ctx: ServiceContext, search: MemorialSearch): Promise<string[]> {
  return searchGate.run(() => cardsJson(ctx, search));
}

/**
 * Anonymous searches run a few at a time, and each hands its turn to the next through the event loop's check
 * phase (`setImmediate`), not a microtask: a logged-in request that arrives while many searches queue is served
 * between two of them, not after all of them. (SQLite queries run on the event loop's thread.)
 */
class Gate {
  private readonly waiting: Array<() => void> = [];
  constructor(private free: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) setImmediate(next);
      else this.free++;
    }
  }
}
const searchGate = new Gate(2);

async function cardsJson(ctx: ServiceContext, search: MemorialSearch): Promise<string[]> {
  const words = memorialQuery(search.q);
  if (words.length === 0) return [];
  const father = search.fatherName ? memorialQuery(search.fatherName, 'father') : [];
  const limit = Math.min(Math.max(search.limit ?? 20, 1), 50);
  const planned = await withoutWeakKeysOfCommonWords(ctx, [...words, ...father]);
  return rankedCards(ctx, search, planned.slice(0, words.length), planned.slice(words.length), limit);
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
