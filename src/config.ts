import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { newSigningKeyPem, signingKeyFromPem, type SigningKey, type StoreOptions } from './storage/index.js';
import { DEFAULT_ANONYMOUS_LIMITS, type AnonymousLimits } from './http/rate-limit.js';
import { SECOND_FACTOR_REQUIREMENTS, type SecondFactorRequirement } from './services/context.js';

/** Configuration, from environment variables only. */
export interface Config {
  dataDir: string;
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** File holding the 32-byte key that encrypts identifying fields of protected records. */
  keyFile: string;
  /** Key given directly (base64), which takes precedence over the key file. */
  keyFromEnv: string | undefined;
  /** Send the session cookie only over HTTPS; on by default, off only for plain-HTTP development. */
  cookieSecure: boolean;
  /** Map tiles: none unless configured, so that no third party learns who looks at which site. */
  tileUrl: string | undefined;
  tileAttribution: string | undefined;
  /** A street-level basemap this server sends itself: a PMTiles archive (vector or raster) on its disk. */
  basemapPmtiles: string | undefined;
  basemapAttribution: string | undefined;
  /** Evidence blobs (content-addressed files); `$DOSSIER_DATA_DIR/blobs` by default. */
  blobDir: string;
  /** Largest evidence file accepted, in bytes. */
  maxUploadBytes: number | undefined;
  /** Accepted media types (after sniffing), comma-separated in `DOSSIER_ALLOWED_TYPES`. */
  allowedTypes: string[] | undefined;
  /** The instance's Ed25519 key that signs ledger checkpoints (PKCS#8 PEM, mode 0600). */
  signingKeyFile: string;
  /** Append-only file of signed checkpoints outside the database. */
  checkpointFile: string;
  /** How often `dossier serve` signs a checkpoint, in minutes; 0 only at start-up. */
  checkpointIntervalMinutes: number;
  /** Rate limits of anonymous visitors per address (search and memorial pages; submissions). */
  anonymousLimits: AnonymousLimits;
  /** Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR ranges), if any. */
  trustProxy: string | undefined;
  /** Worker threads for the public family search (`DOSSIER_SEARCH_THREADS`, default 1; 0: in the server's thread). */
  memorialSearchThreads: number;
  /** Who must enrol a TOTP second factor (`DOSSIER_REQUIRE_TOTP`): owners-of-protected (default), all, off. */
  requireSecondFactor: SecondFactorRequirement;
  /** The Chromium that prints a bundle's `report.pdf` (`DOSSIER_CHROMIUM`; Debian's /usr/bin/chromium if unset). */
  chromium: string | undefined;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(env.DOSSIER_DATA_DIR || './data');
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`PORT must be a port number, not "${env.PORT}"`);
  return {
    dataDir,
    port,
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    keyFile: resolve(env.DOSSIER_KEY_FILE || join(dataDir, 'keys', 'field.key')),
    keyFromEnv: env.DOSSIER_FIELD_KEY || undefined,
    cookieSecure: env.DOSSIER_COOKIE_SECURE !== 'false',
    tileUrl: env.DOSSIER_TILE_URL || undefined,
    tileAttribution: env.DOSSIER_TILE_ATTRIBUTION || undefined,
    basemapPmtiles: env.DOSSIER_BASEMAP_PMTILES ? resolve(env.DOSSIER_BASEMAP_PMTILES) : undefined,
    basemapAttribution: env.DOSSIER_BASEMAP_ATTRIBUTION || undefined,
    blobDir: resolve(env.DOSSIER_BLOB_DIR || join(dataDir, 'blobs')),
    maxUploadBytes: positiveInteger(env.DOSSIER_MAX_UPLOAD_BYTES, 'DOSSIER_MAX_UPLOAD_BYTES'),
    allowedTypes: env.DOSSIER_ALLOWED_TYPES
      ? env.DOSSIER_ALLOWED_TYPES.split(',')
          .map((t) => t.trim().toLowerCase())
          .filter(Boolean)
      : undefined,
    signingKeyFile: resolve(env.DOSSIER_SIGNING_KEY_FILE || join(dataDir, 'keys', 'signing.key')),
    checkpointFile: resolve(env.DOSSIER_CHECKPOINT_FILE || join(dataDir, 'checkpoints.log')),
    checkpointIntervalMinutes: env.DOSSIER_CHECKPOINT_MINUTES
      ? wholeNumber(env.DOSSIER_CHECKPOINT_MINUTES, 'DOSSIER_CHECKPOINT_MINUTES')
      : 60,
    anonymousLimits: {
      search: {
        burst:
          count(env.DOSSIER_ANON_SEARCH_BURST, 'DOSSIER_ANON_SEARCH_BURST') ??
          DEFAULT_ANONYMOUS_LIMITS.search.burst,
        perHour:
          60 *
          (count(env.DOSSIER_ANON_SEARCH_PER_MINUTE, 'DOSSIER_ANON_SEARCH_PER_MINUTE') ??
            DEFAULT_ANONYMOUS_LIMITS.search.perHour / 60),
      },
      submission: {
        burst:
          count(env.DOSSIER_ANON_SUBMISSIONS_PER_HOUR, 'DOSSIER_ANON_SUBMISSIONS_PER_HOUR') ??
          DEFAULT_ANONYMOUS_LIMITS.submission.burst,
        perHour:
          count(env.DOSSIER_ANON_SUBMISSIONS_PER_HOUR, 'DOSSIER_ANON_SUBMISSIONS_PER_HOUR') ??
          DEFAULT_ANONYMOUS_LIMITS.submission.perHour,
      },
    },
    trustProxy: env.DOSSIER_TRUST_PROXY || undefined,
    memorialSearchThreads: env.DOSSIER_SEARCH_THREADS
      ? wholeNumber(env.DOSSIER_SEARCH_THREADS, 'DOSSIER_SEARCH_THREADS')
      : 1,
    requireSecondFactor: secondFactorRequirement(env.DOSSIER_REQUIRE_TOTP),
    chromium: env.DOSSIER_CHROMIUM || undefined,
  };
}

function secondFactorRequirement(value: string | undefined): SecondFactorRequirement {
  if (!value) return 'owners-of-protected';
  const found = SECOND_FACTOR_REQUIREMENTS.find((r) => r === value.trim().toLowerCase());
  if (!found)
    throw new ConfigError(
      `DOSSIER_REQUIRE_TOTP must be one of ${SECOND_FACTOR_REQUIREMENTS.join(', ')}, not "${value}"`,
    );
  return found;
}

function wholeNumber(value: string, name: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 0)
    throw new ConfigError(`${name} must be a whole number of minutes, not "${value}"`);
  return number;
}

function count(value: string | undefined, name: string): number | undefined {
  if (!value) return undefined;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number <= 0)
    throw new ConfigError(`${name} must be a positive whole number, not "${value}"`);
  return number;
}

function positiveInteger(value: string | undefined, name: string): number | undefined {
  if (!value) return undefined;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number <= 0)
    throw new ConfigError(`${name} must be a positive whole number of bytes, not "${value}"`);
  return number;
}

export function storeOptions(config: Config): StoreOptions {
  return config.databaseUrl
    ? { kind: 'postgres', url: config.databaseUrl }
    : { kind: 'sqlite', path: join(config.dataDir, 'dossier.sqlite') };
}

/** Reads the field key; with `create`, makes a new random key file (mode 0600) when none exists. */
export function loadFieldKey(config: Config, create: boolean): Buffer {
  if (config.keyFromEnv) return decodeKey(config.keyFromEnv, 'DOSSIER_FIELD_KEY');
  if (!existsSync(config.keyFile)) {
    if (!create) {
      throw new ConfigError(
        `no field key at ${config.keyFile}: run "dossier init" for a new store, or set DOSSIER_KEY_FILE / DOSSIER_FIELD_KEY to the key this store was created with`,
      );
    }
    mkdirSync(dirname(config.keyFile), { recursive: true, mode: 0o700 });
    writeFileSync(config.keyFile, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(config.keyFile, 0o600);
  }
  return decodeKey(readFileSync(config.keyFile, 'utf8').trim(), config.keyFile);
}

/**
 * Reads the instance's signing key, creating it (mode 0600) when there is none: unlike the field key, a new
 * signing key loses nothing, so existing stores get one the first time it is needed.
 */
export function loadSigningKey(config: Config): SigningKey {
  if (!existsSync(config.signingKeyFile)) {
    mkdirSync(dirname(config.signingKeyFile), { recursive: true, mode: 0o700 });
    try {
      writeFileSync(config.signingKeyFile, newSigningKeyPem(), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process made it meanwhile: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    chmodSync(config.signingKeyFile, 0o600);
  }
  try {
    return signingKeyFromPem(readFileSync(config.signingKeyFile, 'utf8'));
  } catch (error) {
    throw new ConfigError(
      `${config.signingKeyFile} does not hold an Ed25519 private key (PEM): ${(error as Error).message}`,
    );
  }
}

function decodeKey(text: string, where: string): Buffer {
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32) throw new ConfigError(`${where} must hold 32 bytes in base64`);
  return key;
}

/** The evidence-store settings the configuration gives (defaults where it is silent). */
export function evidenceOptions(config: Config): {
  blobDir: string;
  maxUploadBytes?: number;
  allowedTypes?: string[];
} {
  return {
    blobDir: config.blobDir,
    ...(config.maxUploadBytes ? { maxUploadBytes: config.maxUploadBytes } : {}),
    ...(config.allowedTypes ? { allowedTypes: config.allowedTypes } : {}),
  };
}
