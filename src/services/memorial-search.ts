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

function arm(word: MemorialQueryWord, index: number): RawBuilder<unknown> {
  const exact = sql.join([...word.keys.keys()]);
  const key = sql.ref('key');
  const matches = [
    sql`${key} in (${exact})`,
    ...word.prefixes.map((p) => sql`(${key} >= ${p} and ${key} < ${prefixEnd(p)})`),
  ];
  return sql`select person_id, ${sql.lit(index)} as arm,
      max(case when ${key} in (${exact}) then weight else ${sql.lit(MEMORIAL_WEIGHTS.prefix)} end) as w
    from memorial_keys where ${sql.join(matches, sql` or `)} group by person_id`;
}

/**
 * Finds memorial people from the index: every word of the query must match a word of one of the person's names
 * (as written, in another spelling or script, as a prefix, or one typo away); the father's name and birth year,
 * when given, narrow the result. Ranked by the strength of the matches: exact spellings first.
 */
export async function searchMemorialIndex(
  ctx: ServiceContext,
  search: MemorialSearch,
): Promise<MemorialCard[]> {
  const words = memorialQuery(search.q);
  if (words.length === 0) return [];
  const father = search.fatherName ? memorialQuery(search.fatherName, 'father') : [];
  const arms = [...words, ...father].map(arm);
  const n = words.length;
  const f = father.length;
  const born = search.birthYear === undefined ? null : birthYears(search.birthYear);
  const birthFilter = born
    ? sql`and (p.birth_from is null or (p.birth_from <= ${born[1]} and p.birth_to >= ${born[0]}))`
    : sql``;
  const bonus = born ? sql`case when p.birth_from is not null then 100 else 0 end` : sql`0`;
  const { rows } = await sql<{ card: string }>`
    select p.card as card from (
      select person_id, sum(w) as score, count(*) as n,
             sum(case when arm >= ${sql.lit(n)} then 1 else 0 end) as fm
        from (${sql.join(arms, sql` union all `)}) a
       group by person_id
    ) m join memorial_people p on p.person_id = m.person_id
    where m.n - m.fm = ${sql.lit(n)} and (m.fm = ${sql.lit(f)} or p.father_known = 0) ${birthFilter}
    order by m.score + ${bonus} desc, p.sort_name, p.person_id
    limit ${sql.lit(Math.min(Math.max(search.limit ?? 50, 1), 100))}`.execute(ctx.store.db);
  return rows.map((r) => JSON.parse(r.card) as MemorialCard);
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
