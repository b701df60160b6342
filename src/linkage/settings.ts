/**
 * Linkage settings as data: JSON that `dossier link --plan` prints, every run saves in its report, and
 * `--settings FILE` (or the API) gives back. Blocking transforms and comparison keys are names of registered key
 * functions, never functions, so a file says everything a run did. `parseSettings` checks a file with zod and
 * names the field of every problem.
 */
import { z } from 'zod';
import type { BlockingRule, LinkMode } from './blocking.js';
import type { ComparisonSpec } from './comparisons.js';
import { validateComparisons } from './comparisons.js';
import { foldForSearch } from '../names/index.js';
import {
  gregorianYear,
  keyFunction,
  nameSkeleton,
  placeName,
  compactName,
  keySetFunction,
  oneDeletionNeighbours,
  registerKeyFunction,
  registerKeySetFunction,
} from './keys.js';
import type { LinkageSettings } from './pipeline.js';
import type { TrainingSession } from './sessions.js';

/** Types a field of the linkage records may have; each has its own comparison levels and blocking key. */
export const FIELD_TYPES = [
  'name',
  'date',
  'year',
  'place',
  'postcode',
  'address',
  'identifier',
  'category',
  'text',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** A blocking rule as data: fields whose keys (after the named transforms) must all be equal. */
export interface BlockingRuleData {
  name: string;
  fields: string[];
  /** One transform name per field (null: the value as it is). */
  transforms: Array<string | null>;
  /** The fields' keys as a set (given name and surname swapped still meet). */
  unordered?: boolean;
  maxBlockSize?: number;
}

/** Everything a run is configured by, JSON-serialisable. */
export interface LinkSettingsData {
  version: 1;
  mode: LinkMode;
  /** The typed fields the settings were derived from (informative: which field is which type, how full). */
  fields: Array<{ name: string; type: FieldType; filled: number; distinct: number }>;
  comparisons: ComparisonSpec[];
  blocking: BlockingRuleData[];
  sessions: TrainingSession[];
  /** Match probability at or above which two records are one person. */
  threshold: number;
  /** The same, for two records of one list; equal to `threshold` unless stated. */
  sameListThreshold: number;
  maxBlockSize: number;
  uSampleSize: number;
  seed: number;
  emMaxIterations: number;
  /** An earlier level never weighs less than a later one. */
  monotone: boolean;
  /**
   * Chain guard of the clustering (see `ClusterOptions.sizePenalty`): joining groups of a and b records needs
   * this many bits × log2(a·b) of weight beyond the threshold, since one spurious pair between two groups is
   * likelier the more record pairs they span. 0 or absent (settings saved before it existed): no guard.
   */
  clusterSizePenalty?: number;
  /** How groups are joined (see `ClusterOptions.linkage`); absent: 'single', as settings saved before it. */
  clusterLinkage?: 'single' | 'average';
  /**
   * Each list's own prior against repeats raises what a join naming a person twice in that list through a pair
   * across lists needs (see `ClusterOptions.repeatPenalties`); absent: off, as settings saved before it.
   */
  clusterListRepeats?: boolean;
}

// Blocking keys by name (a blocking rule only holds names).
const nameKey = (v: string): string | null => {
  const c = compactName(v);
  return c === null ? null : nameSkeleton(c);
};
const yearNumber = (v: string): number | null => {
  const n = Number(v);
  if (Number.isFinite(n) && v.trim() !== '') return n;
  const y = gregorianYear(v);
  return y === null ? null : Number(y);
};
const yearBin = (offset: number) => (v: string) => {
  const y = yearNumber(v);
  return y === null ? null : String(Math.floor((Math.floor(y) + offset) / 2));
};
registerKeyFunction('name-key', nameKey);
// Blocking only: a name's skeleton and its skeletons with one letter deleted, so that a name mistyped or misread
// once (a scan's TaIvazfar, a typed Rczaee, a dropped letter) still meets its other spellings.
registerKeySetFunction('name-key-near', (v) => {
  const k = nameKey(v);
  return k === null ? null : oneDeletionNeighbours(k);
});
registerKeyFunction('surname-ends', (v) => {
  const k = nameKey(v);
  return k === null || k.length < 5 ? null : k.slice(0, 2) + k.slice(-2);
});
registerKeyFunction('place-key', (v) => {
  const p = placeName(v);
  return p === null ? null : nameSkeleton(p);
});
registerKeyFunction('year', (v) => {
  const y = yearNumber(v);
  return y === null ? null : String(Math.floor(y));
});
registerKeyFunction('year-bin', yearBin(0));
registerKeyFunction('year-bin-shifted', yearBin(1));
registerKeyFunction('compact', (v) => foldForSearch(v).replace(/\s+/g, '') || null);
// The first four characters of an identifier longer than that (an email's local part): a typo later in the
// value still blocks, as a name's first letters do. A shorter value has no start apart from itself: none.
registerKeyFunction('compact-start', (v) => {
  const c = foldForSearch(v).replace(/\s+/g, '');
  return c.length > 4 ? c.slice(0, 4) : null;
});
// Dates as ISO days (yyyy-mm-dd): the month, the year, and the day and month in either order.
registerKeyFunction('date-month', (v) => (/^\d{4}-\d{2}/.test(v) ? v.slice(0, 7) : null));
registerKeyFunction('date-month-day', (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? v.slice(5) : null));
registerKeyFunction('name-start', (v) => compactName(v)?.slice(0, 3) || null);
registerKeyFunction('date-year', (v) => (/^\d{4}/.test(v) ? v.slice(0, 4) : null));
registerKeyFunction('date-day-month-either', (v) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return null;
  const [a, b] = [m[2]!, m[3]!].sort();
  return `${m[1]}-${a}-${b}`;
});

function isKeyFunction(name: string): boolean {
  try {
    keyFunction(name);
    return true;
  } catch {
    return false;
  }
}
const transformName = z.string().refine(isKeyFunction, { message: 'not a known transform or key' });
/** A blocking rule's transform: a key function, or a key-set function (a value's several keys). */
const ruleTransformName = z
  .string()
  .refine((name) => keySetFunction(name) !== undefined || isKeyFunction(name), {
    message: 'not a known transform, key or key set',
  });
const common = {
  field: z.string().min(1).optional(),
  agreeOnly: z.boolean().optional(),
  valueKind: z.enum(['text', 'number', 'date']).optional(),
};
const levelSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('exact'), ...common }).strict(),
  z
    .object({ kind: z.literal('key'), key: transformName, termFrequency: z.boolean().optional(), ...common })
    .strict(),
  z
    .object({
      kind: z.literal('jaro-winkler'),
      threshold: z.number().gt(0).lte(1),
      key: transformName.optional(),
      ...common,
    })
    .strict(),
  z
    .object({
      kind: z.literal('edit-distance'),
      max: z.number().int().min(0).max(10),
      transpositions: z.boolean().optional(),
      ...common,
    })
    .strict(),
  z.object({ kind: z.literal('within'), max: z.number().min(0), ...common }).strict(),
]);
const comparisonSchema = z
  .object({
    name: z.string().min(1),
    field: z.string().min(1),
    transform: transformName.optional(),
    valueKind: z.enum(['text', 'number', 'date']).optional(),
    levels: z.array(levelSchema).min(1).max(250),
    termFrequency: z.boolean().optional(),
  })
  .strict();
const ruleSchema = z
  .object({
    name: z.string().min(1),
    fields: z.array(z.string().min(1)).min(1),
    transforms: z.array(ruleTransformName.nullable()),
    unordered: z.boolean().optional(),
    maxBlockSize: z.number().int().min(2).optional(),
  })
  .strict()
  .refine((r) => r.transforms.length === r.fields.length, {
    message: 'one transform (or null) per field',
    path: ['transforms'],
  });
const probability = z.number().gt(0).lt(1);

export const linkSettingsSchema = z
  .object({
    version: z.literal(1),
    mode: z.enum(['dedupe', 'link']),
    fields: z.array(
      z
        .object({
          name: z.string().min(1),
          type: z.enum(FIELD_TYPES),
          filled: z.number().min(0).max(1),
          distinct: z.number().int().min(0),
        })
        .strict(),
    ),
    comparisons: z.array(comparisonSchema).min(1),
    blocking: z.array(ruleSchema).min(1),
    sessions: z.array(z.object({ rule: z.string().min(1), inactive: z.array(z.string()) }).strict()),
    threshold: probability,
    sameListThreshold: z.number().gt(0).lte(1),
    maxBlockSize: z.number().int().min(2),
    uSampleSize: z.number().int().min(100).max(10_000_000),
    seed: z.number().int(),
    emMaxIterations: z.number().int().min(1).max(100_000),
    monotone: z.boolean(),
    clusterSizePenalty: z.number().min(0).max(10).optional(),
    clusterLinkage: z.enum(['single', 'average']).optional(),
    clusterListRepeats: z.boolean().optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    const rules = new Set<string>();
    s.blocking.forEach((r, i) => {
      if (rules.has(r.name))
        ctx.addIssue({
          code: 'custom',
          path: ['blocking', i, 'name'],
          message: `duplicate rule "${r.name}"`,
        });
      rules.add(r.name);
    });
    const comparisons = new Set(s.comparisons.map((c) => c.name));
    s.sessions.forEach((session, i) => {
      if (!rules.has(session.rule))
        ctx.addIssue({
          code: 'custom',
          path: ['sessions', i, 'rule'],
          message: `no blocking rule "${session.rule}"`,
        });
      session.inactive.forEach((c, k) => {
        if (!comparisons.has(c))
          ctx.addIssue({
            code: 'custom',
            path: ['sessions', i, 'inactive', k],
            message: `no comparison "${c}"`,
          });
      });
    });
    try {
      validateComparisons(s.comparisons as ComparisonSpec[]);
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['comparisons'], message: (error as Error).message });
    }
  });

/** A problem of a settings file: the path of the field (e.g. `blocking.2.transforms`) and what is wrong. */
export interface SettingsProblem {
  field: string;
  message: string;
}

/** Checks settings read from JSON: the settings, or every problem with the field it concerns. */
export function parseSettings(
  input: unknown,
): { ok: true; settings: LinkSettingsData } | { ok: false; problems: SettingsProblem[] } {
  const parsed = linkSettingsSchema.safeParse(input);
  if (parsed.success) return { ok: true, settings: parsed.data as LinkSettingsData };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => ({
      field: ['settings', ...i.path.map(String)].join('.'),
      message: i.message,
    })),
  };
}

/** The fields a settings file's comparisons and rules read, for checking them against the records. */
export function settingsFields(settings: LinkSettingsData): string[] {
  const out = new Set<string>();
  for (const c of settings.comparisons) {
    out.add(c.field);
    for (const l of c.levels) if (l.field) out.add(l.field);
  }
  for (const r of settings.blocking) for (const f of r.fields) out.add(f);
  return [...out];
}

/** The blocking rules of settings data, as the pipeline takes them. */
export function blockingRules(settings: Pick<LinkSettingsData, 'blocking'>): BlockingRule[] {
  return settings.blocking.map((r) => ({
    name: r.name,
    fields: r.fields,
    transform: r.transforms,
    ...(r.unordered ? { unordered: true } : {}),
    ...(r.maxBlockSize === undefined ? {} : { maxBlockSize: r.maxBlockSize }),
  }));
}

/** Pipeline settings from settings data (threads are the machine's business, not the data's). */
export function toLinkageSettings(settings: LinkSettingsData, threads = 2): LinkageSettings {
  return {
    mode: settings.mode,
    comparisons: settings.comparisons,
    blocking: blockingRules(settings),
    maxBlockSize: settings.maxBlockSize,
    uSampleSize: settings.uSampleSize,
    seed: settings.seed,
    threads,
    em: { maxIterations: settings.emMaxIterations },
    sessions: settings.sessions,
    predict: { monotone: settings.monotone },
    cluster: {
      threshold: settings.threshold,
      sameListThreshold: settings.sameListThreshold,
      sizePenalty: settings.clusterSizePenalty ?? 0,
      ...(settings.clusterLinkage ? { linkage: settings.clusterLinkage } : {}),
    },
    ...(settings.clusterListRepeats ? { listRepeats: true } : {}),
  };
}
