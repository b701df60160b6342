import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCollection, QUERIES, type QueryOutcome } from './relevance/run.js';
import { createTestStore, DIALECTS, type TestStore } from './stores.js';

// The relevance collection (test/relevance/collection.ts): every query finds exactly the documents that name
// its person, in any spelling and script, and none naming a distractor. bench/search-relevance.ts prints the
// precision and recall behind these sets.
describe.each(DIALECTS)('search relevance collection (%s)', (dialect) => {
  let t: TestStore;
  let run: (query: (typeof QUERIES)[number]) => Promise<QueryOutcome>;

  beforeAll(async () => {
    t = await createTestStore(dialect);
    run = await loadCollection(t);
  }, 120_000);
  afterAll(async () => t.cleanup());

  it.each(QUERIES.map((q) => [q.class, q.text, q] as const))('%s query %s', async (_c, _t, query) => {
    const outcome = await run(query);
    if (query.class !== 'typo') {
      expect([...outcome.found].sort()).toEqual([...query.expected].sort());
      return;
    }
    // A typo finds every document spelling the name in Latin script, and nothing else; the Persian-script
    // ones only when the typo leaves the consonant skeleton whole (bench/search-relevance.ts measures it).
    expect(query.expected).toEqual(expect.arrayContaining(outcome.found));
    expect(outcome.found).toEqual(expect.arrayContaining(query.expected.filter((id) => /-l\d+-/.test(id))));
  });

  it('ranks the exact spelling before other spellings and scripts', async () => {
    const query = QUERIES.find((q) => q.text === 'Raissi')!;
    const { found } = await run(query);
    const exact = found.filter((id) => id.startsWith('raisi-l1-'));
    expect(exact).toHaveLength(4);
    expect(found.slice(0, 4).sort()).toEqual(exact.sort());
  });
});
