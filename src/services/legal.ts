/**
 * Legal qualification: the elements catalogue (src/domain/legal) crossed with a case's findings. Each element
 * shows the findings that address it and the strongest standard an adopted one reaches; the gaps are the
 * elements with no finding, only drafts, or only findings below the standard asked for.
 */
import { z } from 'zod';
import { can, type Actor } from '../auth/index.js';
import { ValidationError } from '../domain/errors.js';
import { CRIMES, type Bilingual, type CrimeDefinition, type CrimeGroup } from '../domain/legal/index.js';
import {
  STANDARDS_OF_PROOF,
  standardRank,
  type FindingRecord,
  type StandardOfProof,
} from '../domain/records/finding.js';
import { specForType } from '../storage/index.js';
import { loadCase, recordResource } from './cases.js';
import type { ServiceContext } from './context.js';
import { readableRecords } from './records.js';

/** Where an element stands: established (an adopted finding at or above the threshold), or a kind of gap. */
export type ElementState = 'established' | 'weak' | 'draft_only' | 'none';

export interface MatrixFinding {
  id: string;
  statement: Bilingual;
  standard: StandardOfProof;
  status: FindingRecord['status'];
  version: number;
}

export interface MatrixElement {
  key: string;
  text: Bilingual;
  findings: MatrixFinding[];
  /** The strongest standard an adopted finding reaches, or null. */
  strength: StandardOfProof | null;
  state: ElementState;
}

export interface MatrixCrime {
  key: string;
  group: CrimeGroup;
  provision: string;
  title: Bilingual;
  requires: string | null;
  elements: MatrixElement[];
}

export interface LegalMatrix {
  caseId: string;
  suspectId: string | null;
  threshold: StandardOfProof;
  crimes: MatrixCrime[];
  /**
   * What others have said of the legal qualification (claims of the case whose property is
   * `legal_qualification`), shown beside the matrix with who says it: contested qualifications such as
   * genocide stay attributed claims, not findings of the case.
   */
  qualificationClaims: Array<{ id: string; claimant: string | null; value: unknown; status: string }>;
}

export interface MatrixOptions {
  /** Only findings about this person, and the case-wide ones (about no person) for the crime base. */
  suspectId?: string;
  /** An adopted finding below this standard leaves the element weak. */
  threshold?: StandardOfProof;
  /** A crime key (`cah.murder`) or group (`liability`). */
  crime?: string;
}

function selectCrimes(crime: string | undefined) {
  if (!crime) return CRIMES;
  const chosen = CRIMES.filter((c) => c.key === crime || c.group === crime);
  if (chosen.length === 0)
    throw new ValidationError([{ field: 'crime', message: `no crime or group "${crime}" in the catalogue` }]);
  // A crime against humanity needs its contextual elements too.
  const required = new Set(chosen.map((c) => c.requires).filter((k): k is string => Boolean(k)));
  return CRIMES.filter((c) => chosen.includes(c) || required.has(c.key));
}

/** The matrix crime × element × findings for a case, from the findings the actor may read. */
export async function legalMatrix(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  options: MatrixOptions = {},
): Promise<LegalMatrix> {
  const threshold = options.threshold ?? 'balance_of_probabilities';
  const crimes = selectCrimes(options.crime);
  const findings = (await readableRecords(
    ctx,
    actor,
    caseId,
    specForType('finding')!,
  )) as unknown as FindingRecord[];
  if (options.suspectId) {
    const found = await loadCase(ctx, actor, caseId);
    const person = z.string().uuid().safeParse(options.suspectId).success
      ? await ctx.records.findById(ctx.store.db, specForType('person')!, caseId, options.suspectId)
      : undefined;
    if (!person || !can(actor, 'read', recordResource(found, 'person', person.sensitivity)))
      throw new ValidationError([{ field: 'suspect', message: 'no person with this id in this case' }]);
  }
  const qualificationClaims = (
    await readableRecords(ctx, actor, caseId, specForType('claim')!, { property: 'legal_qualification' })
  ).map((c) => ({
    id: c.id,
    claimant: (c.claimant as string | null) ?? null,
    value: c.value,
    status: String(c.status),
  }));
  return {
    caseId,
    suspectId: options.suspectId ?? null,
    threshold,
    qualificationClaims,
    crimes: buildMatrix(findings, crimes, threshold, options.suspectId),
  };
}

/**
 * The matrix rows from findings already read (pure): the bundle's report builds it from the findings the
 * audience receives, the API from those the actor may read.
 */
export function buildMatrix(
  findings: readonly FindingRecord[],
  crimes: readonly CrimeDefinition[],
  threshold: StandardOfProof,
  suspectId?: string,
): MatrixCrime[] {
  const about = (f: FindingRecord, group: CrimeGroup) => {
    if (!suspectId) return true;
    const people = f.subjects.filter((s) => s.type === 'person').map((s) => s.id);
    if (people.includes(suspectId)) return true;
    // The crime base (what happened) may be found without naming anyone; a mode of liability may not.
    return group !== 'liability' && people.length === 0;
  };
  return crimes.map((crime) => ({
    key: crime.key,
    group: crime.group,
    provision: crime.provision,
    title: crime.title,
    requires: crime.requires ?? null,
    elements: crime.elements.map((element) => {
      const addressing = findings.filter(
        (f) =>
          about(f, crime.group) && f.elements.some((e) => e.crime === crime.key && e.element === element.key),
      );
      const adopted = addressing.filter((f) => f.status === 'adopted');
      const strength = adopted.reduce<StandardOfProof | null>(
        (best, f) => (best === null || standardRank(f.standard) > standardRank(best) ? f.standard : best),
        null,
      );
      const state: ElementState =
        strength !== null
          ? standardRank(strength) >= standardRank(threshold)
            ? 'established'
            : 'weak'
          : addressing.length > 0
            ? 'draft_only'
            : 'none';
      return {
        key: element.key,
        text: element.text,
        findings: addressing.map((f) => ({
          id: f.id,
          statement: f.statement,
          standard: f.standard,
          status: f.status,
          version: f.version,
        })),
        strength,
        state,
      };
    }),
  }));
}

export interface Gap {
  crime: string;
  crimeTitle: Bilingual;
  element: string;
  text: Bilingual;
  state: Exclude<ElementState, 'established'>;
  strength: StandardOfProof | null;
  findings: number;
}

export interface GapsReport {
  caseId: string;
  suspectId: string | null;
  threshold: StandardOfProof;
  /** Elements checked, and how many of them are established. */
  elements: number;
  established: number;
  gaps: Gap[];
}

/** The elements with no or only weak evidence, per suspect and per crime when asked. */
export async function legalGaps(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  options: MatrixOptions = {},
): Promise<GapsReport> {
  const matrix = await legalMatrix(ctx, actor, caseId, options);
  const all = matrix.crimes.flatMap((c) => c.elements.map((e) => ({ crime: c, element: e })));
  return {
    caseId,
    suspectId: matrix.suspectId,
    threshold: matrix.threshold,
    elements: all.length,
    established: all.filter((x) => x.element.state === 'established').length,
    gaps: all
      .filter((x) => x.element.state !== 'established')
      .map(({ crime, element }) => ({
        crime: crime.key,
        crimeTitle: crime.title,
        element: element.key,
        text: element.text,
        state: element.state as Gap['state'],
        strength: element.strength,
        findings: element.findings.length,
      })),
  };
}

export { STANDARDS_OF_PROOF };
