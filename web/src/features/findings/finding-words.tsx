/**
 * Words for a finding's parts: its standard of proof, where its review stands, who wrote or reviewed it, and the
 * claims and excerpts it rests on — so that the findings pages never show an id, a key or a timestamp.
 */
import { useTranslation } from 'react-i18next';
import type { FuzzyDate, Rec } from '../../api.js';
import { recordTitle, useLang } from '../../format.js';
import { formatFuzzyDate } from '../../../../src/domain/fuzzy-date-format.js';
import { formatNum } from '../../format.js';
import { useRecordIndex } from '../../present/record-index.js';
import { humanize } from '../../present/values.js';

export const STANDARDS = [
  'reasonable_grounds',
  'balance_of_probabilities',
  'clear_and_convincing',
  'beyond_reasonable_doubt',
] as const;
export const REVIEW_STATES = ['draft', 'submitted', 'returned', 'adopted'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

export interface Finding extends Rec {
  statement: { en: string; fa: string };
  subjects: Array<{ type: 'person' | 'organization' | 'event' | 'place'; id: string }>;
  standard: (typeof STANDARDS)[number];
  evidence: Array<{ kind: 'claim' | 'excerpt'; id: string; stance: 'supports' | 'contradicts' }>;
  elements: Array<{ crime: string; element: string }>;
  notes: string;
  author: string;
  status: 'draft' | 'adopted';
  version: number;
  reviews: Array<{ by: string; at: string; version: number; decision: string; note: string }>;
  history: Array<{
    version: number;
    at: string;
    by: string;
    statement: { en: string; fa: string };
    standard: string;
    evidence: unknown[];
  }>;
  createdAt: string;
  updatedAt: string;
}

/** Where the review stands (the server's `reviewState`): the last review of the current version decides. */
export function reviewState(f: Pick<Finding, 'status' | 'version' | 'reviews'>): ReviewState {
  if (f.status === 'adopted') return 'adopted';
  const last = f.reviews.filter((r) => r.version === f.version).at(-1);
  if (last?.decision === 'submit') return 'submitted';
  if (last?.decision === 'return') return 'returned';
  return 'draft';
}

export function StandardText({ standard }: { standard: string }) {
  const { t } = useTranslation();
  return <>{t(`finding.standard.${standard}`, { defaultValue: humanize(standard) })}</>;
}

export function StateBadge({ finding }: { finding: Pick<Finding, 'status' | 'version' | 'reviews'> }) {
  const { t } = useTranslation();
  const state = reviewState(finding);
  return <span className={`badge finding-${state}`}>{t(`finding.state.${state}`)}</span>;
}

/** Who wrote or reviewed: a member by user name; the demo's own reviewer and other system actors in words. */
export function ActorName({ label }: { label: string }) {
  const { t } = useTranslation();
  if (label.startsWith('user:')) return <bdi>{label.slice('user:'.length)}</bdi>;
  if (label === 'system:demo-reviewer') return <>{t('finding.demoReviewer')}</>;
  return <>{t('finding.systemActor')}</>;
}

/** The statement in the reader's language. */
export function statementIn(f: Pick<Finding, 'statement'>, lang: 'en' | 'fa'): string {
  return f.statement[lang] || f.statement.en;
}

type ClaimValue =
  | { type: 'text'; text: string }
  | { type: 'number'; value: number; bound: string }
  | { type: 'number_range'; min: number; max: number; bound: string }
  | { type: 'number_alternatives'; values: number[]; bound: string }
  | { type: 'date'; date: FuzzyDate }
  | { type: 'entity'; entityType: string; id: string }
  | { type: 'boolean'; value: boolean };

/**
 * A claim in one line of plain text, for a choice in a form: "Member of: Tehran death commission (Amnesty
 * International)". References by name, numbers in the reader's digits.
 */
export function useClaimLine(): (claim: Rec) => string {
  const { t } = useTranslation();
  const lang = useLang();
  const index = useRecordIndex();
  const name = (id: string) => {
    const found = index?.byId.get(id);
    return found ? recordTitle(found.record, lang) : t('present.hiddenRecord');
  };
  const valueText = (v: ClaimValue): string => {
    const bound = 'bound' in v && v.bound !== 'exact' ? `${t(`bound.${v.bound}`)} ` : '';
    switch (v.type) {
      case 'number':
        return bound + formatNum(v.value, lang);
      case 'number_range':
        return `${bound}${formatNum(v.min, lang)}–${formatNum(v.max, lang)}`;
      case 'number_alternatives': {
        const figures = v.values.map((n) => formatNum(n, lang));
        return (
          bound +
          t('claims.alternatives', {
            first: figures.slice(0, -1).join(t('geometry.comma')),
            last: figures[figures.length - 1],
          })
        );
      }
      case 'date':
        return formatFuzzyDate(v.date as Parameters<typeof formatFuzzyDate>[0], {
          calendar: lang === 'fa' ? 'solar_hijri' : 'gregorian',
          locale: lang,
        });
      case 'entity':
        return name(v.id);
      case 'boolean':
        return v.value ? t('common.yes') : t('common.no');
      default:
        return v.text;
    }
  };
  return (claim) => {
    const property = t(`property.${String(claim.property)}`, {
      defaultValue: humanize(String(claim.property)),
    });
    const about = claim.subjectType === 'case' ? '' : `${name(String(claim.subjectId))} — `;
    const by = claim.claimant ? ` (${String(claim.claimant)})` : '';
    return `${about}${property}: ${valueText(claim.value as ClaimValue)}${by}`;
  };
}
