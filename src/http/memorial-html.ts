import { formatFuzzyDate } from '../domain/fuzzy-date-format.js';
import type { FuzzyDate } from '../domain/fuzzy-date.js';

/** What the pre-rendered page needs of a memorial entry (the shape `getMemorialPerson` returns). */
export interface MemorialHeading {
  names: Array<{ text: string; script: string; kind: string }>;
  birthDate: FuzzyDate | null;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/**
 * The memorial page's heading as plain HTML, sent inside index.html so that a relative on a slow phone reads the
 * name as soon as the page arrives, before the script (which then draws the full page in the reader's language).
 * The name in Latin script is the heading (the app's default language) and every form of the name follows, each
 * in its own direction; the birth date in both calendars. Every piece of data is escaped.
 */
export function memorialHeadingHtml(person: MemorialHeading): string {
  const primary = person.names.find((n) => n.script === 'latin' && n.kind !== 'alias') ??
    person.names[0] ?? { text: '' };
  const names = person.names
    .map((n) => `<bdi dir="${n.script === 'persian' ? 'rtl' : 'ltr'}">${escapeHtml(n.text)}</bdi>`)
    .join(' · ');
  const born =
    person.birthDate?.start && person.birthDate.end
      ? `<p>${escapeHtml(formatFuzzyDate(person.birthDate, { calendar: 'gregorian', locale: 'en' }))} (${escapeHtml(
          formatFuzzyDate(person.birthDate, { calendar: 'solar_hijri', locale: 'en' }),
        )}) · <bdi dir="rtl" lang="fa">${escapeHtml(
          formatFuzzyDate(person.birthDate, { calendar: 'solar_hijri', locale: 'fa' }),
        )}</bdi></p>`
      : '';
  return `<main id="main"><article class="memorial-person"><h1>${escapeHtml(primary.text)}</h1><p>${names}</p>${born}</article></main>`;
}
