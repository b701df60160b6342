import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import type { Abilities, FuzzyDate, Page, Rec } from '../../api.js';
import { ErrorText, Loading } from '../../components/Loading.js';
import { NotFound } from '../../components/NotFound.js';
import { DateText, formatNum, Num, recordTitle, useLang } from '../../format.js';
import { useApi } from '../../use-api.js';
import { CaseNav } from '../cases/CasePages.js';
import { KINDS, LABELS } from './kinds.js';

const PAGE = 25;
/** The most records the API gives in one answer: sorting by name covers these. */
const MAX = 500;

/** One page of records sorted by the name shown, with the reader's collation. */
function sortedPage(all: Page<Rec>, offset: number, lang: 'en' | 'fa'): Page<Rec> {
  const collator = new Intl.Collator(lang);
  const items = [...all.items].sort((a, b) => collator.compare(recordTitle(a, lang), recordTitle(b, lang)));
  return { items: items.slice(offset, offset + PAGE), total: all.total };
}

/** Each person's roles in the case's events (victim, witness, accused), from their involvements. */
function useRoles(caseId: string | null): Map<string, Set<string>> {
  const { data } = useApi<Page<Rec>>(caseId ? `/api/cases/${caseId}/involvements?limit=${MAX}` : null);
  const roles = new Map<string, Set<string>>();
  for (const i of data?.items ?? []) {
    if (i.actorType !== 'person') continue;
    const id = String(i.actorId);
    roles.set(id, (roles.get(id) ?? new Set()).add(String(i.role)));
  }
  return roles;
}

export function RecordListPage() {
  const { caseId = '', plural = '' } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const kind = KINDS[plural];
  const abilities = useApi<Abilities>(`/api/cases/${caseId}/abilities`);
  const byName = params.get('sort') === 'name';
  const query = new URLSearchParams(params);
  query.delete('sort');
  // Sorting by name is done here, in the reader's script and alphabet, over the first MAX records.
  if (byName) query.delete('offset');
  query.set('limit', String(byName ? MAX : PAGE));
  const answer = useApi<Page<Rec>>(kind ? `/api/cases/${caseId}/${plural}?${query.toString()}` : null);
  const roles = useRoles(plural === 'people' ? caseId : null);
  const { error } = answer;
  const offset = Number(params.get('offset') ?? 0);
  const data = answer.data && byName ? sortedPage(answer.data, offset, lang) : answer.data;
  if (!kind) return <NotFound />;
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    next.delete('offset');
    setParams(next);
  };
  const may = abilities.data?.records[kind.type];
  return (
    <>
      <CaseNav caseId={caseId} />
      <section>
        <div className="heading-row">
          <h1>{t(`plural.${plural}`)}</h1>
          {may?.create && (
            <Link className="button" to={`/cases/${caseId}/${plural}/new`}>
              {t('common.new')}
            </Link>
          )}
        </div>
        <form
          className="filters"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            set('q', q.trim());
          }}
        >
          <label htmlFor="list-q">{t('common.search')}</label>
          <input id="list-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
          {kind.filters.map((f) => (
            <span key={f.name}>
              <label htmlFor={`filter-${f.name}`}>{t(`field.${f.name}`)}</label>
              <select
                id={`filter-${f.name}`}
                value={params.get(f.name) ?? ''}
                onChange={(e) => set(f.name, e.target.value)}
              >
                <option value="">{t('common.all')}</option>
                {f.values.map((v) => (
                  <option key={v} value={v}>
                    {t(`enum.${v}`, { defaultValue: v })}
                  </option>
                ))}
              </select>
            </span>
          ))}
          <label htmlFor="list-sort">{t('list.sort')}</label>
          <select id="list-sort" value={byName ? 'name' : ''} onChange={(e) => set('sort', e.target.value)}>
            <option value="">{t('list.sortAdded')}</option>
            <option value="name">{t('list.sortName')}</option>
          </select>
          <label htmlFor="filter-sensitivity">{t('field.sensitivity')}</label>
          <select
            id="filter-sensitivity"
            value={params.get('sensitivity') ?? ''}
            onChange={(e) => set('sensitivity', e.target.value)}
          >
            <option value="">{t('common.all')}</option>
            {LABELS.filter((l) => abilities.data?.labels.includes(l)).map((l) => (
              <option key={l} value={l}>
                {t(`label.${l}`)}
              </option>
            ))}
          </select>
          <button type="submit">{t('common.search')}</button>
        </form>
        <ErrorText error={error} />
        {!data ? (
          <Loading />
        ) : (
          <>
            <p className="muted" role="status">
              {t('common.total')}: <Num value={data.total} />
              {byName && data.total > MAX && <> — {t('list.sortedFirst', { n: formatNum(MAX, lang) })}</>}
            </p>
            <ul className="records">
              {data.items.map((r) => (
                <li key={r.id}>
                  <Link to={`/cases/${caseId}/${plural}/${r.id}`}>
                    <bdi>{recordTitle(r, lang)}</bdi>
                  </Link>{' '}
                  {[...(roles.get(r.id) ?? [])].sort().map((role) => (
                    <span key={role} className={`badge role-${role}`}>
                      {t(`roleBadge.${role}`)}
                    </span>
                  ))}
                  {typeof r.kind === 'string' && (
                    <span className="muted">{t(`enum.${r.kind}`, { defaultValue: r.kind })}</span>
                  )}{' '}
                  {'date' in r && <DateText date={r.date as FuzzyDate | null} />}
                  {'birthDate' in r && r.birthDate ? <DateText date={r.birthDate as FuzzyDate} /> : null}{' '}
                  <span className={`label label-${r.sensitivity}`}>{t(`label.${r.sensitivity}`)}</span>
                  {r.synthetic === true && <span className="badge">{t('person.synthetic')}</span>}
                </li>
              ))}
            </ul>
            <div className="pager">
              <button
                type="button"
                disabled={offset === 0}
                onClick={() => set('offset', String(Math.max(0, offset - PAGE)))}
              >
                {t('common.previous')}
              </button>
              <button
                type="button"
                disabled={offset + PAGE >= Math.min(data.total, byName ? MAX : Infinity)}
                onClick={() =>
                  setParams(
                    new URLSearchParams({ ...Object.fromEntries(params), offset: String(offset + PAGE) }),
                  )
                }
              >
                {t('common.next')}
              </button>
            </div>
          </>
        )}
      </section>
    </>
  );
}
