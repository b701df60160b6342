import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, type Abilities, type FuzzyDate, type Name, type Page, type Rec } from '../../api.js';
import { RecordIndexProvider, RecordRef, useRecordIndex } from '../../present/record-index.js';
import { DataText, FieldValue, humanize } from '../../present/values.js';
import { ErrorText, Loading } from '../../components/Loading.js';
import { NotFound } from '../../components/NotFound.js';
import { DateText, recordTitle, useLang } from '../../format.js';
import { useApi } from '../../use-api.js';
import { CaseNav } from '../cases/CasePages.js';
import { ClaimsPanel } from '../claims/ClaimsPanel.js';
import { KINDS } from './kinds.js';

const HIDDEN = new Set(['id', 'caseId', 'names', 'createdAt', 'updatedAt', 'title']);

export function RecordDetailPage() {
  const { caseId = '', plural = '', id = '' } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const kind = KINDS[plural];
  const record = useApi<Rec>(kind ? `/api/cases/${caseId}/${plural}/${id}` : null);
  const abilities = useApi<Abilities>(`/api/cases/${caseId}/abilities`);
  if (!kind) return <NotFound />;
  if (record.error) return <ErrorText error={record.error} />;
  if (!record.data) return <Loading />;
  const r = record.data;
  const may = abilities.data?.records[kind.type];
  const remove = async () => {
    if (!window.confirm(t('common.confirmDelete'))) return;
    await api(`/api/cases/${caseId}/${plural}/${id}`, { method: 'DELETE' }).then(
      () => navigate(`/cases/${caseId}/${plural}`),
      (e: Error) => window.alert(e.message),
    );
  };
  return (
    <RecordIndexProvider caseId={caseId}>
      <CaseNav caseId={caseId} />
      <article className="detail">
        <div className="heading-row">
          <h1>
            <bdi>{recordTitle(r, lang)}</bdi>
          </h1>
          <span className={`label label-${r.sensitivity}`}>{t(`label.${r.sensitivity}`)}</span>
          {may?.update && (
            <Link className="button" to={`/cases/${caseId}/${plural}/${id}/edit`}>
              {t('common.edit')}
            </Link>
          )}
          {may?.delete && (
            <button type="button" className="danger" onClick={() => void remove()}>
              {t('common.delete')}
            </button>
          )}
        </div>
        {Array.isArray(r.names) && (
          <ul className="names">
            {(r.names as Name[]).map((n, i) => (
              <li key={i}>
                <bdi dir={n.script === 'persian' ? 'rtl' : 'ltr'} lang={n.script === 'persian' ? 'fa' : 'en'}>
                  {n.text}
                </bdi>{' '}
                <span className="muted">({t(`nameKind.${n.kind}`, { defaultValue: humanize(n.kind) })})</span>
              </li>
            ))}
          </ul>
        )}
        <dl className="facts">
          {Object.entries(r)
            .filter(([k]) => !HIDDEN.has(k))
            .map(([k, v]) => (
              <div key={k} className="fact">
                <dt>{t(`field.${k}`, { defaultValue: humanize(k) })}</dt>
                <dd>
                  <FieldValue field={k} value={v} />
                </dd>
              </div>
            ))}
        </dl>
        {kind.type === 'person' && <PersonTimeline caseId={caseId} personId={id} />}
        {kind.type === 'event' && <EventParticipants caseId={caseId} eventId={id} />}
        {(kind.type === 'place' || kind.type === 'organization') && (
          <LinkedPeople caseId={caseId} objectId={id} />
        )}
        <ClaimsPanel caseId={caseId} subjectId={id} abilities={abilities.data} />
      </article>
    </RecordIndexProvider>
  );
}

/** The case's named records by id, from the page's record index. */
function useNames(): Map<string, Rec> {
  const index = useRecordIndex();
  return new Map([...(index?.byId ?? [])].map(([id, found]) => [id, found.record]));
}

/** What happened to a person, in date order, and the positions and places linked to them over time. */
function PersonTimeline({ caseId, personId }: { caseId: string; personId: string }) {
  const { t } = useTranslation();
  const involvements = useApi<Page<Rec>>(`/api/cases/${caseId}/involvements?actorId=${personId}&limit=500`);
  const events = useApi<Page<Rec>>(`/api/cases/${caseId}/events?limit=500`);
  const relations = useApi<Page<Rec>>(`/api/cases/${caseId}/relations?subjectId=${personId}&limit=500`);
  const eventById = new Map((events.data?.items ?? []).map((e) => [e.id, e]));
  const rows = (involvements.data?.items ?? [])
    .map((i) => ({ involvement: i, event: eventById.get(String(i.eventId)) }))
    .filter((row): row is { involvement: Rec; event: Rec } => Boolean(row.event))
    .sort((a, b) =>
      String((a.event.date as FuzzyDate | null)?.start ?? '9999').localeCompare(
        String((b.event.date as FuzzyDate | null)?.start ?? '9999'),
      ),
    );
  const accused = rows.some((row) => row.involvement.role === 'perpetrator');
  return (
    <section>
      {accused && (
        <p>
          <Link to={`/cases/${caseId}/people/${personId}/suspect`}>{t('suspect.pageLink')}</Link>
        </p>
      )}
      <h2>{t('person.timeline')}</h2>
      <ol className="timeline-list">
        {rows.map(({ involvement, event }) => (
          <li key={involvement.id}>
            <DateText date={event.date as FuzzyDate | null} /> — {t(`enum.${String(event.kind)}`)}:{' '}
            <Link to={`/cases/${caseId}/events/${event.id}`}>
              <DataText text={String(event.title)} />
            </Link>{' '}
            <span className="muted">({t(`enum.${String(involvement.role)}`)})</span>
          </li>
        ))}
        {rows.length === 0 && <li className="muted">{t('common.none')}</li>}
      </ol>
      <h2>{t('person.relations')}</h2>
      <ul>
        {(relations.data?.items ?? []).map((rel) => {
          return (
            <li key={rel.id}>
              {t(`enum.${String(rel.kind)}`)}:{' '}
              <RecordRef id={String(rel.objectId)} fallback={t('present.hiddenRecord')} />{' '}
              {rel.title ? (
                <>
                  — <DataText text={String(rel.title)} />
                </>
              ) : null}{' '}
              <DateText date={rel.start as FuzzyDate | null} />
              {rel.end ? (
                <>
                  {' → '}
                  <DateText date={rel.end as FuzzyDate} />
                </>
              ) : null}{' '}
              <span className="muted">({t(`certainty.${String(rel.certainty)}`)})</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** Who did what to whom at an event: victims, alleged perpetrators with their degree, witnesses. */
function EventParticipants({ caseId, eventId }: { caseId: string; eventId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const involvements = useApi<Page<Rec>>(`/api/cases/${caseId}/involvements?eventId=${eventId}&limit=500`);
  const names = useNames();
  const groups = ['victim', 'perpetrator', 'witness', 'other'];
  return (
    <section>
      {groups.map((role) => {
        const list = (involvements.data?.items ?? []).filter((i) => i.role === role);
        if (list.length === 0) return null;
        return (
          <div key={role}>
            <h2>{t(`roleGroup.${role}`)}</h2>
            <ul>
              {list.map((i) => {
                const actor = names.get(String(i.actorId));
                const path = i.actorType === 'person' ? 'people' : 'organizations';
                return (
                  <li key={i.id}>
                    {actor ? (
                      <Link to={`/cases/${caseId}/${path}/${actor.id}`}>
                        <bdi>{recordTitle(actor, lang)}</bdi>
                      </Link>
                    ) : (
                      <span className="muted">{t('present.hiddenRecord')}</span>
                    )}
                    {i.perpetratorDegree ? (
                      <span className="badge">{t(`enum.${String(i.perpetratorDegree)}`)}</span>
                    ) : null}
                    {i.notes ? (
                      <span className="muted">
                        {' '}
                        — <DataText text={String(i.notes)} />
                      </span>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
    </section>
  );
}

/** People linked to a place (held, buried) or an organization (members, positions over time). */
function LinkedPeople({ caseId, objectId }: { caseId: string; objectId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const relations = useApi<Page<Rec>>(`/api/cases/${caseId}/relations?objectId=${objectId}&limit=500`);
  const names = useNames();
  return (
    <section>
      <h2>{t('place.linkedPeople')}</h2>
      <ul>
        {(relations.data?.items ?? []).map((rel) => {
          const person = names.get(String(rel.subjectId));
          return (
            <li key={rel.id}>
              {person ? (
                <Link to={`/cases/${caseId}/people/${person.id}`}>
                  <bdi>{recordTitle(person, lang)}</bdi>
                </Link>
              ) : (
                <span className="muted">{t('present.hiddenRecord')}</span>
              )}{' '}
              — {t(`enum.${String(rel.kind)}`)} {rel.title ? <DataText text={String(rel.title)} /> : null}{' '}
              <DateText date={rel.start as FuzzyDate | null} />{' '}
              <span className="muted">({t(`certainty.${String(rel.certainty)}`)})</span>
            </li>
          );
        })}
        {(relations.data?.items ?? []).length === 0 && <li className="muted">{t('common.none')}</li>}
      </ul>
    </section>
  );
}
