import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { api, type Rec } from '../../api.js';
import { ErrorText, Loading } from '../../components/Loading.js';
import { useApi } from '../../use-api.js';
import { CaseNav } from '../cases/CasePages.js';
import { RecordIndexProvider, RecordRef } from '../../present/record-index.js';
import { DataText, Timestamp } from '../../present/values.js';

/** What relatives sent through the memorial, for members who hold the protected grant. Every view is logged. */
export function SubmissionsPage() {
  const { caseId = '' } = useParams();
  const { t } = useTranslation();
  const [status, setStatus] = useState('pending');
  const { data, error, reload } = useApi<{ items: Rec[] }>(
    `/api/cases/${caseId}/submissions?status=${status}`,
  );
  const review = async (id: string, next: string) => {
    const reviewNote = window.prompt(t('submissions.note')) ?? null;
    await api(`/api/cases/${caseId}/submissions/${id}`, {
      method: 'PATCH',
      body: { status: next, reviewNote },
    });
    reload();
  };
  return (
    <RecordIndexProvider caseId={caseId}>
      <CaseNav caseId={caseId} />
      <h1>{t('submissions.title')}</h1>
      <p className="muted">{t('submissions.intro')}</p>
      <label htmlFor="submission-status">{t('claims.status')}</label>
      <select id="submission-status" value={status} onChange={(e) => setStatus(e.target.value)}>
        {['pending', 'reviewed', 'dismissed'].map((s) => (
          <option key={s} value={s}>
            {t(`enum.${s}`)}
          </option>
        ))}
      </select>
      <ErrorText error={error} />
      {!data && !error && <Loading />}
      <ul className="cards">
        {(data?.items ?? []).map((s) => (
          <li key={s.id} className="card">
            <div className="muted">
              <Timestamp iso={String(s.createdAt)} /> — {t(`enum.${String(s.kind)}`)}
              {s.personId ? (
                <>
                  {' — '}
                  <RecordRef id={String(s.personId)} fallback={t('submissions.person')} />
                </>
              ) : null}
            </div>
            <p dir="auto">{String(s.message)}</p>
            {s.relationship ? (
              <div>
                {t('submission.relationship')}: <DataText text={String(s.relationship)} />
              </div>
            ) : null}
            {s.contact ? (
              <div>
                {t('submission.contact')}: <DataText text={String(s.contact)} />
              </div>
            ) : null}
            {status === 'pending' && (
              <div className="row">
                <button type="button" className="small" onClick={() => void review(s.id, 'reviewed')}>
                  {t('submissions.markReviewed')}
                </button>
                <button type="button" className="small danger" onClick={() => void review(s.id, 'dismissed')}>
                  {t('submissions.dismiss')}
                </button>
              </div>
            )}
          </li>
        ))}
        {data?.items.length === 0 && <li className="muted">{t('common.none')}</li>}
      </ul>
    </RecordIndexProvider>
  );
}
