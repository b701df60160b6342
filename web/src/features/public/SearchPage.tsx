import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import type { FuzzyDate, Name } from '../../api.js';
import { ErrorText } from '../../components/Loading.js';
import { displayName, Num, useLang } from '../../format.js';
import { useApi } from '../../use-api.js';

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

/** The family search: a name in Persian script or any Latin spelling. */
export function SearchPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  const { data, error } = useApi<{ items: MemorialPerson[] }>(
    q ? `/api/public/search?q=${encodeURIComponent(q)}` : null,
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setParams(text.trim() ? { q: text.trim() } : {});
  };
  return (
    <section className="memorial">
      <h1>{t('memorial.title')}</h1>
      <p>{t('memorial.intro')}</p>
      <form role="search" onSubmit={submit} className="search">
        <label htmlFor="memorial-q">{t('memorial.searchLabel')}</label>
        <div className="row">
          <input
            id="memorial-q"
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t('memorial.placeholder')}
            autoComplete="off"
          />
          <button type="submit">{t('memorial.search')}</button>
        </div>
      </form>
      <ErrorText error={error} />
      {q && data && (
        <>
          <p role="status">
            {t('memorial.results')}: <Num value={data.items.length} />
          </p>
          <ul className="cards">
            {data.items.map((p) => (
              <li key={p.id} className="card">
                <Link to={`/memorial/${p.id}`}>{displayName(p.names, lang)}</Link>
                <div className="muted">{p.names.map((n) => n.text).join(' · ')}</div>
                {p.fatherName && (
                  <div>
                    {t('person.fatherName')}: {p.fatherName}
                  </div>
                )}
                {p.synthetic && <span className="badge">{t('person.synthetic')}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
