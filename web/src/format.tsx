import { useTranslation } from 'react-i18next';
import { toPersianDigits } from '../../src/domain/digits.js';
import { displayName } from '../../src/domain/display-name.js';
import { formatFuzzyDate } from '../../src/domain/fuzzy-date-format.js';
import type { FuzzyDate, Name } from './api.js';

export function useLang(): 'en' | 'fa' {
  return useTranslation().i18n.language === 'fa' ? 'fa' : 'en';
}

/** A number as text in the reader's digits, for numbers inside translated sentences. */
export function formatNum(value: number | string, lang: 'en' | 'fa'): string {
  const text = typeof value === 'number' ? value.toLocaleString('en') : value;
  return lang === 'fa' ? toPersianDigits(text) : text;
}

/** A number in the reader's digits. */
export function Num({ value }: { value: number | string }) {
  return <>{formatNum(value, useLang())}</>;
}

/** A date in the reader's calendar first, the other calendar beside it. */
export function DateText({ date }: { date: FuzzyDate | null | undefined }) {
  const lang = useLang();
  const { t } = useTranslation();
  if (!date || !date.start) return <span className="muted">{t('date.unknown')}</span>;
  const d = date as Parameters<typeof formatFuzzyDate>[0];
  const primary = formatFuzzyDate(d, { calendar: lang === 'fa' ? 'solar_hijri' : 'gregorian', locale: lang });
  const secondary = formatFuzzyDate(d, {
    calendar: lang === 'fa' ? 'gregorian' : 'solar_hijri',
    locale: lang,
  });
  return (
    <span className="date" title={date.text}>
      {primary} <span className="muted">({secondary})</span>
    </span>
  );
}

export { displayName };

export function recordTitle(record: Record<string, unknown>, lang: 'en' | 'fa'): string {
  if (Array.isArray(record.names)) return displayName(record.names as Name[], lang);
  if (typeof record.title === 'string') return record.title;
  return String(record.id);
}
