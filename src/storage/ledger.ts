import type { Transaction } from 'kysely';
import { canonicalJson, sha256Hex } from '../domain/canonical-json.js';
import type { DialectInfo } from './database.js';
import type { Database } from './schema.js';

export const GENESIS_HASH = '0'.repeat(64);

/** Actions that change a row; the last of them for a resource carries the digest the row must still match. */
export const WRITE_ACTIONS = new Set(['create', 'update', 'delete', 'import']);

export interface AuditInput {
  actor: string;
  action: string;
  resourceType: string;
  resourceId: string;
  caseId: string | null;
  /** Digest of the stored row after the change; null for a deletion or a read. */
  digest: string | null;
}

export interface ChainedEntry extends AuditInput {
  seq: number;
  at: string;
}

/** Digest of a stored row: SHA-256 of its canonical JSON. */
export function rowDigest(row: object): string {
  return sha256Hex(canonicalJson(row));
}

/** Hash of an entry, chained to the hash of the entry before it. */
export function entryHash(prevHash: string, entry: ChainedEntry): string {
  const { seq, at, actor, action, resourceType, resourceId, caseId, digest } = entry;
  return sha256Hex(
    `${prevHash}\n${canonicalJson({ seq, at, actor, action, resourceType, resourceId, caseId, digest })}`,
  );
}

/**
 * Collects the audit entries of one transaction and appends them to the hash chain when it commits.
 * The head row is locked for the append, so concurrent writers on PostgreSQL chain one after the other.
 */
export class LedgerWriter {
  private readonly pending: AuditInput[] = [];

  constructor(
    private readonly trx: Transaction<Database>,
    private readonly dialect: DialectInfo,
  ) {}

  append(entry: AuditInput): void {
    this.pending.push(entry);
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    let query = this.trx.selectFrom('ledgerHead').select(['seq', 'hash']).where('id', '=', 1);
    if (this.dialect.supportsRowLocks) query = query.forUpdate();
    const head = await query.executeTakeFirstOrThrow();
    const at = new Date().toISOString();
    let { seq, hash } = head;
    const rows = this.pending.map((input) => {
      const entry: ChainedEntry = { ...input, seq: seq + 1, at };
      const prevHash = hash;
      hash = entryHash(prevHash, entry);
      seq = entry.seq;
      return { ...entry, prevHash, hash };
    });
    for (let i = 0; i < rows.length; i += 2000) {
      await this.trx
        .insertInto('auditLog')
        .values(rows.slice(i, i + 2000))
        .execute();
    }
    await this.trx.updateTable('ledgerHead').set({ seq, hash }).where('id', '=', 1).execute();
    this.pending.length = 0;
  }
}

export interface UnitOfWork {
  db: Transaction<Database>;
  ledger: LedgerWriter;
}
