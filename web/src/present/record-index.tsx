import { createContext, useContext, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { Page, Rec } from '../api.js';
import { recordTitle, useLang } from '../format.js';
import { useApi } from '../use-api.js';

export interface IndexedRecord {
  /** The URL segment of the record's pages. */
  plural: 'people' | 'organizations' | 'places' | 'events' | 'sources';
  record: Rec;
}

interface RecordIndex {
  caseId: string;
  byId: Map<string, IndexedRecord>;
  ready: boolean;
}

const RecordIndexContext = createContext<RecordIndex | null>(null);

/**
 * Loads the case's named records once for a page, so that every reference on it (a place id, a claim about an
 * organization, an observation's source) is shown by the record's name and linked, never by its id.
 */
export function RecordIndexProvider({ caseId, children }: { caseId: string; children: ReactNode }) {
  const base = `/api/cases/${caseId}`;
  const lists = [
    { plural: 'people', answer: useApi<Page<Rec>>(`${base}/people?limit=500`) },
    { plural: 'organizations', answer: useApi<Page<Rec>>(`${base}/organizations?limit=500`) },
    { plural: 'places', answer: useApi<Page<Rec>>(`${base}/places?limit=500`) },
    { plural: 'events', answer: useApi<Page<Rec>>(`${base}/events?limit=500`) },
    { plural: 'sources', answer: useApi<Page<Rec>>(`${base}/sources?limit=500`) },
  ] as const;
  const byId = new Map<string, IndexedRecord>();
  for (const { plural, answer } of lists)
    for (const record of answer.data?.items ?? []) byId.set(record.id, { plural, record });
  const ready = lists.every((l) => l.answer.data !== undefined || l.answer.error !== undefined);
  return (
    <RecordIndexContext.Provider value={{ caseId, byId, ready }}>{children}</RecordIndexContext.Provider>
  );
}

export function useRecordIndex(): RecordIndex | null {
  return useContext(RecordIndexContext);
}

/**
 * A reference to another record: its name, linked to its page. A record the reader may not see (or that is
 * gone) is "a record you cannot see", never its id.
 */
export function RecordRef({ id, fallback }: { id: string; fallback: string }) {
  const index = useRecordIndex();
  const lang = useLang();
  const found = index?.byId.get(id);
  if (!found) return <span className="muted">{index && !index.ready ? '…' : fallback}</span>;
  return (
    <Link to={`/cases/${index!.caseId}/${found.plural}/${found.record.id}`}>
      <bdi>{recordTitle(found.record, lang)}</bdi>
    </Link>
  );
}
