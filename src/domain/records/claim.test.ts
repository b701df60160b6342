import { describe, expect, it } from 'vitest';
import { claimInputSchema } from './claim.js';

const base = {
  subjectType: 'case',
  subjectId: '6f1c0a4e-0000-4000-8000-000000000001',
  property: 'death_toll',
  sensitivity: 'public',
};

describe('claim values', () => {
  it('take one figure or another as alternatives, not as the range between them', () => {
    const parsed = claimInputSchema.parse({
      ...base,
      value: { type: 'number_alternatives', values: [2800, 3800] },
    });
    expect(parsed.value).toEqual({ type: 'number_alternatives', values: [2800, 3800], bound: 'exact' });
  });

  it('refuse alternatives of a single figure, naming the field', () => {
    const result = claimInputSchema.safeParse({
      ...base,
      value: { type: 'number_alternatives', values: [2800] },
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['value', 'values']);
  });
});
