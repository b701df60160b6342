import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { api, ApiError } from '../../api.js';
import { ErrorText, Loading } from '../../components/Loading.js';
import { DateText, displayName, useLang } from '../../format.js';
import { useApi } from '../../use-api.js';
import { NameForms, type MemorialPerson } from './SearchPage.js';

export function MemorialPersonPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const { data: person, error } = useApi<MemorialPerson>(
    `/api/public/people/${encodeURIComponent(id ?? '')}`,
  );
  if (error) return <ErrorText error={error} />;
  if (!person) return <Loading />;
  return (
    <article className="memorial-person">
      <h1>{displayName(person.names, lang)}</h1>
      {person.synthetic && <p className="badge">{t('person.syntheticLong')}</p>}
      <dl className="facts">
        <dt>{t('person.names')}</dt>
        <dd>
          <NameForms names={person.names} />
        </dd>
        {person.fatherName && (
          <>
            <dt>{t('person.fatherName')}</dt>
            <dd>{person.fatherName}</dd>
          </>
        )}
        <dt>{t('person.birthDate')}</dt>
        <dd>
          <DateText date={person.birthDate} />
        </dd>
      </dl>
      <h2>{t('memorial.whatHappened')}</h2>
      {person.events.length === 0 ? (
        <p className="muted">{t('memorial.noEvents')}</p>
      ) : (
        <ul>
          {person.events.map((e) => (
            <li key={e.id}>
              {t(`eventKind.${e.kind}`)} — <DateText date={e.date} />
              {e.place && <> — {displayName(e.place.names, lang)}</>}
            </li>
          ))}
        </ul>
      )}
      <h2>{t('memorial.detention')}</h2>
      <ul>
        {person.detention.map((d) => (
          <li key={d.place.id}>
            {displayName(d.place.names, lang)}{' '}
            <span className="muted">({t(`certainty.${d.certainty}`)})</span>
          </li>
        ))}
        {person.detention.length === 0 && <li className="muted">{t('memorial.unknown')}</li>}
      </ul>
      <h2>{t('memorial.burial')}</h2>
      <ul>
        {person.burial.map((b) => (
          <li key={b.place.id}>
            {displayName(b.place.names, lang)} — <strong>{t(`certainty.${b.certainty}`)}</strong>
          </li>
        ))}
        {person.burial.length === 0 && <li className="muted">{t('memorial.unknown')}</li>}
      </ul>
      <SubmissionForm caseId={person.caseId} personId={person.id} />
    </article>
  );
}

function SubmissionForm({ caseId, personId }: { caseId: string; personId: string }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState('correction');
  const [message, setMessage] = useState('');
  const [relationship, setRelationship] = useState('');
  const [contact, setContact] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [sent, setSent] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api('/api/public/submissions', {
        method: 'POST',
        body: {
          caseId,
          personId,
          kind,
          message,
          relationship: relationship || null,
          contact: contact || null,
        },
      });
      setSent(true);
    } catch (error) {
      setErrors(error instanceof ApiError ? error.byField() : { message: String(error) });
    }
  };
  if (sent)
    return (
      <p role="status" className="notice">
        {t('submission.thanks')}
      </p>
    );
  return (
    <form className="submission" onSubmit={(e) => void submit(e)} noValidate>
      <h2>{t('submission.title')}</h2>
      <p className="muted">{t('submission.privacy')}</p>
      <label htmlFor="sub-kind">{t('submission.kind')}</label>
      <select id="sub-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
        <option value="correction">{t('submission.correction')}</option>
        <option value="new_information">{t('submission.newInformation')}</option>
      </select>
      <label htmlFor="sub-message">{t('submission.message')}</label>
      <textarea
        id="sub-message"
        value={message}
        onChange={(e) => setMessage(e.target.value)}
        rows={5}
        aria-invalid={Boolean(errors.message)}
        aria-describedby="sub-message-error"
      />
      {errors.message && (
        <p id="sub-message-error" className="error">
          {errors.message}
        </p>
      )}
      <label htmlFor="sub-relationship">{t('submission.relationship')}</label>
      <input id="sub-relationship" value={relationship} onChange={(e) => setRelationship(e.target.value)} />
      <label htmlFor="sub-contact">{t('submission.contact')}</label>
      <input id="sub-contact" value={contact} onChange={(e) => setContact(e.target.value)} />
      <button type="submit">{t('submission.send')}</button>
    </form>
  );
}
