import { describe, expect, it } from 'vitest';
import {
  isAtMost,
  labelsUpTo,
  SENSITIVITY_LABELS,
  sensitivityRank,
  sensitivitySchema,
  type Sensitivity,
} from './sensitivity.js';

describe('sensitivity labels', () => {
  it('are ordered public < internal < confidential < protected', () => {
    expect(SENSITIVITY_LABELS).toEqual(['public', 'internal', 'confidential', 'protected']);
    expect(SENSITIVITY_LABELS.map(sensitivityRank)).toEqual([0, 1, 2, 3]);
  });

  it('compares every pair of labels', () => {
    const allowed: Array<[Sensitivity, Sensitivity]> = [];
    for (const label of SENSITIVITY_LABELS)
      for (const max of SENSITIVITY_LABELS) if (isAtMost(label, max)) allowed.push([label, max]);
    expect(allowed).toEqual([
      ['public', 'public'],
      ['public', 'internal'],
      ['public', 'confidential'],
      ['public', 'protected'],
      ['internal', 'internal'],
      ['internal', 'confidential'],
      ['internal', 'protected'],
      ['confidential', 'confidential'],
      ['confidential', 'protected'],
      ['protected', 'protected'],
    ]);
  });

  it('lists the labels up to a maximum, in order', () => {
    expect(labelsUpTo('public')).toEqual(['public']);
    expect(labelsUpTo('internal')).toEqual(['public', 'internal']);
    expect(labelsUpTo('confidential')).toEqual(['public', 'internal', 'confidential']);
    expect(labelsUpTo('protected')).toEqual([...SENSITIVITY_LABELS]);
  });

  it('returns a fresh list each time', () => {
    labelsUpTo('protected').pop();
    expect(labelsUpTo('protected')).toHaveLength(4);
  });

  it('validates labels', () => {
    for (const label of SENSITIVITY_LABELS) expect(sensitivitySchema.parse(label)).toBe(label);
    for (const bad of ['secret', 'Public', '', 0, null])
      expect(sensitivitySchema.safeParse(bad).success, String(bad)).toBe(false);
  });
});
