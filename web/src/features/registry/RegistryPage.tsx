import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import {
  api,
  ApiError,
  fieldLabel,
  problemText,
  type Abilities,
  type FieldProblem,
  type FuzzyDate,
  type Rec,
} from '../../api.js';
import { ErrorText } from '../../components/Loading.js';
import { DateText, formatNum, Num, useLang } from '../../format.js';
import { useApi } from '../../use-api.js';
import { CaseNav } from '../cases/CasePages.js';
import { ListReportPanel, ReportSummary, type Report } from './ImportReport.js';
import { LinkPanel } from './LinkPanel.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';
import { toLatinDigits } from '../../../../src/domain/digits.js';

/** Encodings a list may be saved in: UTF-8 unless the importer says otherwise (never guessed). */
const ENCODINGS = ['utf-8', 'windows-1256', 'windows-1252'] as const;

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
const DATE_ORDERS = ['auto', 'dmy', 'mdy', 'ymd'] as const;
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
  report: Report;
}

/** Bytes of a file as base64, in slices so that large files do not overflow the call stack. */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Choose a file, map its columns, check it, import it. A bad cell does not stop the import: the report shows
 * what was inferred for each column and every flagged cell, kept as written, to correct later.
 */
function ImportWizard({
  caseId,
  lists,
  onImported,
}: {
  caseId: string;
  lists: Rec[];
  onImported: () => void;
}) {
  const { t } = useTranslation();
  const [file, setFile] = useState<{ name: string; format: 'csv' | 'json' | 'xlsx'; content: string }>();
  const [inspected, setInspected] = useState<Inspected>();
  const [name, setName] = useState('');
  const [origin, setOrigin] = useState('');
  const [published, setPublished] = useState('');
  const [reliability, setReliability] = useState<(typeof RELIABILITIES)[number]>('unknown');
  const [sensitivity, setSensitivity] = useState<(typeof LABELS)[number]>('internal');
  const [idColumn, setIdColumn] = useState('');
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [dateOrder, setDateOrder] = useState<(typeof DATE_ORDERS)[number]>('auto');
  // Empty unless the importer states it: the server then says in its report which year it assumed.
  const [eventYear, setEventYear] = useState('');
  const [checked, setChecked] = useState<ImportResult>();
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [busy, setBusy] = useState(false);
  const [reused, setReused] = useState<string>();
  const [encoding, setEncoding] = useState<(typeof ENCODINGS)[number]>('utf-8');
  const encodingField = (chosen: string) => (chosen === 'utf-8' ? {} : { encoding: chosen });

  const choose = async (chosen: File | undefined) => {
    setInspected(undefined);
    setChecked(undefined);
    setProblems([]);
    if (!chosen) return;
    const lower = chosen.name.toLowerCase();
    const format = lower.endsWith('.json') ? 'json' : lower.endsWith('.xlsx') ? 'xlsx' : 'csv';
    const content = await base64Of(chosen);
    const read = { name: chosen.name, format, content } as const;
    setFile(read);
    await inspect(read, encoding);
  };

  /** Reads the file's columns on the server, in the encoding chosen (again when the encoding changes). */
  const inspect = async (
    read: { name: string; format: 'csv' | 'json' | 'xlsx'; content: string },
    chosenEncoding: string,
  ) => {
    setInspected(undefined);
    setChecked(undefined);
    setProblems([]);
    try {
      const result = await api<Inspected>(`/api/cases/${caseId}/lists/inspect`, {
        method: 'POST',
        body: {
          fileName: read.name,
          format: read.format,
          content: read.content,
          ...encodingField(chosenEncoding),
        },
      });
      setInspected(result);
      // A new edition of a list already imported usually has the same columns: offer its mapping again.
      const earlier = [...lists]
        .reverse()
        .find(
          (l) =>
            result.columns.includes(String(l.idColumn)) &&
            Object.keys(l.mapping as Record<string, string>).every((c) => result.columns.includes(c)),
        );
      setIdColumn(earlier ? String(earlier.idColumn) : (result.columns[0] ?? ''));
      setMapping(earlier ? { ...(earlier.mapping as Record<string, string>) } : {});
      setReused(earlier ? String(earlier.name) : undefined);
      if (!name) setName(read.name.replace(/\.[^.]+$/, ''));
    } catch (err) {
      setProblems(err instanceof ApiError ? err.fields : [{ field: 'file', message: String(err) }]);
    }
  };

  const send = async (dryRun: boolean) => {
    if (!file) return;
    // Persian or Arabic-Indic digits are read as the digits they are.
    const year = toLatinDigits(eventYear.trim());
    if (year && !/^\d{4}$/.test(year)) {
      setProblems([{ field: 'eventYear', message: t('registry.eventYearInvalid'), code: 'event_year' }]);
      return;
    }
    setBusy(true);
    setProblems([]);
    try {
      const result = await api<ImportResult>(`/api/cases/${caseId}/lists`, {
        method: 'POST',
        body: {
          fileName: file.name,
          format: file.format,
          content: file.content,
          ...encodingField(encoding),
          name,
          origin: origin || null,
          published: published || null,
          reliability,
          sensitivity,
          idColumn,
          mapping: Object.fromEntries(Object.entries(mapping).filter(([, f]) => f)),
          ...(dateOrder === 'auto' ? {} : { dateOrder }),
          ...(year ? { eventYear: Number(year) } : {}),
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
      <label htmlFor="list-encoding">{t('registry.encoding')}</label>
      <p id="list-encoding-hint" className="muted">
        {t('registry.encodingHint')}
      </p>
      <select
        id="list-encoding"
        aria-describedby="list-encoding-hint"
        value={encoding}
        onChange={(e) => {
          const chosen = e.target.value as (typeof ENCODINGS)[number];
          setEncoding(chosen);
          if (file && file.format !== 'xlsx') void inspect(file, chosen);
        }}
      >
        {ENCODINGS.map((name) => (
          <option key={name} value={name}>
            {t(`registry.encodings.${name}`)}
          </option>
        ))}
      </select>
      <label htmlFor="list-file">{t('registry.file')}</label>
      <input
        id="list-file"
        type="file"
        accept=".csv,.json,.xlsx,text/csv,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        onChange={(e) => void choose(e.target.files?.[0])}
      />
      {inspected && (
        <>
          <p>{t('registry.rowsFound', { count: inspected.rows })}</p>
          {reused && <p className="notice">{t('registry.mappingReused', { list: reused })}</p>}
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
          <ScrollRegion label={t('common.table')}>
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
          </ScrollRegion>
          <label htmlFor="list-date-order">{t('registry.dateOrder')}</label>
          <select
            id="list-date-order"
            value={dateOrder}
            onChange={(e) => setDateOrder(e.target.value as typeof dateOrder)}
          >
            {DATE_ORDERS.map((o) => (
              <option key={o} value={o}>
                {t(`registry.dateOrders.${o}`)}
              </option>
            ))}
          </select>
          <label htmlFor="list-event-year">{t('registry.eventYear')}</label>
          <input
            id="list-event-year"
            inputMode="numeric"
            dir="ltr"
            value={eventYear}
            aria-describedby="list-event-year-hint"
            onChange={(e) => setEventYear(e.target.value)}
          />
          <p id="list-event-year-hint" className="muted">
            {t('registry.eventYearHint')}
          </p>
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
                {fieldLabel(p.field)}: {problemText(p)}
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
          <ReportSummary report={checked.report} />
        </div>
      )}
    </form>
  );
}

interface Side {
  list: string;
  recordKey: string;
  fields: Fields;
}
interface ReviewPair {
  id: string;
  probability: number;
  explanation: {
    prior: number;
    weight: number;
    sameCluster?: boolean;
    keptApart?: boolean;
    /** Present when earlier review decisions rescaled the model's weights. */
    calibration?: { matches: number; nonMatches: number; weight: number };
    contributions: Array<{
      comparison: string;
      label: string;
      leftValue: string | null;
      rightValue: string | null;
      weight: number;
      termFrequency: number;
    }>;
  };
  left: Side;
  right: Side;
}

/** A linkage level in words: the server names levels as "exact", "key name-skeleton", "within 1" and so on. */
function useLevelText() {
  const { t } = useTranslation();
  const levelText = (label: string): string => {
    const [first, ...others] = label.split(' ');
    // A level may test another field than its comparison's own ("city exact" in the place comparison).
    if (first && FIELD_LEVELS.has(first) && others.length > 0)
      return `${t(`registry.comparisons.${first}`)}: ${levelText(others.join(' '))}`;
    const [kind, ...rest] = label.split(' ');
    const amount = rest[rest.length - 1] ?? '';
    if (label === 'null' || label === 'exact' || label === 'else') return t(`registry.levels.${label}`);
    if (kind === 'key') return t(`registry.keys.${amount}`, { defaultValue: t('registry.levels.key') });
    if (kind === 'jaro-winkler') return t('registry.levels.similar', { threshold: amount });
    if (kind === 'key-jaro-winkler') return t('registry.levels.similarKey', { threshold: amount });
    if (kind === 'within') return t('registry.levels.within', { max: amount });
    if (kind === 'damerau-levenshtein' || kind === 'levenshtein')
      return t('registry.levels.edits', { max: amount });
    return label;
  };
  return levelText;
}

const FIELD_LEVELS = new Set([
  'given',
  'surname',
  'father',
  'birth_year',
  'birth_years',
  'city',
  'prison',
  'locality',
]);

function SideCell({ side }: { side: Side }) {
  const { t } = useTranslation();
  const f = side.fields;
  return (
    <div className="review-side">
      <strong>
        <bdi>{f.fullName}</bdi>
      </strong>
      <div className="muted">
        <bdi>{side.list}</bdi> #<bdi>{side.recordKey}</bdi>
      </div>
      {f.fatherName && (
        <div>
          {t('registry.father', { name: '' })}
          <bdi>{f.fatherName}</bdi>
        </div>
      )}
      {f.birth && (
        <div>
          {t('registry.born')} <DateText date={f.birth} />
        </div>
      )}
      {f.death && (
        <div>
          {t('registry.died')} <DateText date={f.death} />
        </div>
      )}
      {f.placeOfDetention && (
        <div>
          <bdi>{f.placeOfDetention}</bdi>
        </div>
      )}
    </div>
  );
}

type Decision = 'match' | 'non_match' | 'skipped';

/** Pairs the linkage was unsure about, least certain first: two rows side by side and why they scored so. */
function ReviewQueue({
  caseId,
  canDecide,
  version,
}: {
  caseId: string;
  canDecide: boolean;
  version: number;
}) {
  const { t } = useTranslation();
  const queue = useApi<{ items: ReviewPair[]; total: number }>(`/api/cases/${caseId}/link-pairs?limit=10`);
  const { reload } = queue;
  // A new linkage run replaces the queue.
  useEffect(() => {
    if (version > 0) reload();
  }, [version, reload]);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  // This visit's decisions, latest first, each with its undo.
  const [decided, setDecided] = useState<Array<{ pair: ReviewPair; decision: Decision }>>([]);
  const levelText = useLevelText();
  const lang = useLang();
  const digits = (value: number | string) => formatNum(value, lang);
  const record = async (pair: ReviewPair, decision: Decision | 'pending') => {
    setError(undefined);
    try {
      await api(`/api/cases/${caseId}/link-pairs/${pair.id}`, {
        method: 'PATCH',
        body: { decision, note: decision === 'pending' ? null : notes[pair.id] || null },
      });
      setDecided((list) => [
        ...(decision === 'pending' ? [] : [{ pair, decision }]),
        ...list.filter((d) => d.pair.id !== pair.id),
      ]);
      queue.reload();
    } catch (err) {
      setError(err);
    }
  };
  const decisions = decided.length > 0 && (
    <ul className="decided" aria-live="polite">
      {decided.slice(0, 5).map(({ pair, decision }) => (
        <li key={pair.id}>
          {t('registry.decidedPair', {
            left: pair.left.fields.fullName ?? '',
            right: pair.right.fields.fullName ?? '',
            decision: t(`registry.decision.${decision}`),
          })}{' '}
          <button type="button" className="small" onClick={() => void record(pair, 'pending')}>
            {t('registry.undo')}
          </button>
        </li>
      ))}
    </ul>
  );
  if (!queue.data || (queue.data.total === 0 && decided.length === 0)) return null;
  return (
    <section className="review">
      <h2>{t('registry.review')}</h2>
      <p className="muted">{t('registry.reviewHint', { count: queue.data.total })}</p>
      <ErrorText error={error} />
      {decisions}
      {queue.data.items.map((pair) => (
        <article key={pair.id} className="review-pair" aria-label={t('registry.pair')}>
          <p>
            {t('registry.probability')}: <Num value={`${(pair.probability * 100).toFixed(1)} %`} />
            {pair.explanation.sameCluster && <span className="notice"> {t('registry.contradiction')}</span>}
            {pair.explanation.keptApart && <span className="notice"> {t('registry.keptApart')}</span>}
          </p>
          <div className="review-sides">
            <SideCell side={pair.left} />
            <SideCell side={pair.right} />
          </div>
          <table className="contributions">
            <caption className="visually-hidden">{t('registry.why')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('registry.comparison')}</th>
                <th scope="col">{t('registry.agreement')}</th>
                <th scope="col">{t('registry.values')}</th>
                <th scope="col">{t('registry.weight')}</th>
              </tr>
            </thead>
            <tbody>
              {pair.explanation.contributions.map((c) => {
                const weight = c.weight + c.termFrequency;
                return (
                  <tr key={c.comparison}>
                    <th scope="row">
                      {t(`registry.comparisons.${c.comparison}`, { defaultValue: c.comparison })}
                    </th>
                    <td data-label={t('registry.agreement')}>{levelText(c.label)}</td>
                    <td data-label={t('registry.values')}>
                      <bdi>{c.leftValue ?? '—'}</bdi> / <bdi>{c.rightValue ?? '—'}</bdi>
                    </td>
                    <td data-label={t('registry.weight')}>
                      <span className={weight >= 0 ? 'weight-for' : 'weight-against'}>
                        {t(weight >= 0 ? 'registry.weightFor' : 'registry.weightAgainst', {
                          weight: digits(Math.abs(weight).toFixed(1)),
                        })}
                      </span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {pair.explanation.calibration && (
            <p className="muted">
              {t('registry.calibrated', {
                n: digits(
                  String(pair.explanation.calibration.matches + pair.explanation.calibration.nonMatches),
                ),
                from: digits(pair.explanation.weight.toFixed(1)),
                to: digits(pair.explanation.calibration.weight.toFixed(1)),
              })}
            </p>
          )}
          {canDecide && (
            <>
              <label htmlFor={`note-${pair.id}`}>{t('registry.note')}</label>
              <input
                id={`note-${pair.id}`}
                value={notes[pair.id] ?? ''}
                onChange={(e) => setNotes({ ...notes, [pair.id]: e.target.value })}
              />
              <div className="actions">
                <button type="button" onClick={() => void record(pair, 'match')}>
                  {t('registry.samePerson')}
                </button>
                <button type="button" onClick={() => void record(pair, 'non_match')}>
                  {t('registry.differentPeople')}
                </button>
                <button type="button" className="small" onClick={() => void record(pair, 'skipped')}>
                  {t('registry.skip')}
                </button>
              </div>
            </>
          )}
        </article>
      ))}
    </section>
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
  const [version, setVersion] = useState(0);
  const [shownReport, setShownReport] = useState<string>();
  const reload = () => {
    lists.reload();
    registry.reload();
    setVersion((v) => v + 1);
  };
  const canLink = Boolean(abilities.data?.records.person?.update);
  return (
    <>
      <CaseNav caseId={caseId} />
      <h1>{t('registry.title')}</h1>
      <p>{t('registry.intro')}</p>
      <ErrorText error={lists.error} />
      <h2>{t('registry.lists')}</h2>
      {lists.data && lists.data.items.length === 0 && <p className="muted">{t('registry.noLists')}</p>}
      {lists.data && lists.data.items.length > 0 && (
        <ScrollRegion label={t('common.table')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('registry.listName')}</th>
                <th scope="col">{t('registry.rows')}</th>
                <th scope="col">{t('registry.reliability')}</th>
                <th scope="col">{t('registry.file')}</th>
                <th scope="col">SHA-256</th>
                <th scope="col">{t('registry.report')}</th>
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
                  <td>
                    <button
                      type="button"
                      aria-expanded={shownReport === l.id}
                      onClick={() => setShownReport(shownReport === l.id ? undefined : l.id)}
                    >
                      {shownReport === l.id ? t('registry.hideReport') : t('registry.showReport')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {shownReport && (
        <ListReportPanel
          key={`${shownReport}:${version}`}
          caseId={caseId}
          listId={shownReport}
          canCorrect={canLink}
        />
      )}
      {abilities.data?.records.person?.create && (
        <ImportWizard caseId={caseId} lists={lists.data?.items ?? []} onImported={reload} />
      )}
      {canLink && (lists.data?.items.length ?? 0) > 0 && (
        <LinkPanel
          caseId={caseId}
          rows={(lists.data?.items ?? []).reduce((n, l) => n + Number(l.rowCount), 0)}
          onLinked={reload}
        />
      )}
      <ReviewQueue caseId={caseId} canDecide={canLink} version={version} />
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
