/** The evidence API's answers as the web app reads them (see src/http/routes/evidence.routes.ts). */

export type FileStatus = 'active' | 'withdrawn' | 'quarantined';

/** What the extraction of a file gave, without the text itself. */
export type ExtractionSummary =
  | {
      status: 'done';
      method: string;
      tool: string;
      toolVersion: string;
      pages: number | null;
      encoding: string | null;
      language: string | null;
      languages: Record<string, number>;
      characters: number;
      warnings: string[];
    }
  | { status: 'failed'; code: string; message: string }
  | { status: 'not_applicable'; message: string };

/** How a file came into the investigators' hands. */
export interface Collection {
  collectedBy?: string;
  collectedAt?: string;
  origin?: string;
  method?: string;
  tool?: string;
}

export const COLLECTION_FIELDS = ['collectedBy', 'collectedAt', 'origin', 'method', 'tool'] as const;

export interface FileView {
  id: string;
  caseId: string;
  sourceId: string | null;
  sensitivity: string;
  sha256: string;
  size: number;
  mediaType: string;
  originalName: string;
  parentId: string | null;
  parentSha256?: string | null;
  derivation: { kind: string; tool: string; toolVersion: string } | null;
  collection: Collection | null;
  status: FileStatus;
  statusNote: string | null;
  extraction: ExtractionSummary | null;
  createdAt: string;
}

export interface CustodyEntry {
  id: string;
  at: string;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
}

export interface FileDetail {
  file: FileView;
  derived: FileView[];
  custody: CustodyEntry[];
}

export type MentionKind = 'person' | 'organization' | 'place' | 'date' | 'count' | 'candidate';
export const MENTION_KINDS: readonly MentionKind[] = [
  'person',
  'organization',
  'place',
  'date',
  'count',
  'candidate',
];
export type MentionStatus = 'suggested' | 'accepted' | 'rejected';

export interface MentionView {
  id: string;
  kind: MentionKind;
  charStart: number;
  charEnd: number;
  text: string;
  entityType: string | null;
  entityId: string | null;
  match: string | null;
  score: number;
  value: Record<string, unknown> | null;
  status: MentionStatus;
  excerptId: string | null;
  claimId: string | null;
  note?: string | null;
}

export interface DocumentView {
  file: FileView;
  textFile: FileView | null;
  text: string | null;
  mentions: MentionView[];
}

export interface IngestResult {
  file: FileView;
  sourceId: string;
  duplicate: boolean;
  extraction: ExtractionSummary | null;
  mentions: { total: number; byKind: Record<string, number> };
}

/** URL segment of the workspace's record pages for an entity type. */
export const PLURAL_OF: Record<string, string> = {
  person: 'people',
  organization: 'organizations',
  place: 'places',
  event: 'events',
  source: 'sources',
};
