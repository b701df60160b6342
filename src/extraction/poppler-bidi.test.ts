import { describe, expect, it } from 'vitest';
import { logicalOrder } from './poppler-bidi.js';

// Lines as pdftotext 22.12 prints Chromium's rendering of them (‫ = RLE, ‪ = LRE, ‬ = PDF).
const RLE = '\u202b';
const LRE = '\u202a';
const PDF = '\u202c';

describe('logicalOrder', () => {
  it('moves the spaces and punctuation beside embedded runs to their side', () => {
    const printed = [
      `${RLE}سال ${LRE} 1988${PDF}بود${PDF}`,
      `${RLE}نام او «${LRE} »Ali Reza${PDF}بود${PDF}`,
      `${RLE}گفت${LRE} !Hello, world :${PDF}و رفت${PDF}`,
      `${RLE}(${LRE} )Evin${PDF}زندان${PDF}`,
      `${RLE}${LRE} ۱۳۶۷/۵/۸${PDF}تاریخ${PDF}`,
      `${RLE}شدند${LRE}.${PDF}${PDF}`,
      `The prison ${RLE} زندان اوین${PDF}was in Tehran.`,
    ].join('\n');
    expect(logicalOrder(printed).split('\n')).toEqual([
      'سال 1988 بود',
      'نام او «Ali Reza» بود',
      'گفت: Hello, world! و رفت',
      '(Evin) زندان',
      '۱۳۶۷/۵/۸ تاریخ',
      'شدند.',
      'The prison زندان اوین was in Tehran.',
    ]);
  });

  it('reads a Persian line of an English page, and an English line of a Persian page, in their own direction', () => {
    expect(logicalOrder(`${RLE} نفر${PDF}۴۰۰۰ ${RLE} بیش از${PDF}۱۳۶۷ ${RLE}در سال${PDF}`)).toBe(
      'در سال ۱۳۶۷ بیش از ۴۰۰۰ نفر',
    );
    expect(logicalOrder(`${RLE}${LRE} was in Tehran.${PDF}زندان اوین ${LRE}The prison${PDF}${PDF}`)).toBe(
      'The prison زندان اوین was in Tehran.',
    );
  });

  it('leaves lines of one direction alone, and keeps pages and lines apart', () => {
    expect(logicalOrder(`${RLE}زندان اوین در تهران است${PDF}\n\fEnglish only, 1988.\n`)).toBe(
      'زندان اوین در تهران است\n\fEnglish only, 1988.\n',
    );
    expect(logicalOrder(`${RLE}${LRE}An English line (1988).${PDF}${PDF}`)).toBe('An English line (1988).');
  });
});
