/**
 * What both backends store for an entry: the `search_entries` row, and the analysed words of each field that
 * their full-text indexes receive.
 */
import { foldForSearch } from '../names/index.js';
import type { SearchEntriesTable } from '../storage/schema.js';
import { analyse, namesKeys, textRuns, type AnalysedText } from './analyse.js';
import { keyedWords, textKeys } from './spelling.js';
import type { SearchEntry } from './types.js';

export interface PreparedEntry {
  row: Omit<SearchEntriesTable, 'ftsRowid'>;
  /** Title and file name. */
  title: AnalysedText;
  /** Each name separately (a phrase never runs from one name into the next). */
  names: AnalysedText[];
  body: AnalysedText;
  keys: string[];
  /** Spelling keys of every word (src/search/spelling.ts): other spellings and the other script. */
  spelling: string[];
  /** Similar-spelling keys of the name-like words: skeletons across scripts, typos. */
  similar: string[];
}

/** The spelling and similar keys of the texts of an entry, each once. */
function spellingKeys(texts: readonly string[]): { spelling: string[]; similar: string[] } {
  const spelling = new Set<string>();
  const similar = new Set<string>();
  for (const text of texts) {
    if (!text.trim()) continue;
    const keys = textKeys(keyedWords(text, textRuns(text)));
    keys.spelling.forEach((k) => spelling.add(k));
    keys.similar.forEach((k) => similar.add(k));
  }
  return { spelling: [...spelling], similar: [...similar] };
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
    ...spellingKeys([entry.title, entry.fileName ?? '', ...names, entry.text]),
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
