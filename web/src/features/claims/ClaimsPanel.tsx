import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Abilities, type FuzzyDate, type Page, type Rec } from '../../api.js';
import { ErrorText } from '../../components/Loading.js';
import { DateText, formatNum, Num, useLang } from '../../format.js';
import { RecordRef } from '../../present/record-index.js';
import { DataText, usePropertyName } from '../../present/values.js';
import { useApi } from '../../use-api.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';

type ClaimValue =
  | { type: 'text'; text: string }
  | { type: 'number'; value: number; bound: string }
  | { type: 'number_range'; min: number; max: number; bound: string }
  | { type: 'number_alternatives'; values: number[]; bound: string }
  | { type: 'date'; date: FuzzyDate }
  | { type: 'entity'; entityType: string; id: string }
  | { type: 'boolean'; value: boolean };

export function ClaimValueText({ value }: { value: ClaimValue }) {
  const { t } = useTranslation();
  const lang = useLang();
  switch (value.type) {
    case 'number':
      return (
        <>
          {value.bound !== 'exact' && `${t(`bound.${value.bound}`)} `}
          <Num value={value.value} />
        </>
      );
    case 'number_range':
      return (
        <>
          {value.bound !== 'exact' && `${t(`bound.${value.bound}`)} `}
          <Num value={value.min} />–<Num value={value.max} />
        </>
      );
    case 'number_alternatives': {
      // One figure or another, never the numbers between: "2,800 or 3,800".
      const figures = value.values.map((v) => formatNum(v, lang));
      return (
        <>
          {value.bound !== 'exact' && `${t(`bound.${value.bound}`)} `}
          {t('claims.alternatives', {
            first: figures.slice(0, -1).join(t('geometry.comma')),
            last: figures[figures.length - 1],
          })}
        </>
      );
    }
    case 'date':
      return <DateText date={value.date} />;
    case 'boolean':
      return <>{value.value ? t('common.yes') : t('common.no')}</>;
    case 'entity':
      return <RecordRef id={value.id} fallback={t('present.hiddenRecord')} />;
    default:
      return <DataText text={value.text} />;
  }
}

/**
 * Every claim about a subject, grouped by property. A property with several claims is contested: its
 * values are shown side by side with who says it and where, never merged.
 */
export function ClaimsPanel({
  caseId,
  subjectId,
  abilities,
}: {
  caseId: string;
  subjectId: string;
  abilities: Abilities | undefined;
}) {
  const { t } = useTranslation();
  const propertyName = usePropertyName();
  const base = `/api/cases/${caseId}`;
  const claims = useApi<Page<Rec>>(`${base}/claims?subjectId=${subjectId}&limit=500`);
  const excerpts = useApi<Page<Rec>>(`${base}/excerpts?limit=500`);
  const sources = useApi<Page<Rec>>(`${base}/sources?limit=500`);
  if (claims.error) return <ErrorText error={claims.error} />;
  const excerptById = new Map((excerpts.data?.items ?? []).map((e) => [e.id, e]));
  const sourceById = new Map((sources.data?.items ?? []).map((s) => [s.id, s]));
  const byProperty = new Map<string, Rec[]>();
  for (const claim of claims.data?.items ?? [])
    byProperty.set(String(claim.property), [...(byProperty.get(String(claim.property)) ?? []), claim]);
  const mayPrefer = Boolean(abilities?.records.claim?.mark_preferred);
  return (
    <section className="claims">
      <h2>{t('claims.title')}</h2>
      {byProperty.size === 0 && <p className="muted">{t('claims.none')}</p>}
      {[...byProperty]
        // Contested properties first: they are what a reader must not miss.
        .sort((a, b) => b[1].length - a[1].length)
        .map(([property, list]) => (
          <div key={property} className="property" data-property={property}>
            <h3>
              {propertyName(property)}
              {list.length > 1 && (
                <span className="badge warn">{t('claims.contested', { count: list.length })}</span>
              )}
            </h3>
            <ScrollRegion label={propertyName(property)}>
              <table className="stack">
                <thead>
                  <tr>
                    <th scope="col">{t('claims.value')}</th>
                    <th scope="col">{t('claims.claimant')}</th>
                    <th scope="col">{t('claims.source')}</th>
                    <th scope="col">{t('claims.excerpt')}</th>
                    <th scope="col">{t('claims.credibility')}</th>
                    <th scope="col">{t('claims.status')}</th>
                    <th scope="col">{t('claims.preferred')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((claim) => {
                    const evidence = (claim.evidence as Array<{ excerptId: string; stance: string }>) ?? [];
                    const excerpt = evidence[0] ? excerptById.get(evidence[0].excerptId) : undefined;
                    const source = excerpt ? sourceById.get(String(excerpt.sourceId)) : undefined;
                    return (
                      <tr key={claim.id}>
                        <td className="value" data-label={t('claims.value')}>
                          <ClaimValueText value={claim.value as ClaimValue} />
                        </td>
                        <td data-label={t('claims.claimant')}>
                          {claim.claimant ? <DataText text={String(claim.claimant)} /> : '—'}
                        </td>
                        <td data-label={t('claims.source')}>
                          {source ? <RecordRef id={source.id} fallback={String(source.title)} /> : '—'}
                        </td>
                        <td className="quote" data-label={t('claims.excerpt')}>
                          {excerpt ? <DataText text={String(excerpt.quote)} /> : '—'}
                        </td>
                        <td data-label={t('claims.credibility')}>
                          {claim.credibility == null ? '—' : <Num value={Number(claim.credibility)} />}
                        </td>
                        <td data-label={t('claims.status')}>{t(`claimStatus.${String(claim.status)}`)}</td>
                        <td data-label={t('claims.preferred')}>
                          {claim.preferred ? (
                            <span title={String(claim.preferredReason ?? '')}>
                              ★ <DataText text={String(claim.preferredReason ?? '')} />
                            </span>
                          ) : mayPrefer ? (
                            <PreferForm caseId={caseId} claimId={claim.id} onDone={claims.reload} />
                          ) : null}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </ScrollRegion>
          </div>
        ))}
    </section>
  );
}

function PreferForm({ caseId, claimId, onDone }: { caseId: string; claimId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  if (!open)
    return (
      <button type="button" className="small" onClick={() => setOpen(true)}>
        {t('claims.markPreferred')}
      </button>
    );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api(`/api/cases/${caseId}/claims/${claimId}/preference`, {
        method: 'POST',
        body: { preferred: true, reason },
      });
      onDone();
    } catch (err) {
      setError(err instanceof ApiError ? (err.byField().reason ?? err.message) : String(err));
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="prefer">
      <label htmlFor={`reason-${claimId}`}>{t('claims.reason')}</label>
      <textarea
        id={`reason-${claimId}`}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        required
        rows={2}
      />
      {error && <p className="error">{error}</p>}
      <button type="submit" className="small">
        {t('claims.confirmPreferred')}
      </button>
    </form>
  );
}
