/**
 * Linkage settings for lists of victims: the fields `given`, `surname`, `father`, `birth_year` (a Gregorian
 * or Solar Hijri year), `city` and `prison`. Shared by the registry's `dossier link` and the synthetic
 * benchmark, so that what is measured is what runs.
 */
import type { BlockingRule } from './blocking.js';
import type { ClusterOptions } from './cluster.js';
import type { ComparisonSpec } from './comparisons.js';
import { compactName, gregorianYear, nameSkeleton } from './keys.js';
import type { LinkageSettings } from './pipeline.js';
import type { TrainingSession } from './sessions.js';

const jw = (threshold: number) => ({ kind: 'jaro-winkler' as const, threshold });
const skeleton = { kind: 'key' as const, key: 'name-skeleton' };
/** Field by field comparisons for victim lists: names (exact, cross-script skeleton, Jaro–Winkler), birth year, places. */
export const VICTIM_LIST_COMPARISONS: ComparisonSpec[] = [
  {
    name: 'given',
    field: 'given',
    transform: 'compact-name',
    levels: [{ kind: 'exact' }, skeleton, jw(0.9)],
    termFrequency: true,
  },
  {
    name: 'surname',
    field: 'surname',
    transform: 'compact-name',
    levels: [{ kind: 'exact' }, skeleton, jw(0.92), jw(0.8)],
    termFrequency: true,
  },
  {
    name: 'father',
    field: 'father',
    transform: 'compact-name',
    levels: [{ kind: 'exact' }, skeleton, jw(0.9)],
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
  { name: 'city', field: 'city', transform: 'compact-name', levels: [{ kind: 'exact' }, skeleton, jw(0.85)] },
  { name: 'prison', field: 'prison', transform: 'compact-name', levels: [{ kind: 'exact' }, skeleton] },
];
const nameKey = (v: string): string | null => {
  const c = compactName(v);
  return c === null ? null : nameSkeleton(c);
};
const yearKey = (v: string): string | null => gregorianYear(v);
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
    transform: [nameKey, nameKey, yearKey],
  },
  { name: 'given + surname + prison', fields: ['given', 'surname', 'prison'], transform: nameKey },
  { name: 'given + surname + city', fields: ['given', 'surname', 'city'], transform: nameKey },
];

/** One EM session per strong rule, each leaving its own fields out of training (as Splink does). */
export const VICTIM_LIST_SESSIONS: TrainingSession[] = [
  { rule: 'given + surname + year', inactive: ['given', 'surname', 'birth_year'] },
  { rule: 'surname + father + year', inactive: ['surname', 'father', 'birth_year'] },
  { rule: 'given + father + year', inactive: ['given', 'father', 'birth_year'] },
  { rule: 'given + surname + prison', inactive: ['given', 'surname', 'prison'] },
];

/** Settings for deduplicating victim lists; `cluster` defaults to threshold 0.5 and a same-list guard of 0.99. */
export function victimListSettings(
  options: { cluster?: Partial<ClusterOptions>; seed?: number; threads?: number; maxBlockSize?: number } = {},
): LinkageSettings {
  return {
    mode: 'dedupe',
    comparisons: VICTIM_LIST_COMPARISONS,
    blocking: VICTIM_LIST_BLOCKING,
    maxBlockSize: options.maxBlockSize ?? 1000,
    threads: options.threads ?? 2,
    seed: options.seed ?? 1,
    em: { maxIterations: 200 },
    sessions: VICTIM_LIST_SESSIONS,
    // Registries mix scripts: most true matches agree only through the cross-script skeleton, and EM would
    // otherwise weigh an exact match below a skeleton match.
    predict: { monotone: true },
    cluster: { threshold: 0.5, sameListThreshold: 0.99, ...options.cluster },
  };
}
