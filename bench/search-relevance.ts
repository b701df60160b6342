/**
 * Relevance of the workspace search on the test collection (test/relevance/collection.ts): for each query
 * class, precision and recall over the whole hit set, and recall split by how the found document writes the
 * name (the query's own spelling, another spelling in the same script, the other script). Both backends, one
 * run. Prints figures; asserts nothing (test/search-relevance.contract.test.ts asserts the hit sets).
 *
 *   npx tsx bench/search-relevance.ts [--dialect sqlite|postgres|both] [--verbose]
 */
import { parseArgs } from 'node:util';
import { foldForSearch } from '../src/names/index.js';
import { DOCUMENTS, precisionRecall, type QueryClass } from '../test/relevance/collection.js';
import { loadCollection, QUERIES, type QueryOutcome } from '../test/relevance/run.js';
import { createTestStore, type DialectName } from '../test/stores.js';

const { values } = parseArgs({
  options: { dialect: { type: 'string', default: 'both' }, verbose: { type: 'boolean', default: false } },
});
const dialects: DialectName[] =
  values.dialect === 'both' ? ['sqlite', 'postgres'] : [values.dialect as DialectName];

const byId = new Map(DOCUMENTS.map((d) => [d.id, d]));
const PERSIAN = /[\u0600-\u06ff]/;

/** How a document writes the name relative to the query: the same spelling, another one, the other script. */
function relation(outcome: QueryOutcome, id: string): 'same' | 'other spelling' | 'other script' {
  const doc = byId.get(id)!;
  const queryScript = PERSIAN.test(outcome.query.text) ? 'persian' : 'latin';
  if (doc.script !== queryScript) return 'other script';
  const spelling = foldForSearch(doc.spelling ?? '');
  const words = foldForSearch(outcome.query.text).split(' ');
  return words.every((w) => spelling.split(' ').includes(w)) ? 'same' : 'other spelling';
}

const CLASSES: QueryClass[] = ['latin', 'persian', 'compound', 'typo'];
const pct = (x: number) => `${(100 * x).toFixed(1)}%`.padStart(7);

for (const dialect of dialects) {
  const t = await createTestStore(dialect);
  try {
    const run = await loadCollection(t);
    const outcomes: QueryOutcome[] = [];
    for (const q of QUERIES) outcomes.push(await run(q));
    console.log(`\n${dialect}: ${DOCUMENTS.length} documents, ${QUERIES.length} queries`);
    console.log(
      'class      queries  precision  recall   recall: same spelling  other spelling  other script',
    );
    for (const cls of [...CLASSES, 'all' as const]) {
      const list = outcomes.filter((o) => cls === 'all' || o.query.class === cls);
      if (!list.length) continue;
      let returned = 0;
      let right = 0;
      let r = 0;
      const split = new Map<string, { want: number; got: number }>();
      for (const o of list) {
        const pr = precisionRecall(o.found, o.query.expected);
        returned += o.found.length;
        right += o.found.filter((id) => o.query.expected.includes(id)).length;
        r += pr.recall;
        const got = new Set(o.found);
        for (const id of o.query.expected) {
          const k = relation(o, id);
          const s = split.get(k) ?? { want: 0, got: 0 };
          s.want++;
          if (got.has(id)) s.got++;
          split.set(k, s);
        }
      }
      const part = (k: string) => {
        const s = split.get(k);
        return s ? `${pct(s.got / s.want)} of ${String(s.want).padEnd(4)}` : '      —      ';
      };
      console.log(
        `${cls.padEnd(10)} ${String(list.length).padEnd(8)} ${pct(returned ? right / returned : 1)}    ${pct(r / list.length)}  ${part('same').padStart(22)}  ${part('other spelling').padStart(14)}  ${part('other script').padStart(12)}`,
      );
    }
    if (values.verbose)
      for (const o of outcomes) {
        const pr = precisionRecall(o.found, o.query.expected);
        const wrong = o.found.filter((id) => !o.query.expected.includes(id));
        console.log(
          `  ${o.query.class.padEnd(9)} ${o.query.text.padEnd(26)} P ${pct(pr.precision)} R ${pct(pr.recall)}${wrong.length ? `  wrong: ${wrong.slice(0, 4).join(' ')}` : ''}`,
        );
      }
  } finally {
    await t.cleanup();
  }
}
console.log(
  '\nPrecision: right hits over all hits of the class (limit 500); recall: per query, averaged over the class.',
);
