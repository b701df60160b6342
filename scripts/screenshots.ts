/** Screenshots of the main pages in English and Persian, desktop and phone width, into ./screenshots. */
import { mkdirSync } from 'node:fs';
import { launchChromium, startServer, INVESTIGATOR } from '../test/e2e/server.js';
import { victimLists } from '../test/samples.js';
import { updateCaseSettings } from '../src/services/case-settings.js';

const out = 'screenshots';
mkdirSync(out, { recursive: true });
const server = await startServer();
const browser = await launchChromium();
let registryReady = false;
let documentPath = '';
// A short bilingual testimony naming a person and a prison of the demo case, so that the viewer has highlights.
const TESTIMONY = [
  'Testimony (example)',
  'در تابستان ۱۳۶۷ حمید نوری در زندان گوهردشت زندانیان را یکی‌یکی به راهروی مرگ می‌برد.',
  'Between 27 July and 6 September 1988 more than 30,000 political prisoners were executed, the witness said.',
].join('\n\n');
try {
  for (const lang of ['en', 'fa'] as const) {
    for (const [width, height, suffix] of [
      [1280, 900, 'desktop'],
      [360, 740, 'phone'],
    ] as const) {
      const context = await browser.newContext({ viewport: { width, height } });
      const page = await context.newPage();
      await page.goto(server.url);
      await page.evaluate((l) => localStorage.setItem('lang', l), lang);
      const shot = async (name: string, path: string) => {
        await page.goto(server.url + path);
        await page.waitForLoadState('networkidle');
        await page.screenshot({ path: `${out}/${name}-${lang}-${suffix}.png`, fullPage: true });
      };
      await shot('memorial-search', '/?q=hosein');
      const first = await page.locator('.cards a').first().getAttribute('href');
      if (first) await shot('memorial-person', first);
      await page.goto(`${server.url}/login`);
      await page.fill('#username', INVESTIGATOR.username);
      await page.fill('#password', INVESTIGATOR.password);
      await page.click('form button[type=submit]');
      await page.waitForURL('**/cases');
      await shot('case-overview', `/cases/${server.caseId}`);
      await shot('people', `/cases/${server.caseId}/people`);
      const person = await page.locator('.records a').first().getAttribute('href');
      await shot('map', `/cases/${server.caseId}/map`);
      await shot('timeline', `/cases/${server.caseId}/timeline`);
      await shot('estimates', `/cases/${server.caseId}/estimates`);
      if (person) await shot('person', person);
      await shot('event', `/cases/${server.caseId}/events`);
      const event = await page.locator('.records a', { hasText: 'Mass executions' }).getAttribute('href');
      if (event) await shot('event', event);
      await shot('new-person', `/cases/${server.caseId}/people/new`);
      if (!registryReady) {
        // Fictional lists from the tests, linked once, so that the registry page has people and a review queue.
        const files = victimLists();
        for (const [key, id, mapping] of [
          [
            'a',
            'id',
            { name: 'full_name', father: 'father_name', born: 'birth_year', prison: 'place_of_detention' },
          ],
          ['b', 'ref', { 'full name': 'full_name', father: 'father_name', 'year of birth': 'birth_year' }],
          ['c', 'no', { name: 'full_name', 'birth year': 'birth_year' }],
        ] as const) {
          await page.request.post(`${server.url}/api/cases/${server.caseId}/lists`, {
            data: {
              name: `List ${key.toUpperCase()}`,
              fileName: `${key}.csv`,
              format: 'csv',
              content: Buffer.from(files[key]).toString('base64'),
              idColumn: id,
              mapping,
            },
          });
        }
        await page.request.post(`${server.url}/api/cases/${server.caseId}/link`, { data: {} });
        registryReady = true;
      }
      await shot('registry', `/cases/${server.caseId}/registry`);
      if (!documentPath) {
        const response = await page.request.post(
          `${server.url}/api/cases/${server.caseId}/files?name=testimony.txt&sensitivity=internal`,
          { headers: { 'content-type': 'application/octet-stream' }, data: Buffer.from(TESTIMONY) },
        );
        const { file } = (await response.json()) as { file: { id: string } };
        documentPath = `/cases/${server.caseId}/documents/${file.id}`;
      }
      await shot('documents', `/cases/${server.caseId}/documents`);
      await shot('document', documentPath);
      await shot('search', `/cases/${server.caseId}/search?q=${encodeURIComponent('Gohardasht')}`);
      // The dossier: findings, the legal matrix with its gaps, the suspects, and the public pages of the alleged.
      const db = server.ctx.store.db;
      const finding = await db.selectFrom('findings').select('id').limit(1).executeTakeFirstOrThrow();
      const accused = await db
        .selectFrom('involvements')
        .select('actorId')
        .where('role', '=', 'perpetrator')
        .where('actorType', '=', 'person')
        .limit(1)
        .executeTakeFirstOrThrow();
      await shot('findings', `/cases/${server.caseId}/findings`);
      await shot('finding', `/cases/${server.caseId}/findings/${finding.id}`);
      await shot('new-finding', `/cases/${server.caseId}/findings/new`);
      await shot('legal-matrix', `/cases/${server.caseId}/legal`);
      await shot('suspects', `/cases/${server.caseId}/suspects`);
      await shot('suspect', `/cases/${server.caseId}/people/${accused.actorId}/suspect`);
      await updateCaseSettings(server.ctx, { kind: 'system', name: 'screenshots' }, server.caseId, {
        publishSuspects: true,
      });
      await shot('alleged', '/alleged');
      await shot('alleged-person', `/alleged/${accused.actorId}`);
      await context.close();
    }
  }
  console.log(`screenshots written to ${out}/`);
} finally {
  await browser.close();
  await server.close();
}
