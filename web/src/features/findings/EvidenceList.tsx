import { useTranslation } from 'react-i18next';
import type { Page, Rec } from '../../api.js';
import { Num } from '../../format.js';
import { RecordRef } from '../../present/record-index.js';
import { DataText, usePropertyName } from '../../present/values.js';
import { useApi } from '../../use-api.js';
import { ClaimValueText } from '../claims/ClaimsPanel.js';

/** A case's claims and excerpts by id, read once for a page that shows evidence. */
export function useEvidenceIndex(caseId: string): {
  claims: Map<string, Rec>;
  excerpts: Map<string, Rec>;
  ready: boolean;
} {
  const claims = useApi<Page<Rec>>(`/api/cases/${caseId}/claims?limit=500`);
  const excerpts = useApi<Page<Rec>>(`/api/cases/${caseId}/excerpts?limit=500`);
  return {
    claims: new Map((claims.data?.items ?? []).map((c) => [c.id, c])),
    excerpts: new Map((excerpts.data?.items ?? []).map((e) => [e.id, e])),
    ready: Boolean((claims.data || claims.error) && (excerpts.data || excerpts.error)),
  };
}

/** An excerpt: its quoted words and the source they come from, by name. */
function ExcerptText({ excerpt }: { excerpt: Rec }) {
  const { t } = useTranslation();
  return (
    <span className="excerpt-line">
      {/* The quotation marks go with the quoted words' own direction, not the page's. */}
      <q dir="auto">{String(excerpt.quote ?? '')}</q>{' '}
      <span className="muted">
        — <RecordRef id={String(excerpt.sourceId)} fallback={t('present.hiddenRecord')} />
      </span>
    </span>
  );
}

/**
 * One claim as evidence: what it says and who says it, the excerpts behind it (each with its source, and whether
 * it supports or contradicts the claim), its credibility and status — its strength, in words.
 */
export function ClaimEvidence({ claim, excerpts }: { claim: Rec; excerpts: Map<string, Rec> }) {
  const { t } = useTranslation();
  const propertyName = usePropertyName();
  const behind = (claim.evidence as Array<{ excerptId: string; stance: string }> | undefined) ?? [];
  return (
    <div className="evidence-claim">
      <p>
        {claim.subjectType !== 'case' && (
          <>
            <RecordRef id={String(claim.subjectId)} fallback={t('present.hiddenRecord')} /> —{' '}
          </>
        )}
        <strong>{propertyName(String(claim.property))}</strong>:{' '}
        <ClaimValueText value={claim.value as Parameters<typeof ClaimValueText>[0]['value']} />
      </p>
      <p className="muted">
        {t('claims.claimant')}: {claim.claimant ? <DataText text={String(claim.claimant)} /> : '—'}
        {t('geometry.semicolon')}
        {t('claims.credibility')}:{' '}
        {claim.credibility == null ? (
          '—'
        ) : (
          <>
            <Num value={Number(claim.credibility)} /> {t('finding.ofSix')}
          </>
        )}
        {t('geometry.semicolon')}
        {t('claims.status')}: {t(`claimStatus.${String(claim.status)}`)}
      </p>
      {behind.length > 0 && (
        <ul className="excerpts">
          {behind.map((e) => {
            const excerpt = excerpts.get(e.excerptId);
            return (
              <li key={e.excerptId}>
                {e.stance === 'contradicts' && <span className="badge warn">{t('finding.contradicts')}</span>}{' '}
                {excerpt ? (
                  <ExcerptText excerpt={excerpt} />
                ) : (
                  <span className="muted">{t('present.hiddenRecord')}</span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

/** A finding's evidence item (a claim or an excerpt), or that the reader may not see it. */
export function EvidenceItem({
  item,
  index,
}: {
  item: { kind: 'claim' | 'excerpt'; id: string };
  index: ReturnType<typeof useEvidenceIndex>;
}) {
  const { t } = useTranslation();
  if (item.kind === 'claim') {
    const claim = index.claims.get(item.id);
    if (claim) return <ClaimEvidence claim={claim} excerpts={index.excerpts} />;
  } else {
    const excerpt = index.excerpts.get(item.id);
    if (excerpt) return <ExcerptText excerpt={excerpt} />;
  }
  return <span className="muted">{index.ready ? t('present.hiddenRecord') : '…'}</span>;
}
