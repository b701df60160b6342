/**
 * The presentation layer: one presenter per kind of value, so that no page prints JSON, ids, internal keys or
 * timestamps. The server says what a value is (a fuzzy date, a location, a reference); these say it in words, in
 * the reader's language, with data isolated for direction (`<bdi>`, `dir="auto"`).
 */
import { useTranslation } from 'react-i18next';
import type { FuzzyDate } from '../api.js';
import { DateText, formatNum, Num, useLang } from '../format.js';
import { RecordRef } from './record-index.js';

/** Fields that hold the id of another record. */
const REFERENCE_FIELDS = new Set([
  'birthPlaceId',
  'placeId',
  'parentId',
  'sourceId',
  'eventId',
  'actorId',
  'subjectId',
  'objectId',
  'excerptId',
  'personId',
]);

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

export function isFuzzyDate(value: unknown): value is FuzzyDate {
  return typeof value === 'object' && value !== null && 'precision' in value && 'calendar' in value;
}

/** An internal key (`mentioned_in`, `alsoKnownAs`) in words when no translation names it: "mentioned in". */
export function humanize(key: string): string {
  const words = key
    .replace(/[_.]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A claim's property ("death_toll") as a heading: translated, or its words. */
export function usePropertyName(): (property: string) => string {
  const { t } = useTranslation();
  return (property) => t(`property.${property}`, { defaultValue: humanize(property) });
}

/** Free text from the data, in its own direction inside the page's. */
/** The direction of a text by its first letter with one (Persian and Arabic letters read right to left). */
export function textDirection(text: string): 'rtl' | 'ltr' {
  const strong = /[A-Za-z\u00C0-\u024F\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/.exec(text)?.[0] ?? 'a';
  return /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/.test(strong) ? 'rtl' : 'ltr';
}

export function DataText({ text }: { text: string }) {
  return <bdi dir="auto">{text}</bdi>;
}

/** A timestamp: the day in both calendars and the time of day (UTC, as the server records it). */
export function Timestamp({ iso }: { iso: string }) {
  const lang = useLang();
  const day = iso.slice(0, 10);
  return (
    <span className="timestamp">
      <DateText date={{ calendar: 'gregorian', precision: 'day', text: day, start: day, end: day }} />{' '}
      <span className="muted" dir="ltr">
        {formatNum(iso.slice(11, 16), lang)} UTC
      </span>
    </span>
  );
}

type Geometry =
  | { type: 'Point'; coordinates: [number, number] }
  | { type: 'Polygon'; coordinates: Array<Array<[number, number]>> };

interface Location {
  geometry: Geometry;
  precision: string;
  certainty: string;
  radiusMeters?: number;
}

/** Degrees with the hemisphere in words: 35.796° N (the figure kept left to right inside Persian). */
function Degrees({ value, axis }: { value: number; axis: 'lat' | 'lon' }) {
  const { t } = useTranslation();
  const lang = useLang();
  const hemisphere = axis === 'lat' ? (value >= 0 ? 'north' : 'south') : value >= 0 ? 'east' : 'west';
  const figure = Math.abs(value).toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
  return (
    <span className="degrees">
      <bdi dir="ltr">{formatNum(figure, lang)}°</bdi> {t(`geometry.${hemisphere}`)}
    </span>
  );
}

/** Where a place is: coordinates in words (or the outline's centre and size), how precise, how certain. */
export function LocationText({ location }: { location: Location }) {
  const { t } = useTranslation();
  const lang = useLang();
  const g = location.geometry;
  let lat: number;
  let lon: number;
  let outline = 0;
  if (g.type === 'Point') [lon, lat] = g.coordinates;
  else {
    const ring = g.coordinates[0] ?? [];
    const lats = ring.map((p) => p[1]);
    const lons = ring.map((p) => p[0]);
    lat = (Math.min(...lats) + Math.max(...lats)) / 2;
    lon = (Math.min(...lons) + Math.max(...lons)) / 2;
    outline = Math.max(0, ring.length - 1);
  }
  const comma = t('geometry.comma');
  return (
    <span className="location">
      {outline > 0 && <>{t('geometry.area', { points: formatNum(outline, lang) })} </>}
      <Degrees value={lat} axis="lat" />
      {comma}
      <Degrees value={lon} axis="lon" />
      <span className="muted">
        {' '}
        ({t(`geometry.precision.${location.precision}`, { defaultValue: humanize(location.precision) })}
        {location.radiusMeters
          ? `${comma}${t('geometry.radius', { metres: formatNum(location.radiusMeters, lang) })}`
          : ''}
        {comma}
        {t(`certainty.${location.certainty}`, { defaultValue: humanize(location.certainty) })})
      </span>
    </span>
  );
}

interface Observation {
  date: FuzzyDate | null;
  description: string;
  sourceId: string | null;
}

/** Dated observations of a site, each with the source that reports it. */
export function ObservationList({ observations }: { observations: Observation[] }) {
  const { t } = useTranslation();
  if (observations.length === 0) return <span className="muted">{t('common.none')}</span>;
  return (
    <ul className="observations">
      {observations.map((o, i) => (
        <li key={i}>
          <DateText date={o.date} />: <DataText text={o.description} />
          {o.sourceId && (
            <>
              {' '}
              <span className="muted">
                ({t('field.sourceId')}: <RecordRef id={o.sourceId} fallback={t('present.hiddenRecord')} />)
              </span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

/** A list of names or words: "Amnesty International, Justice for Iran". */
function TextList({ items }: { items: unknown[] }) {
  const { t } = useTranslation();
  if (items.length === 0) return <span className="muted">—</span>;
  return (
    <>
      {items.map((item, i) => (
        <span key={i}>
          {i > 0 && t('geometry.comma')}
          <FieldValue field="" value={item} />
        </span>
      ))}
    </>
  );
}

/** A key–value object (a locator, qualifiers, a consent): each key in words, each value presented. */
function Pairs({ value, prefix }: { value: Record<string, unknown>; prefix: string }) {
  const { t } = useTranslation();
  const entries = Object.entries(value).filter(([, v]) => v !== null && v !== undefined && v !== '');
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <span className="pairs">
      {entries.map(([k, v], i) => (
        <span key={k}>
          {i > 0 && t('geometry.semicolon')}
          {t(`${prefix}.${k}`, { defaultValue: humanize(k) })}: <FieldValue field={k} value={v} />
        </span>
      ))}
    </span>
  );
}

/**
 * Any field of a record, in words: dates in both calendars, enums translated, references by name, locations,
 * observations, lists and key–value objects — never JSON.
 */
export function FieldValue({ field, value }: { field: string; value: unknown }) {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  if (value === null || value === undefined || value === '') return <span className="muted">—</span>;
  if (isFuzzyDate(value)) return <DateText date={value} />;
  if (typeof value === 'boolean') return <>{value ? t('common.yes') : t('common.no')}</>;
  if (typeof value === 'number') return <Num value={value} />;
  if (typeof value === 'string') {
    if (REFERENCE_FIELDS.has(field)) return <RecordRef id={value} fallback={t('present.hiddenRecord')} />;
    if (field === 'sensitivity') return <>{t(`label.${value}`, { defaultValue: value })}</>;
    if (field === 'language')
      return <>{t(`evidence.languages.${value}`, { defaultValue: languageName(value, lang) })}</>;
    if (field === 'url' && /^https?:\/\//.test(value))
      return (
        <a href={value} rel="noreferrer noopener" dir="ltr">
          {value}
        </a>
      );
    if (ISO_TIMESTAMP.test(value)) return <Timestamp iso={value} />;
    if (/^[a-zA-Z_]+$/.test(value) && i18n.exists(`enum.${value}`)) return <>{t(`enum.${value}`)}</>;
    return <DataText text={value} />;
  }
  if (Array.isArray(value)) {
    if (field === 'observations') return <ObservationList observations={value as Observation[]} />;
    return <TextList items={value} />;
  }
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('geometry' in v && 'certainty' in v) return <LocationText location={v as unknown as Location} />;
    return <Pairs value={v} prefix={field === 'locator' ? 'locator' : `subfield.${field}`} />;
  }
  return <DataText text={String(value)} />;
}

/** A language code in the reader's language, by the browser's own names ("sv" → "Swedish", "سوئدی"). */
function languageName(code: string, lang: 'en' | 'fa'): string {
  try {
    return new Intl.DisplayNames([lang], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
