import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import type { Page, Rec } from '../../api.js';
import { ErrorText, Loading } from '../../components/Loading.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';
import { formatNum, recordTitle, useLang } from '../../format.js';
import { RecordIndexProvider, useRecordIndex } from '../../present/record-index.js';
import { DataText } from '../../present/values.js';
import { useApi } from '../../use-api.js';
import { CaseNav } from '../cases/CasePages.js';
import { ClaimValueText } from '../claims/ClaimsPanel.js';
import { STANDARDS, StandardText } from '../findings/finding-words.js';

type Bilingual = { en: string; fa: string };
type ElementState = 'established' | 'weak' | 'draft_only' | 'none';
export interface Matrix {
  threshold: string;
  suspectId: string | null;
  crimes: Array<{
    key: string;
    group: string;
    provision: string;
    title: Bilingual;
    elements: Array<{
      key: string;
      text: Bilingual;
      findings: Array<{
        id: string;
        statement: Bilingual;
        standard: string;
        status: string;
        version: number;
      }>;
      strength: string | null;
      state: ElementState;
    }>;
  }>;
  qualificationClaims: Array<{ id: string; claimant: string | null; value: unknown; status: string }>;
}

/** People named as perpetrators in the case: those the matrix can be read for. */
export function useSuspects(caseId: string): Rec[] {
  const lang = useLang();
  const index = useRecordIndex();
  const involvements = useApi<Page<Rec>>(`/api/cases/${caseId}/involvements?role=perpetrator&limit=500`);
  const positions = useApi<Page<Rec>>(`/api/cases/${caseId}/positions?limit=500`);
  const ids = new Set([
    ...(involvements.data?.items ?? []).filter((i) => i.actorType === 'person').map((i) => String(i.actorId)),
    ...(positions.data?.items ?? []).map((p) => String(p.personId)),
  ]);
  return [...ids]
    .map((id) => index?.byId.get(id)?.record)
    .filter((r): r is Rec => Boolean(r))
    .sort((a, b) => recordTitle(a, lang).localeCompare(recordTitle(b, lang), lang));
}

/**
 * The legal matrix: each crime's elements with the findings that address them and the strongest standard an
 * adopted one reaches; gaps (no finding, drafts only, only below the threshold) marked. A table on a desktop,
 * a list of cards on a phone.
 */
export function LegalMatrixPage() {
  const { caseId = '' } = useParams();
  return (
    <RecordIndexProvider caseId={caseId}>
      <CaseNav caseId={caseId} />
      <MatrixView caseId={caseId} />
    </RecordIndexProvider>
  );
}

function MatrixView({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [params, setParams] = useSearchParams();
  const suspect = params.get('suspect') ?? '';
  const threshold = params.get('threshold') ?? 'balance_of_probabilities';
  const gapsOnly = params.get('gaps') === '1';
  const suspects = useSuspects(caseId);
  const query = new URLSearchParams({ threshold, ...(suspect ? { suspect } : {}) });
  const matrix = useApi<Matrix>(`/api/cases/${caseId}/legal/matrix?${query.toString()}`);
  // From the address as it is now, not as this render saw it: two quick changes must not undo each other.
  const set = (key: string, value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const all = matrix.data?.crimes.flatMap((c) => c.elements) ?? [];
  const established = all.filter((e) => e.state === 'established').length;
  return (
    <section className="legal-matrix">
      <h1>{t('legal.title')}</h1>
      <p className="muted">{t('legal.intro')}</p>
      <div className="filters">
        <label>
          {t('legal.suspect')}
          <select value={suspect} onChange={(e) => set('suspect', e.target.value)}>
            <option value="">{t('legal.wholeCase')}</option>
            {suspects.map((p) => (
              <option key={p.id} value={p.id}>
                {recordTitle(p, lang)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('legal.threshold')}
          <select value={threshold} onChange={(e) => set('threshold', e.target.value)}>
            {STANDARDS.map((s) => (
              <option key={s} value={s}>
                {t(`finding.standard.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={gapsOnly}
            onChange={(e) => set('gaps', e.target.checked ? '1' : '')}
          />{' '}
          {t('legal.gapsOnly')}
        </label>
      </div>
      {suspect && (
        <p>
          <Link to={`/cases/${caseId}/people/${suspect}/suspect`}>{t('legal.toSuspectPage')}</Link>
        </p>
      )}
      {matrix.error ? <ErrorText error={matrix.error} /> : null}
      {!matrix.data && !matrix.error ? <Loading /> : null}
      {matrix.data && (
        <>
          <p role="status" className="legal-summary">
            {t('legal.summary', {
              established: formatNum(established, lang),
              total: formatNum(all.length, lang),
              standard: t(`finding.standard.${matrix.data.threshold}`),
              gaps: formatNum(all.length - established, lang),
            })}
          </p>
          <ul className="legend-list">
            {(['established', 'weak', 'draft_only', 'none'] as const).map((s) => (
              <li key={s}>
                <span className={`badge state-${s}`}>{t(`legal.state.${s}`)}</span>{' '}
                {t(`legal.stateHelp.${s}`)}
              </li>
            ))}
          </ul>
          {matrix.data.crimes.map((crime) => {
            const rows = crime.elements.filter((e) => !gapsOnly || e.state !== 'established');
            if (rows.length === 0) return null;
            return (
              <section key={crime.key} className="crime">
                <h2>
                  {crime.title[lang]} <span className="muted">({t(`legal.group.${crime.group}`)})</span>
                </h2>
                <p className="muted">
                  {t('legal.provision')}: <bdi dir="ltr">{crime.provision}</bdi>
                </p>
                <ScrollRegion label={t('legal.tableOf', { crime: crime.title[lang] })}>
                  <table className="stack matrix">
                    <thead>
                      <tr>
                        <th scope="col">{t('legal.element')}</th>
                        <th scope="col">{t('legal.findings')}</th>
                        <th scope="col">{t('legal.strength')}</th>
                        <th scope="col">{t('legal.stateLabel')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((element) => (
                        <tr key={element.key} className={`state-${element.state}`}>
                          <td data-label={t('legal.element')}>{element.text[lang]}</td>
                          <td data-label={t('legal.findings')}>
                            {element.findings.length === 0 ? (
                              <span className="muted">{t('legal.noFindings')}</span>
                            ) : (
                              <ul className="matrix-findings">
                                {element.findings.map((f) => (
                                  <li key={f.id}>
                                    <Link to={`/cases/${caseId}/findings/${f.id}`}>
                                      <DataText text={f.statement[lang]} />
                                    </Link>{' '}
                                    <span className="muted">
                                      (<StandardText standard={f.standard} />
                                      {t('geometry.comma')}
                                      {t(`finding.status.${f.status}`)})
                                    </span>
                                  </li>
                                ))}
                              </ul>
                            )}
                          </td>
                          <td data-label={t('legal.strength')}>
                            {element.strength ? (
                              <StandardText standard={element.strength} />
                            ) : (
                              <span className="muted">{t('legal.noStrength')}</span>
                            )}
                          </td>
                          <td data-label={t('legal.stateLabel')}>
                            <span className={`badge state-${element.state}`}>
                              {t(`legal.state.${element.state}`)}
                            </span>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </ScrollRegion>
              </section>
            );
          })}
          <section>
            <h2>{t('legal.othersSay')}</h2>
            <p className="muted">{t('legal.othersSayHelp')}</p>
            {matrix.data.qualificationClaims.length === 0 ? (
              <p className="muted">{t('claims.none')}</p>
            ) : (
              <ul>
                {matrix.data.qualificationClaims.map((c) => (
                  <li key={c.id}>
                    <strong>{c.claimant ? <DataText text={c.claimant} /> : t('legal.unattributed')}</strong>:{' '}
                    <ClaimValueText value={c.value as Parameters<typeof ClaimValueText>[0]['value']} />{' '}
                    <span className="muted">({t(`claimStatus.${c.status}`)})</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </section>
  );
}
