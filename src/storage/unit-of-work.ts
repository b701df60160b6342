import type { Store } from './database.js';
import { LedgerWriter, type UnitOfWork } from './ledger.js';

/**
 * Runs `work` in one database transaction and appends its audit entries before commit:
 * either every row and its ledger entries land, or nothing does.
 */
export async function inTransaction<T>(store: Store, work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
  return store.db.transaction().execute(async (db) => {
    const ledger = new LedgerWriter(db, store.dialect);
    const result = await work({ db, ledger });
    await ledger.flush();
    return result;
  });
}
