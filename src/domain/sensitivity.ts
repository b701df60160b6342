import { z } from 'zod';

/** Sensitivity labels, from least to most restricted. */
export const SENSITIVITY_LABELS = ['public', 'internal', 'confidential', 'protected'] as const;
export type Sensitivity = (typeof SENSITIVITY_LABELS)[number];
/** Accepts exactly one of the four labels. */
export const sensitivitySchema = z.enum(SENSITIVITY_LABELS);

/** Position of a label in the order public < internal < confidential < protected. */
export function sensitivityRank(label: Sensitivity): number {
  return SENSITIVITY_LABELS.indexOf(label);
}

/** True when `label` is no more restricted than `max`. */
export function isAtMost(label: Sensitivity, max: Sensitivity): boolean {
  return sensitivityRank(label) <= sensitivityRank(max);
}

/** Every label up to and including `max`, in order. */
export function labelsUpTo(max: Sensitivity): Sensitivity[] {
  return SENSITIVITY_LABELS.slice(0, sensitivityRank(max) + 1);
}

/**
 * The most restrictive of the labels (public when none is given). Derived data — a mention of a person, a claim
 * about one, an excerpt of a source — is labelled at least as restrictively as everything it was derived from.
 */
export function mostRestrictive(...labels: ReadonlyArray<Sensitivity | null | undefined>): Sensitivity {
  let top: Sensitivity = 'public';
  for (const label of labels) if (label && sensitivityRank(label) > sensitivityRank(top)) top = label;
  return top;
}
