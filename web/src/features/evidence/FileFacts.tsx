/**
 * What is known about a stored file, as a court would ask it: its hash, size and type, how its text was
 * extracted (tool and version), how it was collected, which files were derived from it, and every view,
 * download, copy and export in its custody log.
 */
import { useTranslation } from 'react-i18next';
import { Num } from '../../format.js';
import { DateTime, FileSize, useLanguageName } from './evidence-format.js';
import { COLLECTION_FIELDS, type CustodyEntry, type FileView } from './types.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';

export function FileFacts({ file }: { file: FileView }) {
  const { t } = useTranslation();
  const languageName = useLanguageName();
  const extraction = file.extraction;
  return (
    <dl className="facts file-facts">
      <div className="fact">
        <dt>{t('evidence.file.sha256')}</dt>
        <dd>
          <span className="mono hash" dir="ltr">
            {file.sha256}
          </span>
        </dd>
      </div>
      <div className="fact">
        <dt>{t('evidence.file.size')}</dt>
        <dd>
          <FileSize bytes={file.size} />
        </dd>
      </div>
      <div className="fact">
        <dt>{t('evidence.file.mediaType')}</dt>
        <dd>
          <span dir="ltr" className="mono">
            {file.mediaType}
          </span>
        </dd>
      </div>
      <div className="fact">
        <dt>{t('evidence.file.added')}</dt>
        <dd>
          <DateTime iso={file.createdAt} time />
        </dd>
      </div>
      {extraction?.status === 'done' && (
        <>
          <div className="fact">
            <dt>{t('evidence.extraction.tool')}</dt>
            <dd>
              <span dir="ltr">
                {extraction.tool} {extraction.toolVersion}
              </span>{' '}
              <span className="muted">
                ({t(`evidence.method.${extraction.method}`, { defaultValue: extraction.method })})
              </span>
            </dd>
          </div>
          <div className="fact">
            <dt>{t('evidence.extraction.language')}</dt>
            <dd>
              {languageName(extraction.language)}
              {Object.keys(extraction.languages).length > 1 && (
                <span className="muted">
                  {' — '}
                  {t('evidence.extraction.paragraphs')}:{' '}
                  {Object.entries(extraction.languages).map(([code, n], i) => (
                    <span key={code}>
                      {i > 0 && t('evidence.comma')}
                      {languageName(code === 'unknown' ? null : code)} <Num value={n} />
                    </span>
                  ))}
                </span>
              )}
            </dd>
          </div>
          {extraction.pages !== null && (
            <div className="fact">
              <dt>{t('evidence.extraction.pages')}</dt>
              <dd>
                <Num value={extraction.pages} />
              </dd>
            </div>
          )}
          {extraction.encoding && (
            <div className="fact">
              <dt>{t('evidence.extraction.encoding')}</dt>
              <dd>
                <span dir="ltr">{extraction.encoding}</span>
              </dd>
            </div>
          )}
          <div className="fact">
            <dt>{t('evidence.extraction.characters')}</dt>
            <dd>
              <Num value={extraction.characters} />
            </dd>
          </div>
        </>
      )}
      {extraction && extraction.status !== 'done' && (
        <div className="fact">
          <dt>{t('evidence.extraction.title')}</dt>
          <dd className={extraction.status === 'failed' ? 'error' : 'muted'}>
            {extraction.status === 'failed' && `✗ ${t('evidence.extraction.failed')}: `}
            {extraction.message}
          </dd>
        </div>
      )}
    </dl>
  );
}

/** How the file came into the investigators' hands. */
export function CollectionRecord({ file }: { file: FileView }) {
  const { t } = useTranslation();
  const filled = COLLECTION_FIELDS.filter((f) => file.collection?.[f]);
  return (
    <section>
      <h2>{t('evidence.collection.title')}</h2>
      {filled.length === 0 ? (
        <p className="muted">{t('evidence.collection.none')}</p>
      ) : (
        <dl className="facts">
          {filled.map((f) => (
            <div key={f} className="fact">
              <dt>{t(`evidence.collection.${f}`)}</dt>
              <dd dir="auto">{file.collection?.[f]}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

/** Files made from this one (extracted text, OCR, redactions), each with its parent's hash and its tool. */
export function DerivedFiles({ files }: { files: FileView[] }) {
  const { t } = useTranslation();
  if (files.length === 0) return null;
  return (
    <section>
      <h2>{t('evidence.derived.title')}</h2>
      <ScrollRegion label={t('common.table')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('evidence.derived.kind')}</th>
              <th scope="col">{t('evidence.derived.tool')}</th>
              <th scope="col">{t('evidence.file.size')}</th>
              <th scope="col">{t('evidence.file.sha256')}</th>
            </tr>
          </thead>
          <tbody>
            {files.map((f) => (
              <tr key={f.id}>
                <td>
                  {f.derivation
                    ? t(`evidence.derived.kinds.${f.derivation.kind}`, { defaultValue: f.derivation.kind })
                    : '—'}
                </td>
                <td>
                  <span dir="ltr">
                    {f.derivation ? `${f.derivation.tool} ${f.derivation.toolVersion}` : '—'}
                  </span>
                </td>
                <td>
                  <FileSize bytes={f.size} />
                </td>
                <td>
                  <span className="mono hash" dir="ltr">
                    {f.sha256}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}

function detailText(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('; ');
}

/** Every event in the file's custody, oldest first. */
export function CustodyLog({ entries }: { entries: CustodyEntry[] }) {
  const { t } = useTranslation();
  return (
    <section>
      <h2>{t('evidence.custody.title')}</h2>
      <ScrollRegion label={t('common.table')}>
        <table className="custody">
          <thead>
            <tr>
              <th scope="col">{t('evidence.custody.at')}</th>
              <th scope="col">{t('evidence.custody.actor')}</th>
              <th scope="col">{t('evidence.custody.action')}</th>
              <th scope="col">{t('evidence.custody.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((c) => (
              <tr key={c.id}>
                <td>
                  <DateTime iso={c.at} time />
                </td>
                <td dir="auto">{c.actor}</td>
                <td>{t(`evidence.custody.actions.${c.action}`, { defaultValue: c.action })}</td>
                <td className="custody-detail">
                  <span dir="ltr">{detailText(c.detail)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}
