import { useTranslation } from 'react-i18next';
import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { api, type Abilities, type Rec } from '../../api.js';
import { ErrorText, Loading } from '../../components/Loading.js';
import { useApi } from '../../use-api.js';
import { ClaimsPanel } from '../claims/ClaimsPanel.js';
import { RecordIndexProvider } from '../../present/record-index.js';
import { DataText, textDirection } from '../../present/values.js';

export const WORKSPACE_KINDS = ['people', 'organizations', 'places', 'events', 'sources'] as const;

export function CasesPage() {
  const { t } = useTranslation();
  const { data, error } = useApi<{ items: Rec[] }>('/api/cases');
  if (error) return <ErrorText error={error} />;
  if (!data) return <Loading />;
  return (
    <section>
      <h1>{t('cases.title')}</h1>
      <ul className="cards">
        {data.items.map((c) => (
          <li key={c.id} className="card">
            <Link to={`/cases/${c.id}`}>
              <DataText text={String(c.title)} />
            </Link>
            <span className={`label label-${c.sensitivity}`}>{t(`label.${c.sensitivity}`)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** True while the screen is a phone's: the case menu folds away there. */
function useNarrow(): boolean {
  const query = '(max-width: 40rem)';
  const [narrow, setNarrow] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const change = () => setNarrow(list.matches);
    list.addEventListener('change', change);
    return () => list.removeEventListener('change', change);
  }, []);
  return narrow;
}

/**
 * Case switcher and the case's sections; shown above every page of a case. On a phone the sections fold into
 * one line ("Sections of the case: People") so that the page's own content is on the first screen.
 */
export function CaseNav({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const narrow = useNarrow();
  const { data } = useApi<{ items: Rec[] }>('/api/cases');
  const abilities = useApi<Abilities>(`/api/cases/${caseId}/abilities`);
  const base = `/cases/${caseId}`;
  const sections: Array<[string, string]> = [
    [base, t('cases.overview')],
    ...WORKSPACE_KINDS.map((k): [string, string] => [`${base}/${k}`, t(`plural.${k}`)]),
    [`${base}/documents`, t('evidence.documents.title')],
    [`${base}/findings`, t('finding.title')],
    [`${base}/legal`, t('legal.title')],
    [`${base}/suspects`, t('suspect.listTitle')],
    [`${base}/map`, t('map.title')],
    [`${base}/timeline`, t('timeline.title')],
    [`${base}/registry`, t('registry.title')],
    [`${base}/estimates`, t('estimates.title')],
    [`${base}/search`, t('caseSearch.title')],
    ...(abilities.data?.labels.includes('protected')
      ? [[`${base}/submissions`, t('submissions.title')] as [string, string]]
      : []),
    ...(abilities.data?.case.export ? [[`${base}/bundles`, t('bundles.title')] as [string, string]] : []),
  ];
  // The section this page belongs to: the longest section path that starts it.
  const current = sections
    .filter(([path]) => pathname === path || pathname.startsWith(`${path}/`))
    .sort((a, b) => b[0].length - a[0].length)[0];
  const links = sections.map(([path, label]) => (
    <Link key={path} to={path} aria-current={current?.[0] === path ? 'page' : undefined}>
      {label}
    </Link>
  ));
  return (
    <nav className="case-nav" aria-label={t('cases.sections')}>
      <label>
        <span className="visually-hidden">{t('cases.switch')}</span>
        <select
          value={caseId}
          onChange={(e) => navigate(`/cases/${e.target.value}`)}
          aria-label={t('cases.switch')}
          // A title keeps its own direction (an English title on a Persian page reads left to right).
          dir={textDirection(String(data?.items.find((c) => c.id === caseId)?.title ?? ''))}
        >
          {(data?.items ?? []).map((c) => (
            <option key={c.id} value={c.id} dir={textDirection(String(c.title))}>
              {String(c.title)}
            </option>
          ))}
        </select>
      </label>
      {narrow ? (
        <details className="case-menu" key={pathname}>
          <summary>
            {t('cases.menu')}
            {current && <>: {current[1]}</>}
          </summary>
          <div className="case-menu-links">{links}</div>
        </details>
      ) : (
        links
      )}
    </nav>
  );
}

export function CaseOverview() {
  const { caseId = '' } = useParams();
  const { t } = useTranslation();
  const found = useApi<Rec>(`/api/cases/${caseId}`);
  const abilities = useApi<Abilities>(`/api/cases/${caseId}/abilities`);
  if (found.error) return <ErrorText error={found.error} />;
  if (!found.data) return <Loading />;
  return (
    <RecordIndexProvider caseId={caseId}>
      <CaseNav caseId={caseId} />
      <section>
        <h1>
          <DataText text={String(found.data.title)} />
        </h1>
        <p dir="auto">{String(found.data.description)}</p>
        <p className="muted">
          {t('cases.label')}: {t(`label.${found.data.sensitivity}`)}
        </p>
      </section>
      {abilities.data?.case.update && <CaseSettingsForm caseId={caseId} />}
      <ClaimsPanel caseId={caseId} subjectId={caseId} abilities={abilities.data} />
    </RecordIndexProvider>
  );
}

/** The case's settings, for its owners: today whether its alleged perpetrators have public pages. */
function CaseSettingsForm({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const settings = useApi<{ publishSuspects: boolean }>(`/api/cases/${caseId}/settings`);
  const [publish, setPublish] = useState<boolean | null>(null);
  const [message, setMessage] = useState('');
  const value = publish ?? settings.data?.publishSuspects ?? false;
  const save = async () => {
    setMessage('');
    try {
      await api(`/api/cases/${caseId}/settings`, { method: 'PATCH', body: { publishSuspects: value } });
      setMessage(t('caseSettings.saved'));
      settings.reload();
    } catch (e) {
      setMessage(e instanceof Error ? e.message : t('errors.code.network'));
    }
  };
  if (!settings.data) return null;
  return (
    <section className="case-settings">
      <h2>{t('caseSettings.title')}</h2>
      <label className="checkbox">
        <input type="checkbox" checked={value} onChange={(e) => setPublish(e.target.checked)} />{' '}
        {t('caseSettings.publishSuspects')}
      </label>
      <p className="muted">{t('caseSettings.publishSuspectsHelp')}</p>
      <button type="button" onClick={() => void save()}>
        {t('caseSettings.save')}
      </button>
      {message && <p role="status">{message}</p>}
    </section>
  );
}
