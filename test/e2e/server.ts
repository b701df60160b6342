import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/http/app.js';
import { openBasemap } from '../../src/http/basemap.js';
import { DEFAULT_ANONYMOUS_LIMITS } from '../../src/http/rate-limit.js';
import { createUser } from '../../src/services/accounts.js';
import { addMemberById } from '../../src/services/cases.js';
import { updateCaseSettings } from '../../src/services/case-settings.js';
import { createServiceContext, type ServiceContext } from '../../src/services/context.js';
import { initInstance } from '../../src/services/instance.js';
import { newSigningKeyPem, openStore, signingKeyFromPem } from '../../src/storage/index.js';

export const INVESTIGATOR = { username: 'shirin', password: 'a long test password' };
const WEB_ROOT = join(import.meta.dirname, '..', '..', 'dist', 'web');

export interface RunningServer {
  url: string;
  ctx: ServiceContext;
  caseId: string;
  close(): Promise<void>;
}

/**
 * The real server on a free local port, over a fresh SQLite store with the demo case and an investigator;
 * optionally with a street-level basemap archive (a PMTiles file).
 */
export async function startServer(options: { basemap?: string } = {}): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'dossier-e2e-'));
  const store = await openStore({ kind: 'sqlite', path: join(dir, 'dossier.sqlite') });
  const ctx = createServiceContext(store, randomBytes(32), { blobDir: join(dir, 'blobs') });
  const { demoCase } = await initInstance(ctx, { demo: true });
  const system = { kind: 'system', name: 'e2e' } as const;
  const user = await createUser(ctx, system, { ...INVESTIGATOR, displayName: 'Shirin' });
  await addMemberById(ctx, system, demoCase!.id, user.id, 'investigator', true);
  // Every page of every test comes from 127.0.0.1: searches and memorial pages are not limited per address here
  // (test/rate-limit.test.ts covers the limits); submissions keep theirs.
  const app = await buildApp({
    ctx,
    cookieSecure: false,
    webRoot: WEB_ROOT,
    ...(options.basemap ? { basemap: await openBasemap(options.basemap) } : {}),
    anonymousLimits: {
      search: { burst: 100_000, perHour: 100_000_000 },
      submission: DEFAULT_ANONYMOUS_LIMITS.submission,
    },
    bundles: {
      dir: join(dir, 'bundles'),
      checkpoints: { key: signingKeyFromPem(newSigningKeyPem()), file: join(dir, 'checkpoints.log') },
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    ctx,
    caseId: demoCase!.id,
    close: async () => {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The pages a walk over the whole application visits: the memorial (a search and a victim's page), the list of
 * cases, each section of the demo case, and for each record kind its list, its form and some records.
 */
export async function pagePaths(server: RunningServer): Promise<string[]> {
  const base = `/cases/${server.caseId}`;
  const search = await fetch(`${server.url}/api/public/search?q=hossein`);
  const victim = ((await search.json()) as { items: Array<{ id: string }> }).items[0]!;
  const paths = ['/?q=hossein', `/memorial/${victim.id}`, '/cases', base];
  for (const section of [
    'submissions',
    'timeline',
    'map',
    'registry',
    'estimates',
    'documents',
    'search',
    'bundles',
  ])
    paths.push(`${base}/${section}`);
  const db = server.ctx.store.db;
  // Findings, the legal matrix (whole case and one suspect), the suspects and a suspect's page.
  const finding = await db.selectFrom('findings').select('id').limit(1).executeTakeFirstOrThrow();
  const suspect = await db
    .selectFrom('involvements')
    .select('actorId')
    .where('role', '=', 'perpetrator')
    .where('actorType', '=', 'person')
    .limit(1)
    .executeTakeFirstOrThrow();
  paths.push(
    `${base}/findings`,
    `${base}/findings/new`,
    `${base}/findings/${finding.id}`,
    `${base}/findings/${finding.id}/edit`,
    `${base}/legal`,
    `${base}/legal?suspect=${suspect.actorId}`,
    `${base}/suspects`,
    `${base}/people/${suspect.actorId}/suspect`,
  );
  // The public pages of the people alleged responsible exist only when the case publishes them (off by default):
  // the walk turns it on to visit them.
  await updateCaseSettings(server.ctx, { kind: 'system', name: 'e2e' }, server.caseId, {
    publishSuspects: true,
  });
  paths.push('/alleged', `/alleged/${suspect.actorId}`);
  for (const [plural, rows] of [
    ['people', await db.selectFrom('people').select('id').limit(1).execute()],
    ['places', await db.selectFrom('places').select('id').execute()],
    ['events', await db.selectFrom('events').select('id').limit(3).execute()],
    ['sources', await db.selectFrom('sources').select('id').limit(2).execute()],
    ['organizations', await db.selectFrom('organizations').select('id').limit(1).execute()],
  ] as const) {
    paths.push(`${base}/${plural}`, `${base}/${plural}/new`);
    for (const { id } of rows) paths.push(`${base}/${plural}/${id}`);
  }
  return paths;
}

export { launchChromium } from '../chromium.js';
