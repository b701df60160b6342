import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type FieldProblem } from '../../api.js';
import { ErrorText } from '../../components/Loading.js';
import { formatNum, Num, useLang } from '../../format.js';
import type { LinkageWarning } from '../../../../src/linkage/sessions.js';
import type { LinkRun as ServerLinkRun } from '../../../../src/services/link-runs.js';
import type { LinkPlan, LinkSummary } from '../../../../src/services/linkage.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';

/** What the server sends back: the run's report, its plan, and a run as it is polled. */
type LinkReport = LinkSummary;
interface LinkRun extends Pick<ServerLinkRun, 'id' | 'state' | 'stage' | 'done' | 'total' | 'report'> {
  /** The error as the HTTP answer it would have been. */
  error?: { status: number; code?: string; message: string; fields?: FieldProblem[] };
}

/** How often a running link is asked for its progress. */
const POLL_MS = 500;

/**
 * A blocking rule's name in the reader's words, field by field: "given + surname + year′" (the victim-list
 * rules) or a derived rule's "surname start + birth_date day-month ′" and "given ⇄ surname" (two fields taken
 * as a set). A field the reader named when importing keeps that name.
 */
function useRuleName(): (name: string) => string {
  const { t } = useTranslation();
  const field = (f: string) =>
    f === 'year' ? t('registry.comparisons.birth_year') : t(`registry.comparisons.${f}`, { defaultValue: f });
  const part = (p: string): string => {
    if (p === 'year′') return t('registry.yearShifted');
    if (p.includes(' ⇄ ')) return p.split(' ⇄ ').map(part).join(' ⇄ ');
    const [name = '', variant] = p.split(' ');
    if (variant === 'start') return t('registry.ruleVariants.start', { field: field(name) });
    if (variant === 'day-month') return t('registry.ruleVariants.dayMonth', { field: field(name) });
    if (variant === 'near') return t('registry.ruleVariants.near', { field: field(name) });
    return field(p);
  };
  return (name) => {
    const shifted = name.endsWith(' ′');
    const words = (shifted ? name.slice(0, -2) : name).split(' + ').map(part).join(' + ');
    return shifted ? t('registry.ruleVariants.shifted', { rule: words }) : words;
  };
}

/**
 * Links the registry: shows the plan (pairs per blocking rule) first, runs the linkage in the background with
 * a progress bar, then shows what it did: people, rows moved, pairs left for review.
 */
export function LinkPanel({
  caseId,
  rows,
  onLinked,
}: {
  caseId: string;
  /** Rows in the registry: the plan is asked for again when they change. */
  rows: number;
  onLinked: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const num = (n: number) => formatNum(n, lang);
  const ruleName = useRuleName();
  /** A run's warning in the reader's words (the English text if the screen does not know its code). */
  const warningText = (w: LinkageWarning): string => {
    switch (w.code) {
      case 'session-without-pairs':
        return t('registry.warnings.session-without-pairs', { rule: ruleName(w.rule) });
      case 'not-converged':
        return w.rule
          ? t('registry.warnings.not-converged-rule', {
              rule: ruleName(w.rule),
              iterations: num(w.iterations),
            })
          : t('registry.warnings.not-converged', { iterations: num(w.iterations) });
      case 'm-not-estimated':
        return t('registry.warnings.m-not-estimated', {
          comparison: t(`registry.comparisons.${w.comparison}`, { defaultValue: w.comparison }),
        });
      default:
        return (w as { text: string }).text;
    }
  };
  const [threshold, setThreshold] = useState('0.5');
  const [plan, setPlan] = useState<LinkPlan>();
  // The settings as the plan derives them, and as the reader edited them (JSON text).
  const [settingsText, setSettingsText] = useState('');
  const [settingsProblem, setSettingsProblem] = useState('');
  const [planError, setPlanError] = useState<unknown>();
  const [run, setRun] = useState<LinkRun>();
  const [report, setReport] = useState<LinkReport>();
  const [error, setError] = useState<unknown>();
  const running = run?.state === 'running';
  // The latest callback, so that a parent's re-render does not restart the polling below.
  const linked = useRef(onLinked);
  linked.current = onLinked;

  useEffect(() => {
    let live = true;
    setPlanError(undefined);
    api<LinkPlan>(`/api/cases/${caseId}/link/plan`).then(
      (p) => {
        if (!live) return;
        setPlan(p);
        setSettingsText(p.settings ? JSON.stringify(p.settings, null, 2) : '');
      },
      (e: unknown) => live && setPlanError(e),
    );
    return () => {
      live = false;
    };
  }, [caseId, rows]);

  // While a run is going, ask for it every half second; stop when it is over or the panel goes away.
  useEffect(() => {
    if (!run || run.state !== 'running') return;
    let live = true;
    const timer = setTimeout(() => {
      api<LinkRun>(`/api/cases/${caseId}/link-runs/${run.id}`).then(
        (next) => {
          if (!live) return;
          setRun(next);
          if (next.state === 'done' && next.report) {
            setReport(next.report);
            linked.current();
          } else if (next.state === 'failed' && next.error) {
            setError(
              new ApiError(next.error.status, next.error.message, next.error.fields ?? [], next.error.code),
            );
          }
        },
        (e: unknown) => {
          if (!live) return;
          setError(e);
          setRun(undefined);
        },
      );
    }, POLL_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [run, caseId]);

  /** The edited settings to send, null when they are the plan's own, or a problem with the text. */
  const editedSettings = (): { settings: unknown } | null | 'invalid' => {
    const derived = plan?.settings ? JSON.stringify(plan.settings, null, 2) : '';
    if (!settingsText.trim() || settingsText === derived) return null;
    try {
      return { settings: JSON.parse(settingsText) as unknown };
    } catch {
      return 'invalid';
    }
  };
  const start = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setReport(undefined);
    setSettingsProblem('');
    const edited = editedSettings();
    if (edited === 'invalid') {
      setSettingsProblem(t('registry.settingsNotJson'));
      return;
    }
    try {
      setRun(
        await api<LinkRun>(`/api/cases/${caseId}/link-runs`, {
          method: 'POST',
          body: { threshold: Number(threshold), ...(edited ?? {}) },
        }),
      );
    } catch (err) {
      setError(err);
    }
  };

  const percent = run && run.total > 0 ? Math.floor((100 * run.done) / run.total) : 0;
  const stage = run ? t(`registry.stages.${run.stage}`, { defaultValue: run.stage }) : '';
  const fieldErrors = error instanceof ApiError ? error.byField() : {};
  return (
    <form className="record-form link-panel" onSubmit={(e) => void start(e)} noValidate aria-busy={running}>
      <h2>{t('registry.link')}</h2>
      <p className="muted">{t('registry.linkHint')}</p>
      <h3>{t('registry.plan')}</h3>
      <ErrorText error={planError} />
      {!plan && !planError && <p className="muted">{t('common.loading')}</p>}
      {plan && (
        <>
          <p>{t('registry.planSummary', { rows: num(plan.rows), lists: num(plan.lists) })}</p>
          <ScrollRegion label={t('common.table')}>
            <table className="link-plan">
              <thead>
                <tr>
                  <th scope="col">{t('registry.planRule')}</th>
                  <th scope="col">{t('registry.planPairs')}</th>
                  <th scope="col">{t('registry.planBlocks')}</th>
                  <th scope="col">{t('registry.planSkipped')}</th>
                </tr>
              </thead>
              <tbody>
                {plan.rules.map((r) => (
                  <tr key={r.name}>
                    <th scope="row" title={r.name}>
                      {ruleName(r.name)}
                    </th>
                    <td className="number">
                      <Num value={r.pairs} />
                    </td>
                    <td className="number">
                      <Num value={r.blocks} />
                    </td>
                    <td className="number">
                      {r.skippedBlocks > 0
                        ? t('registry.planSkippedCell', {
                            blocks: num(r.skippedBlocks),
                            pairs: num(r.skippedPairs),
                          })
                        : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('registry.planTotal')}</th>
                  <td className="number">
                    <Num value={plan.pairs} />
                  </td>
                  <td />
                  <td />
                </tr>
              </tfoot>
            </table>
          </ScrollRegion>
        </>
      )}
      {plan?.settings !== undefined && (
        <details className="link-settings">
          <summary>{t('registry.settings')}</summary>
          <p className="muted">{t('registry.settingsHint')}</p>
          <label htmlFor="link-settings">{t('registry.settingsLabel')}</label>
          <textarea
            id="link-settings"
            dir="ltr"
            spellCheck={false}
            rows={16}
            value={settingsText}
            onChange={(e) => setSettingsText(e.target.value)}
            aria-invalid={settingsProblem || fieldErrors.settings ? true : undefined}
            aria-describedby={settingsProblem || fieldErrors.settings ? 'link-settings-error' : undefined}
          />
          {(settingsProblem || fieldErrors.settings) && (
            <p id="link-settings-error" className="error">
              {settingsProblem || fieldErrors.settings}
            </p>
          )}
          <button
            type="button"
            className="small"
            onClick={() => {
              setSettingsText(plan.settings ? JSON.stringify(plan.settings, null, 2) : '');
              setSettingsProblem('');
            }}
          >
            {t('registry.settingsReset')}
          </button>
        </details>
      )}
      <label htmlFor="link-threshold">{t('registry.threshold')}</label>
      <input
        id="link-threshold"
        inputMode="decimal"
        value={threshold}
        onChange={(e) => setThreshold(e.target.value)}
        aria-invalid={fieldErrors.threshold ? true : undefined}
        aria-describedby={fieldErrors.threshold ? 'link-threshold-error' : undefined}
      />
      {fieldErrors.threshold && (
        <p id="link-threshold-error" className="error">
          {fieldErrors.threshold}
        </p>
      )}
      <button type="submit" disabled={running} aria-busy={running}>
        {running ? t('registry.linking') : t('registry.linkNow')}
      </button>
      {running && (
        <div className="link-progress">
          <p id="link-progress-stage" aria-live="polite">
            {stage}
          </p>
          {/* Until the first stage reports a total, the bar is indeterminate and shows no percentage. */}
          <progress
            max={100}
            {...(run.total > 0 ? { value: percent } : {})}
            aria-labelledby="link-progress-stage"
            aria-valuetext={
              run.total > 0
                ? t('registry.progressValue', {
                    stage,
                    percent: t('registry.percent', { percent: num(percent) }),
                  })
                : stage
            }
          />
          {run.total > 0 && <span className="muted">{t('registry.percent', { percent: num(percent) })}</span>}
        </div>
      )}
      <ErrorText error={error} />
      {report && (
        <div role="status">
          <PromoteButton caseId={caseId} />
          <p>
            {t('registry.linked', {
              rows: num(report.rows),
              lists: num(report.lists),
              people: num(report.clusters),
              changed: num(report.changed),
              pending: num(report.review.pending),
            })}
          </p>
          <p className="muted">
            {report.calibration.shift === 0
              ? t('registry.notCalibrated', {
                  n: num(report.calibration.matches + report.calibration.nonMatches),
                })
              : t('registry.calibration', {
                  n: num(report.calibration.matches + report.calibration.nonMatches),
                  shift: formatNum(report.calibration.shift.toFixed(2), lang),
                })}
          </p>
          <ul>
            {report.ruleCounts.map((r) => (
              <li key={r.name}>
                {ruleName(r.name)}: <Num value={r.pairs} />
              </li>
            ))}
          </ul>
          {report.warnings.map((w) => (
            <p key={w.text} className="notice">
              {warningText(w)}
            </p>
          ))}
        </div>
      )}
    </form>
  );
}

/** Adds the linked people to the case: each a Person, each attribute a claim attributed to its list and row. */
function PromoteButton({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [result, setResult] = useState<{
    people: number;
    updated: number;
    claims: number;
    alreadyPromoted: number;
    joined: unknown[];
  }>();
  const [error, setError] = useState<unknown>();
  const promote = async () => {
    setError(undefined);
    try {
      setResult(await api(`/api/cases/${caseId}/registry/promote`, { method: 'POST', body: {} }));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <button type="button" onClick={() => void promote()}>
        {t('registry.promote')}
      </button>
      <ErrorText error={error} />
      {result && (
        <p>
          {t('registry.promoted', {
            people: formatNum(result.people, lang),
            updated: formatNum(result.updated, lang),
            claims: formatNum(result.claims, lang),
            alreadyPromoted: formatNum(result.alreadyPromoted, lang),
          })}
          {result.joined.length > 0 &&
            ` ${t('registry.promotedJoined', { count: result.joined.length, n: formatNum(result.joined.length, lang) })}`}
        </p>
      )}
    </>
  );
}
