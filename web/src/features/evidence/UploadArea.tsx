/**
 * Adding files: drop them or choose them (several at once), each with its own progress bar and result.
 * Two files travel at a time; the rest wait their turn. The label and collection record are taken when a
 * file is added, so a batch can be sent under one description while the next is being filled in.
 */
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { ApiError } from '../../api.js';
import { Num } from '../../format.js';
import { FileSize, useLanguageName } from './evidence-format.js';
import { uploadFile, type Upload } from './upload.js';
import { COLLECTION_FIELDS, type Collection, type IngestResult } from './types.js';

const PARALLEL = 2;

type State = 'waiting' | 'sending' | 'processing' | 'stored' | 'duplicate' | 'failed' | 'cancelled';

interface Item {
  key: number;
  file: File;
  sensitivity: string;
  collection: Collection | null;
  state: State;
  sent: number;
  result?: IngestResult;
  error?: ApiError;
}

export function UploadArea({
  caseId,
  labels,
  onStored,
}: {
  caseId: string;
  /** Labels the user may read; the server refuses a label the user may not add to. */
  labels: string[];
  onStored: () => void;
}) {
  const { t } = useTranslation();
  const [items, setItems] = useState<Item[]>([]);
  const [sensitivity, setSensitivity] = useState('internal');
  // The default label is `internal` when the user may read it, else the first one they may.
  useEffect(() => {
    if (labels.length > 0 && !labels.includes(sensitivity))
      setSensitivity(labels.includes('internal') ? 'internal' : labels[0]!);
  }, [labels, sensitivity]);
  const [collection, setCollection] = useState<Collection>({});
  const [dragging, setDragging] = useState(false);
  const nextKey = useRef(1);
  const uploads = useRef(new Map<number, Upload>());
  const started = useRef(new Set<number>());
  const input = useRef<HTMLInputElement>(null);

  const update = (key: number, change: Partial<Item>) =>
    setItems((all) => all.map((i) => (i.key === key ? { ...i, ...change } : i)));

  const add = (files: FileList | null) => {
    if (!files || files.length === 0) return;
    const filled = Object.fromEntries(Object.entries(collection).filter(([, v]) => v?.trim()));
    const added = [...files].map<Item>((file) => ({
      key: nextKey.current++,
      file,
      sensitivity,
      collection: Object.keys(filled).length > 0 ? filled : null,
      state: 'waiting',
      sent: 0,
    }));
    setItems((all) => [...added, ...all]);
  };

  // Start waiting files while fewer than PARALLEL are travelling.
  useEffect(() => {
    const busy = items.filter((i) => i.state === 'sending' || i.state === 'processing').length;
    const ready = items
      .filter((i) => i.state === 'waiting' && !started.current.has(i.key))
      .reverse() // oldest first: new files are listed on top
      .slice(0, Math.max(0, PARALLEL - busy));
    for (const item of ready) {
      started.current.add(item.key);
      update(item.key, { state: 'sending' });
      const upload = uploadFile(item.file, {
        caseId,
        sensitivity: item.sensitivity,
        collection: item.collection,
        onProgress: (sent) => update(item.key, { sent }),
        onSent: () => update(item.key, { state: 'processing', sent: item.file.size }),
      });
      uploads.current.set(item.key, upload);
      upload.done.then(
        ({ result }) => {
          update(item.key, { state: result.duplicate ? 'duplicate' : 'stored', result });
          onStored();
        },
        (error: ApiError) => update(item.key, { state: error.status === -1 ? 'cancelled' : 'failed', error }),
      );
      void upload.done.finally(() => uploads.current.delete(item.key)).catch(() => undefined);
    }
  }, [items, caseId, onStored]);

  // Leaving the page stops what is still travelling.
  useEffect(() => {
    const current = uploads.current;
    return () => {
      for (const upload of current.values()) upload.abort();
    };
  }, []);

  const drop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    add(e.dataTransfer.files);
  };

  return (
    <section className="upload" aria-labelledby="upload-title">
      <h2 id="upload-title">{t('evidence.upload.title')}</h2>
      <div className="upload-settings">
        <div>
          <label htmlFor="upload-sensitivity">{t('evidence.upload.sensitivity')}</label>
          <select
            id="upload-sensitivity"
            value={sensitivity}
            onChange={(e) => setSensitivity(e.target.value)}
          >
            {labels.map((l) => (
              <option key={l} value={l}>
                {t(`label.${l}`)}
              </option>
            ))}
          </select>
        </div>
        <details>
          <summary>{t('evidence.upload.collection')}</summary>
          <p className="muted">{t('evidence.upload.collectionHint')}</p>
          {COLLECTION_FIELDS.map((f) => (
            <div key={f}>
              <label htmlFor={`upload-${f}`}>{t(`evidence.collection.${f}`)}</label>
              <input
                id={`upload-${f}`}
                value={collection[f] ?? ''}
                onChange={(e) => setCollection({ ...collection, [f]: e.target.value })}
              />
            </div>
          ))}
        </details>
      </div>
      <div
        className={`dropzone${dragging ? ' dragging' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
      >
        <p>{t('evidence.upload.drop')}</p>
        {/* The native control is hidden but keeps the focus: its label, in the reader's language, is the button. */}
        <input
          ref={input}
          id="upload-files"
          className="visually-hidden file-input"
          type="file"
          multiple
          onChange={(e) => {
            add(e.target.files);
            // Lets the same file be chosen again after a failure.
            if (input.current) input.current.value = '';
          }}
        />
        <label htmlFor="upload-files" className="button file-button">
          {t('evidence.upload.choose')}
        </label>
        <p className="muted">{t('evidence.upload.hint')}</p>
      </div>
      {items.length > 0 && (
        <ul className="uploads" aria-label={t('evidence.upload.queue')}>
          {items.map((item) => (
            <UploadRow
              key={item.key}
              item={item}
              caseId={caseId}
              onCancel={() => uploads.current.get(item.key)?.abort()}
              onDismiss={() => setItems((all) => all.filter((i) => i.key !== item.key))}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function UploadRow({
  item,
  caseId,
  onCancel,
  onDismiss,
}: {
  item: Item;
  caseId: string;
  onCancel: () => void;
  onDismiss: () => void;
}) {
  const { t } = useTranslation();
  const travelling = item.state === 'sending' || item.state === 'processing';
  const percent = item.file.size > 0 ? Math.round((item.sent / item.file.size) * 100) : 100;
  return (
    <li
      className={`upload-item upload-${item.state}${item.result?.extraction?.status === 'failed' ? ' upload-notext' : ''}`}
      data-state={item.state}
    >
      <div className="upload-head">
        <strong dir="auto" className="upload-name">
          {item.file.name}
        </strong>{' '}
        <span className="muted">
          <FileSize bytes={item.file.size} />
        </span>
        {/* Once every byte is sent the server is storing the file: cancelling then would not undo that. */}
        {item.state === 'sending' ? (
          <button type="button" className="small" onClick={onCancel}>
            {t('evidence.upload.cancel')}
          </button>
        ) : !travelling && item.state !== 'waiting' ? (
          <button
            type="button"
            className="small secondary"
            onClick={onDismiss}
            aria-label={t('evidence.upload.dismissFile', { name: item.file.name })}
          >
            {t('evidence.upload.dismiss')}
          </button>
        ) : null}
      </div>
      {(item.state === 'waiting' || travelling) && (
        <>
          <progress
            max={100}
            {...(item.state === 'processing' ? {} : { value: item.state === 'waiting' ? 0 : percent })}
            aria-label={t('evidence.upload.progressOf', { name: item.file.name })}
          />
          <span className="muted">
            {item.state === 'waiting' && t('evidence.upload.waiting')}
            {item.state === 'sending' && (
              <>
                {t('evidence.upload.sending')} <Num value={`${percent} %`} />
              </>
            )}
            {item.state === 'processing' && t('evidence.upload.processing')}
          </span>
        </>
      )}
      <div aria-live="polite">
        {item.result && <UploadResult caseId={caseId} state={item.state} result={item.result} />}
        {item.state === 'failed' && item.error && (
          <p className="error upload-error" role="alert">
            ✗ {t('evidence.upload.failed')}:{' '}
            {item.error.status === 0 ? t('evidence.upload.network') : item.error.message}
          </p>
        )}
        {item.state === 'cancelled' && <p className="muted">{t('evidence.upload.cancelled')}</p>}
      </div>
    </li>
  );
}

function UploadResult({ caseId, state, result }: { caseId: string; state: State; result: IngestResult }) {
  const { t } = useTranslation();
  const languageName = useLanguageName();
  const extraction = result.extraction;
  return (
    <div className="upload-result">
      <p className="upload-outcome">
        ✓ {state === 'duplicate' ? t('evidence.upload.duplicate') : t('evidence.upload.stored')}{' '}
        <Link to={`/cases/${caseId}/documents/${result.file.id}`}>{t('evidence.upload.open')}</Link>
      </p>
      {extraction?.status === 'done' && (
        <p>
          {t('evidence.extraction.language')}: {languageName(extraction.language)}
          {extraction.pages !== null && (
            <>
              {' · '}
              {t('evidence.extraction.pages')}: <Num value={extraction.pages} />
            </>
          )}
          {' · '}
          {t('evidence.upload.mentionsFound')}: <Num value={result.mentions.total} />
          {result.mentions.total > 0 && (
            <span className="muted">
              {' ('}
              {Object.entries(result.mentions.byKind).map(([kind, n], i) => (
                <span key={kind}>
                  {i > 0 && t('evidence.comma')}
                  {t(`evidence.mentionKind.${kind}`, { defaultValue: kind })}: <Num value={n} />
                </span>
              ))}
              {')'}
            </span>
          )}
        </p>
      )}
      {extraction?.status === 'done' &&
        extraction.warnings.map((w) => (
          <p key={w} className="notice warn-notice">
            {t('evidence.extraction.warning')}: {w}
          </p>
        ))}
      {extraction?.status === 'failed' && (
        <p className="error upload-error" role="alert">
          ✗ {t('evidence.extraction.failed')}: {extraction.message}
        </p>
      )}
      {extraction?.status === 'not_applicable' && <p className="muted">{extraction.message}</p>}
    </div>
  );
}
