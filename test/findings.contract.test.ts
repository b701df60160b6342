import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../src/auth/index.js';
import { ConflictError, ValidationError } from '../src/domain/errors.js';
import { findingCorroboration, reviewFinding } from '../src/services/findings.js';
import { legalGaps, legalMatrix } from '../src/services/legal.js';
import { createRecord, getRecord, updateRecord } from '../src/services/records.js';
import { suspectSummary } from '../src/services/suspects.js';
import { verifyLedger } from '../src/services/verify.js';
import { specForType, type RecordValue } from '../src/storage/index.js';
import { makeCase, makeMember, SYSTEM } from './factories.js';
import { createTestStore, DIALECTS, type TestStore } from './stores.js';

const STATEMENT = {
  en: 'Prisoners were hanged at Gohardasht in summer 1988',
  fa: 'زندانیان در تابستان ۱۳۶۷ در گوهردشت به دار آویخته شدند',
};

describe.each(DIALECTS)('findings, the legal matrix and suspects (%s)', (dialect) => {
  let t: TestStore;
  let caseId: string;
  let author: Actor;
  let reviewer: Actor;
  let viewer: Actor;

  async function make(type: string, input: Record<string, unknown>, actor: Actor = SYSTEM) {
    const spec = specForType(type)!;
    return createRecord(
      t.ctx,
      actor,
      spec,
      caseId,
      spec.createSchema.parse(input) as Record<string, unknown>,
    );
  }

  beforeEach(async () => {
    t = await createTestStore(dialect);
    caseId = (await makeCase(t.ctx)).id;
    author = await makeMember(t.ctx, caseId, 'author', 'analyst');
    reviewer = await makeMember(t.ctx, caseId, 'reviewer', 'analyst');
    viewer = await makeMember(t.ctx, caseId, 'viewer', 'viewer');
  });
  afterEach(async () => t.cleanup());

  /** Sources: two naming one memoir as their origin (in different spellings of case and space), one on its own. */
  async function evidence() {
    const memoirA = await make('source', {
      kind: 'article',
      title: 'Article A',
      origin: 'Memoir of a survivor',
    });
    const memoirB = await make('source', {
      kind: 'book',
      title: 'Book B',
      origin: '  memoir of a  SURVIVOR',
    });
    const own = await make('source', { kind: 'report', title: 'Report C' });
    const denial = await make('source', { kind: 'document', title: 'Official denial' });
    const excerpt = async (source: RecordValue, quote: string) =>
      make('excerpt', { sourceId: source.id, locator: { page: 1 }, quote });
    const [a, b, c, d] = [
      await excerpt(memoirA, 'hangings'),
      await excerpt(memoirB, 'hangings'),
      await excerpt(own, 'lists of the dead'),
      await excerpt(denial, 'nothing happened'),
    ];
    const event = await make('event', { kind: 'execution', title: 'Executions', date: 'Mordad 1367' });
    const claim = await make('claim', {
      subjectType: 'event',
      subjectId: event.id,
      property: 'took_place',
      value: { type: 'boolean', value: true },
      evidence: [{ excerptId: a.id }, { excerptId: b.id }],
    });
    return { claim, event, excerpts: { a, b, c, d }, sources: { memoirA, memoirB, own, denial } };
  }

  it('keeps the author, adopts only on a second member’s approval, and keeps every version audited', async () => {
    const { claim, event, excerpts } = await evidence();
    const finding = await make(
      'finding',
      {
        statement: STATEMENT,
        subjects: [{ type: 'event', id: event.id }],
        standard: 'clear_and_convincing',
        evidence: [
          { kind: 'claim', id: claim.id },
          { kind: 'excerpt', id: excerpts.d.id, stance: 'contradicts' },
        ],
        elements: [{ crime: 'cah.murder', element: 'killing' }],
      },
      author,
    );
    expect(finding).toMatchObject({ author: 'user:author', status: 'draft', version: 1, history: [] });

    const own = await reviewFinding(t.ctx, author, caseId, finding.id, {
      decision: 'approve',
      note: '',
    }).catch((e: unknown) => e);
    expect(own).toBeInstanceOf(ConflictError);
    await expect(
      reviewFinding(t.ctx, viewer, caseId, finding.id, { decision: 'approve', note: '' }),
    ).rejects.toThrow(/not allowed/);
    const adopted = await reviewFinding(t.ctx, reviewer, caseId, finding.id, {
      decision: 'approve',
      note: '',
    });
    expect(adopted).toMatchObject({ status: 'adopted', reviews: [{ by: 'user:reviewer', version: 1 }] });
    await expect(
      reviewFinding(t.ctx, reviewer, caseId, finding.id, { decision: 'approve', note: '' }),
    ).rejects.toThrow(/already adopted/);

    // Changing the words makes version 2, a draft again; version 1 stays in the history.
    const spec = specForType('finding')!;
    const changed = await updateRecord(t.ctx, author, spec, caseId, finding.id, {
      standard: 'beyond_reasonable_doubt',
    });
    expect(changed).toMatchObject({ version: 2, status: 'draft', author: 'user:author' });
    expect(changed.history).toEqual([
      expect.objectContaining({ version: 1, standard: 'clear_and_convincing', statement: STATEMENT }),
    ]);
    // A label change alone is not a new version.
    const relabelled = await updateRecord(t.ctx, author, spec, caseId, finding.id, {
      sensitivity: 'confidential',
    });
    expect(relabelled).toMatchObject({ version: 2, sensitivity: 'confidential' });
    // The reviewer may not rewrite the authorship or status through an update.
    const patch = spec.updateSchema.safeParse({ status: 'adopted' });
    expect(patch.success).toBe(false);

    const entries = await t.raw(`select action, actor from audit_log where resource_id = ? order by seq`, [
      finding.id,
    ]);
    expect(entries.map((e) => `${String(e.action)} ${String(e.actor)}`)).toEqual([
      'create user:author',
      'update user:reviewer',
      'update user:author',
      'update user:author',
    ]);
    expect((await verifyLedger(t.ctx)).problems).toEqual([]);
  });

  it('refuses to adopt a finding without supporting evidence, and bad input names the field', async () => {
    const { excerpts } = await evidence();
    const bare = await make('finding', { statement: STATEMENT, standard: 'reasonable_grounds' }, author);
    const refused = await reviewFinding(t.ctx, reviewer, caseId, bare.id, {
      decision: 'approve',
      note: '',
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).problems).toEqual([
      {
        field: 'evidence',
        message: 'a finding without supporting evidence cannot be adopted',
        code: 'no_supporting_evidence',
      },
    ]);
    const against = await make(
      'finding',
      {
        statement: STATEMENT,
        standard: 'reasonable_grounds',
        evidence: [{ kind: 'excerpt', id: excerpts.d.id, stance: 'contradicts' }],
      },
      author,
    );
    await expect(
      reviewFinding(t.ctx, reviewer, caseId, against.id, { decision: 'approve', note: '' }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      reviewFinding(t.ctx, reviewer, caseId, against.id, { decision: 'return', note: 'why?' }),
    ).rejects.toBeInstanceOf(ValidationError);

    const schema = specForType('finding')!.createSchema;
    const paths = (input: unknown) => {
      const r = schema.safeParse(input);
      return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
    };
    expect(paths({ statement: { en: 'only English' }, standard: 'reasonable_grounds' })).toEqual([
      'statement.fa',
    ]);
    expect(paths({ statement: STATEMENT, standard: 'probably' })).toEqual(['standard']);
    expect(
      paths({
        statement: STATEMENT,
        standard: 'reasonable_grounds',
        elements: [{ crime: 'cah.murder', element: 'x' }],
      }),
    ).toEqual(['elements.0.element']);
    // Evidence that is not in the case is refused by name.
    await expect(
      make('finding', {
        statement: STATEMENT,
        standard: 'reasonable_grounds',
        evidence: [{ kind: 'claim', id: excerpts.a.id }],
      }),
    ).rejects.toMatchObject({ problems: [{ field: 'evidence.0.id' }] });
  });

  it('counts independent origins: sources quoting one origin count once', async () => {
    const { claim, excerpts, sources } = await evidence();
    const finding = await make('finding', {
      statement: STATEMENT,
      standard: 'reasonable_grounds',
      evidence: [
        { kind: 'claim', id: claim.id },
        { kind: 'excerpt', id: excerpts.c.id },
        { kind: 'excerpt', id: excerpts.d.id, stance: 'contradicts' },
      ],
    });
    const counted = await findingCorroboration(t.ctx, reviewer, caseId, finding.id);
    expect(counted.supports).toMatchObject({ origins: 2, sources: 3 });
    expect(counted.supports.groups).toEqual(
      expect.arrayContaining([
        { origin: 'memoir of a survivor', sourceIds: [sources.memoirA.id, sources.memoirB.id].sort() },
        { origin: '', sourceIds: [sources.own.id] },
      ]),
    );
    expect(counted.contradicts).toMatchObject({ origins: 1, sources: 1 });
    // A source raised to confidential raises what rests on it: the finding is no longer the viewer's to count.
    await updateRecord(t.ctx, SYSTEM, specForType('source')!, caseId, sources.own.id, {
      sensitivity: 'confidential',
    });
    expect((await findingCorroboration(t.ctx, reviewer, caseId, finding.id)).supports.origins).toBe(2);
    await expect(findingCorroboration(t.ctx, viewer, caseId, finding.id)).rejects.toThrow(/not found/);
  });

  it('fills the matrix crime × element with strength, and reports gaps per suspect and per crime', async () => {
    const { claim, event } = await evidence();
    const suspect = await make('person', {
      names: [{ text: 'Suspect One', script: 'latin', kind: 'birth' }],
    });
    const other = await make('person', { names: [{ text: 'Suspect Two', script: 'latin', kind: 'birth' }] });
    const adopt = async (input: Record<string, unknown>) => {
      const f = await make(
        'finding',
        { statement: STATEMENT, evidence: [{ kind: 'claim', id: claim.id }], ...input },
        author,
      );
      return reviewFinding(t.ctx, reviewer, caseId, f.id, { decision: 'approve', note: '' });
    };
    await adopt({
      subjects: [{ type: 'event', id: event.id }],
      standard: 'beyond_reasonable_doubt',
      elements: [{ crime: 'cah.murder', element: 'killing' }],
    });
    await adopt({
      standard: 'reasonable_grounds',
      elements: [{ crime: 'cah.imprisonment', element: 'deprivation' }],
    });
    await make('finding', {
      statement: STATEMENT,
      standard: 'clear_and_convincing',
      elements: [{ crime: 'cah.torture', element: 'pain' }],
    });
    await adopt({
      subjects: [{ type: 'person', id: suspect.id }],
      standard: 'clear_and_convincing',
      elements: [{ crime: 'liability.ordering', element: 'order' }],
    });

    const matrix = await legalMatrix(t.ctx, reviewer, caseId);
    const state = (crime: string, element: string) =>
      matrix.crimes.find((c) => c.key === crime)!.elements.find((e) => e.key === element)!;
    expect(state('cah.murder', 'killing')).toMatchObject({
      state: 'established',
      strength: 'beyond_reasonable_doubt',
    });
    expect(state('cah.imprisonment', 'deprivation')).toMatchObject({
      state: 'weak',
      strength: 'reasonable_grounds',
    });
    expect(state('cah.torture', 'pain')).toMatchObject({ state: 'draft_only', strength: null });
    expect(state('cah.context', 'attack')).toMatchObject({ state: 'none', findings: [] });
    expect(state('genocide.killing', 'intent').state).toBe('none');
    // A court's threshold makes the clear-and-convincing finding weak.
    const court = await legalMatrix(t.ctx, reviewer, caseId, { threshold: 'beyond_reasonable_doubt' });
    expect(
      court.crimes.find((c) => c.key === 'liability.ordering')!.elements.find((e) => e.key === 'order')!
        .state,
    ).toBe('weak');

    const forSuspect = await legalGaps(t.ctx, reviewer, caseId, {
      suspectId: suspect.id,
      crime: 'liability.ordering',
    });
    expect(forSuspect.gaps.map((g) => `${g.crime}.${g.element}`)).toEqual([
      'liability.ordering.authority',
      'liability.ordering.effect',
    ]);
    const forOther = await legalGaps(t.ctx, reviewer, caseId, { suspectId: other.id, crime: 'liability' });
    expect(forOther.gaps.map((g) => g.element)).toContain('order');
    expect(forOther.established).toBe(0);
    // The crime base holds for every suspect; a crime against humanity brings its contextual elements along.
    const murder = await legalGaps(t.ctx, reviewer, caseId, { suspectId: other.id, crime: 'cah.murder' });
    expect(murder.established).toBe(1);
    expect(murder.gaps.every((g) => g.crime === 'cah.context')).toBe(true);

    await expect(legalMatrix(t.ctx, reviewer, caseId, { crime: 'cah.nothing' })).rejects.toMatchObject({
      problems: [{ field: 'crime' }],
    });
    await expect(legalMatrix(t.ctx, reviewer, caseId, { suspectId: claim.id })).rejects.toMatchObject({
      problems: [{ field: 'suspect' }],
    });
  });

  it('keeps protected findings out of the matrix of those who may not read them', async () => {
    const { claim } = await evidence();
    await make('finding', {
      statement: { en: 'A protected conclusion', fa: 'نتیجه‌ای محرمانه' },
      standard: 'reasonable_grounds',
      evidence: [{ kind: 'claim', id: claim.id }],
      elements: [{ crime: 'cah.persecution', element: 'grounds' }],
      sensitivity: 'protected',
    });
    const seen = JSON.stringify(await legalMatrix(t.ctx, reviewer, caseId));
    expect(seen).not.toContain('A protected conclusion');
    const granted = await makeMember(t.ctx, caseId, 'granted', 'investigator', true);
    expect(JSON.stringify(await legalMatrix(t.ctx, granted, caseId))).toContain('A protected conclusion');
  });

  it('summarises a suspect: involvement, positions then and now, findings and liability', async () => {
    const { claim, event } = await evidence();
    const suspect = await make('person', {
      names: [{ text: 'Suspect One', script: 'latin', kind: 'birth' }],
    });
    const commission = await make('organization', {
      names: [{ text: 'The commission' }],
      kind: 'commission',
    });
    await make('involvement', {
      eventId: event.id,
      actorType: 'person',
      actorId: suspect.id,
      role: 'perpetrator',
      perpetratorDegree: 'decided',
    });
    const then = await make('position', {
      personId: suspect.id,
      title: 'Member of the commission',
      titleFa: 'عضو هیئت',
      organizationId: commission.id,
      start: 'Tir 1367',
      end: 'Shahrivar 1367',
      claimIds: [claim.id],
    });
    const now = await make('position', {
      personId: suspect.id,
      title: 'Minister',
      start: '2013',
      claimIds: [claim.id],
    });
    const f = await make(
      'finding',
      {
        statement: STATEMENT,
        subjects: [{ type: 'person', id: suspect.id }],
        standard: 'reasonable_grounds',
        evidence: [{ kind: 'claim', id: claim.id }],
        elements: [{ crime: 'liability.co_perpetration', element: 'essential_contribution' }],
      },
      author,
    );
    const summary = await suspectSummary(t.ctx, reviewer, caseId, suspect.id);
    expect(summary.involvements).toEqual([
      expect.objectContaining({ involvement: expect.objectContaining({ perpetratorDegree: 'decided' }) }),
    ]);
    expect(summary.period).toEqual({ start: '1988-07-23', end: '1988-08-22' });
    expect(summary.positions.all.map((p) => p.id)).toEqual([then.id, now.id]);
    expect(summary.positions.then.map((p) => p.id)).toEqual([then.id]);
    expect(summary.positions.now.map((p) => p.id)).toEqual([now.id]);
    expect(summary.findings).toEqual([expect.objectContaining({ independentOrigins: 1 })]);
    expect(summary.liability).toEqual([
      {
        crime: 'liability.co_perpetration',
        element: 'essential_contribution',
        findingId: f.id,
        standard: 'reasonable_grounds',
        status: 'draft',
      },
    ]);
    expect(summary.gaps.gaps.length).toBeGreaterThan(0);
    // A position must rest on a person of the case.
    await expect(
      make('position', { personId: event.id, title: 'x', claimIds: [claim.id] }),
    ).rejects.toMatchObject({
      problems: [{ field: 'personId' }],
    });
    const bare = specForType('position')!.createSchema.safeParse({ personId: suspect.id, title: 'x' });
    expect(bare.success ? [] : bare.error.issues.map((i) => i.path.join('.'))).toEqual(['claimIds']);
    expect((await getRecord(t.ctx, viewer, specForType('position')!, caseId, then.id)).title).toBe(
      'Member of the commission',
    );
  });
});
