/**
 * `report.html` of a bundle: one self-contained page (no script, no network) in English and then in Persian
 * (right to left), from the records the audience receives: findings with their standard and evidence, the legal
 * matrix and its gaps, contested figures side by side with who says them, victims and events with both
 * calendars, places with their certainty, and suspects with their positions.
 */
import { formatFuzzyDate } from '../domain/fuzzy-date-format.js';
import type { FuzzyDate } from '../domain/fuzzy-date.js';
import { CRIMES } from '../domain/legal/index.js';
import type { FindingRecord, StandardOfProof } from '../domain/records/finding.js';
import type { RecordValue } from '../storage/index.js';
import type { Included } from './bundle-exports.js';
import { buildMatrix, type ElementState } from './legal.js';

type Lang = 'en' | 'fa';

const WORDS = {
  title: { en: 'Dossier', fa: 'پرونده' },
  audience: { en: 'Audience', fa: 'مخاطب' },
  treeHead: { en: 'Signed ledger head', fa: 'سرِ امضاشده‌ی دفتر ثبت' },
  findings: { en: 'Findings', fa: 'یافته‌ها' },
  standard: { en: 'Standard of proof', fa: 'معیار اثبات' },
  status: { en: 'Status', fa: 'وضعیت' },
  supports: { en: 'Supporting evidence', fa: 'شواهد مؤید' },
  contradicts: { en: 'Contradicting evidence', fa: 'شواهد معارض' },
  matrix: { en: 'Legal elements', fa: 'عناصر حقوقی' },
  gaps: { en: 'Gaps', fa: 'کاستی‌ها' },
  figures: { en: 'Contested figures, side by side', fa: 'ارقام مورد مناقشه، در کنار هم' },
  victims: { en: 'Victims', fa: 'قربانیان' },
  events: { en: 'Events', fa: 'رویدادها' },
  places: { en: 'Places and burial sites', fa: 'مکان‌ها و محل‌های دفن' },
  suspects: { en: 'Suspects and positions held', fa: 'مظنونان و سمت‌ها' },
  omitted: { en: 'Left out for this audience', fa: 'کنار گذاشته برای این مخاطب' },
  count: { en: 'The count', fa: 'شمار' },
  documented: { en: 'Documented', fa: 'مستند' },
  estimated: { en: 'Estimated total', fa: 'برآورد کل' },
  interval: { en: '95 % interval', fa: 'بازه‌ی ۹۵٪' },
  withLinkage: {
    en: "Interval with the linkage's uncertainty",
    fa: 'بازه با عدم قطعیت پیوند رکوردها',
  },
  linkageShare: { en: 'share of its width due to linkage', fa: 'سهم پیوند رکوردها از پهنای آن' },
  method: { en: 'Method', fa: 'روش' },
  assumptions: { en: 'Assumptions', fa: 'فرض‌ها' },
  warnings: { en: 'Warnings', fa: 'هشدارها' },
  buried: { en: 'buried at', fa: 'محل دفن' },
  none: { en: 'None in this bundle.', fa: 'در این بسته چیزی نیست.' },
} as const;

const STANDARDS: Record<StandardOfProof, Record<Lang, string>> = {
  reasonable_grounds: { en: 'reasonable grounds to believe', fa: 'دلایل معقول برای باور' },
  balance_of_probabilities: { en: 'balance of probabilities', fa: 'ترجیح احتمالات' },
  clear_and_convincing: { en: 'clear and convincing', fa: 'روشن و قانع‌کننده' },
  beyond_reasonable_doubt: { en: 'beyond reasonable doubt', fa: 'فراتر از هر تردید معقول' },
};
const STATES: Record<ElementState, Record<Lang, string>> = {
  established: { en: 'established', fa: 'ثابت‌شده' },
  weak: { en: 'weak', fa: 'ضعیف' },
  draft_only: { en: 'drafts only', fa: 'فقط پیش‌نویس' },
  none: { en: 'no finding', fa: 'بدون یافته' },
};
const METHODS: Record<string, Record<Lang, string>> = {
  loglinear: {
    en: 'log-linear models (multiple systems estimation)',
    fa: 'مدل‌های لگ-خطی (برآورد چندسامانه‌ای)',
  },
  lcmcr: { en: 'Bayesian latent classes (LCMCR)', fa: 'کلاس‌های پنهان بیزی (LCMCR)' },
};
/** What a multiple systems estimate takes for granted, in words a reader of the report can weigh. */
const ASSUMPTIONS: Record<string, Array<Record<Lang, string>>> = {
  common: [
    {
      en: 'The population is closed: the lists count the same people over the same period and place.',
      fa: 'جمعیت بسته است: فهرست‌ها همان افراد را در همان دوره و مکان می‌شمارند.',
    },
    {
      en: "The records were linked correctly across lists; an interval with the linkage's uncertainty is given where it was computed.",
      fa: 'رکوردها میان فهرست‌ها درست پیوند خورده‌اند؛ هر جا محاسبه شده، بازه‌ای با عدم قطعیت پیوند نیز آمده است.',
    },
  ],
  loglinear: [
    {
      en: 'Dependence between lists is captured by the interaction terms of the selected model; people equally likely to be listed within each pattern.',
      fa: 'وابستگی میان فهرست‌ها با جمله‌های برهم‌کنش مدل برگزیده گرفته می‌شود؛ احتمال ثبت افراد در هر الگو یکسان فرض می‌شود.',
    },
  ],
  lcmcr: [
    {
      en: 'Differences in how likely people are to be listed are captured by a small number of hidden classes; lists are independent within a class.',
      fa: 'تفاوت احتمال ثبت افراد با چند کلاس پنهان گرفته می‌شود؛ فهرست‌ها درون هر کلاس مستقل‌اند.',
    },
  ],
};
const STATUSES: Record<string, Record<Lang, string>> = {
  draft: { en: 'draft', fa: 'پیش‌نویس' },
  adopted: { en: 'adopted', fa: 'تصویب‌شده' },
};

function esc(text: unknown): string {
  return String(text ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** Text of the records, isolated so that English inside the Persian section (and back) keeps its own order. */
function bdi(text: unknown): string {
  return `<bdi>${esc(text)}</bdi>`;
}

/** A date in both calendars, the reader's first. */
function bothCalendars(date: unknown, lang: Lang): string {
  const d = date as FuzzyDate | null;
  if (!d || !d.start) return d?.text ? esc(d.text) : '';
  const gregorian = formatFuzzyDate(d, { calendar: 'gregorian', locale: lang });
  const solar = formatFuzzyDate(d, { calendar: 'solar_hijri', locale: lang });
  return esc(lang === 'fa' ? `${solar} (${gregorian})` : `${gregorian} (${solar})`);
}

const namesOf = (r: RecordValue | undefined) =>
  ((r?.names as Array<{ text: string }> | undefined) ?? []).map((n) => n.text).join(' · ');

function valueText(value: unknown, lang: Lang): string {
  const v = value as {
    type: string;
    text?: string;
    value?: unknown;
    min?: number;
    max?: number;
    bound?: string;
    date?: { text?: string };
    id?: string;
  };
  switch (v?.type) {
    case 'boolean':
      return v.value ? (lang === 'fa' ? 'بله' : 'yes') : lang === 'fa' ? 'خیر' : 'no';
    case 'date':
      return v.date?.text ?? '';
    case 'entity':
      return v.id ?? '';
    case 'text':
      return v.text ?? '';
    case 'number':
      return `${v.bound && v.bound !== 'exact' ? `${v.bound.replace('_', ' ')} ` : ''}${String(v.value)}`;
    case 'number_range':
      return `${v.bound && v.bound !== 'exact' ? `${v.bound.replace('_', ' ')} ` : ''}${v.min}–${v.max}`;
    default:
      return JSON.stringify(v ?? null);
  }
}

const number = (n: unknown, lang: Lang) =>
  typeof n === 'number' ? Math.round(n).toLocaleString(lang === 'fa' ? 'fa-IR' : 'en-GB') : '—';

/** One estimate run: documented, estimated with its interval, the linkage's part, method, assumptions, warnings. */
function countItem(run: RecordValue, lang: Lang): string {
  const w = (k: keyof typeof WORDS) => esc(WORDS[k][lang]);
  const r = run.result as {
    observed?: number;
    estimate?: number | null;
    lower?: number | null;
    upper?: number | null;
    model?: string;
    warnings?: string[];
    linkage?: { combined: { lower: number; upper: number }; linkageShare: number; draws: number };
  };
  const method = String(run.method);
  const assumptions = [...(ASSUMPTIONS.common ?? []), ...(ASSUMPTIONS[method] ?? [])].map(
    (a) => `<li>${esc(a[lang])}</li>`,
  );
  const share = r.linkage ? `${Math.round(r.linkage.linkageShare * 100)}%` : '';
  return `<li><p>${bdi(run.title)}</p>
<p>${w('documented')}: ${number(r.observed, lang)} — ${w('estimated')}: ${number(r.estimate, lang)} — ${w('interval')}: ${number(r.lower, lang)}–${number(r.upper, lang)}</p>
${r.linkage ? `<p>${w('withLinkage')}: ${number(r.linkage.combined.lower, lang)}–${number(r.linkage.combined.upper, lang)} (${w('linkageShare')}: ${esc(share)})</p>` : ''}
<p>${w('method')}: ${esc(METHODS[method]?.[lang] ?? method)}${r.model ? ` — ${bdi(r.model)}` : ''}</p>
<p>${w('assumptions')}:</p><ul>${assumptions.join('')}</ul>
${r.warnings?.length ? `<p>${w('warnings')}:</p><ul>${r.warnings.map((x) => `<li>${bdi(x)}</li>`).join('')}</ul>` : ''}</li>`;
}

export function bundleReportHtml(
  included: Included,
  meta: {
    caseTitle: string;
    audience: string;
    treeHead: { seq: number; root?: string };
    omitted: ReadonlyArray<{ type: string; reason: string }>;
  },
): string {
  const of = (type: string) => included.filter((i) => i.type === type).map((i) => i.record);
  const byId = new Map(included.map((i) => [i.record.id, i.record]));
  const findings = of('finding') as unknown as FindingRecord[];
  const matrix = buildMatrix(findings, CRIMES, 'balance_of_probabilities');
  // Each person's involvements by role, read once: a case may hold tens of thousands of victims.
  const roles = new Map<string, Map<string, RecordValue[]>>();
  for (const i of of('involvement')) {
    const own = roles.get(String(i.actorId)) ?? new Map<string, RecordValue[]>();
    roles.set(String(i.actorId), own);
    const list = own.get(String(i.role)) ?? [];
    own.set(String(i.role), list);
    list.push(i);
  }
  const asRole = (id: string, role: string) => roles.get(id)?.get(role) ?? [];
  const victims = of('person').filter((p) => asRole(p.id, 'victim').length > 0);
  const suspects = of('person').filter((p) => asRole(p.id, 'perpetrator').length > 0);
  const figures = of('claim').filter((c) => c.property === 'death_toll');
  const estimates = of('estimate_run');
  const burials = of('relation').filter((r) => r.kind === 'burial');
  const positions = new Map<string, RecordValue[]>();
  for (const x of of('position')) {
    const held = positions.get(String(x.personId)) ?? [];
    positions.set(String(x.personId), held);
    held.push(x);
  }

  const section = (lang: Lang) => {
    const w = (k: keyof typeof WORDS) => esc(WORDS[k][lang]);
    const list = (items: string[]) => (items.length ? `<ul>${items.join('')}</ul>` : `<p>${w('none')}</p>`);
    const evidenceLine = (f: FindingRecord, stance: 'supports' | 'contradicts') =>
      f.evidence
        .filter((e) => e.stance === stance)
        .map((e) => {
          const r = byId.get(e.id);
          if (!r) return `<li>${esc(e.kind)} ${esc(e.id)}</li>`;
          return e.kind === 'claim'
            ? `<li>${bdi(r.claimant ?? '')}: ${bdi(valueText(r.value, lang))}</li>`
            : `<li>${bdi(r.quote ?? '')}</li>`;
        });
    return `<section lang="${lang}" dir="${lang === 'fa' ? 'rtl' : 'ltr'}">
<h1>${w('title')}: ${bdi(meta.caseTitle)}</h1>
<p>${w('audience')}: ${bdi(meta.audience)} — ${w('treeHead')}: ${esc(meta.treeHead.seq)} / <code dir="ltr">${esc(meta.treeHead.root)}</code></p>
<h2>${w('findings')}</h2>
${list(
  findings.map(
    (f) => `<li><p>${esc(f.statement[lang])}</p>
<p>${w('standard')}: ${esc(STANDARDS[f.standard][lang])} — ${w('status')}: ${esc(STATUSES[f.status]?.[lang] ?? f.status)} (v${f.version})</p>
<p>${w('supports')}:</p>${list(evidenceLine(f, 'supports'))}
<p>${w('contradicts')}:</p>${list(evidenceLine(f, 'contradicts'))}</li>`,
  ),
)}
<h2>${w('matrix')}</h2>
<table><tbody>${matrix
      .flatMap((c) =>
        c.elements.map(
          (e) =>
            `<tr><td>${esc(c.title[lang])} (${bdi(c.provision)})</td><td>${esc(e.text[lang])}</td><td>${esc(STATES[e.state][lang])}${e.strength ? ` — ${esc(STANDARDS[e.strength][lang])}` : ''}</td></tr>`,
        ),
      )
      .join('')}</tbody></table>
<h2>${w('gaps')}</h2>
${list(
  matrix.flatMap((c) =>
    c.elements
      .filter((e) => e.state !== 'established')
      .map((e) => `<li>${esc(c.title[lang])}: ${esc(e.text[lang])} — ${esc(STATES[e.state][lang])}</li>`),
  ),
)}
<h2>${w('figures')}</h2>
${list(figures.map((c) => `<li>${bdi(valueText(c.value, lang))} — ${bdi(c.claimant ?? '')}</li>`))}
<h2>${w('count')}</h2>
${list(estimates.map((e) => countItem(e, lang)))}
<h2>${w('victims')}</h2>
${list(
  victims.map((p) => {
    const events = asRole(p.id, 'victim')
      .map((i) => byId.get(String(i.eventId)))
      .filter((e): e is RecordValue => Boolean(e))
      .map((e) => `<li>${bdi(e.title)} — ${bothCalendars(e.date, lang)}</li>`);
    return `<li>${bdi(namesOf(p))} ${bothCalendars(p.birthDate, lang)}${events.length ? `<ul>${events.join('')}</ul>` : ''}</li>`;
  }),
)}
<h2>${w('events')}</h2>
${list(of('event').map((e) => `<li>${bdi(e.title)} — ${bothCalendars(e.date, lang)}</li>`))}
<h2>${w('places')}</h2>
${list(
  of('place').map((p) => {
    const location = p.location as { certainty?: string; precision?: string } | null;
    return `<li>${bdi(namesOf(p))} — ${bdi(p.kind)}${location ? ` (${esc(location.certainty)}, ${esc(location.precision)})` : ''}</li>`;
  }),
)}
${
  burials.length
    ? list(
        burials.map(
          (r) =>
            `<li>${bdi(namesOf(byId.get(String(r.subjectId))))} — ${w('buried')} ${bdi(namesOf(byId.get(String(r.objectId))))} (${esc(r.certainty)})</li>`,
        ),
      )
    : ''
}
<h2>${w('suspects')}</h2>
${list(
  suspects.map((p) => {
    const held = positions.get(p.id) ?? [];
    return `<li>${bdi(namesOf(p))}${list(
      held.map(
        (x) =>
          `<li>${esc(lang === 'fa' && x.titleFa ? x.titleFa : x.title)} ${bothCalendars(x.start, lang)}${x.end ? ` – ${bothCalendars(x.end, lang)}` : ''}</li>`,
      ),
    )}</li>`;
  }),
)}
<h2>${w('omitted')}</h2>
<p>${esc(meta.omitted.length)}</p>
</section>`;
  };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(meta.caseTitle)}</title>
<style>body{font-family:"DejaVu Sans",sans-serif;max-width:60rem;margin:auto}section[dir=rtl]{text-align:right}table{border-collapse:collapse}td{border:1px solid #999;padding:.2rem .4rem;vertical-align:top}</style>
</head><body>
${section('en')}
<hr>
${section('fa')}
</body></html>
`;
}
