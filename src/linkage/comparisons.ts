/**
 * Comparisons are declared as data: per field, an ordered list of agreement levels. The first level a pair
 * satisfies is its level for that comparison. Level 0 is always "null" (a value missing on either side) and the
 * last level is always "else", so a comparison with n declared levels has n + 2 levels in all.
 * Declarations hold only names and numbers, so they cross worker-thread boundaries unchanged.
 */
export type LevelSpec =
  /** The two (transformed) values are identical. */
  (
    | { kind: 'exact' }
    /**
     * A registered key function (see `registerKeyFunction`) gives the same key for both values. With
     * `termFrequency`, agreement on a rare key weighs more than on a common one (see `compileModel`).
     */
    | { kind: 'key'; key: string; termFrequency?: boolean }
    /**
     * Jaro–Winkler similarity of the two strings is at least `threshold`; with `key`, of the two values' keys
     * (the cross-script skeletons of Noutaf-Pour and نوتب‌پور differ by one letter, their spellings by all).
     */
    | { kind: 'jaro-winkler'; threshold: number; key?: string }
    /** Damerau–Levenshtein (or plain Levenshtein) distance is at most `max`. */
    | { kind: 'edit-distance'; max: number; transpositions?: boolean }
    /** Numeric values (or dates, in days) differ by at most `max`. */
    | { kind: 'within'; max: number }
  ) & {
    /**
     * The field this level tests, when not the comparison's own. One comparison over two fields that depend on
     * each other (a prison lies in a city) counts their agreement once, where two comparisons would count it
     * twice. A level whose field is missing on either side is passed over; the comparison is null only when
     * every field it tests is missing on one side or the other.
     */
    field?: string;
    /**
     * The level speaks only when it holds: when it does not, the comparison goes on as if the level's field
     * were missing. For a weak fallback ("the city of one is the prison town of the other") whose failure says
     * little (Evin lies in Tehran, yet its name is not Tehran's).
     */
    agreeOnly?: boolean;
    /**
     * How this level's field is read, when it is not the comparison's own field and is read differently (a
     * birth date's comparison falling back on a birth year, a number).
     */
    valueKind?: ValueKind;
  };

/** How a field's values are read: as text, as a number, or as a date (YYYYMMDD or YYYY-MM-DD, to days). */
export type ValueKind = 'text' | 'number' | 'date';

/** One comparison, e.g. `{ name: 'surname', field: 'surname', levels: [{ kind: 'exact' }, ...] }`. */
export interface ComparisonSpec {
  name: string;
  field: string;
  /** A registered key function applied to every value first (e.g. 'fold', 'gregorian-year'). */
  transform?: string;
  valueKind?: ValueKind;
  levels: LevelSpec[];
  /**
   * Term-frequency adjustment of the 'exact' level: an exact match on a value that is rare in the data
   * weighs more than one on a common value ("mohammad").
   */
  termFrequency?: boolean;
}

/** Total number of levels of a comparison, null and else included. */
export function levelCount(spec: ComparisonSpec): number {
  return spec.levels.length + 2;
}

/** A readable name for a level: 'null', 'exact', 'jaro-winkler ≥ 0.92', …, 'else'. */
export function levelLabel(spec: ComparisonSpec, level: number): string {
  if (level === 0) return 'null';
  const l = spec.levels[level - 1];
  if (!l) return 'else';
  const label = kindLabel(l);
  return l.field === undefined || l.field === spec.field ? label : `${l.field} ${label}`;
}

function kindLabel(l: LevelSpec): string {
  switch (l.kind) {
    case 'exact':
      return 'exact';
    case 'key':
      return `key ${l.key}`;
    case 'jaro-winkler':
      return l.key === undefined
        ? `jaro-winkler ≥ ${l.threshold}`
        : `key-jaro-winkler ${l.key} ≥ ${l.threshold}`;
    case 'edit-distance':
      return `${l.transpositions === false ? 'levenshtein' : 'damerau-levenshtein'} ≤ ${l.max}`;
    case 'within':
      return `within ${l.max}`;
  }
}

/** Index of the 'exact' level of a comparison on its own field, or -1. */
export function exactLevel(spec: ComparisonSpec): number {
  const i = spec.levels.findIndex((l) => l.kind === 'exact' && levelField(spec, l) === spec.field);
  return i < 0 ? -1 : i + 1;
}

/** The field a level tests: its own `field`, or the comparison's. */
export function levelField(spec: ComparisonSpec, level: LevelSpec): string {
  return level.field ?? spec.field;
}

/** Every field a comparison reads, its own first. */
export function comparisonFields(spec: ComparisonSpec): string[] {
  return [...new Set([spec.field, ...spec.levels.map((l) => levelField(spec, l))])];
}

/** Checks a list of comparison declarations; throws naming the first problem. */
export function validateComparisons(specs: readonly ComparisonSpec[]): void {
  const names = new Set<string>();
  for (const spec of specs) {
    if (names.has(spec.name)) throw new Error(`Duplicate comparison name "${spec.name}"`);
    names.add(spec.name);
    if (spec.levels.length === 0) throw new Error(`Comparison "${spec.name}" declares no levels`);
    if (levelCount(spec) > 255) throw new Error(`Comparison "${spec.name}" has too many levels`);
    if (spec.termFrequency && exactLevel(spec) < 0) {
      throw new Error(`Comparison "${spec.name}" asks for term frequencies but has no exact level`);
    }
  }
}
