/**
 * One stored document: its facts (hash, size, type, extraction tool and version, warnings), the extracted
 * text with mentions highlighted and a side list to decide on them, excerpt selection, the collection
 * record, derived files and the custody log. Downloading re-checks the hash on the server.
 */
import { useCallback, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { api, ApiError, type Abilities } from '../../api.js';
import { ErrorText, Loading } from '../../components/Loading.js';
import { useApi } from '../../use-api.js';
import { CaseNav } from '../cases/CasePages.js';
import { DocumentText } from './DocumentText.js';
import { FileStatusBadge } from './evidence-format.js';
import { CollectionRecord, CustodyLog, DerivedFiles, FileFacts } from './FileFacts.js';
import { MentionList } from './MentionList.js';
import type { DocumentView, FileDetail, MentionView } from './types.js';

export function DocumentViewerPage() {
  const { caseId = '', fileId = '' } = useParams();
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const at = params.get('at');
  const target = at !== null && /^\d+$/.test(at) ? Number(at) : null;
  const base = `/api/cases/${caseId}/files/${fileId}`;
  const detail = useApi<FileDetail>(base);
  const abilities = useApi<Abilities>(`/api/cases/${caseId}/abilities`);
  const withdrawn = detail.data?.file.status === 'withdrawn';
  const doc = useApi<DocumentView>(detail.data && !withdrawn ? `${base}/document` : null);
  const [decided, setDecided] = useState<Record<string, MentionView>>({});
  const [picked, setPicked] = useState<string | null>(null);

  const mentions = useMemo(
    () => (doc.data?.mentions ?? []).map((m) => decided[m.id] ?? m),
    [doc.data, decided],
  );
  const onDecided = useCallback((m: MentionView) => setDecided((all) => ({ ...all, [m.id]: m })), []);
  const onPick = useCallback((id: string) => setPicked(id), []);
  const onShow = useCallback((id: string) => {
    const mark = document.getElementById(`mention-${id}`);
    mark?.scrollIntoView({ block: 'center' });
    mark?.focus({ preventScroll: true });
  }, []);

  if (detail.error) return <ErrorText error={detail.error} />;
  if (!detail.data) return <Loading />;
  const { file, derived, custody } = detail.data;
  const may = abilities.data?.records;
  const extraction = file.extraction;
  return (
    <>
      <CaseNav caseId={caseId} />
      <p>
        <Link to={`/cases/${caseId}/documents`}>{t('evidence.viewer.back')}</Link>
      </p>
      <article className="document">
        <div className="heading-row">
          <h1 dir="auto">{file.originalName}</h1>
          <span className={`label label-${file.sensitivity}`}>{t(`label.${file.sensitivity}`)}</span>
          <FileStatusBadge file={file} />
          {file.status === 'active' && (
            // A plain link: the browser streams the file to disk. Should the hash no longer match, the
            // server answers 409 with a message naming the file instead of the bytes.
            <a className="button" href={`${base}/content`}>
              {t('evidence.viewer.download')}
            </a>
          )}
        </div>
        {file.sourceId && (
          <p>
            {t('evidence.viewer.source')}:{' '}
            <Link to={`/cases/${caseId}/sources/${file.sourceId}`}>{t('evidence.viewer.openSource')}</Link>
          </p>
        )}
        {file.status === 'quarantined' && (
          <p className="error notice" role="alert">
            ⚠ {t('evidence.viewer.quarantined')} {file.statusNote}
          </p>
        )}
        {file.status === 'withdrawn' && (
          <p className="notice">
            ⊘ {t('evidence.viewer.withdrawn')} {file.statusNote}
          </p>
        )}
        {extraction?.status === 'done' &&
          extraction.warnings.map((w) => (
            <p key={w} className="notice warn-notice" role="note">
              ⚠ {t('evidence.extraction.warning')}: {w}
            </p>
          ))}
        <FileFacts file={file} />
        {!withdrawn && (
          <div className="viewer">
            <section className="viewer-text" aria-labelledby="text-title">
              <h2 id="text-title">{t('evidence.viewer.text')}</h2>
              <ErrorText error={doc.error} />
              {!doc.data && !doc.error && <Loading />}
              {doc.data && doc.data.text === null && (
                <p className="muted">
                  {t('evidence.viewer.noText')}
                  {extraction && extraction.status !== 'done' && ` ${extraction.message}`}
                </p>
              )}
              {doc.data?.text && (
                <DocumentText
                  caseId={caseId}
                  sourceId={file.sourceId}
                  text={doc.data.text}
                  language={extraction?.status === 'done' ? extraction.language : null}
                  sensitivity={file.sensitivity}
                  labels={abilities.data?.labels ?? []}
                  mentions={mentions}
                  canExcerpt={Boolean(may?.excerpt?.create)}
                  target={target}
                  onPick={onPick}
                />
              )}
            </section>
            {doc.data && (
              <MentionList
                caseId={caseId}
                mentions={mentions}
                canDecide={Boolean(may?.claim?.create)}
                picked={picked}
                onDecided={onDecided}
                onShow={onShow}
              />
            )}
          </div>
        )}
        <CollectionRecord file={file} />
        <DerivedFiles files={derived} />
        <CustodyLog entries={custody} />
        {file.status !== 'withdrawn' && may?.source?.update && (
          <WithdrawForm caseId={caseId} fileId={file.id} onDone={detail.reload} />
        )}
      </article>
    </>
  );
}

/** Withdrawing hides a file from lists and exports; its bytes and history stay. A reason is required. */
function WithdrawForm({ caseId, fileId, onDone }: { caseId: string; fileId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      await api(`/api/cases/${caseId}/files/${fileId}/withdraw`, { method: 'POST', body: { reason } });
      setOpen(false);
      onDone();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, String(err)));
    }
  };
  if (!open)
    return (
      <section>
        <h2>{t('evidence.withdraw.title')}</h2>
        <p className="muted">{t('evidence.withdraw.hint')}</p>
        <button type="button" className="danger" onClick={() => setOpen(true)}>
          {t('evidence.withdraw.start')}
        </button>
      </section>
    );
  const problem = error?.byField().reason;
  return (
    <form className="record-form" onSubmit={(e) => void submit(e)} noValidate>
      <h2>{t('evidence.withdraw.title')}</h2>
      <p className="muted">{t('evidence.withdraw.hint')}</p>
      <label htmlFor="withdraw-reason">{t('evidence.withdraw.reason')}</label>
      <textarea
        id="withdraw-reason"
        rows={3}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        aria-invalid={Boolean(problem)}
        aria-describedby={problem ? 'withdraw-reason-error' : undefined}
      />
      {problem && (
        <p id="withdraw-reason-error" className="error">
          {problem}
        </p>
      )}
      {error && !problem && <ErrorText error={error} />}
      <div className="actions">
        <button type="submit" className="danger">
          {t('evidence.withdraw.confirm')}
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          {t('evidence.excerpt.cancel')}
        </button>
      </div>
    </form>
  );
}
