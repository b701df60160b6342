/**
 * Builds a case of N people (public, synthetic) and F small evidence files on SQLite, then times a bundle for
 * each audience (with report.pdf, printed by Chromium) and its offline verification, and prints the bundle's size.
 * Prints figures; asserts nothing.
 *
 *   npx tsx bench/bundle.ts [--people 10000] [--files 1000] [--victims]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import type { Actor } from '../src/auth/index.js';
import { AUDIENCES, createBundle } from '../src/services/bundle.js';
import { verifyBundle } from '../src/services/bundle-verify.js';
import { createCase } from '../src/services/cases.js';
import { createServiceContext } from '../src/services/context.js';
import { IngestSession } from '../src/services/evidence.js';
import { createRecordsInBatch } from '../src/services/records.js';
import { newSigningKeyPem, openStore, signingKeyFromPem, specForType } from '../src/storage/index.js';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '10000' },
    files: { type: 'string', default: '1000' },
    // Every person a victim of one execution, so that the report (HTML and PDF) lists them all.
    victims: { type: 'boolean', default: false },
  },
});
const PEOPLE = Number(values.people);
const FILES = Number(values.files);
const ACTOR: Actor = { kind: 'system', name: 'bench' };

function sizeOf(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce(
    (sum, e) => sum + (e.isDirectory() ? sizeOf(join(dir, e.name)) : statSync(join(dir, e.name)).size),
    0,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'dossier-bench-bundle-'));
const store = await openStore({ kind: 'sqlite', path: join(dir, 'bench.sqlite') });
try {
  const ctx = createServiceContext(store, randomBytes(32), { blobDir: join(dir, 'blobs') });
  const settings = { key: signingKeyFromPem(newSigningKeyPem()), file: join(dir, 'checkpoints.log') };
  const found = await createCase(ctx, ACTOR, {
    title: 'Bundle bench',
    description: '',
    sensitivity: 'public',
  });
  const person = specForType('person')!;
  const people: Array<{ id: string; sensitivity: string }> = [];
  let t = performance.now();
  for (let i = 0; i < PEOPLE; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, PEOPLE - i) }, (_, j) => ({
      spec: person,
      input: person.createSchema.parse({
        names: [{ text: `Synthetic Person ${i + j}`, script: 'latin', kind: 'birth' }],
        synthetic: true,
        sensitivity: (i + j) % 10 === 0 ? 'internal' : 'public',
      }) as Record<string, unknown>,
    }));
    const written = await createRecordsInBatch(ctx, ACTOR, found.id, batch);
    people.push(...written.map((p) => ({ id: p.id, sensitivity: p.sensitivity })));
  }
  if (values.victims) {
    const event = specForType('event')!;
    const [execution] = await createRecordsInBatch(ctx, ACTOR, found.id, [
      {
        spec: event,
        input: event.createSchema.parse({
          kind: 'execution',
          title: 'Executions (synthetic)',
          date: 'Mordad 1367',
          sensitivity: 'public',
        }) as Record<string, unknown>,
      },
    ]);
    const involvement = specForType('involvement')!;
    for (let i = 0; i < people.length; i += 1000)
      await createRecordsInBatch(
        ctx,
        ACTOR,
        found.id,
        people.slice(i, i + 1000).map((p) => ({
          spec: involvement,
          input: involvement.createSchema.parse({
            eventId: execution!.id,
            actorType: 'person',
            actorId: p.id,
            role: 'victim',
            sensitivity: p.sensitivity,
          }) as Record<string, unknown>,
        })),
      );
  }
  console.log(
    `${PEOPLE} people${values.victims ? ' (victims of one execution)' : ''} written in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  t = performance.now();
  const session = await IngestSession.open(ctx, ACTOR, found.id);
  for (let i = 0; i < FILES; i++)
    await session.ingest({
      content: Readable.from([Buffer.from(`Evidence document ${i}: ${'a line of text. '.repeat(200)}`)]),
      fileName: `doc-${i}.txt`,
      sensitivity: i % 10 === 0 ? 'internal' : 'public',
    });
  console.log(`${FILES} files ingested in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  for (const audience of AUDIENCES) {
    const out = join(dir, `bundle-${audience}`);
    t = performance.now();
    const summary = await createBundle(ctx, ACTOR, found.id, audience, out, settings);
    const made = (performance.now() - t) / 1000;
    t = performance.now();
    const report = await verifyBundle(out);
    const checked = (performance.now() - t) / 1000;
    console.log(
      `${audience}: ${summary.records} records, ${summary.files} files, ${summary.omitted.length} left out; ` +
        `${(sizeOf(out) / 1e6).toFixed(1)} MB (report.pdf ${(statSync(join(out, 'report.pdf')).size / 1e6).toFixed(2)} MB, zip ${(statSync(summary.zip).size / 1e6).toFixed(1)} MB); ` +
        `created in ${made.toFixed(1)} s, verified in ${checked.toFixed(1)} s (${report.ok ? 'OK' : `FAILED: ${report.problems.length} problems`})`,
    );
  }
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
