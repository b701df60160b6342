/**
 * The shapes in which the evidence API answers: files, their custody, documents and mentions. The services
 * build them and the web application reads them; both import them from here, so the two cannot drift apart.
 * Types and constant lists only: the web bundles nothing of the server through this file.
 */
import type { Sensitivity } from './sensitivity.js';

export const FILE_STATUSES = ['active', 'withdrawn', 'quarantined'] as const;
export type FileStatus = (typeof FILE_STATUSES)[number];

export const MENTION_KINDS = ['person', 'organization', 'place', 'date', 'count', 'candidate'] as const;
export type MentionKind = (typeof MENTION_KINDS)[number];
export const MENTION_STATUSES = ['suggested', 'accepted', 'rejected'] as const;
export type MentionStatus = (typeof MENTION_STATUSES)[number];

/** What the extraction of a file gave, without the text itself (kept as a derived file). */
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
  collectedBy?: string | undefined;
  collectedAt?: string | undefined;
  origin?: string | undefined;
  method?: string | undefined;
  tool?: string | undefined;
}
export const COLLECTION_FIELDS = ['collectedBy', 'collectedAt', 'origin', 'method', 'tool'] as const;

export interface FileView {
  id: string;
  caseId: string;
  sourceId: string | null;
  sensitivity: Sensitivity;
  sha256: string;
  size: number;
  mediaType: string;
  originalName: string;
  parentId: string | null;
  parentSha256: string | null;
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
  decidedBy: string | null;
  note: string | null;
}

export interface DocumentView {
  file: FileView;
  text: string | null;
  textFile: FileView | null;
  mentions: MentionView[];
}

export interface IngestResult {
  file: FileView;
  sourceId: string;
  /** The same bytes were already in the case: nothing new was stored, the arrival is in the custody log. */
  duplicate: boolean;
  extraction: ExtractionSummary | null;
  mentions: { total: number; byKind: Record<string, number> };
}
