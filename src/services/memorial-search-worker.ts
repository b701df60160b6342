/**
 * A memorial search thread (memorial-search-threads.ts): its own read-only connection to the store, its own
 * copy of the memorial index; answers each search message with the cards' JSON text.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openStoreReader, type StoreOptions } from '../storage/index.js';
import { memorialCardsFromStore } from './memorial-search.js';
import type { SearchReply, SearchRequest } from './memorial-search-threads.js';

const port = parentPort!;
const store = openStoreReader(workerData as StoreOptions);
port.on('message', (request: SearchRequest) => {
  memorialCardsFromStore(store, request.search).then(
    (cards) => port.postMessage({ id: request.id, cards } satisfies SearchReply),
    (error: unknown) => port.postMessage({ id: request.id, error: String(error) } satisfies SearchReply),
  );
});
