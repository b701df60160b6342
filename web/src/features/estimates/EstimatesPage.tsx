import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { api, ApiError, type Abilities } from '../../api.js';
import { ErrorText } from '../../components/Loading.js';
import { Num } from '../../format.js';
import { useApi } from '../../use-api.js';
import { CaseNav } from '../cases/CasePages.js';

interface Table {
  lists: string[];
  patterns: number[];
  freq: number[];
}
interface Run {
  id: string;
  title: string;
  createdAt: string;
  softwareVersion: string;
  input: { strata: string | null; tables: Record<string, Table> };
  result: {
    observed: number;
    estimate: number | null;
    lower: number | null;
    upper: number | null;
    model?: string;
    averaged?: number;
    models?: Array<{
      model: string;
      estimate: number;
      deviance: number;
      df: number;
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
    warnings: string[];
  };
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

function RunView({ run }: { run: Run }) {
  const { t } = useTranslation();
  const r = run.result;
  const tables = Object.entries(run.input.tables);
  return (
    <section className="run">
      <h2>{run.title}</h2>
      <p className="muted">
        {run.createdAt} — {run.softwareVersion}
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
          {r.model && (
            <div className="muted">
              {t('estimates.model')}: {r.model}
            </div>
          )}
        </div>
      </div>
      {r.warnings.map((w) => (
        <p key={w} className="notice">
          {w}
        </p>
      ))}
      {tables.map(([stratum, table]) => (
        <div key={stratum}>
          {stratum && <h3>{stratum}</h3>}
          <Overlap table={table} />
        </div>
      ))}
      {r.strata && (
        <div className="table-wrap">
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
        </div>
      )}
      {r.models && (
        <>
          <h3>{t('estimates.models')}</h3>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('estimates.model')}</th>
                  <th scope="col">{t('estimates.estimate')}</th>
                  <th scope="col">{t('estimates.deviance')}</th>
                  <th scope="col">{t('estimates.df')}</th>
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
                    <td>{m.aic.toFixed(1)}</td>
                    <td>{m.bic.toFixed(1)}</td>
                    <td>{m.weight.toFixed(3)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
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
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    try {
      const run = await api<Run>(`/api/cases/${caseId}/estimates`, {
        method: 'POST',
        body: { title, csv, ...(strata ? { strata } : {}) },
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
          <label htmlFor="est-strata">{t('estimates.strata')}</label>
          <input id="est-strata" value={strata} onChange={(e) => setStrata(e.target.value)} />
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
                <span className="muted">{r.createdAt}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
