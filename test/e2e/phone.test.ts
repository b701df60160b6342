import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn } from '../chromium.js';
import { INVESTIGATOR, launchChromium, startServer, type RunningServer } from './server.js';

/**
 * A relative or an investigator on a small phone (360 px wide): no page slides sideways, in either direction of
 * writing, and every tab names its page.
 */
describe('every page on a 360 px phone, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let paths: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    const base = `/cases/${server.caseId}`;
    const search = await fetch(`${server.url}/api/public/search?q=hossein`);
    const victim = ((await search.json()) as { items: Array<{ id: string }> }).items[0]!;
    paths = ['/?q=hossein', `/memorial/${victim.id}`, '/cases', base];
    for (const section of ['submissions', 'timeline', 'map', 'registry', 'estimates', 'documents', 'search'])
      paths.push(`${base}/${section}`);
    const people = await server.ctx.store.db.selectFrom('people').select('id').limit(1).execute();
    const places = await server.ctx.store.db.selectFrom('places').select('id').execute();
    const events = await server.ctx.store.db.selectFrom('events').select('id').limit(3).execute();
    const sources = await server.ctx.store.db.selectFrom('sources').select('id').limit(2).execute();
    const orgs = await server.ctx.store.db.selectFrom('organizations').select('id').limit(1).execute();
    for (const [plural, rows] of [
      ['people', people],
      ['places', places],
      ['events', events],
      ['sources', sources],
      ['organizations', orgs],
    ] as const) {
      paths.push(`${base}/${plural}`, `${base}/${plural}/new`);
      for (const { id } of rows) paths.push(`${base}/${plural}/${id}`);
    }
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** How far the page reaches past the screen's right (or, right to left, left) edge. */
  const overflow = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  for (const lang of ['en', 'fa'] as const) {
    it(
      `has no page wider than the screen, and names each page in its title (${lang})`,
      { timeout: 300_000 },
      async () => {
        const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
        const page = await context.newPage();
        await page.goto(`${server.url}/login`);
        expect(await overflow(page)).toBeLessThanOrEqual(0);
        await logIn(page, server.url, INVESTIGATOR);
        await page.evaluate((l) => localStorage.setItem('lang', l), lang);
        const wide: string[] = [];
        const titles = new Map<string, string>();
        for (const path of paths) {
          await page.goto(server.url + path);
          await page.waitForLoadState('networkidle');
          const by = await overflow(page);
          if (by > 0) wide.push(`${path}: ${by} px`);
          const title = await page.title();
          titles.set(path, title);
        }
        expect(wide).toEqual([]);
        const appName = lang === 'en' ? 'Dossier' : 'دوسیه';
        for (const [path, title] of titles) {
          expect(title, path).toMatch(new RegExp(`^.+ — ${appName}$`));
        }
        // Pages of different things have different titles.
        expect(new Set(titles.values()).size).toBeGreaterThan(paths.length / 2);
        await context.close();
      },
    );
  }
});
