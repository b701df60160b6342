/** Small pieces the evidence pages share: sizes, days and times, file states, languages, mention kinds. */
import { useTranslation } from 'react-i18next';
import type { FuzzyDate } from '../../api.js';
import { toPersianDigits } from '../../../../src/domain/digits.js';
import { DateText, Num, useLang } from '../../format.js';
import type { FileView, MentionKind } from './types.js';

/** Numbers for interpolation into a translated sentence, in the reader's digits. */
export function useDigits(): (value: number | string) => string {
  const lang = useLang();
  return (value) => (lang === 'fa' ? toPersianDigits(String(value)) : String(value));
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** A byte count in the largest unit below 1,024, with one decimal from KB up. */
export function FileSize({ bytes }: { bytes: number }) {
  const { t } = useTranslation();
  const digits = useDigits();
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return (
    <span title={t('evidence.bytes', { n: digits(bytes.toLocaleString('en')) })}>
      <Num value={unit === 0 ? String(value) : value.toFixed(1)} /> {t(`evidence.units.${UNITS[unit]}`)}
    </span>
  );
}

/** The day of an ISO timestamp as a FuzzyDate, so that DateText shows it in both calendars. */
export function dayOf(iso: string): FuzzyDate {
  const day = iso.slice(0, 10);
  return { calendar: 'gregorian', precision: 'day', text: day, start: day, end: day };
}

/** A timestamp: the day in both calendars and the time of day (UTC, as the server records it). */
export function DateTime({ iso, time = false }: { iso: string; time?: boolean }) {
  return (
    <>
      <DateText date={dayOf(iso)} />
      {time && (
        <>
          {' '}
          <span className="muted" dir="ltr">
            <Num value={`${iso.slice(11, 16)} UTC`} />
          </span>
        </>
      )}
    </>
  );
}

/** A language code in words, or the code itself for a language the app has no name for. */
export function useLanguageName(): (code: string | null | undefined) => string {
  const { t } = useTranslation();
  return (code) =>
    code ? t(`evidence.languages.${code}`, { defaultValue: code }) : t('evidence.languages.unknown');
}

/** A file's state in words; quarantined and withdrawn files are marked, active ones are not. */
export function FileStatusBadge({ file }: { file: Pick<FileView, 'status' | 'extraction'> }) {
  const { t } = useTranslation();
  return (
    <>
      {file.status === 'quarantined' && (
        <span className="badge file-quarantined">⚠ {t('evidence.status.quarantined')}</span>
      )}
      {file.status === 'withdrawn' && (
        <span className="badge file-withdrawn">⊘ {t('evidence.status.withdrawn')}</span>
      )}
      {file.extraction?.status === 'failed' && (
        <span className="badge warn">{t('evidence.extraction.failedShort')}</span>
      )}
    </>
  );
}

/**
 * A mention kind as a swatch with its letter and its name. The same letter stands beside each highlight in
 * the text, so kinds are told apart without relying on colour.
 */
export function MentionKindBadge({ kind }: { kind: MentionKind }) {
  const { t } = useTranslation();
  return (
    <span className={`mention-badge mention-${kind}`}>
      <span className="mention-cue" aria-hidden="true">
        {t(`evidence.cue.${kind}`)}
      </span>{' '}
      {t(`evidence.mentionKind.${kind}`)}
    </span>
  );
}
