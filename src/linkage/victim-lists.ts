/**
 * Linkage settings for lists of victims: the fields `given`, `surname`, `father`, `birth_year` (a Gregorian
 * or Solar Hijri year), `city`, `prison` and `locality` (the city, else the place of detention: one list names
 * the city, another only "زندان تبریز"). Shared by the registry's `dossier link` and the synthetic
 * benchmark, so that what is measured is what runs.
 */
import type { BlockingRule } from './blocking.js';
import type { ClusterOptions } from './cluster.js';
import type { ComparisonSpec } from './comparisons.js';
import { compactName, gregorianYear, nameSkeleton, placeName } from './keys.js';
import type { LinkageSettings } from './pipeline.js';
import type { TrainingSession } from './sessions.js';

const jw = (threshold: number) => ({ kind: 'jaro-winkler' as const, threshold });
const skeleton = { kind: 'key' as const, key: 'name-skeleton' };
const rareSkeleton = { ...skeleton, termFrequency: true };
/** A name's skeleton with a scan's confusions folded (rn/m, b/h; see `ocrSkeleton`). */
const ocrSkeletonLevel = { kind: 'key' as const, key: 'name-skeleton-ocr', termFrequency: true };
/** Above the skeleton: the same consonants and long i's (keeps Hossein from Hassan, Rezaei from Reza). */
const longVowel = { kind: 'key' as const, key: 'long-vowel', termFrequency: true };
/** Skeletons alike: a typo on one side of a cross-script pair (Noutaf-Pour, نوتب‌پور). */
const similarSkeleton = (threshold: number) => ({
  kind: 'jaro-winkler' as const,
  threshold,
  key: 'name-skeleton-ocr',
});
/**
 * Field by field comparisons for victim lists: names (exact, cross-script long-vowel key, then skeleton,
 * Jaro–Winkler, then skeletons alike: a name misread or mistyped in another script, which would otherwise fall
 * with names that have nothing in common), birth year, place (prison, else city, else locality).
 */
export const VICTIM_LIST_COMPARISONS: ComparisonSpec[] = [
  {
    name: 'given',
    field: 'given',
    transform: 'compact-name',
    levels: [{ kind: 'exact' }, longVowel, ocrSkeletonLevel, jw(0.9), similarSkeleton(0.75)],
    termFrequency: true,
  },
  {
    name: 'surname',
    field: 'surname',
    transform: 'compact-name',
    levels: [
      { kind: 'exact' },
      longVowel,
      ocrSkeletonLevel,
      jw(0.92),
      similarSkeleton(0.85),
      jw(0.8),
      similarSkeleton(0.75),
    ],
    termFrequency: true,
  },
  {
    name: 'father',
    field: 'father',
    transform: 'compact-name',
    levels: [{ kind: 'exact' }, longVowel, ocrSkeletonLevel, jw(0.9), similarSkeleton(0.75)],
    termFrequency: true,
  },
  {
    name: 'birth_year',
    field: 'birth_year',
    transform: 'gregorian-year',
    valueKind: 'number',
    levels: [
      { kind: 'within', max: 0 },
      { kind: 'within', max: 1 },
      { kind: 'within', max: 3 },
    ],
  },
  // Prison and city in one comparison: a prison lies in a city, so two comparisons would count one agreement
  // twice, and EM, which assumes comparisons independent, would take "same place" for "same person".
  {
    name: 'place',
    field: 'prison',
    transform: 'place-name',
    levels: [
      { kind: 'exact' },
      rareSkeleton,
      { kind: 'exact', field: 'city' },
      { ...rareSkeleton, field: 'city' },
      { ...jw(0.85), field: 'city' },
      // One list names the city, the other only the prison, whose name holds the city's (زندان تبریز).
      { ...skeleton, field: 'locality', agreeOnly: true },
    ],
    termFrequency: true,
  },
];
const nameKey = (v: string): string | null => {
  const c = compactName(v);
  return c === null ? null : nameSkeleton(c);
};
const yearKey = (v: string): string | null => gregorianYear(v);
const surnameEnds = (v: string): string | null => {
  const k = nameKey(v);
  return k === null || k.length < 5 ? null : k.slice(0, 2) + k.slice(-2);
};
const localityKey = (v: string): string | null => {
  const p = placeName(v);
  return p === null ? null : nameSkeleton(p);
};
// Every rule pairs the name skeletons (which meet across scripts) with a third field, so that blocks of common
// names (Mohammad Mohammadi) stay small at a million records.
// Years in two-year bins, in two offsets: two records a year apart (Solar Hijri converts to one of two
// Gregorian years) share a bin in at least one of them.
const yearBin = (offset: number) => (v: string) => {
  const y = gregorianYear(v);
  return y === null ? null : String(Math.floor((Number(y) + offset) / 2));
};
/** Blocking rules for victim lists (run in the calling thread, so transforms may be functions). */
export const VICTIM_LIST_BLOCKING: BlockingRule[] = [
  {
    name: 'given + surname + year',
    fields: ['given', 'surname', 'birth_year'],
    transform: [nameKey, nameKey, yearBin(0)],
  },
  {
    name: 'given + surname + year′',
    fields: ['given', 'surname', 'birth_year'],
    transform: [nameKey, nameKey, yearBin(1)],
  },
  { name: 'given + surname + father', fields: ['given', 'surname', 'father'], transform: nameKey },
  {
    name: 'surname + father + year',
    fields: ['surname', 'father', 'birth_year'],
    transform: [nameKey, nameKey, yearBin(0)],
  },
  {
    name: 'surname + father + year′',
    fields: ['surname', 'father', 'birth_year'],
    transform: [nameKey, nameKey, yearBin(1)],
  },
  {
    name: 'given + father + year',
    fields: ['given', 'father', 'birth_year'],
    transform: [nameKey, nameKey, yearBin(0)],
  },
  {
    name: 'given + father + year′',
    fields: ['given', 'father', 'birth_year'],
    transform: [nameKey, nameKey, yearBin(1)],
  },
  { name: 'given + surname + prison', fields: ['given', 'surname', 'prison'], transform: nameKey },
  {
    name: 'given + surname + locality',
    fields: ['given', 'surname', 'locality'],
    transform: [nameKey, nameKey, localityKey],
  },
  // Names alone, spelt alike and rare: a common name with neither father nor year cannot be linked anyway.
  { name: 'given + surname', fields: ['given', 'surname'], transform: nameKey, maxBlockSize: 40 },
  { name: 'surname + father', fields: ['surname', 'father'], transform: nameKey, maxBlockSize: 40 },
  // A typo inside a long surname (Tabjamfar, Tabamfar): its skeleton's first and last two letters.
  {
    name: 'given + surname_ends + year',
    fields: ['given', 'surname', 'birth_year'],
    transform: [nameKey, surnameEnds, yearBin(0)],
  },
  // For a misspelt given name or surname: the other name, the father and the place.
  {
    name: 'surname + father + locality',
    fields: ['surname', 'father', 'locality'],
    transform: [nameKey, nameKey, localityKey],
  },
  { name: 'surname + father + prison', fields: ['surname', 'father', 'prison'], transform: nameKey },
  {
    name: 'given + father + locality',
    fields: ['given', 'father', 'locality'],
    transform: [nameKey, nameKey, localityKey],
    maxBlockSize: 60,
  },
  {
    name: 'surname + year + locality',
    fields: ['surname', 'birth_year', 'locality'],
    transform: [nameKey, yearKey, localityKey],
  },
];

/** One EM session per strong rule, each leaving its own fields out of training (as Splink does). */
export const VICTIM_LIST_SESSIONS: TrainingSession[] = [
  { rule: 'given + surname + year', inactive: ['given', 'surname', 'birth_year'] },
  { rule: 'surname + father + year', inactive: ['surname', 'father', 'birth_year'] },
  { rule: 'given + father + year', inactive: ['given', 'father', 'birth_year'] },
  { rule: 'given + surname + prison', inactive: ['given', 'surname', 'place'] },
  { rule: 'given + father + locality', inactive: ['given', 'father', 'place'] },
];

/**
 * Settings for deduplicating victim lists; `cluster` defaults to threshold 0.5 and a same-list guard of 0.99.
 * With `chooseThreshold`, the threshold is the one that maximises the F1 the model expects instead.
 */
export function victimListSettings(
  options: {
    cluster?: Partial<ClusterOptions>;
    seed?: number;
    threads?: number;
    maxBlockSize?: number;
    chooseThreshold?: boolean;
  } = {},
): LinkageSettings {
  return {
    mode: 'dedupe',
    comparisons: VICTIM_LIST_COMPARISONS,
    blocking: VICTIM_LIST_BLOCKING,
    maxBlockSize: options.maxBlockSize ?? 1000,
    threads: options.threads ?? 2,
    seed: options.seed ?? 1,
    // EM over a million records crawls: 200 iterations left three sessions unconverged (the report says so).
    em: { maxIterations: 1000 },
    sessions: VICTIM_LIST_SESSIONS,
    // Registries mix scripts: most true matches agree only through the cross-script skeleton, and EM would
    // otherwise weigh an exact match below a skeleton match.
    predict: { monotone: true },
    cluster: { threshold: 0.5, sameListThreshold: 0.99, ...options.cluster },
    chooseThreshold: options.chooseThreshold ?? false,
  };
}
