import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { api, ApiError, fieldLabel, type Page, type Rec } from '../../api.js';
import { ErrorText, Loading } from '../../components/Loading.js';
import { recordTitle, useLang } from '../../format.js';
import { RecordIndexProvider, useRecordIndex } from '../../present/record-index.js';
import { useApi } from '../../use-api.js';
import { CaseNav } from '../cases/CasePages.js';
import { LABELS } from '../records/kinds.js';
import { STANDARDS, useClaimLine, type Finding } from './finding-words.js';

type Subject = Finding['subjects'][number];
type Evidence = Finding['evidence'][number];
interface Catalogue {
  crimes: Array<{
    key: string;
    title: { en: string; fa: string };
    elements: Array<{ key: string; text: { en: string; fa: string } }>;
  }>;
}

interface Draft {
  en: string;
  fa: string;
  standard: string;
  subjects: Subject[];
  evidence: Evidence[];
  elements: Array<{ crime: string; element: string }>;
  notes: string;
  sensitivity: string;
}

const EMPTY: Draft = {
  en: '',
  fa: '',
  standard: 'reasonable_grounds',
  subjects: [],
  evidence: [],
  elements: [],
  notes: '',
  sensitivity: 'internal',
};

/** Writing a finding, or a new version of one (which is a draft again until a second member approves it). */
export function FindingFormPage() {
  const { caseId = '', id } = useParams();
  const existing = useApi<Finding>(id ? `/api/cases/${caseId}/findings/${id}` : null);
  if (existing.error) return <ErrorText error={existing.error} />;
  if (id && !existing.data) return <Loading />;
  return (
    <RecordIndexProvider caseId={caseId}>
      <CaseNav caseId={caseId} />
      <FindingForm caseId={caseId} existing={existing.data} />
    </RecordIndexProvider>
  );
}

function FindingForm({ caseId, existing }: { caseId: string; existing: Finding | undefined }) {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const index = useRecordIndex();
  const claimLine = useClaimLine();
  const claims = useApi<Page<Rec>>(`/api/cases/${caseId}/claims?limit=500`);
  const catalogue = useApi<Catalogue>('/api/legal/elements');
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState('');
  const [subjectPick, setSubjectPick] = useState('');
  const [claimPick, setClaimPick] = useState('');
  const [stancePick, setStancePick] = useState<'supports' | 'contradicts'>('supports');
  useEffect(() => {
    if (existing)
      setDraft({
        en: existing.statement.en,
        fa: existing.statement.fa,
        standard: existing.standard,
        subjects: existing.subjects,
        evidence: existing.evidence,
        elements: existing.elements,
        notes: existing.notes,
        sensitivity: existing.sensitivity,
      });
  }, [existing]);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const named = [...(index?.byId.values() ?? [])].filter((r) => r.plural !== 'sources');
  const typeOf = {
    people: 'person',
    organizations: 'organization',
    events: 'event',
    places: 'place',
  } as const;
  const nameOf = (id: string) => {
    const found = index?.byId.get(id);
    return found ? recordTitle(found.record, lang) : t('present.hiddenRecord');
  };
  const claimById = new Map((claims.data?.items ?? []).map((c) => [c.id, c]));

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setSummary('');
    const body = {
      statement: { en: draft.en, fa: draft.fa },
      standard: draft.standard,
      subjects: draft.subjects,
      evidence: draft.evidence,
      elements: draft.elements,
      notes: draft.notes,
      sensitivity: draft.sensitivity,
    };
    try {
      const saved = await api<Finding>(
        existing ? `/api/cases/${caseId}/findings/${existing.id}` : `/api/cases/${caseId}/findings`,
        { method: existing ? 'PATCH' : 'POST', body },
      );
      navigate(`/cases/${caseId}/findings/${saved.id}`);
    } catch (error) {
      if (error instanceof ApiError) {
        setErrors(error.byField());
        setSummary(error.message);
      } else setSummary(t('errors.code.network'));
    }
  };

  const fieldError = (key: string) =>
    errors[key] ? (
      <p className="error" id={`${key}-error`}>
        {errors[key]}
      </p>
    ) : null;

  return (
    <section>
      <h1>{existing ? t('finding.editTitle') : t('finding.newTitle')}</h1>
      {existing && <p className="muted">{t('finding.newVersionHint')}</p>}
      {summary && (
        <div className="error-summary" role="alert">
          <h2>{summary}</h2>
          <ul>
            {Object.entries(errors).map(([key, text]) => (
              <li key={key}>
                <a href={`#finding-${key}`}>{fieldLabel(key)}</a>: {text}
              </li>
            ))}
          </ul>
        </div>
      )}
      <form className="record-form finding-form" onSubmit={(e) => void save(e)} noValidate>
        <div className="field">
          <label htmlFor="finding-statement">{t('finding.statementEn')}</label>
          <textarea
            id="finding-statement"
            lang="en"
            dir="ltr"
            rows={4}
            value={draft.en}
            onChange={(e) => set('en', e.target.value)}
          />
          {fieldError('statement')}
        </div>
        <div className="field">
          <label htmlFor="finding-statement-fa">{t('finding.statementFa')}</label>
          <textarea
            id="finding-statement-fa"
            lang="fa"
            dir="rtl"
            rows={4}
            value={draft.fa}
            onChange={(e) => set('fa', e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="finding-standard">{t('finding.standardLabel')}</label>
          <select
            id="finding-standard"
            value={draft.standard}
            onChange={(e) => set('standard', e.target.value)}
          >
            {STANDARDS.map((s) => (
              <option key={s} value={s}>
                {t(`finding.standard.${s}`)}
              </option>
            ))}
          </select>
          {fieldError('standard')}
        </div>

        <fieldset className="field" id="finding-subjects">
          <legend>{t('finding.subjects')}</legend>
          <ul className="picked">
            {draft.subjects.map((s) => (
              <li key={s.id}>
                <bdi>{nameOf(s.id)}</bdi>{' '}
                <button
                  type="button"
                  className="small"
                  aria-label={t('finding.removeNamed', { name: nameOf(s.id) })}
                  onClick={() =>
                    set(
                      'subjects',
                      draft.subjects.filter((x) => x.id !== s.id),
                    )
                  }
                >
                  {t('finding.remove')}
                </button>
              </li>
            ))}
          </ul>
          <div className="row">
            <label htmlFor="finding-subject-pick" className="visually-hidden">
              {t('finding.addSubject')}
            </label>
            <select
              id="finding-subject-pick"
              value={subjectPick}
              onChange={(e) => setSubjectPick(e.target.value)}
            >
              <option value="">{t('finding.chooseSubject')}</option>
              {(['people', 'organizations', 'events', 'places'] as const).map((plural) => (
                <optgroup key={plural} label={t(`plural.${plural}`)}>
                  {named
                    .filter((r) => r.plural === plural)
                    .map((r) => (
                      <option key={r.record.id} value={r.record.id}>
                        {recordTitle(r.record, lang)}
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
            <button
              type="button"
              disabled={!subjectPick}
              onClick={() => {
                const found = index?.byId.get(subjectPick);
                if (!found || found.plural === 'sources') return;
                if (!draft.subjects.some((s) => s.id === subjectPick))
                  set('subjects', [...draft.subjects, { type: typeOf[found.plural], id: subjectPick }]);
                setSubjectPick('');
              }}
            >
              {t('finding.add')}
            </button>
          </div>
          {fieldError('subjects')}
        </fieldset>

        <fieldset className="field" id="finding-evidence">
          <legend>{t('finding.evidence')}</legend>
          <p className="muted">{t('finding.evidenceHint')}</p>
          <ul className="picked">
            {draft.evidence.map((e) => {
              const claim = claimById.get(e.id);
              const text = claim ? claimLine(claim) : t('present.hiddenRecord');
              return (
                <li key={`${e.kind}:${e.id}`}>
                  <span className={`badge${e.stance === 'contradicts' ? ' warn' : ''}`}>
                    {t(`finding.stance.${e.stance}`)}
                  </span>{' '}
                  <bdi>{text}</bdi>{' '}
                  <button
                    type="button"
                    className="small"
                    aria-label={t('finding.removeNamed', { name: text })}
                    onClick={() =>
                      set(
                        'evidence',
                        draft.evidence.filter((x) => x.id !== e.id),
                      )
                    }
                  >
                    {t('finding.remove')}
                  </button>
                </li>
              );
            })}
          </ul>
          <div className="evidence-pick">
            <label htmlFor="finding-claim-pick">{t('finding.chooseClaim')}</label>
            <select id="finding-claim-pick" value={claimPick} onChange={(e) => setClaimPick(e.target.value)}>
              <option value="">—</option>
              {(claims.data?.items ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {claimLine(c)}
                </option>
              ))}
            </select>
            <label htmlFor="finding-stance-pick">{t('finding.stanceLabel')}</label>
            <select
              id="finding-stance-pick"
              value={stancePick}
              onChange={(e) => setStancePick(e.target.value as 'supports' | 'contradicts')}
            >
              <option value="supports">{t('finding.stance.supports')}</option>
              <option value="contradicts">{t('finding.stance.contradicts')}</option>
            </select>
            <button
              type="button"
              disabled={!claimPick}
              onClick={() => {
                if (!draft.evidence.some((x) => x.id === claimPick))
                  set('evidence', [...draft.evidence, { kind: 'claim', id: claimPick, stance: stancePick }]);
                setClaimPick('');
              }}
            >
              {t('finding.addEvidence')}
            </button>
          </div>
          {fieldError('evidence')}
        </fieldset>

        <fieldset className="field" id="finding-elements">
          <legend>{t('finding.elements')}</legend>
          {(catalogue.data?.crimes ?? []).map((crime) => (
            <details key={crime.key} open={draft.elements.some((e) => e.crime === crime.key)}>
              <summary>{crime.title[lang]}</summary>
              {crime.elements.map((element) => {
                const checked = draft.elements.some(
                  (e) => e.crime === crime.key && e.element === element.key,
                );
                return (
                  <label key={element.key} className="checkbox">
                    <input
                      type="checkbox"
                      checked={checked}
                      onChange={() =>
                        set(
                          'elements',
                          checked
                            ? draft.elements.filter(
                                (e) => !(e.crime === crime.key && e.element === element.key),
                              )
                            : [...draft.elements, { crime: crime.key, element: element.key }],
                        )
                      }
                    />{' '}
                    {element.text[lang]}
                  </label>
                );
              })}
            </details>
          ))}
          {fieldError('elements')}
        </fieldset>

        <div className="field">
          <label htmlFor="finding-notes">{t('field.notes')}</label>
          <textarea
            id="finding-notes"
            dir="auto"
            rows={3}
            value={draft.notes}
            onChange={(e) => set('notes', e.target.value)}
          />
          {fieldError('notes')}
        </div>
        <div className="field">
          <label htmlFor="finding-sensitivity">{t('field.sensitivity')}</label>
          <select
            id="finding-sensitivity"
            value={draft.sensitivity}
            onChange={(e) => set('sensitivity', e.target.value)}
          >
            {LABELS.map((l) => (
              <option key={l} value={l}>
                {t(`label.${l}`)}
              </option>
            ))}
          </select>
          {fieldError('sensitivity')}
        </div>
        <button type="submit">{existing ? t('finding.saveVersion') : t('finding.saveDraft')}</button>
      </form>
    </section>
  );
}
