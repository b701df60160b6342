import { hkdfSync } from 'node:crypto';
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

/** Who must enrol a second factor before doing anything: `DOSSIER_REQUIRE_TOTP`. */
export type SecondFactorRequirement = 'owners-of-protected' | 'all' | 'off';
export const SECOND_FACTOR_REQUIREMENTS: readonly SecondFactorRequirement[] = [
  'owners-of-protected',
  'all',
  'off',
];

/** What logins need: keys derived from the field key, and who must use a second factor. */
export interface AuthSettings {
  /** Encrypts second-factor secrets (the same field key as protected records). */
  readonly cipher: FieldCipher;
  /** HMAC key of the attempt budgets' names and addresses; derived, so it survives a restart. */
  readonly budgetKey: Buffer;
  readonly requireSecondFactor: SecondFactorRequirement;
  /** Shown by authenticator apps next to the account name. */
  readonly issuer: string;
}

/** What every service needs: the store, the repository that knows how records are kept, and the evidence store. */
export interface ServiceContext {
  readonly store: Store;
  readonly records: RecordRepository;
  readonly evidence: EvidenceSettings;
  readonly auth: AuthSettings;
}

/**
 * The context of a running instance. `auth.requireSecondFactor` is `off` unless given: the configuration
 * (`DOSSIER_REQUIRE_TOTP`, default `owners-of-protected`) passes it for the server and the command line;
 * contexts built without configuration (tests, benches) opt in.
 */
export function createServiceContext(
  store: Store,
  fieldKey: Buffer,
  evidence: Partial<EvidenceSettings> & { blobDir: string },
  auth: { requireSecondFactor?: SecondFactorRequirement; issuer?: string } = {},
): ServiceContext {
  const cipher = new FieldCipher(fieldKey);
  return {
    store,
    records: new RecordRepository(cipher, store.dialect),
    auth: {
      cipher,
      budgetKey: Buffer.from(hkdfSync('sha256', fieldKey, Buffer.alloc(0), 'dossier login budgets v1', 32)),
      requireSecondFactor: auth.requireSecondFactor ?? 'off',
      issuer: auth.issuer ?? 'Dossier',
    },
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
