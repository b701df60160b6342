/** The evidence API's answers as the web app reads them: the shapes the server builds (src/domain/evidence-views.ts). */
export {
  COLLECTION_FIELDS,
  MENTION_KINDS,
  type Collection,
  type CustodyEntry,
  type DocumentView,
  type ExtractionSummary,
  type FileDetail,
  type FileStatus,
  type FileView,
  type IngestResult,
  type MentionKind,
  type MentionStatus,
  type MentionView,
} from '../../../../src/domain/evidence-views.js';

/** URL segment of the workspace's record pages for an entity type. */
export const PLURAL_OF: Record<string, string> = {
  person: 'people',
  organization: 'organizations',
  place: 'places',
  event: 'events',
  source: 'sources',
};
