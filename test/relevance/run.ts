/**
 * Runs the relevance collection (collection.ts) against a store: indexes its documents in one case and asks
 * each query through the search service, as `dossier search` does. Shared by the contract test (which
 * asserts the hit sets) and bench/search-relevance.ts (which prints precision and recall).
 */
import { randomUUID } from 'node:crypto';
import { indexDocument, searchCases } from '../../src/services/search.js';
import { makeCase, SYSTEM } from '../factories.js';
import type { TestStore } from '../stores.js';
import { DOCUMENTS, QUERIES, type RelevanceQuery } from './collection.js';

export interface QueryOutcome {
  query: RelevanceQuery;
  /** Collection ids of the documents found, in rank order. */
  found: string[];
}

/** Indexes the collection into a new case of the store; returns a function that runs one query. */
export async function loadCollection(t: TestStore) {
  const caseId = (await makeCase(t.ctx, 'internal', 'Relevance collection')).id;
  const byFile = new Map<string, string>();
  await t.store.db.transaction().execute(async (trx) => {
    for (const doc of DOCUMENTS) {
      const fileId = randomUUID();
      byFile.set(fileId, doc.id);
      await indexDocument(trx, t.store.dialect, {
        caseId,
        sensitivity: 'internal',
        sourceId: null,
        fileId,
        title: `Note ${byFile.size}`,
        fileName: null,
        text: doc.text,
        language: doc.language,
        dateStart: null,
        dateEnd: null,
      });
    }
  });
  return async (query: RelevanceQuery): Promise<QueryOutcome> => {
    const result = await searchCases(t.ctx, SYSTEM, {
      q: query.text,
      caseId,
      kinds: ['document'],
      limit: 500,
    });
    return { query, found: result.hits.map((h) => byFile.get(h.recordId) ?? h.recordId) };
  };
}

export { QUERIES };
