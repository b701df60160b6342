import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, problemText } from '../../api.js';
import { ErrorText } from '../../components/Loading.js';
import { Num } from '../../format.js';
import { useApi } from '../../use-api.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';

/** What the server inferred for a whole column; worded here by its code. */
export interface Inference {
  column: string;
  field: string;
  code: string;
  count: number;
  value: string | null;
}
export interface Flag {
  column: string;
  field: string;
  code: string;
  raw: string;
}
export interface Report {
  eventYear: number;
  inferences: Inference[];
  flaggedRows: number;
  counts: Record<string, number>;
  flags: Array<Flag & { row: number; key: string }>;
}
interface Correction {
  column: string;
  value: string;
  previous: string;
  note: string | null;
  at: string;
  by: string;
}
interface ListReport extends Report {
  list: { id: string; name: string };
  rows: Array<{
    id: string;
    row: number;
    key: string;
    fullName: string;
    flags: Flag[];
    corrections: Correction[];
  }>;
}

const KNOWN_FLAGS = new Set([
  'mixed_script_split',
  'name_alias_split',
  'name_mixed_script',
  'name_has_digit',
  'name_missing',
  'id_missing',
  'year_unreadable',
  'age_unreadable',
  'sex_unreadable',
  'date_unreadable',
  'date_impossible_day',
  'date_impossible_month',
  'date_ambiguous_order',
  'date_ambiguous_calendar',
  'date_implausible_year',
  'date_future',
  'date_after_events',
  'row_cells_extra',
  'row_cells_missing',
]);
const KNOWN_INFERENCES = new Set([
  'date_order_stated',
  'date_order_inferred',
  'date_order_conflict',
  'calendar_inferred',
  'calendar_per_cell',
  'two_digit_year',
  'names_split',
  'event_year_assumed',
  'dates_before_events',
  'delimiter_inferred',
  'encoding_stated',
]);

/** A flag's problem in the reader's language (an unknown code is shown as it is, never hidden). */
function useFlagWords() {
  const { t } = useTranslation();
  return (code: string) => (KNOWN_FLAGS.has(code) ? t(`registry.flags.${code}`) : code);
}

/** What was inferred for the columns, then the cells that were flagged: the summary of an import. */
export function ReportSummary({ report }: { report: Report }) {
  const { t } = useTranslation();
  const words = useFlagWords();
  const total = Object.values(report.counts).reduce((a, b) => a + b, 0);
  const value = (i: Inference) =>
    i.value === null
      ? ''
      : i.code === 'event_year_assumed' || i.code === 'dates_before_events' || i.code === 'encoding_stated'
        ? i.value
        : t(`registry.readValues.${i.value}`);
  return (
    <div className="import-report">
      {report.inferences.length > 0 && (
        <>
          <h3>{t('registry.inferred')}</h3>
          <ul>
            {report.inferences
              .filter((i) => KNOWN_INFERENCES.has(i.code))
              .map((i, n) => (
                <li key={n}>
                  <strong dir="auto">{i.column || t('registry.wholeFile')}</strong>:{' '}
                  {t(`registry.inferences.${i.code}`, { count: i.count, value: value(i) })}
                </li>
              ))}
          </ul>
        </>
      )}
      <h3>{t('registry.flagged')}</h3>
      {total === 0 ? (
        <p>{t('registry.noFlags')}</p>
      ) : (
        <p>{t('registry.flaggedSummary', { count: total, rows: report.flaggedRows })}</p>
      )}
      {report.flags.length > 0 && (
        <ScrollRegion label={t('common.table')}>
          <table className="flagged-cells">
            <thead>
              <tr>
                <th scope="col">{t('registry.rowHeading')}</th>
                <th scope="col">{t('registry.idHeading')}</th>
                <th scope="col">{t('registry.column')}</th>
                <th scope="col">{t('registry.asWritten')}</th>
                <th scope="col">{t('registry.problem')}</th>
              </tr>
            </thead>
            <tbody>
              {report.flags.map((f, n) => (
                <tr key={n}>
                  <td>
                    <Num value={f.row} />
                  </td>
                  <td dir="auto">{f.key}</td>
                  <td dir="auto">{f.column || t('registry.wholeRow')}</td>
                  <td dir="auto">{f.raw}</td>
                  <td>{words(f.code)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </div>
  );
}

/** One flagged cell's correction form: the value as written is kept, the correction beside it. */
function CorrectionForm({
  caseId,
  recordId,
  flag,
  onDone,
}: {
  caseId: string;
  recordId: string;
  flag: Flag;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [value, setValue] = useState(flag.raw);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      await api(`/api/cases/${caseId}/list-records/${recordId}/corrections`, {
        method: 'POST',
        body: { column: flag.column, value, note: note || null },
      });
      onDone();
    } catch (err) {
      setError(
        err instanceof ApiError
          ? err.fields.map((f) => problemText(f)).join('; ') || err.message
          : String(err),
      );
    }
  };
  const id = `fix-${recordId}-${flag.column}`;
  return (
    <form className="correction" onSubmit={(e) => void submit(e)}>
      <label htmlFor={id}>{t('registry.correctCell', { column: flag.column })}</label>
      <input id={id} dir="auto" value={value} onChange={(e) => setValue(e.target.value)} />
      <label htmlFor={`${id}-note`}>{t('registry.correctionNote')}</label>
      <input id={`${id}-note`} value={note} onChange={(e) => setNote(e.target.value)} />
      <button type="submit">{t('registry.saveCorrection')}</button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}

/** A list's import report from the server, with a correction form for each flagged cell (for editors). */
export function ListReportPanel({
  caseId,
  listId,
  canCorrect,
}: {
  caseId: string;
  listId: string;
  canCorrect: boolean;
}) {
  const { t } = useTranslation();
  const words = useFlagWords();
  const report = useApi<ListReport>(`/api/cases/${caseId}/lists/${listId}/report`);
  return (
    <section
      className="list-report"
      aria-label={t('registry.reportOf', { list: report.data?.list.name ?? '' })}
    >
      <ErrorText error={report.error} />
      {report.data && (
        <>
          <h3>{t('registry.reportOf', { list: report.data.list.name })}</h3>
          <ReportSummary report={{ ...report.data, flags: [] }} />
          <ul className="flagged-rows">
            {report.data.rows.map((r) => (
              <li key={r.id}>
                <p>
                  {t('registry.row', { row: r.row })} <span dir="auto">[{r.key}]</span>
                  {r.fullName && (
                    <>
                      {' — '}
                      <span dir="auto">{r.fullName}</span>
                    </>
                  )}
                </p>
                <ul>
                  {r.flags.map((f, n) => (
                    <li key={n}>
                      <strong dir="auto">{f.column || t('registry.wholeRow')}</strong>:{' '}
                      <span dir="auto">{f.raw}</span> — {words(f.code)}
                      {/* A whole row is corrected cell by cell, through its columns' own flags. */}
                      {canCorrect && f.column && (
                        <CorrectionForm caseId={caseId} recordId={r.id} flag={f} onDone={report.reload} />
                      )}
                    </li>
                  ))}
                  {r.corrections.map((c, n) => (
                    <li key={`c${n}`} className="muted">
                      {t('registry.corrected', {
                        column: c.column,
                        previous: c.previous,
                        value: c.value,
                        by: c.by,
                      })}
                      {c.note && <> — {c.note}</>}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
