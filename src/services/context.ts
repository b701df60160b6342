import { blobKeys, FsBlobStore, type BlobStore } from '../evidence/blob-store.js';
import { FieldCipher, RecordRepository, type Store } from '../storage/index.js';

/** Where evidence bytes go and what the instance accepts. */
export interface EvidenceSettings {
  readonly blobs: BlobStore;
  /** Largest file accepted, in bytes. */
  readonly maxUploadBytes: number;
  /** Media types accepted after sniffing the content: exact (`application/pdf`) or a family (`image/*`). */
  readonly allowedTypes: readonly string[];
}

export const DEFAULT_ALLOWED_TYPES = ['application/pdf', 'text/*', 'image/*', 'audio/*', 'video/*'] as const;
export const DEFAULT_MAX_UPLOAD_BYTES = 4 * 1024 ** 3;

/** What every service needs: the store, the repository that knows how records are kept, and the evidence store. */
export interface ServiceContext {
  readonly store: Store;
  readonly records: RecordRepository;
  readonly evidence: EvidenceSettings;
}

export function createServiceContext(
  store: Store,
  fieldKey: Buffer,
  evidence: Partial<EvidenceSettings> & { blobDir: string },
): ServiceContext {
  return {
    store,
    records: new RecordRepository(new FieldCipher(fieldKey), store.dialect),
    evidence: {
      blobs: evidence.blobs ?? new FsBlobStore(evidence.blobDir, blobKeys(fieldKey)),
      maxUploadBytes: evidence.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
      allowedTypes: evidence.allowedTypes ?? DEFAULT_ALLOWED_TYPES,
    },
  };
}

export function now(): string {
  return new Date().toISOString();
}
