/**
 * A case's gazetteer for linkage: every name of every place the case records (official names, aliases,
 * transliterations, both scripts) read as that place. Lists name one prison differently (Gohardasht, Rajaei
 * Shahr, زندان گوهردشت); read through the gazetteer they name it alike, so the place comparison and blocking
 * see one value. Names are matched by their place key (generic words such as "prison" dropped, then the
 * cross-script consonant skeleton); a key two places share is ambiguous and left out. Pure.
 */
import { nameSkeleton, placeName } from './keys.js';

export interface Gazetteer {
  /** Places that gave at least one usable name, and the names (keys) that lead to a place. */
  places: number;
  names: number;
  /** The place's first name for a value naming one of the places, else null. */
  canonical(value: string): string | null;
}

function placeKey(value: string): string | null {
  const p = placeName(value);
  return p === null ? null : nameSkeleton(p);
}

/** The gazetteer of places given by their names (first name first). */
export function placeGazetteer(places: ReadonlyArray<{ names: readonly string[] }>): Gazetteer {
  const byKey = new Map<string, number>();
  const ambiguous = new Set<string>();
  const usable: string[] = [];
  for (const place of places) {
    const first = place.names.find((n) => placeKey(n) !== null);
    if (first === undefined) continue;
    const index = usable.length;
    usable.push(first);
    for (const name of place.names) {
      const key = placeKey(name);
      if (key === null) continue;
      const known = byKey.get(key);
      if (known !== undefined && known !== index) ambiguous.add(key);
      else byKey.set(key, index);
    }
  }
  for (const key of ambiguous) byKey.delete(key);
  const cache = new Map<string, string | null>();
  return {
    places: new Set(byKey.values()).size,
    names: byKey.size,
    canonical(value) {
      let found = cache.get(value);
      if (found === undefined) {
        const key = placeKey(value);
        const index = key === null ? undefined : byKey.get(key);
        found = index === undefined ? null : usable[index]!;
        cache.set(value, found);
      }
      return found;
    },
  };
}
