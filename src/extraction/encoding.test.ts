import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { declaredHtmlCharset, decodeText, decodingCoherence } from './encoding.js';

const PERSIAN = 'پدرم را در مرداد ۱۳۶۷ بردند؛ ژاله و کاوه هرگز نفهمیدند کجا دفن شد.';
/** Windows-1256 has no Persian yeh: Persian in that code page is written with the Arabic one. */
const PERSIAN_1256 = PERSIAN.replace(/ی/g, 'ي').replace(/۱۳۶۷/g, '1367');

describe('decodeText', () => {
  it('follows a byte-order mark', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(PERSIAN, 'utf16le')]);
    expect(decodeText(utf16)).toMatchObject({ text: PERSIAN, encoding: 'utf-16le' });
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(PERSIAN)]);
    expect(decodeText(utf8)).toMatchObject({ text: PERSIAN, encoding: 'utf-8' });
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(PERSIAN, 'utf16le').swap16()]);
    expect(decodeText(be)).toMatchObject({ text: PERSIAN, encoding: 'utf-16be' });
  });

  it('takes valid UTF-8 as UTF-8, even when cut inside a character', () => {
    const bytes = Buffer.from(PERSIAN);
    expect(decodeText(bytes)).toMatchObject({ text: PERSIAN, encoding: 'utf-8', warnings: [] });
    const cut = decodeText(bytes.subarray(0, 5));
    expect(cut.encoding).toBe('utf-8');
    expect(cut.text).toBe('پد');
  });

  it('reads Persian in Windows-1256, which chardet takes for Hebrew', () => {
    const decoded = decodeText(iconv.encode(PERSIAN_1256, 'windows-1256'));
    expect(decoded.encoding).toBe('windows-1256');
    expect(decoded.text).toBe(PERSIAN_1256);
    expect(decoded.warnings).toEqual([]);
  });

  it('reads Arabic in Windows-1256 and Russian in Windows-1251', () => {
    const arabic = 'قال الرئيس إن الحكومة ستعمل على تحسين الأوضاع الاقتصادية في البلاد';
    expect(decodeText(iconv.encode(arabic, 'windows-1256')).text).toBe(arabic);
    const russian = 'Заключённые были казнены летом 1988 года в тюрьме.';
    expect(decodeText(iconv.encode(russian, 'windows-1251')).text).toBe(russian);
  });

  it('reads Western European text in a Latin code page', () => {
    const french = "Les élèves sont allés à l'école. Ça, c'est où? Señor Müller, información.";
    const decoded = decodeText(iconv.encode(french, 'windows-1252'));
    expect(decoded.text).toBe(french);
  });

  it('reads UTF-16 without a byte-order mark', () => {
    expect(decodeText(Buffer.from(PERSIAN, 'utf16le'))).toMatchObject({
      text: PERSIAN,
      encoding: 'utf-16le',
    });
  });

  it('trusts a declared charset only when the bytes agree', () => {
    const bytes = iconv.encode(PERSIAN_1256, 'windows-1256');
    expect(decodeText(bytes, 'windows-1256').text).toBe(PERSIAN_1256);
    const mislabelled = decodeText(bytes, 'utf-8');
    expect(mislabelled.text).toBe(PERSIAN_1256);
    expect(mislabelled.warnings[0]).toMatch(/declares UTF-8/);
  });
});

describe('declaredHtmlCharset', () => {
  it('reads both forms of the meta tag, with the labels the HTML standard remaps', () => {
    expect(declaredHtmlCharset(Buffer.from('<meta charset="windows-1256">'))).toBe('windows-1256');
    expect(
      declaredHtmlCharset(Buffer.from('<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">')),
    ).toBe('utf-8');
    expect(declaredHtmlCharset(Buffer.from('<meta charset=iso-8859-1>'))).toBe('windows-1252');
    expect(declaredHtmlCharset(Buffer.from('<meta charset="no-such-charset">'))).toBeNull();
    expect(declaredHtmlCharset(Buffer.from('<p>no meta</p>'))).toBeNull();
  });
});

describe('decodingCoherence', () => {
  it('is high when words keep to one script and low for a wrong code page', () => {
    expect(decodingCoherence(PERSIAN)).toBe(1);
    const wrong = iconv.decode(iconv.encode('información Müller schön', 'windows-1252'), 'windows-1256');
    expect(decodingCoherence(wrong)).toBeLessThan(0.5);
  });
});
