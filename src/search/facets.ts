/**
 * Facets: the filterable values of an entry (its case and label, its kind, its language) as index terms, so
 * that the policy and the filters are part of the full-text match itself on both backends — FTS5 and
 * PostgreSQL's GIN index intersect them with the words, and no count or rank ever sees an entry outside the
 * actor's scopes, nor needs the table's rows to tell.
 *
 * Tokens: `u<case><ceiling>` for each label ceiling that may read the entry (the policy scope: the policy's
 * labels are always every label up to a ceiling, so a scope is one token), `c<case><label>` (a label
 * filter), `k<kind>`, `l<language>`.
 */
import { isAtMost, labelsUpTo, SENSITIVITY_LABELS, type Sensitivity } from '../domain/sensitivity.js';
import type { SearchEntriesTable } from '../storage/schema.js';
import type { SearchScope } from './types.js';

function caseToken(caseId: string): string {
  return caseId.toLowerCase().replace(/[^0-9a-z]/g, '');
}

/** The policy scope of one case and label, as one token. */
export function scopeToken(caseId: string, label: Sensitivity): string {
  return `c${caseToken(caseId)}${label}`;
}

/**
 * "Readable by whoever may read up to `ceiling` in this case": an entry carries one such token for its own
 * label and each higher one.
 */
export function ceilingToken(caseId: string, ceiling: Sensitivity): string {
  return `u${caseToken(caseId)}${ceiling}`;
}

/** The facet tokens of a stored entry. */
export function facetTokens(
  row: Pick<SearchEntriesTable, 'caseId' | 'sensitivity' | 'kind' | 'language'>,
): string[] {
  const label = row.sensitivity as Sensitivity;
  return [
    scopeToken(row.caseId, label),
    ...SENSITIVITY_LABELS.filter((l) => isAtMost(label, l)).map((l) => ceilingToken(row.caseId, l)),
    `k${row.kind}`,
    ...(row.language ? [`l${row.language}`] : []),
  ];
}

/** The tokens of which an entry readable in this scope carries one: one ceiling, or one per label. */
export function scopeTokens(scope: SearchScope): string[] {
  const top = scope.labels.reduce((a, b) => (isAtMost(a, b) ? b : a));
  const upTo = labelsUpTo(top);
  const whole = upTo.length === scope.labels.length && upTo.every((l) => scope.labels.includes(l));
  return whole ? [ceilingToken(scope.caseId, top)] : scope.labels.map((l) => scopeToken(scope.caseId, l));
}
