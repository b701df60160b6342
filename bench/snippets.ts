/**
 * The part of a search that runs in Node, not in the database: cutting a page's snippets and saying which
 * spelling matched (src/search/snippet.ts, explain.ts), and splitting a text into folded words (analyse.ts
 * `textRuns`, also run for every part at ingest). On the search benchmark's corpus (search-corpus.ts: 80 %
 * English, 20 % Persian, 1–5 KB) and its queries, 20 documents per query as a first page has, both databases
 * alike. Prints microseconds per document; asserts nothing.
 *
 *   npx tsx bench/snippets.ts [--docs 2000] [--rounds 5]
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { textRuns } from '../src/search/analyse.js';
import { buildPlan } from '../src/search/plan.js';
import { parseQuery } from '../src/search/query.js';
import { makeSnippet, runMatcher } from '../src/search/snippet.js';
import { documentText, queries, reseed } from './search-corpus.js';

const { values } = parseArgs({
  options: { docs: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '5' } },
});
const DOCS = Number(values.docs);
const ROUNDS = Number(values.rounds);
const PAGE = 20;

reseed(1367);
const texts = Array.from({ length: DOCS }, (_, i) => documentText(i % 5 === 0));
const asked = queries(200);

function perDocument(run: () => void): number {
  const started = performance.now();
  run();
  return ((performance.now() - started) * 1000) / texts.length;
}

console.log(
  `${DOCS} documents (${(texts.reduce((s, t) => s + t.length, 0) / DOCS).toFixed(0)} characters on average)`,
);
for (let round = 1; round <= ROUNDS; round++) {
  const runs = perDocument(() => texts.forEach((t) => textRuns(t)));
  const line = [`round ${round}: textRuns ${runs.toFixed(0)} µs`];
  for (const [sort, list] of Object.entries(asked)) {
    const snippets = perDocument(() => {
      let matcher = runMatcher(buildPlan(parseQuery(list[0]!), []).highlight);
      texts.forEach((text, i) => {
        // A new query every page, as a reader's searches are.
        if (i % PAGE === 0) {
          const query = list[(i / PAGE + round) % list.length]!;
          matcher = runMatcher(buildPlan(parseQuery(query), []).highlight);
        }
        makeSnippet(text, matcher);
      });
    });
    line.push(`${sort} snippets ${snippets.toFixed(0)} µs`);
  }
  console.log(`${line.join(', ')} (per document)`);
}
console.log('\nRounds after the first show the memos of word keys warm, as on a running server.');
