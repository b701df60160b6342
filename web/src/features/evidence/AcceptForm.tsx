/**
 * What accepting a date, a count or a possible new name needs: what it is about and which property it gives,
 * or which kind of entity the new name is. The server names what is missing; it is shown under its field.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api.js';
import { recordTitle, useLang } from '../../format.js';
import type { MentionView } from './types.js';
import { useRecords } from './use-records.js';

const SUBJECT_TYPES = ['event', 'person', 'organization', 'place'] as const;
const ENTITY_KINDS = ['person', 'organization', 'place'] as const;
/** Properties offered for a date or a count; any other lower-case identifier may be typed. */
const PROPERTIES: Record<string, string[]> = {
  date: ['date_of_execution'],
  count: ['death_toll', 'damaged_burial_sites', 'possible_burial_sites', 'alleged_perpetrators_listed'],
};

/** What accepting a date, a count or a new name needs; the server's field errors appear under the fields. */
export function AcceptForm({
  caseId,
  mention,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  caseId: string;
  mention: MentionView;
  busy: boolean;
  error: ApiError | undefined;
  onSubmit: (extra: Record<string, string>) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const guess = String(mention.value?.candidateKind ?? '');
  const [entityKind, setEntityKind] = useState<string>(
    (ENTITY_KINDS as readonly string[]).includes(guess) ? guess : '',
  );
  const [subjectType, setSubjectType] = useState<string>('event');
  const [subjectId, setSubjectId] = useState('');
  const [property, setProperty] = useState(mention.kind === 'count' ? 'death_toll' : '');
  const [claimant, setClaimant] = useState('');
  const [note, setNote] = useState('');
  const candidate = mention.kind === 'candidate';
  const subjects = useRecords(caseId, candidate ? null : subjectType);
  const problems = error?.byField() ?? {};
  const id = (field: string) => `accept-${mention.id}-${field}`;
  const fieldError = (field: string) =>
    problems[field] ? (
      <p id={`${id(field)}-error`} className="error">
        {problems[field]}
      </p>
    ) : null;
  const described = (field: string) =>
    problems[field] ? { 'aria-invalid': true, 'aria-describedby': `${id(field)}-error` } : {};
  const known = new Set(['entityKind', 'subjectType', 'subjectId', 'property', 'claimant', 'note']);
  const other = Object.entries(problems).filter(([field]) => !known.has(field));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const values: Record<string, string> = candidate
      ? { entityKind }
      : { subjectType, subjectId, property: property.trim(), claimant: claimant.trim() };
    values.note = note.trim();
    onSubmit(Object.fromEntries(Object.entries(values).filter(([, v]) => v)));
  };

  return (
    <form className="accept-form" onSubmit={submit} noValidate>
      {candidate ? (
        <div>
          <label htmlFor={id('entityKind')}>{t('evidence.accept.entityKind')}</label>
          <select
            id={id('entityKind')}
            value={entityKind}
            onChange={(e) => setEntityKind(e.target.value)}
            {...described('entityKind')}
          >
            <option value="">—</option>
            {ENTITY_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
          {fieldError('entityKind')}
        </div>
      ) : (
        <>
          <div>
            <label htmlFor={id('subjectType')}>{t('evidence.accept.subjectType')}</label>
            <select
              id={id('subjectType')}
              value={subjectType}
              onChange={(e) => {
                setSubjectType(e.target.value);
                setSubjectId('');
              }}
              {...described('subjectType')}
            >
              {SUBJECT_TYPES.map((k) => (
                <option key={k} value={k}>
                  {t(`kind.${k}`)}
                </option>
              ))}
            </select>
            {fieldError('subjectType')}
          </div>
          <div>
            <label htmlFor={id('subjectId')}>{t('evidence.accept.subject')}</label>
            <select
              id={id('subjectId')}
              value={subjectId}
              onChange={(e) => setSubjectId(e.target.value)}
              {...described('subjectId')}
            >
              <option value="">—</option>
              {subjects.map((r) => (
                <option key={r.id} value={r.id}>
                  {recordTitle(r, lang)}
                </option>
              ))}
            </select>
            {fieldError('subjectId')}
          </div>
          <div>
            <label htmlFor={id('property')}>{t('evidence.accept.property')}</label>
            <input
              id={id('property')}
              list={id('properties')}
              value={property}
              dir="ltr"
              onChange={(e) => setProperty(e.target.value)}
              {...described('property')}
            />
            <datalist id={id('properties')}>
              {(PROPERTIES[mention.kind] ?? []).map((p) => (
                <option key={p} value={p}>
                  {t(`property.${p}`, { defaultValue: p })}
                </option>
              ))}
            </datalist>
            {fieldError('property')}
          </div>
          <div>
            <label htmlFor={id('claimant')}>{t('evidence.accept.claimant')}</label>
            <input
              id={id('claimant')}
              value={claimant}
              onChange={(e) => setClaimant(e.target.value)}
              {...described('claimant')}
            />
            {fieldError('claimant')}
          </div>
        </>
      )}
      <div>
        <label htmlFor={id('note')}>{t('evidence.accept.note')}</label>
        <input
          id={id('note')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          {...described('note')}
        />
        {fieldError('note')}
      </div>
      {error && (other.length > 0 || error.fields.length === 0) && (
        <div className="error" role="alert">
          {error.fields.length === 0 ? error.message : other.map(([f, m]) => <p key={f}>{m}</p>)}
        </div>
      )}
      <div className="actions">
        <button type="submit" disabled={busy}>
          {t('evidence.mentions.accept')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('evidence.excerpt.cancel')}
        </button>
      </div>
    </form>
  );
}
