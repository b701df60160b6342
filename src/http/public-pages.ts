import { displayName, type NameForm } from '../domain/display-name.js';
import { formatFuzzyDate } from '../domain/fuzzy-date-format.js';
import type { FuzzyDate } from '../domain/fuzzy-date.js';
import type { MemorialCard, MemorialPerson } from '../services/memorial-index.js';

/**
 * The public pages (the family search and a victim's memorial page) written out as HTML by the server, in the
 * reader's language, so that a relative on a slow phone reads them as soon as the page arrives: on "Slow 3G" every
 * request costs two seconds, and the script that draws the application is another 110 KB after that. The script
 * then draws the same page from the same data (written into the page, so it asks for nothing again) and adds what
 * needs it: the correction form, the language switch. The markup and class names follow the web application's
 * components (web/src/features/public), so the page does not move when the script takes over.
 */

export type PageLang = 'en' | 'fa';

/** The web application's words (web/src/i18n), as the build writes them beside the app. */
export type Strings = Record<PageLang, Record<string, unknown>>;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** The language to write a page in: the reader's choice (a cookie the app sets), else the browser's first. */
export function pageLanguage(cookie: string | undefined, acceptLanguage: string | undefined): PageLang {
  if (cookie === 'fa' || cookie === 'en') return cookie;
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('fa') ? 'fa' : 'en';
}

/** A word of the application in a language (English if Persian lacks it; the key itself never reaches a page). */
function word(strings: Strings, lang: PageLang, key: string): string {
  const find = (dict: Record<string, unknown>) =>
    key.split('.').reduce<unknown>((at, part) => (at as Record<string, unknown> | undefined)?.[part], dict);
  const found = find(strings[lang]) ?? find(strings.en);
  return typeof found === 'string' ? found : '';
}

type Name = NameForm;

/** A piece of data in its own direction, isolated from the sentence around it. */
function bdi(text: string): string {
  return `<bdi>${escapeHtml(text)}</bdi>`;
}

function dateHtml(strings: Strings, lang: PageLang, date: FuzzyDate | null | undefined): string {
  if (!date || !date.start)
    return `<span class="muted">${escapeHtml(word(strings, lang, 'date.unknown'))}</span>`;
  const primary = formatFuzzyDate(date, {
    calendar: lang === 'fa' ? 'solar_hijri' : 'gregorian',
    locale: lang,
  });
  const secondary = formatFuzzyDate(date, {
    calendar: lang === 'fa' ? 'gregorian' : 'solar_hijri',
    locale: lang,
  });
  return `<span class="date">${escapeHtml(primary)} <span class="muted">(${escapeHtml(secondary)})</span></span>`;
}

function names(list: Name[]): string {
  return list.map((n) => bdi(n.text)).join(' · ');
}

/** The header the application draws, without what needs the script (the language switch). */
function header(strings: Strings, lang: PageLang): string {
  const w = (key: string) => escapeHtml(word(strings, lang, key));
  return (
    `<a class="skip" href="#main">${w('nav.skip')}</a>` +
    `<header class="top"><a class="brand" href="/">${w('app.name')}</a>` +
    `<nav aria-label="${w('nav.main')}"><a href="/">${w('nav.memorial')}</a></nav>` +
    `<div class="spacer"></div><a href="/login">${w('nav.login')}</a></header>`
  );
}

function page(strings: Strings, lang: PageLang, body: string): string {
  return `${header(strings, lang)}<main id="main" tabindex="-1">${body}</main>`;
}

/** One victim's memorial page (the correction form comes with the script). */
export function memorialPersonHtml(strings: Strings, lang: PageLang, person: MemorialPerson): string {
  const w = (key: string) => escapeHtml(word(strings, lang, key));
  const unknown = `<li class="muted">${w('memorial.unknown')}</li>`;
  const events = person.events.length
    ? `<ul>${person.events
        .map(
          (e) =>
            `<li>${w(`eventKind.${e.kind}`)} — ${dateHtml(strings, lang, e.date)}${
              e.place ? ` — ${bdi(displayName(e.place.names, lang))}` : ''
            }</li>`,
        )
        .join('')}</ul>`
    : `<p class="muted">${w('memorial.noEvents')}</p>`;
  const detention = person.detention
    .map(
      (d) =>
        `<li>${bdi(displayName(d.place.names, lang))} <span class="muted">(${w(`certainty.${d.certainty}`)})</span></li>`,
    )
    .join('');
  const burial = person.burial
    .map(
      (b) =>
        `<li>${bdi(displayName(b.place.names, lang))} — <strong>${w(`certainty.${b.certainty}`)}</strong></li>`,
    )
    .join('');
  return page(
    strings,
    lang,
    `<article class="memorial-person"><h1>${bdi(displayName(person.names, lang))}</h1>` +
      (person.synthetic ? `<p class="badge">${w('person.syntheticLong')}</p>` : '') +
      `<dl class="facts"><dt>${w('person.names')}</dt><dd>${names(person.names)}</dd>` +
      (person.fatherName ? `<dt>${w('person.fatherName')}</dt><dd>${bdi(person.fatherName)}</dd>` : '') +
      `<dt>${w('person.birthDate')}</dt><dd>${dateHtml(strings, lang, person.birthDate)}</dd></dl>` +
      `<h2>${w('memorial.whatHappened')}</h2>${events}` +
      `<h2>${w('memorial.detention')}</h2><ul>${detention || unknown}</ul>` +
      `<h2>${w('memorial.burial')}</h2><ul>${burial || unknown}</ul></article>`,
  );
}

export interface SearchForm {
  q: string;
  fatherName: string;
  birthYear: string;
}

function card(strings: Strings, lang: PageLang, p: MemorialCard): string {
  const w = (key: string) => escapeHtml(word(strings, lang, key));
  const places = (list: MemorialCard['detention']) =>
    list
      .map(
        (d) =>
          `${bdi(displayName(d.place.names, lang))} <span class="muted">(${w(`certainty.${d.certainty}`)})</span>`,
      )
      .join(' · ');
  return (
    `<li class="card"><a href="/memorial/${encodeURIComponent(p.id)}">${bdi(displayName(p.names, lang))}</a>` +
    `<div class="muted">${names(p.names)}</div><dl class="facts">` +
    (p.fatherName ? `<dt>${w('person.fatherName')}</dt><dd>${bdi(p.fatherName)}</dd>` : '') +
    `<dt>${w('person.birthDate')}</dt><dd>${dateHtml(strings, lang, p.birthDate)}</dd>` +
    (p.death
      ? `<dt>${w(`eventKind.${p.death.kind}`)}</dt><dd>${dateHtml(strings, lang, p.death.date)}${
          p.death.place ? ` — ${bdi(displayName(p.death.place.names, lang))}` : ''
        }</dd>`
      : '') +
    (p.detention.length ? `<dt>${w('memorial.detention')}</dt><dd>${places(p.detention)}</dd>` : '') +
    (p.burial.length ? `<dt>${w('memorial.burial')}</dt><dd>${places(p.burial)}</dd>` : '') +
    `</dl>${p.synthetic ? `<span class="badge">${w('person.synthetic')}</span>` : ''}</li>`
  );
}

function digits(lang: PageLang, n: number): string {
  const text = String(n);
  return lang === 'fa' ? text.replace(/[0-9]/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!) : text;
}

/**
 * The family search: the form (a plain GET form, which works before the script arrives and without it) and, for a
 * query, its result cards. `cards` is null when there was no query or the query was not valid (the script then
 * says what is wrong with it, field by field).
 */
export function searchPageHtml(
  strings: Strings,
  lang: PageLang,
  form: SearchForm,
  cards: MemorialCard[] | null,
): string {
  const w = (key: string) => escapeHtml(word(strings, lang, key));
  const field = (name: keyof SearchForm, label: string, hint?: string, numeric = false) =>
    `<div class="field"><label for="memorial-${name}">${label}</label>` +
    (hint ? `<p id="memorial-${name}-hint" class="muted">${hint}</p>` : '') +
    `<input id="memorial-${name}" name="${name}" type="${name === 'q' ? 'search' : 'text'}" value="${escapeHtml(
      form[name],
    )}" autocomplete="off"${numeric ? ' inputmode="numeric"' : ''}${
      hint ? ` aria-describedby="memorial-${name}-hint"` : ''
    }${name === 'q' ? ` placeholder="${w('memorial.placeholder')}"` : ''} /></div>`;
  const results =
    cards === null
      ? ''
      : `<p role="status">${w('memorial.results')}: ${digits(lang, cards.length)}</p>` +
        `<ul class="cards">${cards.map((c) => card(strings, lang, c)).join('')}</ul>`;
  return page(
    strings,
    lang,
    `<section class="memorial"><h1>${w('memorial.title')}</h1><p>${w('memorial.intro')}</p>` +
      `<form role="search" class="search" method="get" action="/">${field('q', w('memorial.searchLabel'))}` +
      `<details${form.fatherName || form.birthYear ? ' open' : ''}><summary>${w('memorial.narrow')}</summary>` +
      field('fatherName', w('person.fatherName'), w('memorial.fatherHint')) +
      field('birthYear', w('memorial.birthYear'), w('memorial.birthYearHint'), true) +
      `</details><button type="submit">${w('memorial.search')}</button></form>${results}</section>`,
  );
}

/**
 * The data a page was drawn from, for the script to start from instead of asking again: a JSON data block (not a
 * script that runs, so the content security policy has nothing to allow). `<` is escaped so that no value can close
 * the element.
 */
export function initialDataHtml(url: string, data: unknown): string {
  const json = JSON.stringify({ url, data }).replace(/</g, '\\u003c');
  return `<script type="application/json" id="initial-data">${json}</script>`;
}
