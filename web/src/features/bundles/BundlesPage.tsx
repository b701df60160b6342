import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api, ApiError, type Abilities, type Name, type Page, type Rec } from '../../api.js';
import { ErrorText } from '../../components/Loading.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';
import { displayName, formatNum, Num, useLang } from '../../format.js';
import { Timestamp } from '../../present/values.js';
import { useApi } from '../../use-api.js';
import { CaseNav } from '../cases/CasePages.js';

const AUDIENCES = ['public', 'un', 'court'] as const;
type Audience = (typeof AUDIENCES)[number];

interface Omitted {
  type: string;
  id: string;
  code: 'label' | 'consent' | 'rests_on_omitted' | 'no_audited_write';
  label?: string;
  names?: Name[];
  title?: string;
}
interface Preview {
  audience: Audience;
  included: Record<string, number>;
  released: number;
  omitted: Omitted[];
}
interface Bundle {
  id: string;
  state: 'running' | 'done' | 'failed';
  error?: string;
  audience: Audience;
  createdAt: string;
  records: number;
  omitted: number;
  files: number;
  pdf: boolean;
  zipBytes: number;
}

/** Record kinds whose pages the workspace has, by the bundle's type name. */
const PAGES: Record<string, string> = {
  source: 'sources',
  place: 'places',
  person: 'people',
  organization: 'organizations',
  event: 'events',
};

/** A left-out record: its name if the reader may read it, linked to its page where it has one. */
function OmittedName({ item, caseId }: { item: Omitted; caseId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const name = item.names ? displayName(item.names, lang) : item.title;
  if (!name) return <span className="muted">{t('bundles.unnamed')}</span>;
  const plural = PAGES[item.type];
  return plural ? <Link to={`/cases/${caseId}/${plural}/${item.id}`}>{name}</Link> : <>{name}</>;
}

function megabytes(bytes: number, lang: 'en' | 'fa'): string {
  return formatNum((bytes / 1e6).toFixed(bytes < 1e6 ? 2 : 1), lang);
}

/**
 * A case's bundles: choose the audience and, if wished, the people to narrow it to; see what goes in and what is
 * left out (and why) before anything is made; create one (signed, on the server) and download its zip.
 */
export function BundlesPage() {
  const { caseId = '' } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const abilities = useApi<Abilities>(`/api/cases/${caseId}/abilities`);
  const mayExport = abilities.data?.case.export === true;
  const bundles = useApi<{ items: Bundle[] }>(mayExport ? `/api/cases/${caseId}/bundles` : null);
  const people = useApi<Page<Rec>>(mayExport ? `/api/cases/${caseId}/people?limit=500` : null);
  const [audience, setAudience] = useState<Audience>('public');
  const [subjects, setSubjects] = useState<string[]>([]);
  const [filter, setFilter] = useState('');
  const [pdf, setPdf] = useState(true);
  const [preview, setPreview] = useState<Preview>();
  const [previewError, setPreviewError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [made, setMade] = useState<Bundle>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  // A bundle is made in the background: while one is, ask the list again every second and a half.
  const running = (bundles.data?.items ?? []).some((b) => b.state === 'running');
  const { reload } = bundles;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(reload, 1500);
    return () => clearInterval(timer);
  }, [running, reload]);
  const current = bundles.data?.items.find((b) => b.id === made?.id) ?? made;

  useEffect(() => {
    if (!mayExport) return;
    let live = true;
    setPreviewError(undefined);
    api<Preview>(`/api/cases/${caseId}/bundles/preview`, {
      method: 'POST',
      body: { audience, ...(subjects.length ? { subjects } : {}) },
    }).then(
      (p) => live && setPreview(p),
      (e: unknown) => live && setPreviewError(e),
    );
    return () => {
      live = false;
    };
  }, [caseId, audience, subjects, mayExport]);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setMade(undefined);
    setBusy(true);
    try {
      const bundle = await api<Bundle>(`/api/cases/${caseId}/bundles`, {
        method: 'POST',
        body: { audience, pdf, ...(subjects.length ? { subjects } : {}) },
      });
      setMade(bundle);
      bundles.reload();
    } catch (err) {
      setErrors(err instanceof ApiError ? { ...err.byField(), form: err.message } : { form: String(err) });
    } finally {
      setBusy(false);
    }
  };

  const shownPeople = (people.data?.items ?? [])
    .filter((p) => {
      const needle = filter.trim().toLowerCase();
      if (!needle) return true;
      return ((p.names as Name[] | undefined) ?? []).some((n) => n.text.toLowerCase().includes(needle));
    })
    .slice(0, 200);
  const toggle = (id: string) =>
    setSubjects((now) => (now.includes(id) ? now.filter((s) => s !== id) : [...now, id]));

  return (
    <>
      <CaseNav caseId={caseId} />
      <h1>{t('bundles.title')}</h1>
      <p>{t('bundles.intro')}</p>
      <ErrorText error={abilities.error} />
      {abilities.data && !mayExport && <p className="notice">{t('bundles.noPermission')}</p>}
      {mayExport && (
        <>
          <form id="bundle-form" onSubmit={(e) => void create(e)} className="record-form" noValidate>
            <fieldset>
              <legend>{t('bundles.audience')}</legend>
              {AUDIENCES.map((a) => (
                <label key={a}>
                  <input
                    type="radio"
                    name="bundle-audience"
                    value={a}
                    checked={audience === a}
                    onChange={() => setAudience(a)}
                  />{' '}
                  {t(`bundles.audiences.${a}`)}{' '}
                  <span className="muted">— {t(`bundles.audienceHelp.${a}`)}</span>
                </label>
              ))}
              {errors.audience && <p className="error">{errors.audience}</p>}
            </fieldset>
            <fieldset>
              <legend>{t('bundles.subjects')}</legend>
              <p className="muted">{t('bundles.subjectsHelp')}</p>
              <label htmlFor="bundle-filter">{t('bundles.filter')}</label>
              <input
                id="bundle-filter"
                type="search"
                value={filter}
                onChange={(e) => setFilter(e.target.value)}
              />
              <ScrollRegion label={t('bundles.subjects')} className="subjects-wrap">
                <ul className="bundle-subjects">
                  {shownPeople.map((p) => (
                    <li key={p.id}>
                      <label>
                        <input
                          type="checkbox"
                          checked={subjects.includes(p.id)}
                          onChange={() => toggle(p.id)}
                        />{' '}
                        {displayName(p.names as Name[] | undefined, lang)}
                      </label>
                    </li>
                  ))}
                </ul>
              </ScrollRegion>
              {errors.subjects && <p className="error">{errors.subjects}</p>}
            </fieldset>
            <label>
              <input type="checkbox" checked={pdf} onChange={(e) => setPdf(e.target.checked)} />{' '}
              {t('bundles.pdf')}
            </label>
            {errors.pdf && <p className="error">{errors.pdf}</p>}
          </form>
          <section aria-labelledby="bundle-preview">
            <h2 id="bundle-preview">{t('bundles.preview')}</h2>
            <ErrorText error={previewError} />
            {preview && (
              <>
                <h3>{t('bundles.included')}</h3>
                <ul>
                  {Object.entries(preview.included).map(([type, n]) => (
                    <li key={type}>
                      {t(`bundles.type.${type}`)}: <Num value={n} />
                    </li>
                  ))}
                </ul>
                {preview.released > 0 && (
                  <p className="notice">{t('bundles.released', { count: preview.released })}</p>
                )}
                <h3>{t('bundles.omittedTitle')}</h3>
                {preview.omitted.length === 0 ? (
                  <p>{t('bundles.noneOmitted')}</p>
                ) : (
                  <ScrollRegion label={t('bundles.omittedTitle')}>
                    <table className="bundle-omitted">
                      <thead>
                        <tr>
                          <th scope="col">{t('bundles.col.kind')}</th>
                          <th scope="col">{t('bundles.col.record')}</th>
                          <th scope="col">{t('bundles.col.why')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {preview.omitted.map((o) => (
                          <tr key={`${o.type}-${o.id}-${o.code}`}>
                            <td>{t(`bundles.type.${o.type}`)}</td>
                            <td>
                              <OmittedName item={o} caseId={caseId} />
                            </td>
                            <td>
                              {t(`bundles.reason.${o.code}`, {
                                label: o.label ? t(`label.${o.label}`) : '',
                                audience: t(`bundles.audiences.${preview.audience}`),
                              })}
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </ScrollRegion>
                )}
              </>
            )}
          </section>

          {/* After the preview: what will be left out is seen before the bundle is made. */}
          <p>
            <button type="submit" form="bundle-form" disabled={busy}>
              {busy ? t('bundles.creating') : t('bundles.create')}
            </button>
          </p>
          {errors.form && (
            <p className="error" role="alert">
              {errors.form}
            </p>
          )}
          {current?.state === 'running' && (
            <p className="notice" role="status">
              {t('bundles.making')}
            </p>
          )}
          {current?.state === 'failed' && (
            <p className="error" role="alert">
              {t('bundles.failed', { reason: current.error ?? '' })}
            </p>
          )}
          {current?.state === 'done' && (
            <p className="notice" role="status">
              {t('bundles.created')}{' '}
              <a href={`/api/cases/${caseId}/bundles/${current.id}/zip`} download>
                {t('bundles.download')}
              </a>
            </p>
          )}

          <section aria-labelledby="bundle-list">
            <h2 id="bundle-list">{t('bundles.made')}</h2>
            <ErrorText error={bundles.error} />
            {bundles.data && bundles.data.items.length === 0 && <p>{t('bundles.none')}</p>}
            {bundles.data && bundles.data.items.length > 0 && (
              <ScrollRegion label={t('bundles.made')}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('bundles.col.createdAt')}</th>
                      <th scope="col">{t('bundles.col.state')}</th>
                      <th scope="col">{t('bundles.audience')}</th>
                      <th scope="col">{t('bundles.col.records')}</th>
                      <th scope="col">{t('bundles.col.omitted')}</th>
                      <th scope="col">{t('bundles.col.files')}</th>
                      <th scope="col">{t('bundles.col.pdf')}</th>
                      <th scope="col">{t('bundles.col.size')}</th>
                      <th scope="col">{t('bundles.col.zip')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {bundles.data.items.map((b) => (
                      <tr key={b.id}>
                        <td>
                          <Timestamp iso={b.createdAt} />
                        </td>
                        <td>{t(`bundles.state.${b.state}`)}</td>
                        <td>{t(`bundles.audiences.${b.audience}`)}</td>
                        <td>{b.state === 'done' ? <Num value={b.records} /> : '—'}</td>
                        <td>{b.state === 'done' ? <Num value={b.omitted} /> : '—'}</td>
                        <td>{b.state === 'done' ? <Num value={b.files} /> : '—'}</td>
                        <td>{b.state !== 'done' ? '—' : b.pdf ? t('bundles.yes') : t('bundles.no')}</td>
                        <td>
                          {b.state === 'done'
                            ? t('bundles.megabytes', { size: megabytes(b.zipBytes, lang) })
                            : '—'}
                        </td>
                        <td>
                          {b.state === 'done' && (
                            <a href={`/api/cases/${caseId}/bundles/${b.id}/zip`} download>
                              {t('bundles.download')}
                            </a>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollRegion>
            )}
          </section>
        </>
      )}
    </>
  );
}
