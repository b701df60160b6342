import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn } from '../chromium.js';
import { INVESTIGATOR, launchChromium, pagePaths, startServer, type RunningServer } from './server.js';

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
    paths = await pagePaths(server);
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

  it('lists people by name with who they are in the case, and folds the case menu and the claims on a phone', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
    const page = await context.newPage();
    await logIn(page, server.url, INVESTIGATOR);
    await page.goto(`${server.url}/cases/${server.caseId}/people`);
    await page.getByLabel('Sort by').selectOption('name');
    await expect.poll(() => page.url()).toContain('sort=name');
    const rows = page.locator('ul.records > li');
    await expect.poll(() => rows.count()).toBe(13);
    const names = await page.locator('ul.records > li > a').allInnerTexts();
    expect(names).toEqual([...names].sort((a, b) => new Intl.Collator('en').compare(a, b)));
    const badges = async (name: string) =>
      rows
        .filter({ has: page.getByRole('link', { name, exact: true }) })
        .locator('.badge[class*=role-]')
        .allInnerTexts();
    expect(await badges('Ebrahim Raisi')).toEqual(['Accused']);
    expect(await badges('Hossein Rezaei')).toEqual(['Victim']);
    // The case's sections are one line until opened.
    const menu = page.locator('details.case-menu');
    expect(await menu.locator('summary').innerText()).toBe('Sections of the case: People');
    expect(await page.getByRole('link', { name: 'Organizations' }).isVisible()).toBe(false);
    await menu.locator('summary').click();
    await page.getByRole('link', { name: 'Organizations' }).click();
    await expect.poll(() => page.locator('h1').innerText()).toBe('Organizations');
    // On the overview, each published figure is a card, its cells named; no table to scroll sideways.
    await page.goto(`${server.url}/cases/${server.caseId}`);
    const claims = page.locator('[data-property="death_toll"]');
    await expect.poll(() => claims.locator('tbody tr').count()).toBe(8);
    // The column heads are kept for screen readers only.
    expect(
      await claims.locator('thead').evaluate((h) => h.getBoundingClientRect().height),
    ).toBeLessThanOrEqual(1);
    const cell = claims.locator('tbody tr').first().locator('td').first();
    expect(await cell.evaluate((td) => getComputedStyle(td, '::before').content)).toBe('"Value"');
    const region = claims.getByRole('region');
    expect(await region.evaluate((r) => r.scrollWidth <= r.clientWidth)).toBe(true);
    await context.close();
  });

  it('lets a keyboard reach every region that can scroll, each named', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await logIn(page, server.url, INVESTIGATOR);
    let found = 0;
    for (const path of ['', '/timeline', '/registry']) {
      await page.goto(`${server.url}/cases/${server.caseId}${path}`);
      await page.waitForLoadState('networkidle');
      const scrolling = await page.evaluate(() =>
        Array.from(document.querySelectorAll('main *'))
          .filter((e) => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
          .map((e) => ({
            tab: e.getAttribute('tabindex'),
            label: e.getAttribute('aria-label'),
            role: e.getAttribute('role'),
          })),
      );
      found += scrolling.length;
      for (const region of scrolling)
        expect(region, path).toEqual({ tab: '0', label: expect.any(String), role: 'region' });
    }
    expect(found).toBeGreaterThan(0);
    await context.close();
  });
});
