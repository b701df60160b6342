import { describe, expect, it } from 'vitest';
import { buildSpotter, type Mention } from './index.js';

const spotter = buildSpotter([]);

function dates(text: string): Mention[] {
  const found = spotter.spot(text).filter((m) => m.kind === 'date');
  for (const m of found) {
    expect(text.slice(m.start, m.end)).toBe(m.text);
    expect(m.date!.text).toBe(m.text);
  }
  return found;
}

describe('dates', () => {
  it.each([
    ['8 Mordad 1367', 'on 8 Mordad 1367 the', 'solar_hijri', 'day', '1988-07-30', '1988-07-30'],
    ['Mordad 1367', 'in Mordad 1367,', 'solar_hijri', 'month', '1988-07-23', '1988-08-22'],
    ['۸ مرداد ۱۳۶۷', 'در ۸ مرداد ۱۳۶۷ اعدام شد', 'solar_hijri', 'day', '1988-07-30', '1988-07-30'],
    ['۸ مرداد ماه ۱۳۶۷', 'در ۸ مرداد ماه ۱۳۶۷ اعدام شد', 'solar_hijri', 'day', '1988-07-30', '1988-07-30'],
    ['مُرداد ۱۳۶۷', 'در مُرداد ۱۳۶۷', 'solar_hijri', 'month', '1988-07-23', '1988-08-22'],
    ['مرداد ۶۷', 'در مرداد ۶۷ بود', 'solar_hijri', 'month', '1988-07-23', '1988-08-22'],
    ['تابستان ۱۳۶۷', 'در تابستان ۱۳۶۷', 'solar_hijri', 'season', '1988-06-22', '1988-09-22'],
    ['تابستان ۶۷', 'در تابستان ۶۷', 'solar_hijri', 'season', '1988-06-22', '1988-09-22'],
    ['July 1988', 'in July 1988.', 'gregorian', 'month', '1988-07-01', '1988-07-31'],
    ['30 July 1988', 'on 30 July 1988.', 'gregorian', 'day', '1988-07-30', '1988-07-30'],
    ['30th of July 1988', 'on 30th of July 1988.', 'gregorian', 'day', '1988-07-30', '1988-07-30'],
    ['July 30, 1988', 'on July 30, 1988, the', 'gregorian', 'day', '1988-07-30', '1988-07-30'],
    ['1988-07-30', 'dated 1988-07-30.', 'gregorian', 'day', '1988-07-30', '1988-07-30'],
    ['۱۳۶۷/۰۵/۰۸', 'مورخ ۱۳۶۷/۰۵/۰۸', 'solar_hijri', 'day', '1988-07-30', '1988-07-30'],
    ['summer 1988', 'in the summer 1988 killings', 'gregorian', 'season', '1988-06-22', '1988-09-22'],
    ['summer of 1988', 'in the summer of 1988,', 'gregorian', 'season', '1988-06-22', '1988-09-22'],
    ['۳۰ ژوئیه ۱۹۸۸', 'در ۳۰ ژوئیه ۱۹۸۸', 'gregorian', 'day', '1988-07-30', '1988-07-30'],
    [
      'between 27 July and 6 September 1988',
      'at Gohardasht between 27 July and 6 September 1988.',
      'gregorian',
      'range',
      '1988-07-27',
      '1988-09-06',
    ],
    [
      '27 July – 6 September 1988',
      'held 27 July – 6 September 1988.',
      'gregorian',
      'range',
      '1988-07-27',
      '1988-09-06',
    ],
    [
      'from July to September 1988',
      'from July to September 1988',
      'gregorian',
      'range',
      '1988-07-01',
      '1988-09-30',
    ],
    [
      'از ۵ مرداد تا ۱۵ شهریور ۱۳۶۷',
      'از ۵ مرداد تا ۱۵ شهریور ۱۳۶۷',
      'solar_hijri',
      'range',
      '1988-07-27',
      '1988-09-06',
    ],
    [
      'between 1981 and 1988',
      'killings between 1981 and 1988',
      'gregorian',
      'range',
      '1981-01-01',
      '1988-12-31',
    ],
    ['1988', 'In 1988, prisoners', 'gregorian', 'year', '1988-01-01', '1988-12-31'],
    ['1988', 'executions since 1988', 'gregorian', 'year', '1988-01-01', '1988-12-31'],
    ['1988', 'the 1988 massacre', 'gregorian', 'year', '1988-01-01', '1988-12-31'],
    ['۱۳۶۷', 'در سال ۱۳۶۷ اعدام شد', 'solar_hijri', 'year', '1988-03-21', '1989-03-20'],
    ['۶۷', 'کشتار سال ۶۷', 'solar_hijri', 'year', '1988-03-21', '1989-03-20'],
    ['1367 SH', 'the year 1367 SH', 'solar_hijri', 'year', '1988-03-21', '1989-03-20'],
    ['۱۳۶۷ ه.ش', 'تاریخ ۱۳۶۷ ه.ش', 'solar_hijri', 'year', '1988-03-21', '1989-03-20'],
  ])('%s', (span, text, calendar, precision, start, end) => {
    const found = dates(text);
    expect(found).toHaveLength(1);
    expect(found[0]!.text).toBe(span);
    expect(found[0]!.date).toMatchObject({ calendar, precision, start, end });
    expect(found[0]!.score).toBeGreaterThan(0);
    expect(found[0]!.score).toBeLessThanOrEqual(1);
  });

  it('scores a precise date above a bare year', () => {
    const [day] = dates('on 8 Mordad 1367');
    const [year] = dates('in 1988');
    expect(day!.score).toBeGreaterThan(year!.score);
  });

  it.each([
    ['a bare number', 'There were 1988 reasons'],
    ['a page number', 'see page 1367'],
    ['a count', 'more than 2000 prisoners'],
    ['a year-like number without context', 'case 1988 was filed'],
    ['a month name alone', 'prisoners may be moved'],
    ['a Persian word that is a month name', 'تیر خورد و در مهر مادر'],
    ['a day and month without year', 'on 27 July the'],
    ['a two-digit Gregorian year', 'in July 88'],
    ['a two-digit Solar Hijri year 00–09', 'در مهر ۰۲'],
    ['a day that does not exist', 'on 31 Esfand 1367'],
    ['a Solar Hijri month with a Gregorian year', 'in Mordad 1988'],
    ['a phone-like ISO', '1988-07-30-12'],
  ])('does not take %s for a date', (_, text) => {
    expect(dates(text)).toEqual([]);
  });
});
