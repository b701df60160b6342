import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { api, ApiError, type Abilities } from '../../api.js';
import { ErrorText } from '../../components/Loading.js';
import { formatNum, Num, useLang } from '../../format.js';
import { useApi } from '../../use-api.js';
import { CaseNav } from '../cases/CasePages.js';
import { Timestamp } from '../../present/values.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';

interface Table {
  lists: string[];
  patterns: number[];
  freq: number[];
}
interface Histogram {
  from: number;
  width: number;
  counts: number[];
}
interface Run {
  id: string;
  title: string;
  method: 'loglinear' | 'lcmcr';
  parameters: Record<string, unknown>;
  createdAt: string;
  softwareVersion: string;
  input: { strata: string | null; tables: Record<string, Table> };
  result: {
    observed: number;
    estimate: number | null;
    lower: number | null;
    upper: number | null;
    model?: string;
    fit?: { deviance: number; df: number; pValue: number | null };
    averaged?: number;
    models?: Array<{
      model: string;
      estimate: number;
      deviance: number;
      df: number;
      pValue?: number | null;
      aic: number;
      bic: number;
      weight: number;
    }>;
    heterogeneity?: Array<{ name: string; estimate: number; lower?: number; upper?: number }>;
    strata?: Array<{
      stratum: string;
      observed: number;
      sparse: string | null;
      result: { estimate: number; lower: number; upper: number } | null;
    }>;
    ess?: number;
    rhat?: number | null;
    histogram?: Histogram;
    traces?: number[][];
    warnings: string[];
    linkage?: Linkage;
    /** From the registry: rows in groups without a name, not counted (see `RegistryCapture.nameless`). */
    namelessRows?: number;
  };
}

/** The count over the linkage's plausible range (estimate runs from the registry). */
interface Linkage {
  model: string;
  draws: number;
  seed: number;
  uncertainPairs: number;
  stored: { observed: number; estimate: number; lower: number; upper: number };
  observed: { min: number; max: number };
  estimates: { min: number; median: number; max: number };
  combined: { lower: number; upper: number };
  linkageShare: number;
}

/** A goodness-of-fit p-value as text: three decimals, or "< 0.001". */
const pText = (p: number | null | undefined) =>
  p === null || p === undefined ? '—' : p < 0.001 ? '< 0.001' : p.toFixed(3);

/** English warnings about the selected model's fit, which the page says in the reader's language instead. */
const isFitWarning = (w: string) => w.startsWith('the selected model ');

/** How much of the interval comes from linkage, in plain words. */
function LinkageView({ linkage }: { linkage: Linkage }) {
  const { t } = useTranslation();
  const lang = useLang();
  const n = (x: number) => formatNum(Math.round(x), lang);
  return (
    <section className="linkage" aria-labelledby="linkage-title">
      <h3 id="linkage-title">{t('estimates.linkageTitle')}</h3>
      {linkage.uncertainPairs === 0 ? (
        <p>{t('estimates.linkageNone')}</p>
      ) : (
        <>
          <p className="linkage-share">
            {t('estimates.linkageShare', { share: formatNum(Math.round(100 * linkage.linkageShare), lang) })}
          </p>
          <p>
            {t('estimates.linkageRange', {
              pairs: n(linkage.uncertainPairs),
              draws: n(linkage.draws),
              observedMin: n(linkage.observed.min),
              observedMax: n(linkage.observed.max),
              min: n(linkage.estimates.min),
              max: n(linkage.estimates.max),
            })}
          </p>
          <p>
            {t('estimates.linkageCombined', {
              lower: n(linkage.combined.lower),
              upper: n(linkage.combined.upper),
              storedLower: n(linkage.stored.lower),
              storedUpper: n(linkage.stored.upper),
            })}
          </p>
        </>
      )}
      <p className="muted">
        {t('estimates.linkageMethod', { model: linkage.model, seed: formatNum(String(linkage.seed), lang) })}
      </p>
    </section>
  );
}

const round = (x: number | null | undefined) => (x === null || x === undefined ? '—' : Math.round(x));

/** Which lists overlap how much: bars for the most frequent patterns, dots for the lists in each (UpSet style). */
function Overlap({ table }: { table: Table }) {
  const { t } = useTranslation();
  const j = table.lists.length;
  const rows = table.freq
    .map((f, r) => ({ f, bits: table.patterns.slice(r * j, r * j + j) }))
    .filter((r) => r.f > 0)
    .sort((a, b) => b.f - a.f)
    .slice(0, 24);
  const max = Math.max(1, ...rows.map((r) => r.f));
  const col = 28;
  const barHeight = 120;
  const left = 90;
  return (
    <figure className="overlap" dir="ltr">
      <svg
        width={left + rows.length * col}
        height={barHeight + 20 + j * 18}
        role="img"
        aria-label={t('estimates.overlap')}
      >
        {rows.map((r, i) => {
          const h = (r.f / max) * barHeight;
          return (
            <g key={i} transform={`translate(${left + i * col}, 0)`}>
              <rect x={4} y={barHeight - h} width={col - 8} height={h} className="bar" />
              <text x={col / 2} y={barHeight - h - 3} textAnchor="middle" className="tick-label">
                {r.f}
              </text>
              {table.lists.map((_, l) => (
                <circle
                  key={l}
                  cx={col / 2}
                  cy={barHeight + 18 + l * 18}
                  r={5}
                  className={r.bits[l] ? 'dot-on' : 'dot-off'}
                />
              ))}
            </g>
          );
        })}
        {table.lists.map((name, l) => (
          <text key={name} x={0} y={barHeight + 22 + l * 18} className="tick-label">
            {name}
          </text>
        ))}
      </svg>
      <figcaption className="muted">{t('estimates.overlapCaption')}</figcaption>
    </figure>
  );
}

/** The posterior distribution of N as bars, with the documented count and the 95 % interval marked. */
function Posterior({
  histogram,
  observed,
  lower,
  upper,
}: {
  histogram: Histogram;
  observed: number;
  lower: number;
  upper: number;
}) {
  const { t } = useTranslation();
  const width = 520;
  const height = 140;
  const max = Math.max(1, ...histogram.counts);
  const bar = width / histogram.counts.length;
  const x = (n: number) => ((n - histogram.from) / (histogram.width * histogram.counts.length)) * width;
  return (
    <figure className="posterior" dir="ltr">
      <svg
        viewBox={`0 0 ${width} ${height + 24}`}
        width="100%"
        role="img"
        aria-label={t('estimates.posterior')}
      >
        {histogram.counts.map((c, i) => {
          const h = (c / max) * height;
          const start = histogram.from + i * histogram.width;
          const inside = start + histogram.width > lower && start < upper;
          return (
            <rect
              key={i}
              x={i * bar + 1}
              y={height - h}
              width={bar - 2}
              height={h}
              className={inside ? 'bar' : 'bar faint'}
            />
          );
        })}
        {observed >= histogram.from && (
          <line x1={x(observed)} x2={x(observed)} y1={0} y2={height} className="marker" />
        )}
        <text x={0} y={height + 16} className="tick-label">
          {Math.round(histogram.from)}
        </text>
        <text x={width} y={height + 16} textAnchor="end" className="tick-label">
          {Math.round(histogram.from + histogram.width * histogram.counts.length)}
        </text>
      </svg>
      <figcaption className="muted">{t('estimates.posteriorCaption')}</figcaption>
    </figure>
  );
}

/** Each chain's kept draws in order: chains that wander apart or drift have not converged. */
function Traces({ traces }: { traces: number[][] }) {
  const { t } = useTranslation();
  const all = traces.flat();
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const width = 520;
  const height = 100;
  const points = (chain: number[]) =>
    chain
      .map(
        (v, i) =>
          `${(i / Math.max(1, chain.length - 1)) * width},${height - ((v - lo) / Math.max(1, hi - lo)) * height}`,
      )
      .join(' ');
  return (
    <figure className="traces" dir="ltr">
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={t('estimates.trace')}>
        {traces.map((chain, c) => (
          <polyline key={c} points={points(chain)} className={`trace trace-${c % 4}`} fill="none" />
        ))}
      </svg>
      <figcaption className="muted">{t('estimates.traceCaption', { chains: traces.length })}</figcaption>
    </figure>
  );
}

function RunView({ run }: { run: Run }) {
  const { t } = useTranslation();
  const lang = useLang();
  const r = run.result;
  const fit = r.fit;
  const tables = Object.entries(run.input.tables);
  return (
    <section className="run">
      <h2>{run.title}</h2>
      <p className="muted">
        <Timestamp iso={run.createdAt} /> — <bdi dir="ltr">{run.softwareVersion}</bdi>
      </p>
      <div className="headline">
        <div>
          <div className="muted">{t('estimates.documented')}</div>
          <div className="big">
            <Num value={r.observed} />
          </div>
        </div>
        <div>
          <div className="muted">{t('estimates.estimate')}</div>
          <div className="big">
            <Num value={round(r.estimate)} />
          </div>
          <div>
            {t('estimates.interval')}: <Num value={round(r.lower)} />–<Num value={round(r.upper)} />
          </div>
          {r.linkage && (
            <div className="linkage-interval">
              {t('estimates.linkageInterval')}: <Num value={round(r.linkage.combined.lower)} />–
              <Num value={round(r.linkage.combined.upper)} />
            </div>
          )}
          {r.model && (
            <div className="muted">
              {t('estimates.model')}: {r.model}
            </div>
          )}
          {run.method === 'lcmcr' && (
            <div className="muted">
              {t('estimates.lcmcr')} — {t('estimates.seed')}: {String(run.parameters.seed)}
              {r.ess !== undefined && (
                <>
                  {' '}
                  — {t('estimates.ess')}: <Num value={Math.round(r.ess)} />
                </>
              )}
              {r.rhat !== undefined && r.rhat !== null && <> — R̂ {r.rhat.toFixed(3)}</>}
            </div>
          )}
        </div>
      </div>
      {r.namelessRows ? (
        <p className="muted">{t('estimates.namelessRows', { count: r.namelessRows })}</p>
      ) : null}
      {r.estimate === null && <p className="notice">{t('estimates.noEstimate')}</p>}
      {fit && fit.pValue !== null && fit.pValue < 0.05 && (
        <p className="notice" role="alert">
          {t('estimates.poorFit', { p: formatNum(pText(fit.pValue), lang) })}
        </p>
      )}
      {fit && (
        <p className="muted">
          {fit.pValue === null
            ? t('estimates.fitUntestable')
            : t('estimates.fit', {
                deviance: formatNum(fit.deviance.toFixed(1), lang),
                df: formatNum(fit.df, lang),
                p: formatNum(pText(fit.pValue), lang),
              })}
        </p>
      )}
      {r.warnings
        .filter((w) => !(fit && isFitWarning(w)))
        .map((w) => (
          <p key={w} className="notice">
            {w}
          </p>
        ))}
      {r.linkage && <LinkageView linkage={r.linkage} />}
      {r.histogram && r.lower !== null && r.upper !== null && (
        <>
          <h3>{t('estimates.posterior')}</h3>
          <Posterior histogram={r.histogram} observed={r.observed} lower={r.lower} upper={r.upper} />
        </>
      )}
      {r.traces && <Traces traces={r.traces} />}
      {tables.map(([stratum, table]) => (
        <div key={stratum}>
          {stratum && <h3>{stratum}</h3>}
          <Overlap table={table} />
        </div>
      ))}
      {r.strata && (
        <ScrollRegion label={t('common.table')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('estimates.stratum')}</th>
                <th scope="col">{t('estimates.documented')}</th>
                <th scope="col">{t('estimates.estimate')}</th>
                <th scope="col">{t('estimates.interval')}</th>
              </tr>
            </thead>
            <tbody>
              {r.strata.map((s) => (
                <tr key={s.stratum}>
                  <td>{s.stratum}</td>
                  <td>
                    <Num value={s.observed} />
                  </td>
                  <td>
                    {s.result ? (
                      <Num value={round(s.result.estimate)} />
                    ) : (
                      t('estimates.sparse', { reason: s.sparse })
                    )}
                  </td>
                  <td>{s.result ? `${round(s.result.lower)}–${round(s.result.upper)}` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {r.models && (
        <>
          <h3>{t('estimates.models')}</h3>
          <ScrollRegion label={t('common.table')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('estimates.model')}</th>
                  <th scope="col">{t('estimates.estimate')}</th>
                  <th scope="col">{t('estimates.deviance')}</th>
                  <th scope="col">{t('estimates.df')}</th>
                  <th scope="col">{t('estimates.pValue')}</th>
                  <th scope="col">{t('estimates.aic')}</th>
                  <th scope="col">{t('estimates.bic')}</th>
                  <th scope="col">{t('estimates.weight')}</th>
                </tr>
              </thead>
              <tbody>
                {r.models.slice(0, 10).map((m) => (
                  <tr key={m.model}>
                    <td>{m.model}</td>
                    <td>
                      <Num value={round(m.estimate)} />
                    </td>
                    <td>{m.deviance.toFixed(2)}</td>
                    <td>{m.df}</td>
                    <td>{pText(m.pValue)}</td>
                    <td>{m.aic.toFixed(1)}</td>
                    <td>{m.bic.toFixed(1)}</td>
                    <td>{m.weight.toFixed(3)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <p>
            {t('estimates.averaged')}: <Num value={round(r.averaged)} />
          </p>
        </>
      )}
      {r.heterogeneity && (
        <ul>
          {r.heterogeneity.map((h) => (
            <li key={h.name}>
              {h.name}: <Num value={round(h.estimate)} />
              {h.lower !== undefined && (
                <>
                  {' '}
                  (<Num value={round(h.lower)} />–<Num value={round(h.upper)} />)
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function EstimatesPage() {
  const { caseId = '' } = useParams();
  const { t } = useTranslation();
  const runs = useApi<{ items: Run[] }>(`/api/cases/${caseId}/estimates`);
  const abilities = useApi<Abilities>(`/api/cases/${caseId}/abilities`);
  const [selected, setSelected] = useState<string>();
  const [title, setTitle] = useState('');
  const [csv, setCsv] = useState('');
  const [strata, setStrata] = useState('');
  const [method, setMethod] = useState<'loglinear' | 'lcmcr'>('loglinear');
  const [source, setSource] = useState<'patterns' | 'registry'>('patterns');
  const [seed, setSeed] = useState('');
  const [maxOrder, setMaxOrder] = useState<'2' | '3'>('3');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    try {
      const run = await api<Run>(`/api/cases/${caseId}/estimates`, {
        method: 'POST',
        body: {
          title,
          ...(source === 'patterns' ? { csv } : {}),
          method,
          ...(strata ? { strata } : {}),
          ...(method === 'lcmcr' && seed.trim() ? { sampler: { seed: Number(seed) } } : {}),
          ...(method === 'loglinear' && maxOrder === '2' ? { maxOrder: 2 } : {}),
        },
      });
      setSelected(run.id);
      runs.reload();
    } catch (err) {
      setErrors(err instanceof ApiError ? err.byField() : { csv: String(err) });
    }
  };
  const shown = runs.data?.items.find((r) => r.id === selected) ?? runs.data?.items[0];
  return (
    <>
      <CaseNav caseId={caseId} />
      <h1>{t('estimates.title')}</h1>
      <p>{t('estimates.intro')}</p>
      <details className="assumptions">
        <summary>{t('estimates.assumptionsTitle')}</summary>
        <ul>
          <li>{t('estimates.assumptionClosed')}</li>
          <li>{t('estimates.assumptionMatching')}</li>
          <li>{t('estimates.assumptionDependence')}</li>
          <li>{t('estimates.assumptionHeterogeneity')}</li>
        </ul>
      </details>
      <ErrorText error={runs.error} />
      {abilities.data?.records.claim?.create && (
        <form onSubmit={(e) => void submit(e)} className="record-form" noValidate>
          <label htmlFor="est-title">{t('estimates.runTitle')}</label>
          <input id="est-title" value={title} onChange={(e) => setTitle(e.target.value)} />
          {errors.title && <p className="error">{errors.title}</p>}
          <fieldset>
            <legend>{t('estimates.source')}</legend>
            <label>
              <input
                type="radio"
                name="est-source"
                checked={source === 'patterns'}
                onChange={() => setSource('patterns')}
              />{' '}
              {t('estimates.sourcePatterns')}
            </label>
            <label>
              <input
                type="radio"
                name="est-source"
                checked={source === 'registry'}
                onChange={() => setSource('registry')}
              />{' '}
              {t('estimates.sourceRegistry')}
            </label>
          </fieldset>
          {source === 'patterns' && (
            <>
              <label htmlFor="est-file">{t('estimates.file')}</label>
              <input
                id="est-file"
                type="file"
                accept=".csv,text/csv"
                onChange={(e) => void e.target.files?.[0]?.text().then(setCsv)}
              />
              <label htmlFor="est-csv">{t('estimates.csv')}</label>
              <textarea
                id="est-csv"
                className="mono"
                rows={6}
                value={csv}
                onChange={(e) => setCsv(e.target.value)}
                aria-describedby="est-csv-error"
              />
              {errors.csv && (
                <p id="est-csv-error" className="error">
                  {errors.csv}
                </p>
              )}
            </>
          )}
          {source === 'registry' && errors.registry && <p className="error">{errors.registry}</p>}
          <label htmlFor="est-strata">{t('estimates.strata')}</label>
          <input id="est-strata" value={strata} onChange={(e) => setStrata(e.target.value)} />
          <label htmlFor="est-method">{t('estimates.method')}</label>
          <select id="est-method" value={method} onChange={(e) => setMethod(e.target.value as typeof method)}>
            <option value="loglinear">{t('estimates.loglinear')}</option>
            <option value="lcmcr">{t('estimates.lcmcr')}</option>
          </select>
          {method === 'loglinear' && (
            <>
              <label htmlFor="est-max-order">{t('estimates.maxOrder')}</label>
              <select
                id="est-max-order"
                value={maxOrder}
                onChange={(e) => setMaxOrder(e.target.value as typeof maxOrder)}
              >
                <option value="3">{t('estimates.maxOrder3')}</option>
                <option value="2">{t('estimates.maxOrder2')}</option>
              </select>
            </>
          )}
          {method === 'lcmcr' && (
            <>
              <label htmlFor="est-seed">{t('estimates.seed')}</label>
              <input
                id="est-seed"
                inputMode="numeric"
                value={seed}
                onChange={(e) => setSeed(e.target.value)}
                aria-describedby="est-seed-hint"
              />
              <p id="est-seed-hint" className="muted">
                {t('estimates.seedHint')}
              </p>
              {errors.sampler && <p className="error">{errors.sampler}</p>}
            </>
          )}
          <button type="submit">{t('estimates.run')}</button>
        </form>
      )}
      {shown && <RunView run={shown} />}
      {(runs.data?.items.length ?? 0) > 1 && (
        <>
          <h2>{t('estimates.previous')}</h2>
          <ul>
            {runs.data!.items.map((r) => (
              <li key={r.id}>
                <button type="button" className="small" onClick={() => setSelected(r.id)}>
                  {r.title}
                </button>{' '}
                <span className="muted">
                  <Timestamp iso={r.createdAt} />
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
