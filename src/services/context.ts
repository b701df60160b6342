import { FieldCipher, RecordRepository, type Store } from '../storage/index.js';

/** What every service needs: the store and the repository that knows how records are kept. */
export interface ServiceContext {
  readonly store: Store;
  readonly records: RecordRepository;
}

export function createServiceContext(store: Store, fieldKey: Buffer): ServiceContext {
  return { store, records: new RecordRepository(new FieldCipher(fieldKey), store.dialect) };
}

export function now(): string {
  return new Date().toISOString();
}
