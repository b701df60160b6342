/**
 * What both backends store for an entry: the `search_entries` row, and the analysed words of each field that
 * their full-text indexes receive.
 */
import { foldForSearch } from '../names/index.js';
import type { SearchEntriesTable } from '../storage/schema.js';
import { analyse, namesKeys, type AnalysedText } from './analyse.js';
import type { SearchEntry } from './types.js';

export interface PreparedEntry {
  row: Omit<SearchEntriesTable, 'ftsRowid'>;
  /** Title and file name. */
  title: AnalysedText;
  /** Each name separately (a phrase never runs from one name into the next). */
  names: AnalysedText[];
  body: AnalysedText;
  keys: string[];
}

/** `fa-IR` → `fa`: filters match the primary language. */
export function primaryLanguage(tag: string | null | undefined): string | null {
  const primary = tag
    ?.trim()
    .split(/[-_]/)[0]
    ?.toLowerCase()
    .replace(/[^a-z]/g, '');
  return primary ? primary : null;
}

/** Entries of one document share a group; hits show the best part of each document. */
export function groupKeyOf(entry: Pick<SearchEntry, 'id' | 'kind' | 'fileId'>): string {
  return entry.kind === 'document' && entry.fileId ? `document:${entry.fileId}` : entry.id;
}

export function prepareEntry(entry: SearchEntry): PreparedEntry {
  const names = entry.names.filter((n) => n.trim() !== '');
  const keys = namesKeys(names);
  return {
    row: {
      id: entry.id,
      groupKey: groupKeyOf(entry),
      caseId: entry.caseId,
      sensitivity: entry.sensitivity,
      kind: entry.kind,
      recordId: entry.recordId,
      sourceId: entry.sourceId,
      fileId: entry.fileId,
      part: entry.part?.index ?? 0,
      page: entry.part?.page ?? null,
      partStart: entry.part?.start ?? 0,
      title: entry.title,
      fileName: entry.fileName,
      names: JSON.stringify(names),
      language: primaryLanguage(entry.language),
      dateStart: entry.dateStart,
      dateEnd: entry.dateEnd,
      foldedNames: foldForSearch([entry.title, ...names].join(' ')),
      keys: keys.join(' '),
      body: entry.text,
    },
    title: analyse([entry.title, entry.fileName ?? ''].join(' ')),
    names: names.map(analyse),
    body: analyse(entry.text),
    keys,
  };
}

/**
 * The entry a stored row was prepared from: a row keeps everything `prepareEntry` reads, so preparing it
 * again gives the words the full-text index received for it (the SQLite backend deletes them by value).
 */
export function entryFromRow(row: Omit<SearchEntriesTable, 'ftsRowid'>): SearchEntry {
  return {
    id: row.id,
    caseId: row.caseId,
    sensitivity: row.sensitivity as SearchEntry['sensitivity'],
    kind: row.kind as SearchEntry['kind'],
    recordId: row.recordId,
    sourceId: row.sourceId,
    fileId: row.fileId,
    title: row.title,
    fileName: row.fileName,
    text: row.body,
    names: JSON.parse(row.names) as string[],
    language: row.language,
    dateStart: row.dateStart,
    dateEnd: row.dateEnd,
    ...(row.kind === 'document' ? { part: { index: row.part, page: row.page, start: row.partStart } } : {}),
  };
}
