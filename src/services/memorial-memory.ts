import type { Store } from '../storage/index.js';

/*
 * The memorial index held in memory (derived from the tables of migration 0010), so that a family search is a
 * few array walks instead of a grouping of thousands of index rows: 10,000 victims have some 400,000 name keys,
 * and a common name ("Mohammad", "Reza") matches thousands of them.
 *
 * Freshness: every transaction that writes memorial entries raises `memorial_state.version` and lists the
 * people it touched in `memorial_changes` (migration 0020). A search reads the committed version in the same
 * statement as its cards (memorial-search.ts); when it moved past this copy's, the people changed since are read
 * again (or everything, after a whole case was rebuilt or when this process is too far behind) and the search
 * ranks again. So a search never answers from a copy older than the writes committed when its cards were read,
 * in this process or in another one serving the same PostgreSQL database, and a person who left the memorial
 * is never shown.
 */

/** A posting: the person's slot and the weight of the key for that person, in one number. */
const WEIGHTS = 64;
const slotOf = (posting: number) => Math.floor(posting / WEIGHTS);
const weightOf = (posting: number) => posting % WEIGHTS;

/** Beyond this many changed people, reading everything again is cheaper than one by one. */
const DELTA_LIMIT = 2000;
const CHUNK = 500;

interface PersonMeta {
  id: string;
  sortName: string;
  fatherKnown: boolean;
  birthFrom: number | null;
  birthTo: number | null;
  keys: string[];
}

type PersonRow = {
  personId: string;
  sortName: string;
  fatherKnown: number;
  birthFrom: number | null;
  birthTo: number | null;
};
type KeyRow = { key: string; personId: string; weight: number };

export class MemorialMemoryIndex {
  private loaded = -1;
  private slots: Array<PersonMeta | null> = [];
  private slotOfPerson = new Map<string, number>();
  private freeSlots: number[] = [];
  private postings = new Map<string, number[]>();
  /** Every key, sorted, for prefix lookups; rebuilt when a key was added. */
  private sorted: string[] | null = null;
  private refreshing: Promise<void> | null = null;

  constructor(private readonly store: Store) {}

  /** The committed version this copy holds (-1 before it is loaded). */
  get version(): number {
    return this.loaded;
  }

  /** Brings the copy up to the committed version (one small read when nothing changed). */
  async fresh(): Promise<void> {
    await this.upTo(await this.committedVersion());
  }

  /**
   * Brings the copy up to at least `current`, a committed version the caller read (a search reads it in the same
   * statement as its cards, and calls this when it moved). Concurrent callers share one catching up; one that
   * waited for another's checks again, since the other may have caught up to an earlier version.
   */
  async upTo(current: number): Promise<void> {
    while (this.loaded < current) {
      if (this.refreshing) {
        await this.refreshing;
        continue;
      }
      this.refreshing = this.catchUp(current).finally(() => {
        this.refreshing = null;
      });
      await this.refreshing;
    }
  }

  /** The person at a slot (for the search's ranking). */
  person(slot: number): PersonMeta | null {
    return this.slots[slot] ?? null;
  }

  /** How many people have this key. */
  count(key: string): number {
    return this.postings.get(key)?.length ?? 0;
  }

  /** The best weight per person slot of any of the keys, into `into`. */
  collect(keys: Iterable<string>, into: Map<number, number>): void {
    for (const key of keys)
      for (const posting of this.postings.get(key) ?? []) {
        const slot = slotOf(posting);
        const weight = weightOf(posting);
        if ((into.get(slot) ?? 0) < weight) into.set(slot, weight);
      }
  }

  /** Every person with a key starting with `prefix`, at `weight`, into `into`. */
  collectPrefix(prefix: string, weight: number, into: Map<number, number>): void {
    const sorted = (this.sorted ??= [...this.postings.keys()].sort());
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < sorted.length && sorted[i]!.startsWith(prefix); i++)
      for (const posting of this.postings.get(sorted[i]!) ?? []) {
        const slot = slotOf(posting);
        if ((into.get(slot) ?? 0) < weight) into.set(slot, weight);
      }
  }

  private async committedVersion(): Promise<number> {
    const row = await this.store.db
      .selectFrom('memorialState')
      .select('version')
      .where('id', '=', 1)
      .executeTakeFirst();
    return Number(row?.version ?? 0);
  }

  private async catchUp(current: number): Promise<void> {
    const changes =
      this.loaded < 0
        ? null
        : await this.store.db
            .selectFrom('memorialChanges')
            .select(['version', 'personId'])
            .where('version', '>', this.loaded)
            .orderBy('version')
            .execute();
    // Versions are consecutive and each wrote at least one row: a gap means older rows were pruned.
    const whole =
      changes === null ||
      changes.length > DELTA_LIMIT ||
      changes.some((c) => c.personId === null) ||
      (changes.length > 0 && Number(changes[0]!.version) !== this.loaded + 1);
    if (whole) await this.loadAll();
    else await this.reload([...new Set(changes.map((c) => c.personId!))]);
    // Changes committed after `current` was read are read again next time (reading a person twice is harmless).
    this.loaded = current;
  }

  private async loadAll(): Promise<void> {
    this.slots = [];
    this.slotOfPerson = new Map();
    this.freeSlots = [];
    this.postings = new Map();
    this.sorted = null;
    const people = (await this.store.db
      .selectFrom('memorialPeople')
      .select(['personId', 'sortName', 'fatherKnown', 'birthFrom', 'birthTo'])
      .execute()) as PersonRow[];
    for (const p of people) this.place(p);
    const keys = (await this.store.db
      .selectFrom('memorialKeys')
      .select(['key', 'personId', 'weight'])
      .execute()) as KeyRow[];
    this.addKeys(keys);
  }

  private async reload(ids: string[]): Promise<void> {
    for (const id of ids) this.remove(id);
    for (let i = 0; i < ids.length; i += CHUNK) {
      const part = ids.slice(i, i + CHUNK);
      const people = (await this.store.db
        .selectFrom('memorialPeople')
        .select(['personId', 'sortName', 'fatherKnown', 'birthFrom', 'birthTo'])
        .where('personId', 'in', part)
        .execute()) as PersonRow[];
      for (const p of people) this.place(p);
      const keys = (await this.store.db
        .selectFrom('memorialKeys')
        .select(['key', 'personId', 'weight'])
        .where('personId', 'in', part)
        .execute()) as KeyRow[];
      this.addKeys(keys);
    }
  }

  private place(row: PersonRow): void {
    const slot = this.freeSlots.pop() ?? this.slots.length;
    this.slots[slot] = {
      id: row.personId,
      sortName: row.sortName,
      fatherKnown: Number(row.fatherKnown) !== 0,
      birthFrom: row.birthFrom === null ? null : Number(row.birthFrom),
      birthTo: row.birthTo === null ? null : Number(row.birthTo),
      keys: [],
    };
    this.slotOfPerson.set(row.personId, slot);
  }

  private addKeys(rows: KeyRow[]): void {
    for (const row of rows) {
      const slot = this.slotOfPerson.get(row.personId);
      if (slot === undefined) continue; // keys without their person row (never written so; ignored)
      let list = this.postings.get(row.key);
      if (!list) {
        list = [];
        this.postings.set(row.key, list);
        this.sorted = null;
      }
      list.push(slot * WEIGHTS + Math.min(Number(row.weight), WEIGHTS - 1));
      this.slots[slot]!.keys.push(row.key);
    }
  }

  private remove(id: string): void {
    const slot = this.slotOfPerson.get(id);
    if (slot === undefined) return;
    for (const key of new Set(this.slots[slot]!.keys)) {
      const list = this.postings.get(key);
      if (!list) continue;
      const kept = list.filter((p) => slotOf(p) !== slot);
      if (kept.length) this.postings.set(key, kept);
      else this.postings.delete(key);
    }
    this.slots[slot] = null;
    this.slotOfPerson.delete(id);
    this.freeSlots.push(slot);
  }
}

const indexes = new WeakMap<Store, MemorialMemoryIndex>();

/**
 * This process's copy of the store's memorial index, loaded on first use. The caller checks it against the
 * committed version (`upTo`), as the search does with its cards.
 */
export async function memorialMemory(store: Store): Promise<MemorialMemoryIndex> {
  let index = indexes.get(store);
  if (!index) {
    index = new MemorialMemoryIndex(store);
    indexes.set(store, index);
  }
  if (index.version < 0) await index.fresh();
  return index;
}
