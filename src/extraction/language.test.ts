import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language.js';

describe('detectLanguage', () => {
  it('tells Persian from Arabic by the letters only Persian has', () => {
    expect(detectLanguage('در تابستان ۱۳۶۷ هزاران زندانی سیاسی در زندان اوین اعدام شدند.')).toBe('fa');
    expect(detectLanguage('قال الرئيس إن الحكومة ستعمل على تحسين الأوضاع الاقتصادية في البلاد')).toBe('ar');
    // Persian typed with Arabic yeh and kaf (as in Windows-1256 files) is still Persian: گ and پ say so.
    expect(detectLanguage('پدرم در زندان گوهردشت بود و ديگر هيچ خبري از او نشد')).toBe('fa');
  });

  it('prefers Persian when Persian letters are a real part of Arabic-script text', () => {
    expect(detectLanguage('گزارش کمیته حقیقت‌یاب درباره زندانیان')).toBe('fa');
    // An Arabic text that quotes one Persian name stays Arabic.
    expect(
      detectLanguage(
        'وقالت المنظمة إن السلطات الإيرانية أعدمت الآلاف من السجناء السياسيين في صيف عام ١٩٨٨ في سجن إيفين وسجن گوهردشت',
      ),
    ).toBe('ar');
  });

  it('recognises Urdu by its own letters', () => {
    expect(detectLanguage('یہ ایک اردو جملہ ہے جو پاکستان میں بولا جاتا ہے')).toBe('ur');
  });

  it('recognises English and other Latin-script languages', () => {
    expect(detectLanguage('In the summer of 1988 thousands of political prisoners were executed.')).toBe(
      'en',
    );
    expect(detectLanguage("Les prisonniers ont été exécutés pendant l'été 1988 dans la prison.")).toBe('fr');
    expect(detectLanguage('Die Gefangenen wurden im Sommer 1988 im Gefängnis hingerichtet.')).toBe('de');
  });

  it('recognises other scripts', () => {
    expect(detectLanguage('Заключённые были казнены летом 1988 года в тюрьме Эвин.')).toBe('ru');
    expect(detectLanguage('האסירים הוצאו להורג בקיץ 1988')).toBe('he');
  });

  it('gives null when there are too few letters to tell', () => {
    expect(detectLanguage('۱۳۶۷')).toBeNull();
    expect(detectLanguage('12 34 — 56')).toBeNull();
    expect(detectLanguage('Evin')).toBeNull();
    expect(detectLanguage('Testimony (example)')).toBeNull(); // a heading; trigrams once said Dutch
    expect(detectLanguage('')).toBeNull();
  });

  it('follows the script most of the text is in', () => {
    expect(
      detectLanguage('زندان اوین (Evin prison) در شمال تهران قرار دارد و زندانیان سیاسی آنجا بودند'),
    ).toBe('fa');
    expect(
      detectLanguage(
        'Evin prison (زندان اوین) is in the north of Tehran, and political prisoners were held there.',
      ),
    ).toBe('en');
  });

  it('reads a sample of a very long text', () => {
    const text = 'In the summer of 1988 thousands of political prisoners were executed. '.repeat(20_000);
    expect(detectLanguage(text)).toBe('en');
  });
});
