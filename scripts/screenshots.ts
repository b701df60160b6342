/**
 * Screenshots of every page of the application (the walk test/e2e/server.ts's `pagePaths` lists, which the axe and
 * overflow tests also visit, plus the login page, a document with its highlights and a search with results) in
 * English and Persian, at desktop and phone width, into ./screenshots, with an index.html that shows them side by
 * side for review. The demo case is given three fictional victim lists (linked, so that the registry has people and
 * a review queue) and a short testimony first.
 *
 *   npm run screenshots
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import {
  launchChromium,
  pagePaths,
  startServer,
  INVESTIGATOR,
  type RunningServer,
} from '../test/e2e/server.js';
import { victimLists } from '../test/samples.js';

const out = 'screenshots';
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// A short bilingual testimony naming a person and a prison of the demo case, so that the viewer has highlights.
const TESTIMONY = [
  'Testimony (example)',
  'در تابستان ۱۳۶۷ حمید نوری در زندان گوهردشت زندانیان را یکی‌یکی به راهروی مرگ می‌برد.',
  'Between 27 July and 6 September 1988 more than 30,000 political prisoners were executed, the witness said.',
].join('\n\n');

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 360, height: 740 },
] as const;

async function logIn(page: Page, server: RunningServer): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.fill('#username', INVESTIGATOR.username);
  await page.fill('#password', INVESTIGATOR.password);
  await page.click('form button[type=submit]');
  await page.waitForURL('**/cases');
}

/** Fictional lists from the tests, linked once, and a testimony; returns the document's page. */
async function prepare(page: Page, server: RunningServer): Promise<string> {
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
  const response = await page.request.post(
    `${server.url}/api/cases/${server.caseId}/files?name=testimony.txt&sensitivity=internal`,
    { headers: { 'content-type': 'application/octet-stream' }, data: Buffer.from(TESTIMONY) },
  );
  const { file } = (await response.json()) as { file: { id: string } };
  return `/cases/${server.caseId}/documents/${file.id}`;
}

/** A file name for a page: its path with the case and record ids as words. */
function shotName(path: string, caseId: string): string {
  return (
    path
      .replace(caseId, 'case')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'record')
      .replace(/^\/|\/$/g, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'home'
  );
}

/** One name per page, numbered where several records of a kind are shown. */
const pageNames = new Map<string, string>();
let caseId = '';
function nameOf(path: string): string {
  const known = pageNames.get(path);
  if (known) return known;
  const base = shotName(path, caseId);
  const taken = new Set(pageNames.values());
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
  pageNames.set(path, name);
  return name;
}

const server = await startServer();
caseId = server.caseId;
const browser = await launchChromium();
const shots: Array<{ name: string; path: string; lang: string; viewport: string; file: string }> = [];
try {
  {
    const context = await browser.newContext();
    const page = await context.newPage();
    await logIn(page, server);
    const documentPath = await prepare(page, server);
    await context.close();
    const paths = [
      ...(await pagePaths(server)),
      documentPath,
      `/cases/${server.caseId}/search?q=${encodeURIComponent('Gohardasht')}`,
    ];
    // Pages seen before logging in: the login form itself.
    const anonymous = ['/login'];
    for (const lang of ['en', 'fa'] as const) {
      for (const viewport of VIEWPORTS) {
        const context = await browser.newContext({ viewport, locale: lang === 'fa' ? 'fa-IR' : 'en-GB' });
        await context.addInitScript((l) => localStorage.setItem('lang', l), lang);
        const page = await context.newPage();
        const shoot = async (path: string) => {
          await page.goto(server.url + path);
          await page.waitForLoadState('networkidle');
          const name = nameOf(path);
          const file = `${name}-${lang}-${viewport.name}.png`;
          await page.screenshot({ path: `${out}/${file}`, fullPage: true });
          shots.push({ name, path, lang, viewport: viewport.name, file });
        };
        for (const path of anonymous) await shoot(path);
        await logIn(page, server);
        for (const path of paths) await shoot(path);
        await context.close();
      }
    }
  }
  const names = [...new Set(shots.map((s) => s.name))];
  const cell = (name: string, lang: string, viewport: string) => {
    const shot = shots.find((s) => s.name === name && s.lang === lang && s.viewport === viewport);
    return shot
      ? `<td><a href="${shot.file}"><img src="${shot.file}" alt="" loading="lazy"></a></td>`
      : '<td></td>';
  };
  writeFileSync(
    `${out}/index.html`,
    `<!doctype html><meta charset="utf-8"><title>Dossier screenshots</title>
<style>body{font:14px sans-serif}td{vertical-align:top}img{width:300px;border:1px solid #ccc}</style>
<table><tr><th>page</th><th>en desktop</th><th>fa desktop</th><th>en phone</th><th>fa phone</th></tr>
${names
  .map(
    (n) =>
      `<tr><th>${n}</th>${cell(n, 'en', 'desktop')}${cell(n, 'fa', 'desktop')}${cell(n, 'en', 'phone')}${cell(n, 'fa', 'phone')}</tr>`,
  )
  .join('\n')}
</table>`,
  );
  console.log(
    `${shots.length} screenshots of ${names.length} pages written to ${out}/ (open ${out}/index.html)`,
  );
} finally {
  await browser.close();
  await server.close();
}
