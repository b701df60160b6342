/**
 * Public pages of the people a case names as alleged perpetrators, when the case publishes them: a list and a
 * page each, written as allegations with their sources. They are not memorial pages: no victim's words, no
 * correction form, and the memorial search never finds them.
 */
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { FuzzyDate, Name } from '../../api.js';
import { ErrorText, Loading } from '../../components/Loading.js';
import { DateText, displayName, formatNum, Num, useLang } from '../../format.js';
import { DataText, humanize, textDirection } from '../../present/values.js';
import { useApi } from '../../use-api.js';

interface Card {
  id: string;
  caseId: string;
  caseTitle: string;
  names: Name[];
}
interface Allegation {
  property: string;
  value: Record<string, unknown>;
  claimant: string | null;
  status: string;
  sources: Array<{
    title: string;
    authors: string[];
    publisher: string | null;
    date: FuzzyDate | null;
    url: string | null;
    quote: string | null;
  }>;
}
interface AllegedPage extends Card {
  allegations: Allegation[];
  positions: Array<{
    title: string;
    titleFa: string | null;
    organization: string | null;
    place: string | null;
    start: FuzzyDate | null;
    end: FuzzyDate | null;
    attributedTo: string[];
  }>;
  events: Array<{ title: string; date: FuzzyDate | null; degree: string | null }>;
}

export function AllegedListPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { data, error } = useApi<{ items: Card[] }>('/api/public/suspects');
  return (
    <section className="alleged">
      <h1>{t('alleged.listTitle')}</h1>
      <p>{t('alleged.listIntro')}</p>
      <ErrorText error={error} />
      {!data && !error && <Loading />}
      {data && (
        <ul className="cards">
          {data.items.map((p) => (
            <li key={p.id} className="card">
              <Link to={`/alleged/${p.id}`}>
                <bdi>{displayName(p.names, lang)}</bdi>
              </Link>
              <span className="badge role-perpetrator">{t('alleged.pageLabel')}</span>
              <span className="muted">
                {t('alleged.inCase')}: <DataText text={p.caseTitle} />
              </span>
            </li>
          ))}
          {data.items.length === 0 && <li className="muted">{t('alleged.none')}</li>}
        </ul>
      )}
    </section>
  );
}

/** A claim's value in words; an entity by its name, as the server gives it. */
function AllegedValue({ value: v }: { value: Record<string, unknown> }) {
  const { t } = useTranslation();
  const lang = useLang();
  switch (v.type) {
    case 'entity':
      return v.name ? (
        <DataText text={String(v.name)} />
      ) : (
        <span className="muted">{t('present.hiddenRecord')}</span>
      );
    case 'number':
      return <Num value={Number(v.value)} />;
    case 'number_range':
      return (
        <>
          <Num value={Number(v.min)} />–<Num value={Number(v.max)} />
        </>
      );
    case 'number_alternatives': {
      const figures = (v.values as number[]).map((n) => formatNum(n, lang));
      return (
        <>
          {t('claims.alternatives', {
            first: figures.slice(0, -1).join(t('geometry.comma')),
            last: figures[figures.length - 1],
          })}
        </>
      );
    }
    case 'date':
      return <DateText date={v.date as FuzzyDate} />;
    case 'boolean':
      return <>{v.value ? t('common.yes') : t('common.no')}</>;
    default:
      return <DataText text={String(v.text ?? '')} />;
  }
}

export function AllegedPersonPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const { data: p, error } = useApi<AllegedPage>(`/api/public/suspects/${encodeURIComponent(id)}`);
  if (error) return <ErrorText error={error} />;
  if (!p) return <Loading />;
  return (
    <article className="alleged-person">
      <p>
        <Link to="/alleged">{t('alleged.backToList')}</Link>
      </p>
      <h1>
        <bdi>{displayName(p.names, lang)}</bdi>
      </h1>
      <p className="badge role-perpetrator">{t('alleged.pageLabel')}</p>
      <p className="notice">{t('alleged.pageIntro')}</p>
      <dl className="facts">
        <div className="fact">
          <dt>{t('person.names')}</dt>
          <dd>
            {p.names.map((n, i) => (
              <span key={i}>
                {i > 0 && ' · '}
                <bdi>{n.text}</bdi>
              </span>
            ))}
          </dd>
        </div>
        <div className="fact">
          <dt>{t('alleged.inCase')}</dt>
          <dd>
            <DataText text={p.caseTitle} />
          </dd>
        </div>
      </dl>
      <section>
        <h2>{t('alleged.allegations')}</h2>
        <ul className="allegations">
          {p.allegations.map((a, i) => (
            <li key={i} className="allegation">
              <p>
                <strong>
                  {a.claimant ? t('alleged.says', { claimant: a.claimant }) : t('alleged.unattributed')}
                </strong>
                {': '}
                {t(`property.${a.property}`, { defaultValue: humanize(a.property) })}:{' '}
                <AllegedValue value={a.value} />{' '}
                <span className="muted">({t(`claimStatus.${a.status}`)})</span>
              </p>
              <ul className="allegation-sources">
                {a.sources.map((s, j) => (
                  <li key={j}>
                    {t('alleged.source')}:{' '}
                    {s.url && /^https?:\/\//.test(s.url) ? (
                      <a href={s.url} rel="noreferrer noopener">
                        <DataText text={s.title} />
                      </a>
                    ) : (
                      <DataText text={s.title} />
                    )}
                    {s.authors.length > 0 && (
                      <>
                        {' — '}
                        <DataText text={s.authors.join(', ')} />
                      </>
                    )}
                    {s.publisher && !s.authors.includes(s.publisher) && (
                      <>
                        {t('geometry.comma')}
                        <DataText text={s.publisher} />
                      </>
                    )}
                    {s.date?.start && (
                      <>
                        {t('geometry.comma')}
                        <DateText date={s.date} />
                      </>
                    )}
                    {s.quote && (
                      // A quote takes its own direction as a block (its rule on its own side): an English
                      // quote on a Persian page reads left to right, line after line.
                      <blockquote dir={textDirection(s.quote)}>
                        <span className="visually-hidden">{t('alleged.quote')}: </span>
                        <DataText text={s.quote} />
                      </blockquote>
                    )}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </section>
      {p.positions.length > 0 && (
        <section>
          <h2>{t('alleged.positions')}</h2>
          <ul>
            {p.positions.map((pos, i) => (
              <li key={i}>
                <DataText text={lang === 'fa' && pos.titleFa ? pos.titleFa : pos.title} />
                {pos.organization && (
                  <>
                    {t('geometry.comma')}
                    <DataText text={pos.organization} />
                  </>
                )}
                {pos.place && (
                  <>
                    {t('geometry.comma')}
                    <DataText text={pos.place} />
                  </>
                )}{' '}
                <DateText date={pos.start} />
                {pos.attributedTo.length > 0 && (
                  <span className="muted">
                    {' '}
                    ({t('alleged.says', { claimant: pos.attributedTo.join(', ') })})
                  </span>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section>
        <h2>{t('alleged.events')}</h2>
        <ul>
          {p.events.map((e, i) => (
            <li key={i}>
              <DataText text={e.title} /> <DateText date={e.date} />
              {e.degree && <span className="badge">{t(`enum.${e.degree}`)}</span>}
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}
