import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { Abilities, Rec } from '../../api.js';
import { ErrorText, Loading } from '../../components/Loading.js';
import { useApi } from '../../use-api.js';
import { ClaimsPanel } from '../claims/ClaimsPanel.js';
import { RecordIndexProvider } from '../../present/record-index.js';
import { DataText } from '../../present/values.js';

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

/** Case switcher and the case's sections; shown above every page of a case. */
export function CaseNav({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data } = useApi<{ items: Rec[] }>('/api/cases');
  const abilities = useApi<Abilities>(`/api/cases/${caseId}/abilities`);
  return (
    <nav className="case-nav" aria-label={t('cases.sections')}>
      <label>
        <span className="visually-hidden">{t('cases.switch')}</span>
        <select
          value={caseId}
          onChange={(e) => navigate(`/cases/${e.target.value}`)}
          aria-label={t('cases.switch')}
        >
          {(data?.items ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {String(c.title)}
            </option>
          ))}
        </select>
      </label>
      <Link to={`/cases/${caseId}`}>{t('cases.overview')}</Link>
      {WORKSPACE_KINDS.map((k) => (
        <Link key={k} to={`/cases/${caseId}/${k}`}>
          {t(`plural.${k}`)}
        </Link>
      ))}
      <Link to={`/cases/${caseId}/documents`}>{t('evidence.documents.title')}</Link>
      <Link to={`/cases/${caseId}/map`}>{t('map.title')}</Link>
      <Link to={`/cases/${caseId}/timeline`}>{t('timeline.title')}</Link>
      <Link to={`/cases/${caseId}/registry`}>{t('registry.title')}</Link>
      <Link to={`/cases/${caseId}/estimates`}>{t('estimates.title')}</Link>
      <Link to={`/cases/${caseId}/search`}>{t('caseSearch.title')}</Link>
      {abilities.data?.labels.includes('protected') && (
        <Link to={`/cases/${caseId}/submissions`}>{t('submissions.title')}</Link>
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
      <ClaimsPanel caseId={caseId} subjectId={caseId} abilities={abilities.data} />
    </RecordIndexProvider>
  );
}
