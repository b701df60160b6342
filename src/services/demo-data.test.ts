import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { parseFuzzyDate } from '../domain/fuzzy-date.js';
import { caseInputSchema } from '../domain/records/case.js';
import { claimInputSchema } from '../domain/records/claim.js';
import { eventInputSchema } from '../domain/records/event.js';
import { findingInputSchema } from '../domain/records/finding.js';
import { positionInputSchema } from '../domain/records/position.js';
import { excerptInputSchema } from '../domain/records/excerpt.js';
import { involvementInputSchema } from '../domain/records/involvement.js';
import { organizationInputSchema } from '../domain/records/organization.js';
import { personInputSchema } from '../domain/records/person.js';
import { placeInputSchema } from '../domain/records/place.js';
import { relationInputSchema } from '../domain/records/relation.js';
import { sourceInputSchema } from '../domain/records/source.js';
import { DEMO_CASE, DEMO_RECORDS, type DemoRecord } from './demo-data.js';

// Checked against the domain schemas directly, so the data is tested without a database or the storage layer.
const SCHEMAS: Record<DemoRecord['type'], z.ZodType> = {
  source: sourceInputSchema,
  excerpt: excerptInputSchema,
  place: placeInputSchema,
  person: personInputSchema,
  organization: organizationInputSchema,
  event: eventInputSchema,
  involvement: involvementInputSchema,
  relation: relationInputSchema,
  claim: claimInputSchema,
  finding: findingInputSchema,
  position: positionInputSchema,
};

const SYNTHETIC_NOTE = /Synthetic example record — not a real person\./;
const PERSIAN_NOTE = /شخص واقعی نیست/;

function references(value: unknown): string[] {
  if (typeof value === 'string') return value.startsWith('@') ? [value.slice(1)] : [];
  if (Array.isArray(value)) return value.flatMap(references);
  if (value && typeof value === 'object') return Object.values(value).flatMap(references);
  return [];
}

/** Every '@key' becomes a fixed valid UUID, as the loader would put a generated one. */
function withIds(value: unknown): unknown {
  if (typeof value === 'string')
    return value.startsWith('@') ? '00000000-0000-4000-8000-000000000001' : value;
  if (Array.isArray(value)) return value.map(withIds);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withIds(v)]));
  return value;
}

const byKey = new Map(DEMO_RECORDS.map((r) => [r.key, r]));
const claims = DEMO_RECORDS.filter((r) => r.type === 'claim');
const people = DEMO_RECORDS.filter((r) => r.type === 'person');
const synthetic = people.filter((p) => p.input.synthetic === true);
const victims = synthetic.filter((p) => p.input.sensitivity !== 'protected');

describe('demo data', () => {
  it('describes a public demonstration case', () => {
    expect(caseInputSchema.safeParse(DEMO_CASE).success).toBe(true);
    expect(DEMO_CASE.title).toBe('1988 prison massacres (demo)');
    expect(DEMO_CASE.sensitivity).toBe('public');
    expect(DEMO_CASE.description).toMatch(/synthetic/);
  });

  it('has unique keys and refers only to earlier records or the case', () => {
    const seen = new Set<string>(['case']);
    for (const record of DEMO_RECORDS) {
      for (const ref of references(record.input)) expect(seen.has(ref), `${record.key} → @${ref}`).toBe(true);
      expect(seen.has(record.key), `${record.key} is used twice`).toBe(false);
      seen.add(record.key);
    }
  });

  it('validates every record with its create schema', () => {
    for (const record of DEMO_RECORDS) {
      const result = SCHEMAS[record.type].safeParse(withIds(record.input));
      expect(result.success, `${record.key}: ${JSON.stringify(result.error?.issues)}`).toBe(true);
    }
  });

  it('backs every claim with an excerpt of a source', () => {
    for (const claim of claims) {
      const evidence = claim.input.evidence as Array<{ excerptId: string }>;
      expect(evidence.length, claim.key).toBeGreaterThan(0);
      for (const { excerptId } of evidence) {
        const excerpt = byKey.get(excerptId.slice(1));
        expect(excerpt?.type, claim.key).toBe('excerpt');
        expect(byKey.get(String(excerpt!.input.sourceId).slice(1))?.type, claim.key).toBe('source');
      }
    }
  });

  it('shows every published death toll side by side, each with its claimant and evidence', () => {
    const tolls = claims.filter((r) => r.input.property === 'death_toll');
    expect(tolls.length).toBeGreaterThanOrEqual(7);
    for (const toll of tolls) {
      expect(toll.input).toMatchObject({ subjectType: 'case', subjectId: '@case', status: 'disputed' });
      expect(toll.input.claimant, toll.key).toBeTruthy();
      expect((toll.input.evidence as unknown[]).length, toll.key).toBe(1);
    }
  });

  it('marks every synthetic person as such, in English and Persian, and everything said about them', () => {
    const named = people.filter((p) => p.input.synthetic !== true);
    // The people named in published sources carry no invented personal details.
    for (const person of named) {
      expect(person.input.birthDate, person.key).toBeUndefined();
      expect(person.input.fatherName, person.key).toBeUndefined();
    }
    expect(synthetic.length).toBe(8);
    const syntheticKeys = new Set(synthetic.map((p) => `@${p.key}`));
    for (const person of synthetic) {
      expect(person.input.notes, person.key).toMatch(SYNTHETIC_NOTE);
      expect(person.input.notes, person.key).toMatch(PERSIAN_NOTE);
    }
    const about = DEMO_RECORDS.filter((r) => references(r.input).some((k) => syntheticKeys.has(`@${k}`)));
    expect(about.length).toBeGreaterThan(0);
    for (const record of about) expect(JSON.stringify(record.input), record.key).toMatch(/[Ss]ynthetic/);
    const events = DEMO_RECORDS.filter((r) => r.type === 'event' && /synthetic/.test(String(r.input.title)));
    for (const event of events) expect(event.input.description, event.key).toMatch(SYNTHETIC_NOTE);
  });

  it('gives the victims Solar Hijri birth dates, one of them in Persian digits', () => {
    const dates = victims.map((v) => parseFuzzyDate(String(v.input.birthDate)));
    expect(dates.some((d) => d.calendar === 'solar_hijri')).toBe(true);
    expect(victims.some((v) => /[۰-۹]/.test(String(v.input.birthDate)))).toBe(true);
    expect(victims.map((v) => v.input.sensitivity).sort()).toEqual([
      'internal',
      'public',
      'public',
      'public',
      'public',
      'public',
      'public',
    ]);
  });

  it('keeps exactly one protected record: a synthetic witness with a contact', () => {
    const protectedRecords = DEMO_RECORDS.filter((r) => r.input.sensitivity === 'protected');
    expect(protectedRecords.map((r) => r.key)).toEqual(['witness']);
    expect(protectedRecords[0]!.input).toMatchObject({ synthetic: true });
    expect(String(protectedRecords[0]!.input.contact)).toMatch(/@example\.org$/);
  });
});
