import { describe, expect, it } from 'vitest';
import { buildSpotter, type CountQualifier, type Mention } from './index.js';

const spotter = buildSpotter([]);

function counts(text: string): Mention[] {
  const found = spotter.spot(text).filter((m) => m.kind === 'count');
  for (const m of found) expect(text.slice(m.start, m.end)).toBe(m.text);
  return found;
}

describe('counts of people', () => {
  it.each<[string, string, number | null, number | null, CountQualifier]>([
    [
      'more than 30,000 political prisoners',
      'In 1988 more than 30,000 political prisoners were executed.',
      30000,
      null,
      'more_than',
    ],
    ['between 2,800 and 3,800', 'Prisoners executed between 2,800 and 3,800.', 2800, 3800, 'between'],
    ['about 5,000 prisoners', 'He said about 5,000 prisoners died.', 5000, 5000, 'about'],
    ['at least 4,481', 'Prisoners executed: at least 4,481.', 4481, null, 'more_than'],
    ['up to 30,000', 'The victims numbered up to 30,000.', null, 30000, 'up_to'],
    ['less than 1,000', 'He said that less than 1,000 were executed.', null, 1000, 'less_than'],
    ['4,500–5,000 executions', 'Estimates of 4,500–5,000 executions.', 4500, 5000, 'between'],
    ['2,800 or 3,800 prisoners', 'He wrote 2,800 or 3,800 prisoners.', 2800, 3800, 'between'],
    ['4,481 victims', 'The list holds 4,481 victims.', 4481, 4481, 'exact'],
    ['3 to 5 thousand prisoners', 'perhaps 3 to 5 thousand prisoners', 3000, 5000, 'between'],
    ['بیش از ۳۰ هزار زندانی', 'بیش از ۳۰ هزار زندانی اعدام شدند.', 30000, null, 'more_than'],
    ['حدود ۵۰۰۰ نفر', 'حدود ۵۰۰۰ نفر کشته شدند.', 5000, 5000, 'about'],
    ['حدوداً ۵۰۰۰ نفر', 'حدوداً ۵۰۰۰ نفر', 5000, 5000, 'about'],
    ['۴۴۸۱ تن', 'نام ۴۴۸۱ تن ثبت شده است.', 4481, 4481, 'exact'],
    ['بین ۲۸۰۰ تا ۳۸۰۰ نفر', 'بین ۲۸۰۰ تا ۳۸۰۰ نفر اعدام شدند.', 2800, 3800, 'between'],
    ['۳۰٬۰۰۰ زندانی', 'اعدام ۳۰٬۰۰۰ زندانی', 30000, 30000, 'exact'],
    ['۳۰،۰۰۰ زندانی', 'اعدام ۳۰،۰۰۰ زندانی', 30000, 30000, 'exact'],
    ['دست\u200cکم ۴۰۰۰ نفر', 'دست\u200cکم ۴۰۰۰ نفر اعدام شدند', 4000, null, 'more_than'],
    ['تا ۳۰ هزار نفر', 'تا ۳۰ هزار نفر', null, 30000, 'up_to'],
    ['more than 2,000', 'the names of more than 2,000 were recorded', 2000, null, 'more_than'],
    ['1,367 people', 'there were 1,367 people', 1367, 1367, 'exact'],
    [
      'at least 4,000 to 5,000 political dissidents',
      'said that at least 4,000 to 5,000 political dissidents were executed',
      4000,
      5000,
      'between',
    ],
  ])('%s', (span, context, min, max, qualifier) => {
    const text = context || span;
    const found = counts(text);
    expect(found).toHaveLength(1);
    expect(found[0]!.text).toBe(span);
    expect(found[0]!.count).toEqual({ min, max, qualifier });
    expect(found[0]!.score).toBeGreaterThan(0.5);
  });

  it('reports vague counts without bounds and with a low score', () => {
    for (const [text, span] of [
      ['thousands of prisoners were executed', 'thousands of prisoners'],
      ['tens of thousands of political prisoners', 'tens of thousands of political prisoners'],
      ['هزاران زندانی اعدام شدند', 'هزاران زندانی'],
    ] as const) {
      const found = counts(text);
      expect(found.map((m) => m.text)).toEqual([span]);
      expect(found[0]!.count).toEqual({ min: null, max: null, qualifier: 'about' });
      expect(found[0]!.score).toBeLessThan(0.5);
    }
  });

  it('scores a number next to a people noun above one that only follows a people word', () => {
    const [noun] = counts('about 5,000 prisoners');
    const [before] = counts('the victims numbered about 5,000.');
    expect(before!.text).toBe('about 5,000');
    expect(noun!.score).toBeGreaterThan(before!.score);
  });

  it.each([
    ['page numbers', 'The report on victims, p. 32, and pp. 32–135 (victims).'],
    ['a Persian page number', 'زندانیان، صفحه ۴۵'],
    ['a ward number', 'prisoners of Ward 209 and بند ۲۰۹ زندانیان'],
    ['a year after "in"', 'In 1988 prisoners were executed.'],
    ['a year after a month', 'in July 1988 prisoners were executed'],
    ['a year as an adjective', 'the 1988 executions of prisoners'],
    ['a year after سال', 'در سال ۱۳۶۷ زندانیان اعدام شدند'],
    ['a year in brackets', 'victims (1988)'],
    ['a number with no people word', 'The report has 120 pages and 4,000 words.'],
    ['a number of something else after a people word', 'prisoners were held in 12 cells'],
    ['a day after a people word', 'executed on 30 July'],
    ['a percentage', 'about 30% of prisoners'],
    ['a decimal', 'prisoners 2.5 metres'],
    ['an ordinal', 'the 30th prisoner'],
    ['a people word in another sentence', 'Prisoners were moved. The cost was 5,000.'],
  ])('does not count %s', (_, text) => {
    expect(counts(text)).toEqual([]);
  });
});
