import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { api, ApiError, type Abilities, type FuzzyDate, type Rec } from '../../api.js';
import { ErrorText } from '../../components/Loading.js';
import { DateText, Num } from '../../format.js';
import { useApi } from '../../use-api.js';
import { CaseNav } from '../cases/CasePages.js';

const FIELDS = [
  'full_name',
  'given_name',
  'surname',
  'father_name',
  'birth_date',
  'birth_year',
  'age',
  'sex',
  'place_of_detention',
  'city',
  'date_of_death',
] as const;
const RELIABILITIES = ['high', 'medium', 'low', 'unknown'] as const;
const LABELS = ['public', 'internal', 'confidential', 'protected'] as const;

interface Fields {
  fullName: string;
  fatherName: string | null;
  birth: FuzzyDate | null;
  death: FuzzyDate | null;
  placeOfDetention: string | null;
}
interface Entry {
  cluster: string;
  names: string[];
  lists: string[];
  rows: Array<{ list: string; recordKey: string; fields: Fields }>;
}
interface Inspected {
  columns: string[];
  rows: number;
  sample: string[][];
}
interface ImportResult {
  list: Rec | null;
  rows: number;
  preview: Array<{ row: number; key: string; fields: Fields }>;
}

/** Bytes of a file as base64, in slices so that large files do not overflow the call stack. */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Choose a file, map its columns, check it, import it: nothing is written until every row is good. */
function ImportWizard({ caseId, onImported }: { caseId: string; onImported: () => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<{ name: string; format: 'csv' | 'json'; content: string }>();
  const [inspected, setInspected] = useState<Inspected>();
  const [name, setName] = useState('');
  const [origin, setOrigin] = useState('');
  const [published, setPublished] = useState('');
  const [reliability, setReliability] = useState<(typeof RELIABILITIES)[number]>('unknown');
  const [sensitivity, setSensitivity] = useState<(typeof LABELS)[number]>('internal');
  const [idColumn, setIdColumn] = useState('');
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [checked, setChecked] = useState<ImportResult>();
  const [problems, setProblems] = useState<Array<{ field: string; message: string }>>([]);
  const [busy, setBusy] = useState(false);

  const choose = async (chosen: File | undefined) => {
    setInspected(undefined);
    setChecked(undefined);
    setProblems([]);
    if (!chosen) return;
    const format = chosen.name.toLowerCase().endsWith('.json') ? 'json' : 'csv';
    const content = await base64Of(chosen);
    setFile({ name: chosen.name, format, content });
    try {
      const result = await api<Inspected>(`/api/cases/${caseId}/lists/inspect`, {
        method: 'POST',
        body: { fileName: chosen.name, format, content },
      });
      setInspected(result);
      setIdColumn(result.columns[0] ?? '');
      if (!name) setName(chosen.name.replace(/\.[^.]+$/, ''));
    } catch (err) {
      setProblems(err instanceof ApiError ? err.fields : [{ field: 'file', message: String(err) }]);
    }
  };

  const send = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setProblems([]);
    try {
      const result = await api<ImportResult>(`/api/cases/${caseId}/lists`, {
        method: 'POST',
        body: {
          fileName: file.name,
          format: file.format,
          content: file.content,
          name,
          origin: origin || null,
          published: published || null,
          reliability,
          sensitivity,
          idColumn,
          mapping: Object.fromEntries(Object.entries(mapping).filter(([, f]) => f)),
          dryRun,
        },
      });
      setChecked(result);
      if (!dryRun) {
        setFile(undefined);
        setInspected(undefined);
        onImported();
      }
    } catch (err) {
      setChecked(undefined);
      setProblems(err instanceof ApiError ? err.fields : [{ field: 'file', message: String(err) }]);
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void send(false);
  };

  return (
    <form className="record-form import-wizard" onSubmit={submit} noValidate>
      <h2>{t('registry.import')}</h2>
      <p className="muted">{t('registry.importHint')}</p>
      <label htmlFor="list-file">{t('registry.file')}</label>
      <input
        id="list-file"
        type="file"
        accept=".csv,.json,text/csv,application/json"
        onChange={(e) => void choose(e.target.files?.[0])}
      />
      {inspected && (
        <>
          <p>{t('registry.rowsFound', { count: inspected.rows })}</p>
          <label htmlFor="list-name">{t('registry.listName')}</label>
          <input id="list-name" value={name} onChange={(e) => setName(e.target.value)} />
          <label htmlFor="list-origin">{t('registry.origin')}</label>
          <input id="list-origin" value={origin} onChange={(e) => setOrigin(e.target.value)} />
          <label htmlFor="list-published">{t('registry.published')}</label>
          <input id="list-published" value={published} onChange={(e) => setPublished(e.target.value)} />
          <label htmlFor="list-reliability">{t('registry.reliability')}</label>
          <select
            id="list-reliability"
            value={reliability}
            onChange={(e) => setReliability(e.target.value as typeof reliability)}
          >
            {RELIABILITIES.map((r) => (
              <option key={r} value={r}>
                {t(`registry.reliabilities.${r}`)}
              </option>
            ))}
          </select>
          <label htmlFor="list-sensitivity">{t('registry.sensitivity')}</label>
          <select
            id="list-sensitivity"
            value={sensitivity}
            onChange={(e) => setSensitivity(e.target.value as typeof sensitivity)}
          >
            {LABELS.map((l) => (
              <option key={l} value={l}>
                {t(`label.${l}`)}
              </option>
            ))}
          </select>
          <label htmlFor="list-id">{t('registry.idColumn')}</label>
          <select id="list-id" value={idColumn} onChange={(e) => setIdColumn(e.target.value)}>
            {inspected.columns.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          <h3>{t('registry.mapping')}</h3>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('registry.column')}</th>
                  <th scope="col">{t('registry.example')}</th>
                  <th scope="col">{t('registry.readAs')}</th>
                </tr>
              </thead>
              <tbody>
                {inspected.columns.map((c, i) => (
                  <tr key={c}>
                    <td>{c}</td>
                    <td>{inspected.sample[0]?.[i] ?? ''}</td>
                    <td>
                      <select
                        aria-label={t('registry.readColumnAs', { column: c })}
                        value={mapping[c] ?? ''}
                        onChange={(e) => setMapping({ ...mapping, [c]: e.target.value })}
                      >
                        <option value="">{t('registry.rawOnly')}</option>
                        {FIELDS.map((f) => (
                          <option key={f} value={f}>
                            {t(`registry.fields.${f}`)}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="actions">
            <button type="button" onClick={() => void send(true)} disabled={busy}>
              {t('registry.check')}
            </button>
            <button type="submit" disabled={busy}>
              {t('registry.importNow')}
            </button>
          </div>
        </>
      )}
      {problems.length > 0 && (
        <div role="alert" className="error">
          <p>{t('registry.nothingImported')}</p>
          <ul>
            {problems.map((p, i) => (
              <li key={i}>
                {p.field}: {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {checked && (
        <div role="status">
          <p>
            {checked.list
              ? t('registry.imported', { count: checked.rows })
              : t('registry.checkedOk', { count: checked.rows })}
          </p>
          <ul>
            {checked.preview.map((p) => (
              <li key={p.row}>
                {t('registry.row', { row: p.row })}: {p.fields.fullName}
                {p.fields.birth && (
                  <>
                    {' — '}
                    {t('registry.born')} <DateText date={p.fields.birth} />
                  </>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </form>
  );
}

export function RegistryPage() {
  const { caseId = '' } = useParams();
  const { t } = useTranslation();
  const lists = useApi<{ items: Rec[] }>(`/api/cases/${caseId}/lists`);
  const abilities = useApi<Abilities>(`/api/cases/${caseId}/abilities`);
  const [q, setQ] = useState('');
  const registry = useApi<{ items: Entry[]; total: number; linked: boolean }>(
    `/api/cases/${caseId}/registry?limit=100${q ? `&q=${encodeURIComponent(q)}` : ''}`,
  );
  const reload = () => {
    lists.reload();
    registry.reload();
  };
  return (
    <>
      <CaseNav caseId={caseId} />
      <h1>{t('registry.title')}</h1>
      <p>{t('registry.intro')}</p>
      <ErrorText error={lists.error} />
      <h2>{t('registry.lists')}</h2>
      {lists.data && lists.data.items.length === 0 && <p className="muted">{t('registry.noLists')}</p>}
      {lists.data && lists.data.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('registry.listName')}</th>
                <th scope="col">{t('registry.rows')}</th>
                <th scope="col">{t('registry.reliability')}</th>
                <th scope="col">{t('registry.file')}</th>
                <th scope="col">SHA-256</th>
              </tr>
            </thead>
            <tbody>
              {lists.data.items.map((l) => (
                <tr key={l.id}>
                  <td>{String(l.name)}</td>
                  <td>
                    <Num value={Number(l.rowCount)} />
                  </td>
                  <td>{t(`registry.reliabilities.${String(l.reliability)}`)}</td>
                  <td>{String(l.fileName)}</td>
                  <td className="mono" title={String(l.fileSha256)}>
                    {String(l.fileSha256).slice(0, 12)}…
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {abilities.data?.records.person?.create && <ImportWizard caseId={caseId} onImported={reload} />}
      <h2>{t('registry.people')}</h2>
      {registry.data && !registry.data.linked && registry.data.total > 0 && (
        <p className="notice">{t('registry.notLinked')}</p>
      )}
      <label htmlFor="registry-q">{t('registry.search')}</label>
      <input id="registry-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
      <ErrorText error={registry.error} />
      {registry.data && (
        <>
          <p className="muted">{t('registry.count', { count: registry.data.total })}</p>
          <ul className="registry">
            {registry.data.items.map((entry) => (
              <li key={entry.cluster}>
                <details>
                  <summary>
                    <strong>{entry.names.join(' · ')}</strong>{' '}
                    <span className="muted">— {entry.lists.join(', ')}</span>
                  </summary>
                  <ul>
                    {entry.rows.map((r) => (
                      <li key={`${r.list}:${r.recordKey}`}>
                        {r.list} #{r.recordKey}: {r.fields.fullName}
                        {r.fields.fatherName && <> ({t('registry.father', { name: r.fields.fatherName })})</>}
                        {r.fields.birth && (
                          <>
                            {' — '}
                            {t('registry.born')} <DateText date={r.fields.birth} />
                          </>
                        )}
                        {r.fields.death && (
                          <>
                            {' — '}
                            {t('registry.died')} <DateText date={r.fields.death} />
                          </>
                        )}
                        {r.fields.placeOfDetention && <> — {r.fields.placeOfDetention}</>}
                      </li>
                    ))}
                  </ul>
                </details>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
