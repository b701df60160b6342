import { describe, expect, it } from 'vitest';
import { yearTicks } from './ticks.js';

const at = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

describe('the timeline axis', () => {
  it('marks Gregorian new years in English', () => {
    expect(yearTicks(at('1987-12-01'), at('1989-02-01'), 'en')).toEqual([
      { iso: '1987-01-01', label: '1987' },
      { iso: '1988-01-01', label: '1988' },
      { iso: '1989-01-01', label: '1989' },
    ]);
  });

  it('marks Solar Hijri new years in Persian digits, the Gregorian year beside', () => {
    expect(yearTicks(at('1988-01-01'), at('1989-06-01'), 'fa')).toEqual([
      { iso: '1987-03-21', label: '۱۳۶۶ (۱۹۸۷)' },
      { iso: '1988-03-21', label: '۱۳۶۷ (۱۹۸۸)' },
      { iso: '1989-03-21', label: '۱۳۶۸ (۱۹۸۹)' },
    ]);
  });
});
