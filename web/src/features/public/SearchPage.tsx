import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { toLatinDigits } from '../../../../src/domain/digits.js';
import { ApiError, type FuzzyDate, type Name } from '../../api.js';
import { ErrorText } from '../../components/Loading.js';
import { DateText, displayName, Num, useLang } from '../../format.js';
import { useApi } from '../../use-api.js';

type PlaceNames = { names: Name[] };

export interface MemorialPerson {
  id: string;
  caseId: string;
  names: Name[];
  fatherName: string | null;
  birthDate: FuzzyDate | null;
  synthetic: boolean;
  events: Array<{
    id: string;
    kind: string;
    title: string;
    date: FuzzyDate | null;
    place: { names: Name[] } | null;
  }>;
  detention: Array<{ place: { id: string; names: Name[] }; certainty: string }>;
  burial: Array<{ place: { id: string; names: Name[] }; certainty: string }>;
}

/** A search result: enough to tell namesakes apart. */
export interface MemorialCard {
  id: string;
  names: Name[];
  fatherName: string | null;
  birthDate: FuzzyDate | null;
  synthetic: boolean;
  death: { kind: string; date: FuzzyDate | null; place: PlaceNames | null } | null;
  detention: Array<{ place: PlaceNames; certainty: string }>;
  burial: Array<{ place: PlaceNames; certainty: string }>;
}

const FIELDS = ['q', 'fatherName', 'birthYear'] as const;
type Field = (typeof FIELDS)[number];

/** The fields the server named (`querystring.birthYear` → `birthYear`). */
function fieldsOf(error: unknown): Field[] {
  if (!(error instanceof ApiError)) return [];
  const named = error.fields.map((f) => f.field.split('.').pop());
  return FIELDS.filter((f) => named.includes(f));
}

/**
 * The family search: a name in Persian script or any Latin spelling, optionally narrowed by the father's name
 * and the year of birth (Solar Hijri or Gregorian, in either digits). Each card shows what tells namesakes apart.
 */
export function SearchPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [params, setParams] = useSearchParams();
  const [form, setForm] = useState<Record<Field, string>>({
    q: params.get('q') ?? '',
    fatherName: params.get('fatherName') ?? '',
    birthYear: params.get('birthYear') ?? '',
  });
  const query = new URLSearchParams();
  // As the server reads the same address when it writes the page (a form sent before the script arrived may hold
  // Persian digits or spaces around a value).
  for (const f of FIELDS) {
    const value = (f === 'birthYear' ? toLatinDigits(params.get(f) ?? '') : (params.get(f) ?? '')).trim();
    if (value) query.set(f, value);
  }
  const { data, error } = useApi<{ items: MemorialCard[] }>(
    params.get('q') ? `/api/public/search?${query.toString()}` : null,
  );
  const bad = fieldsOf(error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next: Record<string, string> = {};
    for (const f of FIELDS) {
      const value = (f === 'birthYear' ? toLatinDigits(form[f]) : form[f]).trim();
      if (value) next[f] = value;
    }
    setParams(next.q ? next : {});
  };
  const input = (field: Field, label: string, extra: { hint?: string; inputMode?: 'numeric' } = {}) => (
    <div className="field">
      <label htmlFor={`memorial-${field}`}>{label}</label>
      {extra.hint && (
        <p id={`memorial-${field}-hint`} className="muted">
          {extra.hint}
        </p>
      )}
      {bad.includes(field) && (
        <p id={`memorial-${field}-error`} className="error">
          {t(`memorial.errors.${field}`)}
        </p>
      )}
      <input
        id={`memorial-${field}`}
        type={field === 'q' ? 'search' : 'text'}
        value={form[field]}
        onChange={(e) => setForm({ ...form, [field]: e.target.value })}
        autoComplete="off"
        inputMode={extra.inputMode}
        aria-invalid={bad.includes(field)}
        aria-describedby={
          [extra.hint && `memorial-${field}-hint`, bad.includes(field) && `memorial-${field}-error`]
            .filter(Boolean)
            .join(' ') || undefined
        }
        {...(field === 'q' ? { placeholder: t('memorial.placeholder') } : {})}
      />
    </div>
  );
  return (
    <section className="memorial">
      <h1>{t('memorial.title')}</h1>
      <p>{t('memorial.intro')}</p>
      {bad.length > 0 && (
        <div className="error-summary" role="alert">
          <h2>{t('memorial.errors.title')}</h2>
          <ul>
            {bad.map((f) => (
              <li key={f}>
                <a href={`#memorial-${f}`}>{t(`memorial.errors.${f}`)}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <form role="search" onSubmit={submit} className="search" noValidate>
        {input('q', t('memorial.searchLabel'))}
        <details open={Boolean(form.fatherName || form.birthYear)}>
          <summary>{t('memorial.narrow')}</summary>
          {input('fatherName', t('person.fatherName'), { hint: t('memorial.fatherHint') })}
          {input('birthYear', t('memorial.birthYear'), {
            hint: t('memorial.birthYearHint'),
            inputMode: 'numeric',
          })}
        </details>
        <button type="submit">{t('memorial.search')}</button>
      </form>
      {bad.length === 0 && <ErrorText error={error} />}
      {params.get('q') && data && (
        <>
          <p role="status">
            {t('memorial.results')}: <Num value={data.items.length} />
          </p>
          <ul className="cards">
            {data.items.map((p) => (
              <MemorialResult key={p.id} person={p} lang={lang} />
            ))}
          </ul>
        </>
      )}
      <p className="alleged-link">
        <Link to="/alleged">{t('alleged.memorialLink')}</Link>
      </p>
    </section>
  );
}

/** Every form of a name, each isolated in its own direction (a Latin spelling inside Persian text, and back). */
export function NameForms({ names }: { names: Name[] }) {
  return (
    <>
      {names.map((n, i) => (
        <span key={i}>
          {i > 0 && ' · '}
          <bdi>{n.text}</bdi>
        </span>
      ))}
    </>
  );
}

function MemorialResult({ person: p, lang }: { person: MemorialCard; lang: 'en' | 'fa' }) {
  const { t } = useTranslation();
  const places = (list: Array<{ place: PlaceNames; certainty: string }>) =>
    list.map((d, i) => (
      <span key={i}>
        {i > 0 && ' · '}
        {displayName(d.place.names, lang)} <span className="muted">({t(`certainty.${d.certainty}`)})</span>
      </span>
    ));
  return (
    <li className="card">
      <Link to={`/memorial/${p.id}`}>{displayName(p.names, lang)}</Link>
      <div className="muted">
        <NameForms names={p.names} />
      </div>
      <dl className="facts">
        {p.fatherName && (
          <>
            <dt>{t('person.fatherName')}</dt>
            <dd>{p.fatherName}</dd>
          </>
        )}
        <dt>{t('person.birthDate')}</dt>
        <dd>
          <DateText date={p.birthDate} />
        </dd>
        {p.death && (
          <>
            <dt>{t(`eventKind.${p.death.kind}`)}</dt>
            <dd>
              <DateText date={p.death.date} />
              {p.death.place && <> — {displayName(p.death.place.names, lang)}</>}
            </dd>
          </>
        )}
        {p.detention.length > 0 && (
          <>
            <dt>{t('memorial.detention')}</dt>
            <dd>{places(p.detention)}</dd>
          </>
        )}
        {p.burial.length > 0 && (
          <>
            <dt>{t('memorial.burial')}</dt>
            <dd>{places(p.burial)}</dd>
          </>
        )}
      </dl>
      {p.synthetic && <span className="badge">{t('person.synthetic')}</span>}
    </li>
  );
}
