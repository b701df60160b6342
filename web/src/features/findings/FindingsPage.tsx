import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import type { Abilities, Page } from '../../api.js';
import { ErrorText, Loading } from '../../components/Loading.js';
import { formatNum, Num, useLang } from '../../format.js';
import { RecordIndexProvider } from '../../present/record-index.js';
import { DataText } from '../../present/values.js';
import { useApi } from '../../use-api.js';
import { CaseNav } from '../cases/CasePages.js';
import {
  REVIEW_STATES,
  reviewState,
  StandardText,
  STANDARDS,
  StateBadge,
  statementIn,
  type Finding,
} from './finding-words.js';

/** The case's findings, filtered by where their review stands and by the standard of proof they reach. */
export function FindingsPage() {
  const { caseId = '' } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const [params, setParams] = useSearchParams();
  const state = params.get('state') ?? '';
  const standard = params.get('standard') ?? '';
  const findings = useApi<Page<Finding>>(
    `/api/cases/${caseId}/findings?limit=500${standard ? `&standard=${standard}` : ''}`,
  );
  const abilities = useApi<Abilities>(`/api/cases/${caseId}/abilities`);
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const shown = (findings.data?.items ?? []).filter((f) => !state || reviewState(f) === state);
  return (
    <RecordIndexProvider caseId={caseId}>
      <CaseNav caseId={caseId} />
      <section>
        <div className="heading-row">
          <h1>{t('finding.title')}</h1>
          {abilities.data?.records.finding?.create && (
            <Link className="button" to={`/cases/${caseId}/findings/new`}>
              {t('finding.new')}
            </Link>
          )}
        </div>
        <p className="muted">{t('finding.intro')}</p>
        <div className="filters">
          <label>
            {t('finding.filterState')}
            <select value={state} onChange={(e) => set('state', e.target.value)}>
              <option value="">{t('common.all')}</option>
              {REVIEW_STATES.map((s) => (
                <option key={s} value={s}>
                  {t(`finding.state.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('finding.filterStandard')}
            <select value={standard} onChange={(e) => set('standard', e.target.value)}>
              <option value="">{t('common.all')}</option>
              {STANDARDS.map((s) => (
                <option key={s} value={s}>
                  {t(`finding.standard.${s}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        {findings.error ? <ErrorText error={findings.error} /> : null}
        {!findings.data && !findings.error ? <Loading /> : null}
        {findings.data && (
          <>
            <p role="status">
              {t('finding.count')}: <Num value={shown.length} />
            </p>
            <ul className="cards finding-list">
              {shown.map((f) => (
                <li key={f.id} className="card">
                  <Link to={`/cases/${caseId}/findings/${f.id}`}>
                    <DataText text={statementIn(f, lang)} />
                  </Link>
                  <span className="finding-meta">
                    <StateBadge finding={f} />{' '}
                    <span className="badge">
                      <StandardText standard={f.standard} />
                    </span>{' '}
                    <span className="muted">
                      {t('finding.versionN', { version: formatNum(f.version, lang) })}
                    </span>
                  </span>
                </li>
              ))}
              {shown.length === 0 && <li className="muted">{t('finding.none')}</li>}
            </ul>
          </>
        )}
      </section>
    </RecordIndexProvider>
  );
}
