import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api, ApiError, problemText, type Abilities, type Rec } from '../../api.js';
import { ErrorText, Loading } from '../../components/Loading.js';
import { formatNum, Num, useLang } from '../../format.js';
import { RecordIndexProvider, RecordRef, useRecordIndex } from '../../present/record-index.js';
import { DataText, Timestamp } from '../../present/values.js';
import { useSession } from '../../session.js';
import { useApi } from '../../use-api.js';
import { CaseNav } from '../cases/CasePages.js';
import { EvidenceItem, useEvidenceIndex } from './EvidenceList.js';
import { ActorName, reviewState, StandardText, StateBadge, type Finding } from './finding-words.js';

interface OriginCount {
  origins: number;
  sources: number;
  groups: Array<{ origin: string; sourceIds: string[] }>;
}
interface Corroboration {
  supports: OriginCount;
  contradicts: OriginCount;
}
interface Catalogue {
  crimes: Array<{
    key: string;
    title: { en: string; fa: string };
    elements: Array<{ key: string; text: { en: string; fa: string } }>;
  }>;
}

/** A finding: both statements, its subjects, standard, evidence on both sides, corroboration, versions, review. */
export function FindingPage() {
  const { caseId = '', id = '' } = useParams();
  const finding = useApi<Finding>(`/api/cases/${caseId}/findings/${id}`);
  if (finding.error) return <ErrorText error={finding.error} />;
  if (!finding.data) return <Loading />;
  return (
    <RecordIndexProvider caseId={caseId}>
      <CaseNav caseId={caseId} />
      <FindingView caseId={caseId} finding={finding.data} reload={finding.reload} />
    </RecordIndexProvider>
  );
}

function FindingView({
  caseId,
  finding: f,
  reload,
}: {
  caseId: string;
  finding: Finding;
  reload: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const abilities = useApi<Abilities>(`/api/cases/${caseId}/abilities`);
  const corroboration = useApi<Corroboration>(`/api/cases/${caseId}/findings/${f.id}/corroboration`);
  const catalogue = useApi<Catalogue>('/api/legal/elements');
  const evidence = useEvidenceIndex(caseId);
  const may = abilities.data?.records.finding;
  const supports = f.evidence.filter((e) => e.stance === 'supports');
  const contradicts = f.evidence.filter((e) => e.stance === 'contradicts');
  const other = lang === 'fa' ? 'en' : 'fa';
  const elementText = (crime: string, element: string) => {
    const c = catalogue.data?.crimes.find((x) => x.key === crime);
    const e = c?.elements.find((x) => x.key === element);
    return c && e ? `${c.title[lang]}: ${e.text[lang]}` : '…';
  };
  return (
    <article className="detail finding">
      <div className="heading-row">
        <h1>{t('finding.heading', { version: formatNum(f.version, lang) })}</h1>
        <StateBadge finding={f} />
        <span className={`label label-${f.sensitivity}`}>{t(`label.${f.sensitivity}`)}</span>
        {may?.update && (
          <Link className="button" to={`/cases/${caseId}/findings/${f.id}/edit`}>
            {t('common.edit')}
          </Link>
        )}
      </div>
      <blockquote className="statement" lang={lang} dir={lang === 'fa' ? 'rtl' : 'ltr'}>
        {f.statement[lang]}
      </blockquote>
      <details className="statement-other">
        <summary>{t(`finding.statementIn.${other}`)}</summary>
        <blockquote lang={other} dir={other === 'fa' ? 'rtl' : 'ltr'}>
          {f.statement[other]}
        </blockquote>
      </details>
      <dl className="facts">
        <div className="fact">
          <dt>{t('finding.standardLabel')}</dt>
          <dd>
            <StandardText standard={f.standard} />
          </dd>
        </div>
        <div className="fact">
          <dt>{t('finding.subjects')}</dt>
          <dd>
            {f.subjects.length === 0 ? (
              <span className="muted">{t('finding.noSubjects')}</span>
            ) : (
              f.subjects.map((s, i) => (
                <span key={s.id}>
                  {i > 0 && t('geometry.comma')}
                  <RecordRef id={s.id} fallback={t('present.hiddenRecord')} />
                </span>
              ))
            )}
          </dd>
        </div>
        <div className="fact">
          <dt>{t('finding.author')}</dt>
          <dd>
            <ActorName label={f.author} />
          </dd>
        </div>
        <div className="fact">
          <dt>{t('finding.corroboration')}</dt>
          <dd>
            {corroboration.data ? (
              <Origins count={corroboration.data.supports} />
            ) : (
              <span className="muted">…</span>
            )}
          </dd>
        </div>
        {corroboration.data && corroboration.data.contradicts.sources > 0 && (
          <div className="fact">
            <dt>{t('finding.againstOrigins')}</dt>
            <dd>
              <Origins count={corroboration.data.contradicts} />
            </dd>
          </div>
        )}
        {f.notes && (
          <div className="fact">
            <dt>{t('field.notes')}</dt>
            <dd>
              <DataText text={f.notes} />
            </dd>
          </div>
        )}
      </dl>
      <section>
        <h2>{t('finding.supporting')}</h2>
        {supports.length === 0 && <p className="warn-notice">{t('finding.noSupport')}</p>}
        <ul className="evidence-list">
          {supports.map((e) => (
            <li key={`${e.kind}:${e.id}`}>
              <EvidenceItem item={e} index={evidence} />
            </li>
          ))}
        </ul>
        <h2>{t('finding.contradicting')}</h2>
        {contradicts.length === 0 && <p className="muted">{t('finding.noContradicting')}</p>}
        <ul className="evidence-list contradicting">
          {contradicts.map((e) => (
            <li key={`${e.kind}:${e.id}`}>
              <EvidenceItem item={e} index={evidence} />
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2>{t('finding.elements')}</h2>
        {f.elements.length === 0 ? (
          <p className="muted">{t('finding.noElements')}</p>
        ) : (
          <ul>
            {f.elements.map((e) => (
              <li key={`${e.crime}.${e.element}`}>{elementText(e.crime, e.element)}</li>
            ))}
          </ul>
        )}
      </section>
      <ReviewPanel
        caseId={caseId}
        finding={f}
        mayReview={Boolean(may?.review)}
        mayEdit={Boolean(may?.update)}
        onDone={reload}
      />
      <section>
        <h2>{t('finding.history')}</h2>
        <ol className="history">
          {f.history.map((h) => (
            <li key={h.version}>
              {t('finding.versionN', { version: formatNum(h.version, lang) })} —{' '}
              <StandardText standard={h.standard} /> — <ActorName label={h.by} />, <Timestamp iso={h.at} />
              <p lang={lang}>
                <DataText text={h.statement[lang]} />
              </p>
            </li>
          ))}
          <li>
            {t('finding.versionN', { version: formatNum(f.version, lang) })} ({t('finding.current')}) —{' '}
            <StandardText standard={f.standard} /> — <ActorName label={f.author} />,{' '}
            <Timestamp iso={f.updatedAt} />
          </li>
        </ol>
        <h3>{t('finding.reviews')}</h3>
        {f.reviews.length === 0 ? (
          <p className="muted">{t('finding.noReviews')}</p>
        ) : (
          <ul className="reviews">
            {f.reviews.map((r, i) => (
              <li key={i}>
                {t(`finding.decision.${r.decision}`)} — <ActorName label={r.by} />,{' '}
                {t('finding.versionN', { version: formatNum(r.version, lang) })}, <Timestamp iso={r.at} />
                {r.note && (
                  <>
                    : <DataText text={r.note} />
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}

/** Independent origins: "2 independent origins (3 sources)", each origin with the sources that go back to it. */
function Origins({ count }: { count: OriginCount }) {
  const { t } = useTranslation();
  const index = useRecordIndex();
  if (count.sources === 0) return <span className="muted">{t('finding.noOrigins')}</span>;
  return (
    <>
      {t('finding.independentOrigins')}: <Num value={count.origins} /> ({t('finding.sources')}:{' '}
      <Num value={count.sources} />)
      <ul className="origins">
        {count.groups.map((g, i) => {
          const first = index?.byId.get(g.sourceIds[0] ?? '')?.record as Rec | undefined;
          return (
            <li key={i}>
              {first?.origin ? (
                <>
                  {t('finding.originOf')} <DataText text={String(first.origin)} />:{' '}
                </>
              ) : null}
              {g.sourceIds.map((sid, j) => (
                <span key={sid}>
                  {j > 0 && t('geometry.comma')}
                  <RecordRef id={sid} fallback={t('present.hiddenRecord')} />
                </span>
              ))}
            </li>
          );
        })}
      </ul>
    </>
  );
}

/**
 * Submitting for review, approving and returning. The server decides who may: the author's own approval and the
 * approval of a finding without supporting evidence come back as refusals, shown here in the reader's words.
 */
function ReviewPanel({
  caseId,
  finding,
  mayReview,
  mayEdit,
  onDone,
}: {
  caseId: string;
  finding: Finding;
  mayReview: boolean;
  mayEdit: boolean;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { me } = useSession();
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  const state = reviewState(finding);
  const own = me?.user ? finding.author === `user:${me.user.username}` : false;
  if (!mayReview && !mayEdit) return null;
  const send = async (decision: 'submit' | 'approve' | 'return') => {
    setBusy(true);
    setProblems([]);
    setDone('');
    try {
      await api(`/api/cases/${caseId}/findings/${finding.id}/review`, {
        method: 'POST',
        body: { decision, note },
      });
      setNote('');
      setDone(t(`finding.done.${decision}`));
      onDone();
    } catch (e) {
      if (e instanceof ApiError) setProblems(e.fields.length ? e.fields.map(problemText) : [e.message]);
      else setProblems([t('errors.code.network')]);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="review-panel" aria-labelledby="review-heading">
      <h2 id="review-heading">{t('finding.review')}</h2>
      <p>
        {t('finding.reviewNow')}: <StateBadge finding={finding} />
      </p>
      {own && state !== 'adopted' && <p className="muted">{t('finding.ownHint')}</p>}
      {problems.length > 0 && (
        <div className="error-summary" role="alert">
          <h3>{t('finding.refused')}</h3>
          <ul>
            {problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      {mayEdit && (state === 'draft' || state === 'returned') && (
        <p>
          <button type="button" disabled={busy} onClick={() => void send('submit')}>
            {t('finding.submit')}
          </button>
        </p>
      )}
      {mayReview && state !== 'adopted' && (
        <div className="review-actions">
          <label htmlFor="review-note">{t('finding.note')}</label>
          <textarea
            id="review-note"
            dir="auto"
            rows={3}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <div className="row">
            <button type="button" disabled={busy} onClick={() => void send('approve')}>
              {t('finding.approve')}
            </button>
            <button type="button" className="secondary" disabled={busy} onClick={() => void send('return')}>
              {t('finding.return')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
