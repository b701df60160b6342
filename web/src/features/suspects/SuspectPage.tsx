import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { FuzzyDate, Page, Rec } from '../../api.js';
import { ErrorText, Loading } from '../../components/Loading.js';
import { DateText, Num, recordTitle, useLang } from '../../format.js';
import { RecordIndexProvider, RecordRef } from '../../present/record-index.js';
import { DataText } from '../../present/values.js';
import { useApi } from '../../use-api.js';
import { CaseNav } from '../cases/CasePages.js';
import { ClaimEvidence, useEvidenceIndex } from '../findings/EvidenceList.js';
import { StandardText, StateBadge, statementIn, type Finding } from '../findings/finding-words.js';
import { useSuspects } from '../legal/LegalMatrixPage.js';

type Bilingual = { en: string; fa: string };
interface Position extends Rec {
  title: string;
  titleFa: string | null;
  organizationId: string | null;
  placeId: string | null;
  start: FuzzyDate | null;
  end: FuzzyDate | null;
  claimIds: string[];
}
interface Summary {
  person: Rec;
  involvements: Array<{ involvement: Rec; event: Rec | null }>;
  period: { start: string; end: string } | null;
  positions: { all: Position[]; then: Position[]; now: Position[] };
  findings: Array<{ finding: Finding; independentOrigins: number; contradictingOrigins: number }>;
  liability: Array<{ crime: string; element: string; findingId: string; standard: string; status: string }>;
  gaps: {
    elements: number;
    established: number;
    gaps: Array<{ crime: string; crimeTitle: Bilingual; element: string; text: Bilingual; state: string }>;
  };
}
interface Catalogue {
  crimes: Array<{ key: string; title: Bilingual; elements: Array<{ key: string; text: Bilingual }> }>;
}

/** The people named as alleged perpetrators in a case, each linked to their suspect page. */
export function SuspectsPage() {
  const { caseId = '' } = useParams();
  return (
    <RecordIndexProvider caseId={caseId}>
      <CaseNav caseId={caseId} />
      <SuspectList caseId={caseId} />
    </RecordIndexProvider>
  );
}

function SuspectList({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const suspects = useSuspects(caseId);
  return (
    <section>
      <h1>{t('suspect.listTitle')}</h1>
      <p className="muted">{t('suspect.listIntro')}</p>
      <ul className="cards">
        {suspects.map((p) => (
          <li key={p.id} className="card">
            <Link to={`/cases/${caseId}/people/${p.id}/suspect`}>
              <bdi>{recordTitle(p, lang)}</bdi>
            </Link>
          </li>
        ))}
        {suspects.length === 0 && <li className="muted">{t('common.none')}</li>}
      </ul>
    </section>
  );
}

/**
 * A suspect, for investigators: involvements per event with their degree, positions then and now on a timeline,
 * findings with their independent origins, modes of liability, the evidence behind each link and the gaps.
 */
export function SuspectPage() {
  const { caseId = '', id = '' } = useParams();
  const summary = useApi<Summary>(`/api/cases/${caseId}/people/${id}/suspect-summary`);
  if (summary.error) return <ErrorText error={summary.error} />;
  if (!summary.data) return <Loading />;
  return (
    <RecordIndexProvider caseId={caseId}>
      <CaseNav caseId={caseId} />
      <SuspectView caseId={caseId} summary={summary.data} />
    </RecordIndexProvider>
  );
}

function PositionLine({
  position: p,
  evidence,
}: {
  position: Position;
  evidence: ReturnType<typeof useEvidenceIndex>;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const title = lang === 'fa' && p.titleFa ? p.titleFa : p.title;
  return (
    <li className="position">
      <p>
        <strong>
          <DataText text={title} />
        </strong>
      </p>
      <p className="muted">
        <DateText date={p.start} /> → <DateText date={p.end} />
        {p.organizationId && (
          <>
            {t('geometry.semicolon')}
            {t('suspect.organization')}:{' '}
            <RecordRef id={p.organizationId} fallback={t('present.hiddenRecord')} />
          </>
        )}
        {p.placeId && (
          <>
            {t('geometry.semicolon')}
            {t('suspect.place')}: <RecordRef id={p.placeId} fallback={t('present.hiddenRecord')} />
          </>
        )}
      </p>
      <details>
        <summary>{t('suspect.evidenceBehind')}</summary>
        {p.claimIds.map((cid) => {
          const claim = evidence.claims.get(cid);
          return claim ? (
            <ClaimEvidence key={cid} claim={claim} excerpts={evidence.excerpts} />
          ) : (
            <p key={cid} className="muted">
              {t('present.hiddenRecord')}
            </p>
          );
        })}
      </details>
    </li>
  );
}

function SuspectView({ caseId, summary: s }: { caseId: string; summary: Summary }) {
  const { t } = useTranslation();
  const lang = useLang();
  const evidence = useEvidenceIndex(caseId);
  const catalogue = useApi<Catalogue>('/api/legal/elements');
  const claims = useApi<Page<Rec>>(`/api/cases/${caseId}/claims?subjectId=${s.person.id}&limit=500`);
  const elementText = (crime: string, element: string) => {
    const c = catalogue.data?.crimes.find((x) => x.key === crime);
    const e = c?.elements.find((x) => x.key === element);
    return c && e ? `${c.title[lang]}: ${e.text[lang]}` : '…';
  };
  const findingById = new Map(s.findings.map((f) => [f.finding.id, f.finding]));
  const otherPositions = s.positions.all.filter(
    (p) =>
      !s.positions.then.includes(p) &&
      !s.positions.now.some((n) => n.id === p.id) &&
      !s.positions.then.some((n) => n.id === p.id),
  );
  return (
    <article className="detail suspect">
      <div className="heading-row">
        <h1>
          <bdi>{recordTitle(s.person, lang)}</bdi>
        </h1>
        <span className="badge role-perpetrator">{t('roleBadge.perpetrator')}</span>
      </div>
      <p className="notice">{t('suspect.allegationNote')}</p>
      <p>
        <Link to={`/cases/${caseId}/people/${s.person.id}`}>{t('suspect.toRecord')}</Link>
        {' · '}
        <Link to={`/cases/${caseId}/legal?suspect=${s.person.id}`}>{t('suspect.toMatrix')}</Link>
      </p>

      <section>
        <h2>{t('suspect.involvements')}</h2>
        <ul>
          {s.involvements.map(({ involvement: i, event }) => (
            <li key={i.id}>
              {event ? (
                <>
                  <Link to={`/cases/${caseId}/events/${event.id}`}>
                    <DataText text={String(event.title)} />
                  </Link>{' '}
                  <DateText date={event.date as FuzzyDate | null} />
                </>
              ) : (
                <span className="muted">{t('present.hiddenRecord')}</span>
              )}{' '}
              — {t(`roleGroup.${String(i.role)}`)}
              {i.perpetratorDegree ? (
                <>
                  {t('geometry.comma')}
                  {t('suspect.degree')}:{' '}
                  <span className="badge">{t(`enum.${String(i.perpetratorDegree)}`)}</span>
                </>
              ) : null}
              {i.notes ? (
                <p className="muted">
                  <DataText text={String(i.notes)} />
                </p>
              ) : null}
            </li>
          ))}
          {s.involvements.length === 0 && <li className="muted">{t('common.none')}</li>}
        </ul>
      </section>

      <section>
        <h2>{t('suspect.positions')}</h2>
        {s.period && (
          <p className="muted">
            {t('suspect.periodIs')}{' '}
            <DateText
              date={{
                calendar: 'gregorian',
                precision: 'range',
                text: '',
                start: s.period.start,
                end: s.period.end,
              }}
            />
          </p>
        )}
        <h3>{t('suspect.then')}</h3>
        <ol className="position-timeline">
          {s.positions.then.map((p) => (
            <PositionLine key={p.id} position={p} evidence={evidence} />
          ))}
          {s.positions.then.length === 0 && <li className="muted">{t('suspect.noneThen')}</li>}
        </ol>
        <h3>{t('suspect.now')}</h3>
        <ol className="position-timeline">
          {s.positions.now.map((p) => (
            <PositionLine key={p.id} position={p} evidence={evidence} />
          ))}
          {s.positions.now.length === 0 && <li className="muted">{t('suspect.noneNow')}</li>}
        </ol>
        {otherPositions.length > 0 && (
          <>
            <h3>{t('suspect.otherPositions')}</h3>
            <ol className="position-timeline">
              {otherPositions.map((p) => (
                <PositionLine key={p.id} position={p} evidence={evidence} />
              ))}
            </ol>
          </>
        )}
      </section>

      <section>
        <h2>{t('suspect.findings')}</h2>
        <ul className="cards">
          {s.findings.map(({ finding, independentOrigins, contradictingOrigins }) => (
            <li key={finding.id} className="card">
              <Link to={`/cases/${caseId}/findings/${finding.id}`}>
                <DataText text={statementIn(finding, lang)} />
              </Link>
              <span>
                <StateBadge finding={finding} />{' '}
                <span className="badge">
                  <StandardText standard={finding.standard} />
                </span>{' '}
                <span className="muted">
                  {t('finding.independentOrigins')}: <Num value={independentOrigins} />
                  {contradictingOrigins > 0 && (
                    <>
                      {t('geometry.semicolon')}
                      {t('suspect.against')}: <Num value={contradictingOrigins} />
                    </>
                  )}
                </span>
              </span>
            </li>
          ))}
          {s.findings.length === 0 && <li className="muted">{t('finding.none')}</li>}
        </ul>
      </section>

      <section>
        <h2>{t('suspect.liability')}</h2>
        <ul>
          {s.liability.map((l, i) => {
            const f = findingById.get(l.findingId);
            return (
              <li key={i}>
                {elementText(l.crime, l.element)} — <StandardText standard={l.standard} />
                {t('geometry.comma')}
                {t(`finding.status.${l.status}`)}
                {f && (
                  <>
                    {' '}
                    (<Link to={`/cases/${caseId}/findings/${f.id}`}>{t('suspect.theFinding')}</Link>)
                  </>
                )}
              </li>
            );
          })}
          {s.liability.length === 0 && <li className="muted">{t('suspect.noLiability')}</li>}
        </ul>
      </section>

      <section>
        <h2>{t('suspect.evidence')}</h2>
        <p className="muted">{t('suspect.evidenceHelp')}</p>
        <ul className="evidence-list">
          {(claims.data?.items ?? []).map((c) => (
            <li key={c.id}>
              <ClaimEvidence claim={c} excerpts={evidence.excerpts} />
            </li>
          ))}
          {claims.data && claims.data.items.length === 0 && <li className="muted">{t('claims.none')}</li>}
        </ul>
      </section>

      <section>
        <h2>{t('suspect.gaps')}</h2>
        <p>
          <Num value={s.gaps.established} /> {t('legal.of')} <Num value={s.gaps.elements} />{' '}
          {t('suspect.elementsEstablished')}
        </p>
        <details>
          <summary>{t('suspect.gapList')}</summary>
          <ul>
            {s.gaps.gaps.map((g) => (
              <li key={`${g.crime}.${g.element}`}>
                {g.crimeTitle[lang]}: {g.text[lang]}{' '}
                <span className={`badge state-${g.state}`}>{t(`legal.state.${g.state}`)}</span>
              </li>
            ))}
          </ul>
        </details>
      </section>
    </article>
  );
}
