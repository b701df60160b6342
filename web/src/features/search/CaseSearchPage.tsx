/**
 * Searching a case's sources, documents, excerpts and known entities together. The query and filters live
 * in the address, so a search can be shared and the back button works. Dates may be typed in either
 * calendar ("Mordad 1367", "summer 1988", "1367"): they are read by the same parser as the server's.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ErrorText, Loading } from '../../components/Loading.js';
import { Num } from '../../format.js';
import { useApi } from '../../use-api.js';
import { CaseNav } from '../cases/CasePages.js';
import { useDigits, useLanguageName } from '../evidence/evidence-format.js';
import { PLURAL_OF } from '../evidence/types.js';
import { snippetPieces } from './snippet.js';
import type { SearchHit, SearchKind } from '../../../../src/search/types.js';

// The order the filters are offered in: documents first.
const KINDS = [
  'document',
  'source',
  'excerpt',
  'person',
  'organization',
  'place',
  'event',
] as const satisfies readonly SearchKind[];
const PAGE = 20;

export type { SearchHit };

/** Where a hit leads: the document viewer for a file, otherwise the record's page. */
export function hitLinks(hit: SearchHit): { main: string; document: string | null } {
  const base = `/cases/${hit.caseId}`;
  const at = hit.location ? `?at=${hit.location.offset}` : '';
  const document = hit.fileId ? `${base}/documents/${hit.fileId}${at}` : null;
  switch (hit.kind) {
    case 'document':
      return { main: document ?? `${base}/sources/${hit.sourceId ?? hit.recordId}`, document: null };
    case 'excerpt':
      return { main: document ?? `${base}/sources/${hit.sourceId ?? ''}`, document: null };
    case 'source':
      return { main: `${base}/sources/${hit.recordId}`, document };
    default:
      return { main: `${base}/${PLURAL_OF[hit.kind] ?? hit.kind}/${hit.recordId}`, document: null };
  }
}

/** A typed date's first or last day (ISO), read in either calendar; throws when it cannot be read. */
async function dayOf(text: string, side: 'start' | 'end'): Promise<string | null> {
  if (!text.trim()) return null;
  const { parseFuzzyDate } = await import('../../../../src/domain/fuzzy-date.js');
  return parseFuzzyDate(text.trim())[side];
}

export function CaseSearchPage() {
  const { caseId = '' } = useParams();
  const { t } = useTranslation();
  const digits = useDigits();
  const languageName = useLanguageName();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const kinds = (params.get('kinds') ?? '').split(',').filter(Boolean);
  const language = params.get('language') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const all = params.get('all') === '1';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);

  const [form, setForm] = useState({ q, kinds, language, from, to, all });
  const [path, setPath] = useState<string | null>(null);
  const [dateErrors, setDateErrors] = useState<{ from?: boolean; to?: boolean }>({});

  // The API address follows the page's address; typed dates are read first.
  const key = params.toString();
  useEffect(() => {
    let live = true;
    if (!q.trim()) {
      setPath(null);
      return;
    }
    void (async () => {
      const read = async (text: string, side: 'start' | 'end') => {
        try {
          return { ok: true, day: await dayOf(text, side) };
        } catch {
          return { ok: false, day: null };
        }
      };
      const [a, b] = await Promise.all([read(from, 'start'), read(to, 'end')]);
      if (!live) return;
      setDateErrors({ from: !a.ok, to: !b.ok });
      if (!a.ok || !b.ok) {
        setPath(null);
        return;
      }
      const query = new URLSearchParams({
        q: q.trim(),
        limit: String(PAGE),
        offset: String((page - 1) * PAGE),
      });
      if (!all) query.set('caseId', caseId);
      if (kinds.length > 0) query.set('kinds', kinds.join(','));
      if (language) query.set('language', language);
      if (a.day) query.set('from', a.day);
      if (b.day) query.set('to', b.day);
      setPath(`/api/search?${query.toString()}`);
    })();
    return () => {
      live = false;
    };
    // `key` stands for every parameter read above.
  }, [key, caseId]);

  // Back and forward change the address: the form follows.
  useEffect(() => {
    setForm({ q, kinds, language, from, to, all });
  }, [key]);

  const results = useApi<{ total: number; hits: SearchHit[] }>(path);

  const go = (next: typeof form) => {
    const out: Record<string, string> = {};
    if (next.q.trim()) out.q = next.q.trim();
    if (next.kinds.length > 0) out.kinds = next.kinds.join(',');
    if (next.language) out.language = next.language;
    if (next.from.trim()) out.from = next.from.trim();
    if (next.to.trim()) out.to = next.to.trim();
    if (next.all) out.all = '1';
    setParams(out);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    go(form);
  };
  const turn = (nextPage: number) => {
    const next = new URLSearchParams(params);
    if (nextPage > 1) next.set('page', String(nextPage));
    else next.delete('page');
    setParams(next);
  };
  const toggleKind = (kind: string) =>
    setForm({
      ...form,
      kinds: form.kinds.includes(kind) ? form.kinds.filter((k) => k !== kind) : [...form.kinds, kind],
    });

  const total = results.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE));
  return (
    <>
      <CaseNav caseId={caseId} />
      <h1>{t('caseSearch.title')}</h1>
      <p>{t('caseSearch.intro')}</p>
      <form role="search" className="search case-search" onSubmit={submit}>
        <label htmlFor="case-search-q">{t('caseSearch.query')}</label>
        <div className="row">
          <input
            id="case-search-q"
            type="search"
            value={form.q}
            onChange={(e) => setForm({ ...form, q: e.target.value })}
            placeholder={t('caseSearch.placeholder')}
            autoComplete="off"
          />
          <button type="submit">{t('common.search')}</button>
        </div>
        <details className="search-filters" open={kinds.length > 0 || Boolean(language || from || to || all)}>
          <summary>{t('caseSearch.filters')}</summary>
          <fieldset>
            <legend>{t('caseSearch.kinds')}</legend>
            <div className="checks">
              {KINDS.map((k) => (
                <label key={k} className="checkbox">
                  <input type="checkbox" checked={form.kinds.includes(k)} onChange={() => toggleKind(k)} />{' '}
                  {t(`caseSearch.kind.${k}`)}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="filters">
            <span>
              <label htmlFor="case-search-language">{t('caseSearch.language')}</label>
              <select
                id="case-search-language"
                value={form.language}
                onChange={(e) => setForm({ ...form, language: e.target.value })}
              >
                <option value="">{t('common.all')}</option>
                <option value="fa">{languageName('fa')}</option>
                <option value="en">{languageName('en')}</option>
              </select>
            </span>
            <span>
              <label htmlFor="case-search-from">{t('caseSearch.from')}</label>
              <input
                id="case-search-from"
                value={form.from}
                placeholder={t('form.datePlaceholder')}
                onChange={(e) => setForm({ ...form, from: e.target.value })}
                aria-invalid={Boolean(dateErrors.from)}
                aria-describedby={dateErrors.from ? 'case-search-from-error' : undefined}
              />
              {dateErrors.from && (
                <span id="case-search-from-error" className="error">
                  {t('caseSearch.badDate')}
                </span>
              )}
            </span>
            <span>
              <label htmlFor="case-search-to">{t('caseSearch.to')}</label>
              <input
                id="case-search-to"
                value={form.to}
                placeholder={t('form.datePlaceholder')}
                onChange={(e) => setForm({ ...form, to: e.target.value })}
                aria-invalid={Boolean(dateErrors.to)}
                aria-describedby={dateErrors.to ? 'case-search-to-error' : undefined}
              />
              {dateErrors.to && (
                <span id="case-search-to-error" className="error">
                  {t('caseSearch.badDate')}
                </span>
              )}
            </span>
          </div>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={form.all}
              onChange={(e) => setForm({ ...form, all: e.target.checked })}
            />{' '}
            {t('caseSearch.allCases')}
          </label>
        </details>
      </form>
      <ErrorText error={results.error} />
      {path && !results.data && !results.error && <Loading />}
      {path && results.data && (
        <>
          <p role="status">
            {t('caseSearch.results')}: <Num value={total} />
          </p>
          <ol className="cards search-hits">
            {results.data.hits.map((hit) => {
              const links = hitLinks(hit);
              return (
                <li key={hit.id} className="card search-hit">
                  <div className="heading-row">
                    <span className={`badge hit-kind hit-${hit.kind}`}>
                      {t(`caseSearch.hitKind.${hit.kind}`, { defaultValue: hit.kind })}
                    </span>
                    <Link to={links.main} dir="auto" className="hit-title">
                      {hit.title || hit.fileName || hit.recordId}
                    </Link>
                    <span className={`label label-${hit.sensitivity}`}>{t(`label.${hit.sensitivity}`)}</span>
                  </div>
                  {hit.fileName && (
                    <div className="muted">
                      {t('caseSearch.file')}: <bdi>{hit.fileName}</bdi>
                      {hit.location?.page && (
                        <>
                          {' · '}
                          {t('evidence.viewer.page', { page: digits(hit.location.page) })}
                        </>
                      )}
                      {links.document && (
                        <>
                          {' · '}
                          <Link to={links.document}>{t('caseSearch.openDocument')}</Link>
                        </>
                      )}
                    </div>
                  )}
                  {hit.snippet && (
                    <p className="snippet" dir="auto">
                      {snippetPieces(hit.snippet, hit.highlights).map((piece, i) =>
                        piece.highlight ? (
                          <mark key={i}>{piece.text}</mark>
                        ) : (
                          <span key={i}>{piece.text}</span>
                        ),
                      )}
                    </p>
                  )}
                  {hit.matches.some((m) => m.reason !== 'exact') && (
                    <div className="muted">
                      {t('caseSearch.matched')}{' '}
                      {hit.matches
                        .filter((m) => m.reason !== 'exact')
                        .map((m, i) => (
                          <span key={i}>
                            {i > 0 && ' · '}
                            <bdi>{m.text}</bdi> ({t(`caseSearch.reason.${m.reason}`, { query: m.query })})
                          </span>
                        ))}
                    </div>
                  )}
                  {hit.language && (
                    <div className="muted">
                      {t('caseSearch.language')}: {languageName(hit.language)}
                    </div>
                  )}
                </li>
              );
            })}
            {results.data.hits.length === 0 && <li className="muted">{t('caseSearch.none')}</li>}
          </ol>
          {total > PAGE && (
            <nav className="pager search-pager" aria-label={t('caseSearch.pages')}>
              <button type="button" disabled={page <= 1} onClick={() => turn(page - 1)}>
                {t('common.previous')}
              </button>
              <span>{t('caseSearch.page', { page: digits(page), pages: digits(pages) })}</span>
              <button type="button" disabled={page >= pages} onClick={() => turn(page + 1)}>
                {t('common.next')}
              </button>
            </nav>
          )}
        </>
      )}
    </>
  );
}
