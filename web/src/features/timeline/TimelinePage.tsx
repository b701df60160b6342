import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { FuzzyDate, Page, Rec } from '../../api.js';
import { DateText, useLang } from '../../format.js';
import { yearTicks } from './ticks.js';
import { useApi } from '../../use-api.js';
import { CaseNav } from '../cases/CasePages.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';

const DAY = 86_400_000;
/** Zoom levels, in pixels per day: from decades on one screen down to single days. */
const ZOOMS = [
  { key: 'years', px: 0.08 },
  { key: 'months', px: 1.5 },
  { key: 'weeks', px: 8 },
  { key: 'days', px: 40 },
] as const;

function time(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`);
}

/** The case's events on a time axis; an uncertain date shows as a bar over the whole interval it covers. */
export function TimelinePage() {
  const { caseId = '' } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const [zoom, setZoom] = useState(0);
  const events = useApi<Page<Rec>>(`/api/cases/${caseId}/events?limit=500`);
  const dated = (events.data?.items ?? [])
    .filter((e) => (e.date as FuzzyDate | null)?.start)
    .sort((a, b) => String((a.date as FuzzyDate).start).localeCompare(String((b.date as FuzzyDate).start)));
  const undated = (events.data?.items ?? []).filter((e) => !(e.date as FuzzyDate | null)?.start);
  const px = ZOOMS[zoom]!.px;
  const first = dated.length ? time((dated[0]!.date as FuzzyDate).start!) - 30 * DAY : 0;
  const last = dated.length ? Math.max(...dated.map((e) => time((e.date as FuzzyDate).end!))) + 30 * DAY : 0;
  const width = Math.max(600, ((last - first) / DAY) * px);
  const x = (iso: string) => ((time(iso) - first) / DAY) * px;
  const ticks = yearTicks(first, last, lang);
  // Every year has its line; a label only where it has room (a Persian one carries two years).
  const labelStep = Math.max(1, Math.ceil((lang === 'fa' ? 90 : 40) / (365 * px)));
  const rowHeight = 26;
  return (
    <>
      <CaseNav caseId={caseId} />
      <h1>{t('timeline.title')}</h1>
      <div className="zoom" role="group" aria-label={t('timeline.zoom')}>
        <button
          type="button"
          onClick={() => setZoom((z) => Math.max(0, z - 1))}
          disabled={zoom === 0}
          aria-label={t('timeline.zoomOut')}
        >
          −
        </button>
        <span aria-live="polite">{t(`timeline.${ZOOMS[zoom]!.key}`)}</span>
        <button
          type="button"
          onClick={() => setZoom((z) => Math.min(ZOOMS.length - 1, z + 1))}
          disabled={zoom === ZOOMS.length - 1}
          aria-label={t('timeline.zoomIn')}
        >
          +
        </button>
      </div>
      <ScrollRegion className="timeline-scroll" dir="ltr" label={t('timeline.title')}>
        <svg width={width} height={40 + dated.length * rowHeight} role="img" aria-label={t('timeline.title')}>
          {ticks
            .filter((tick) => x(tick.iso) >= 0)
            .map((tick, i) => {
              const left = x(tick.iso);
              return (
                <g key={tick.iso}>
                  <line x1={left} x2={left} y1={0} y2={40 + dated.length * rowHeight} className="tick" />
                  {i % labelStep === 0 && (
                    <text x={left + 3} y={14} className="tick-label">
                      {tick.label}
                    </text>
                  )}
                </g>
              );
            })}
          {dated.map((e, i) => {
            const d = e.date as FuzzyDate;
            const left = x(d.start!);
            const right = x(d.end!) + Math.max(px, 2);
            return (
              <g key={e.id} transform={`translate(0, ${30 + i * rowHeight})`}>
                <rect
                  x={left}
                  y={0}
                  width={Math.max(right - left, 4)}
                  height={10}
                  className={`bar bar-${String(e.kind)}`}
                />
                <text x={left} y={22} className="bar-label" direction="ltr" unicodeBidi="plaintext">
                  {String(e.title)}
                </text>
              </g>
            );
          })}
        </svg>
      </ScrollRegion>
      <ol className="timeline-list">
        {dated.map((e) => (
          <li key={e.id}>
            <DateText date={e.date as FuzzyDate} /> —{' '}
            <Link to={`/cases/${caseId}/events/${e.id}`}>
              <bdi>{String(e.title)}</bdi>
            </Link>
          </li>
        ))}
        {undated.map((e) => (
          <li key={e.id}>
            {t('date.unknown')} —{' '}
            <Link to={`/cases/${caseId}/events/${e.id}`}>
              <bdi>{String(e.title)}</bdi>
            </Link>
          </li>
        ))}
      </ol>
    </>
  );
}
