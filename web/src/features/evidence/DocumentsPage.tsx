/**
 * The case's original files, newest first, with the upload area on top for those who may add sources.
 * Quarantined files (whose bytes no longer match their hash) and, on request, withdrawn ones are marked.
 */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { Abilities } from '../../api.js';
import { ErrorText, Loading } from '../../components/Loading.js';
import { Num } from '../../format.js';
import { useApi } from '../../use-api.js';
import { CaseNav } from '../cases/CasePages.js';
import { DateTime, FileSize, FileStatusBadge, useLanguageName } from './evidence-format.js';
import type { FileView } from './types.js';
import { UploadArea } from './UploadArea.js';

const PAGE = 50;

export function DocumentsPage() {
  const { caseId = '' } = useParams();
  const { t } = useTranslation();
  const languageName = useLanguageName();
  const [withdrawn, setWithdrawn] = useState(false);
  const [offset, setOffset] = useState(0);
  const abilities = useApi<Abilities>(`/api/cases/${caseId}/abilities`);
  const files = useApi<{ items: FileView[]; total: number }>(
    `/api/cases/${caseId}/files?limit=${PAGE}&offset=${offset}&includeWithdrawn=${withdrawn}`,
  );
  const { reload } = files;
  const onStored = useCallback(() => reload(), [reload]);
  const canUpload = Boolean(abilities.data?.records.source?.create);
  return (
    <>
      <CaseNav caseId={caseId} />
      <h1>{t('evidence.documents.title')}</h1>
      <p>{t('evidence.documents.intro')}</p>
      {canUpload && <UploadArea caseId={caseId} labels={abilities.data?.labels ?? []} onStored={onStored} />}
      <h2>{t('evidence.documents.stored')}</h2>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={withdrawn}
          onChange={(e) => {
            setWithdrawn(e.target.checked);
            setOffset(0);
          }}
        />{' '}
        {t('evidence.documents.showWithdrawn')}
      </label>
      <ErrorText error={files.error} />
      {!files.data && !files.error && <Loading />}
      {files.data && (
        <>
          <p className="muted" role="status">
            {t('evidence.documents.count')}: <Num value={files.data.total} />
          </p>
          <ul className="cards documents">
            {files.data.items.map((f) => (
              <li key={f.id} className={`card document-card file-${f.status}`}>
                <div className="heading-row">
                  <Link to={`/cases/${caseId}/documents/${f.id}`} dir="auto" className="document-name">
                    {f.originalName}
                  </Link>
                  <span className={`label label-${f.sensitivity}`}>{t(`label.${f.sensitivity}`)}</span>
                  <FileStatusBadge file={f} />
                </div>
                <div className="muted document-meta">
                  <span>
                    <DateTime iso={f.createdAt} />
                  </span>
                  <span>
                    <FileSize bytes={f.size} />
                  </span>
                  <span dir="ltr">{f.mediaType.split(';')[0]}</span>
                  {f.extraction?.status === 'done' && (
                    <>
                      <span>
                        {t('evidence.extraction.language')}: {languageName(f.extraction.language)}
                      </span>
                      {f.extraction.pages !== null && (
                        <span>
                          {t('evidence.extraction.pages')}: <Num value={f.extraction.pages} />
                        </span>
                      )}
                      {f.extraction.warnings.length > 0 && (
                        <span className="badge warn">⚠ {t('evidence.documents.warnings')}</span>
                      )}
                    </>
                  )}
                </div>
                {f.statusNote && f.status !== 'active' && <p className="status-note">{f.statusNote}</p>}
              </li>
            ))}
            {files.data.items.length === 0 && <li className="muted">{t('evidence.documents.none')}</li>}
          </ul>
          {files.data.total > PAGE && (
            <div className="pager">
              <button
                type="button"
                disabled={offset === 0}
                onClick={() => setOffset(Math.max(0, offset - PAGE))}
              >
                {t('common.previous')}
              </button>
              <button
                type="button"
                disabled={offset + PAGE >= files.data.total}
                onClick={() => setOffset(offset + PAGE)}
              >
                {t('common.next')}
              </button>
            </div>
          )}
        </>
      )}
    </>
  );
}
