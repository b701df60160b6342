import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateCase } from '../src/services/cases.js';
import { createRecord, deleteRecord, updateRecord } from '../src/services/records.js';
import { rebuildMemorialIndex } from '../src/services/memorial-index.js';
import { createServiceContext } from '../src/services/context.js';
import { searchMemorial } from '../src/services/memorial.js';
import { memorialSearchThreads } from '../src/services/memorial-search-threads.js';
import { openStore, specForType, type RecordValue } from '../src/storage/index.js';
import { makeCase, SYSTEM } from './factories.js';
import { buildTestApp, type TestApp } from './http.js';
import { createTestStore, DIALECTS, TEST_DATABASE_URL, type TestStore } from './stores.js';

type Card = {
  id: string;
  names: Array<{ text: string }>;
  fatherName: string | null;
  birthDate: { start: string } | null;
  death: { kind: string; date: { start: string } | null } | null;
  detention: Array<{ place: { names: Array<{ text: string }> }; certainty: string }>;
  burial: Array<{ place: { names: Array<{ text: string }> }; certainty: string }>;
};

describe.each(DIALECTS)('memorial index and family search (%s)', (dialect) => {
  let t: TestStore;
  let app: TestApp;
  let caseId: string;
  let otherCaseId: string;
  let execution: string;
  const ids: Record<string, string> = {};

  const create = async (type: string, input: Record<string, unknown>, inCase = caseId) => {
    const spec = specForType(type)!;
    return createRecord(
      t.ctx,
      SYSTEM,
      spec,
      inCase,
      spec.createSchema.parse(input) as Record<string, unknown>,
    );
  };
  const person = async (
    key: string,
    names: string[],
    extra: Record<string, unknown> = {},
    role: 'victim' | 'perpetrator' | 'witness' | null = 'victim',
    inCase = caseId,
    event = execution,
  ): Promise<RecordValue> => {
    const p = await create(
      'person',
      { names: names.map((text) => ({ text })), sensitivity: 'public', ...extra },
      inCase,
    );
    ids[key] = p.id;
    if (role)
      await create(
        'involvement',
        { eventId: event, actorType: 'person', actorId: p.id, role, sensitivity: 'public' },
        inCase,
      );
    return p;
  };

  beforeAll(async () => {
    t = await createTestStore(dialect);
    app = await buildTestApp(t.ctx);
    caseId = (await makeCase(t.ctx, 'public', 'Memorial case')).id;
    otherCaseId = (await makeCase(t.ctx, 'internal', 'Internal case')).id;
    const evin = await create('place', {
      names: [{ text: 'Evin prison' }, { text: 'زندان اوین' }],
      kind: 'prison',
      sensitivity: 'public',
    });
    const khavaran = await create('place', {
      names: [{ text: 'Khavaran' }, { text: 'خاوران' }],
      kind: 'mass_grave',
      sensitivity: 'public',
    });
    execution = (
      await create('event', {
        kind: 'execution',
        title: 'Executions of summer 1988',
        date: '15 Mordad 1367',
        placeId: evin.id,
        sensitivity: 'public',
      })
    ).id;
    const h1 = await person('hossein1', ['Hossein Rezaei', 'حسین رضایی'], {
      fatherName: 'Ali',
      birthDate: '1340',
    });
    await person('hossein2', ['Hossein Rezaei'], { fatherName: 'Mahmoud', birthDate: '1965' });
    await person('hossein3', ['Hossein Rezaei'], {});
    await person('fatemeh', ['Fatemeh Ahmadi', 'فاطمه احمدی']);
    await person('pourmohammadi', ['Ali Pourmohammadi']);
    await person('pourMohammadi', ['Akbar Pour Mohammadi']);
    await person('pourDashMohammadi', ['Karim Pour-Mohammadi']);
    await person('pourmohammad', ['Reza Pourmohammad']);
    await person('mohammadreza', ['Mohammadreza Karimi']);
    await person('accused', ['Mostafa Pourmohammadi', 'Hossein Rezaei Accused'], {}, 'perpetrator');
    await person('witness', ['Fatemeh Witness'], {}, 'witness');
    await person('nobody', ['Fatemeh Uninvolved'], {}, null);
    await person('protected', ['Fatemeh Protected'], { sensitivity: 'protected' });
    await person(
      'elsewhere',
      ['Fatemeh Elsewhere'],
      {},
      'victim',
      otherCaseId,
      (await create('event', { kind: 'execution', title: 'Execution', sensitivity: 'public' }, otherCaseId))
        .id,
    );
    // Held at Evin, possibly buried at Khavaran.
    await create('relation', {
      kind: 'detention',
      subjectType: 'person',
      subjectId: h1.id,
      objectType: 'place',
      objectId: evin.id,
      certainty: 'confirmed',
      sensitivity: 'public',
    });
    await create('relation', {
      kind: 'burial',
      subjectType: 'person',
      subjectId: h1.id,
      objectType: 'place',
      objectId: khavaran.id,
      certainty: 'possible',
      sensitivity: 'public',
    });
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await t.cleanup();
  });

  const get = (url: string) => app.inject({ url });
  const search = async (params: Record<string, string>) => {
    const response = await get(`/api/public/search?${new URLSearchParams(params).toString()}`);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { items: Card[] }).items;
  };
  const found = async (q: string, more: Record<string, string> = {}) =>
    (await search({ q, ...more })).map((c) => Object.keys(ids).find((k) => ids[k] === c.id));

  it('finds victims by misspelt, romanized and Persian names', async () => {
    for (const q of ['hosain rezaie', 'Hossein Rezaei', 'حسین رضایی', 'حسين رضايي', 'Husein Rezaee', 'rez'])
      expect(await found(q), q).toContain('hossein1');
    expect(await found('Fatima')).toContain('fatemeh');
    expect(await found('فاطمه')).toContain('fatemeh');
    expect(await found('Fatemeh Ahmady')).toContain('fatemeh');
    expect(await found('Nobody Atall')).toEqual([]);
  });

  it('ranks the exact spelling before other spellings', async () => {
    await person('hosein', ['Hosein Rezaee']);
    const order = await found('Hosein Rezaee');
    expect(order[0]).toBe('hosein');
    expect(order).toContain('hossein1');
  });

  it('meets compound names written together, apart or hyphenated', async () => {
    // The three ways of writing one name come first; Pourmohammad, a letter shorter, may follow.
    for (const q of ['Pourmohammadi', 'Pour Mohammadi', 'Pour-Mohammadi', 'pour mohammadi']) {
      const order = await found(q);
      expect(new Set(order.slice(0, 3)), q).toEqual(
        new Set(['pourmohammadi', 'pourMohammadi', 'pourDashMohammadi']),
      );
    }
    expect(await found('Pour Mohammad')).toContain('pourmohammad');
    expect(await found('Mohammad Reza Karimi')).toEqual(['mohammadreza']);
  });

  it('never shows the accused, a witness, an uninvolved, protected or non-public-case person', async () => {
    const everyone = [
      ...(await found('Fatemeh')),
      ...(await found('Pourmohammadi')),
      ...(await found('Mostafa')),
      ...(await found('Hossein Rezaei Accused')),
    ];
    for (const hidden of ['accused', 'witness', 'nobody', 'protected', 'elsewhere']) {
      expect(everyone).not.toContain(hidden);
      expect((await get(`/api/public/people/${ids[hidden]!}`)).statusCode, hidden).toBe(404);
    }
    expect((await get(`/api/public/people/${ids.fatemeh!}`)).statusCode).toBe(200);
  });

  it('narrows namesakes by father’s name and birth year, and shows what tells them apart', async () => {
    // Another test adds a "Hosein Rezaee"; only the three namesakes are followed here.
    const namesakes = async (more: Record<string, string>) =>
      (await found('Hossein Rezaei', more)).filter((k) => k?.startsWith('hossein'));
    const all = await found('Hossein Rezaei');
    expect(all).toEqual(expect.arrayContaining(['hossein1', 'hossein2', 'hossein3']));
    // A different known father's name is left out; an unknown one stays, after the matches.
    expect(await namesakes({ fatherName: 'Aly' })).toEqual(['hossein1', 'hossein3']);
    expect(await namesakes({ fatherName: 'علی' })).toEqual(['hossein1', 'hossein3']);
    // 1340 Solar Hijri is 1961–62; 1965 is hossein2.
    expect(await namesakes({ birthYear: '1340' })).toEqual(['hossein1', 'hossein3']);
    expect(await namesakes({ birthYear: '1965' })).toEqual(['hossein2', 'hossein3']);
    expect(await namesakes({ birthYear: '1965', fatherName: 'Ali' })).toEqual(['hossein3']);
    const [card] = await search({ q: 'Hossein Rezaei', fatherName: 'Ali', birthYear: '1340' });
    expect(card).toMatchObject({
      fatherName: 'Ali',
      birthDate: { start: '1961-03-21' },
      death: { kind: 'execution', date: { start: '1988-08-06' } },
      detention: [
        { certainty: 'confirmed', place: { names: [{ text: 'Evin prison' }, { text: 'زندان اوین' }] } },
      ],
      burial: [{ certainty: 'possible', place: { names: [{ text: 'Khavaran' }, { text: 'خاوران' }] } }],
    });
  });

  it('refuses bad narrowing fields with a 400 naming the field', async () => {
    for (const [field, value] of [
      ['birthYear', 'abc'],
      ['birthYear', '1700'],
      ['birthYear', '19.5'],
      ['fatherName', 'x'.repeat(201)],
      ['q', 'x'.repeat(201)],
    ] as const) {
      const response = await get(`/api/public/search?q=a&${field}=${value}`.replace('q=a&q=', 'q='));
      expect(response.statusCode, `${field}=${value}`).toBe(400);
      expect(response.body).toContain(field);
    }
  });

  it('follows every change at once: labels, roles, names, places and the case’s label', async () => {
    const spec = (type: string) => specForType(type)!;
    await updateRecord(t.ctx, SYSTEM, spec('person'), caseId, ids.fatemeh!, { sensitivity: 'internal' });
    expect(await found('Fatemeh Ahmadi')).toEqual([]);
    expect((await get(`/api/public/people/${ids.fatemeh!}`)).statusCode).toBe(404);
    await updateRecord(t.ctx, SYSTEM, spec('person'), caseId, ids.fatemeh!, { sensitivity: 'public' });
    // Raising the person's label raised what refers to it; lowering it lowers nothing else: the victim
    // involvement must be made public again on its own, deliberately.
    expect(await found('Fatemeh Ahmadi')).toEqual([]);
    const [raised] = await t.raw(
      `select id, sensitivity from involvements where actor_id = '${ids.fatemeh!}'`,
    );
    expect(raised!.sensitivity).toBe('internal');
    await updateRecord(t.ctx, SYSTEM, spec('involvement'), caseId, String(raised!.id), {
      sensitivity: 'public',
    });
    expect(await found('Fatemeh Ahmadi')).toEqual(['fatemeh']);

    await updateRecord(t.ctx, SYSTEM, spec('person'), caseId, ids.fatemeh!, {
      names: [{ text: 'Fereshteh Ahmadi' }],
    });
    expect(await found('Fatemeh Ahmadi')).toEqual([]);
    expect(await found('Fereshteh Ahmadi')).toEqual(['fatemeh']);

    // The victim involvement becomes a perpetrator's: out of the memorial.
    const [involvement] = await t.raw(`select id from involvements where actor_id = '${ids.fatemeh!}'`);
    await updateRecord(t.ctx, SYSTEM, spec('involvement'), caseId, String(involvement!.id), {
      role: 'perpetrator',
    });
    expect(await found('Fereshteh Ahmadi')).toEqual([]);
    await updateRecord(t.ctx, SYSTEM, spec('involvement'), caseId, String(involvement!.id), {
      role: 'victim',
    });
    expect(await found('Fereshteh Ahmadi')).toEqual(['fatemeh']);

    // A renamed place shows on the cards of those held there.
    const [evin] = await t.raw(`select id from places where kind = 'prison'`);
    await updateRecord(t.ctx, SYSTEM, spec('place'), caseId, String(evin!.id), {
      names: [{ text: 'Evin' }],
    });
    const [card] = await search({ q: 'Hossein Rezaei', fatherName: 'Ali', birthYear: '1340' });
    expect(card!.detention[0]!.place.names).toEqual([expect.objectContaining({ text: 'Evin' })]);

    // The burial relation removed: gone from the card.
    const [burial] = await t.raw(`select id from relations where kind = 'burial'`);
    await deleteRecord(t.ctx, SYSTEM, spec('relation'), caseId, String(burial!.id));
    const [after] = await search({ q: 'Hossein Rezaei', fatherName: 'Ali', birthYear: '1340' });
    expect(after!.burial).toEqual([]);

    // The case made internal: every victim leaves the memorial; public again, they return.
    await updateCase(t.ctx, SYSTEM, caseId, { sensitivity: 'internal' });
    expect(await found('Hossein Rezaei')).toEqual([]);
    expect((await get(`/api/public/people/${ids.hossein1!}`)).statusCode).toBe(404);
    await updateCase(t.ctx, SYSTEM, caseId, { sensitivity: 'public' });
    expect(await found('Hossein Rezaei')).toContain('hossein1');
  });

  it('is rebuilt from the records the same as it was kept', async () => {
    const before = await t.raw('select person_id, card, page from memorial_people order by person_id');
    const keys = await t.raw('select count(*) as n from memorial_keys');
    await t.raw('delete from memorial_keys');
    await t.raw('delete from memorial_people');
    expect(await found('Hossein Rezaei')).toEqual([]);
    await rebuildMemorialIndex(t.ctx, { onlyIfEmpty: true });
    expect(await t.raw('select person_id, card, page from memorial_people order by person_id')).toEqual(
      before,
    );
    expect(await t.raw('select count(*) as n from memorial_keys')).toEqual(keys);
  });

  it('follows every write committed by another server process on the same store', async () => {
    // A second process: its own store connection and its own copy of the index in memory.
    const other = await openStore(
      dialect === 'sqlite'
        ? { kind: 'sqlite', path: t.where }
        : { kind: 'postgres', url: TEST_DATABASE_URL, schema: t.where },
    );
    try {
      const ctx2 = createServiceContext(other, randomBytes(32), {
        blobDir: join(tmpdir(), 'dossier-unused-blobs'),
      });
      const there = async (q: string) =>
        (await searchMemorial(ctx2, q)).map((c) => Object.keys(ids).find((k) => ids[k] === c.id));
      expect(await there('Hossein Rezaei')).toContain('hossein1');
      // A name taken off a person: the other process no longer finds them by it, at once.
      const renamed = await person('renamed', ['Siavash Cyrusnejad', 'Kamran Velayatpour']);
      expect(await there('Velayatpour')).toEqual(['renamed']);
      await updateRecord(t.ctx, SYSTEM, specForType('person')!, caseId, renamed.id, {
        names: [{ text: 'Siavash Cyrusnejad', script: 'latin', kind: 'birth' }],
      });
      expect(await there('Velayatpour')).toEqual([]);
      expect(await there('Cyrusnejad')).toEqual(['renamed']);
      // A whole case rebuilt (its label changed) is read again whole.
      await updateCase(t.ctx, SYSTEM, caseId, { sensitivity: 'internal' });
      expect(await there('Cyrusnejad')).toEqual([]);
      await updateCase(t.ctx, SYSTEM, caseId, { sensitivity: 'public' });
      expect(await there('Cyrusnejad')).toEqual(['renamed']);
    } finally {
      await other.close();
    }
  });

  it('answers from a search thread of its own, current with every committed write', async () => {
    const threads = memorialSearchThreads(t.store.options, 1);
    expect(threads).not.toBeNull();
    try {
      const inThread = async (q: string) => {
        const cards = await threads!.search({ q });
        // null would mean the thread could not answer (the route would then search in its own thread).
        expect(cards, q).not.toBeNull();
        return cards!.map((c) => Object.keys(ids).find((k) => ids[k] === (JSON.parse(c) as Card).id));
      };
      expect(await inThread('hosain rezaie')).toContain('hossein1');
      expect(await inThread('Mostafa Pourmohammadi')).not.toContain('accused');
      await person('threaded', ['Bahram Threadpour']);
      expect(await inThread('Threadpour')).toEqual(['threaded']);
    } finally {
      await threads!.close();
    }
  });
});
