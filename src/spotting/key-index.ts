/**
 * An index of name keys that a text is walked against token by token. A name's key is the concatenation of its
 * words' keys, so "Pour Mohammadi", "Pour-Mohammadi" and "Pourmohammadi" share one key however the text splits
 * the name; the walk therefore needs every *character* prefix of every key, not only word prefixes. Prefixes
 * are kept as 32-bit FNV-1a hashes (a number each, no string per prefix), extended one character at a time as
 * the walk reads a token; a whole key is confirmed by comparing strings, so a hash collision only makes a walk
 * one token longer. A walk stops at the first character no name continues with, which makes spotting
 * O(characters) whatever the size of the gazetteer.
 */

const FNV_OFFSET = 0x811c9dc5;

function hashStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, 0x01000193) >>> 0;
}

export const EMPTY_HASH = FNV_OFFSET;

/**
 * Joins word keys into a name key; for the sound and skeleton keys a letter doubled across the join is written
 * once, as inside a word (Pour Rahimi = Pourrahimi).
 */
export function joinKeys(parts: readonly string[], collapse: boolean): string {
  let out = '';
  for (const part of parts) out += collapse && out && part[0] === out[out.length - 1] ? part.slice(1) : part;
  return out;
}

export class KeyIndex<T> {
  private readonly prefixes = new Set<number>();
  private readonly keys = new Map<number, Array<{ key: string; value: T }>>();

  add(key: string, value: T): void {
    let h = FNV_OFFSET;
    for (let i = 0; i < key.length; i++) {
      h = hashStep(h, key.charCodeAt(i));
      this.prefixes.add(h);
    }
    const list = this.keys.get(h);
    if (list) list.push({ key, value });
    else this.keys.set(h, [{ key, value }]);
  }

  /** Extends a walk's hash by `part`; undefined as soon as no key continues that way. */
  extend(hash: number, part: string): number | undefined {
    let h = hash;
    for (let i = 0; i < part.length; i++) {
      h = hashStep(h, part.charCodeAt(i));
      if (!this.prefixes.has(h)) return undefined;
    }
    return h;
  }

  /** Values whose key is exactly `key` (whose hash is `hash`). */
  exact(hash: number, key: string): T[] {
    const list = this.keys.get(hash);
    if (!list) return [];
    return list.filter((entry) => entry.key === key).map((entry) => entry.value);
  }
}
