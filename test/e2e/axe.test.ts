import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn } from '../chromium.js';
import { INVESTIGATOR, launchChromium, pagePaths, startServer, type RunningServer } from './server.js';

/** axe-core's browser script (MPL-2.0), injected into each page. */
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

type Violation = { id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> };

/** The serious and critical accessibility problems axe finds on the page (WCAG 2.1 A and AA rules). */
async function problems(page: Page): Promise<Violation[]> {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (o: unknown) => Promise<{ violations: Violation[] }> } })
      .axe;
    return axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * Every page, in English and in Persian, on a desktop and on a phone: axe reports no serious or critical
 * violation (contrast, names of controls and regions, landmarks, language, ARIA).
 */
describe('accessibility of every page (axe, in Chromium)', () => {
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

  for (const lang of ['en', 'fa'] as const)
    for (const [device, viewport] of [
      ['desktop', { width: 1280, height: 900 }],
      ['phone', { width: 360, height: 740 }],
    ] as const)
      it(`finds nothing serious on any page (${lang}, ${device})`, { timeout: 400_000 }, async () => {
        // The page's Content-Security-Policy forbids injected scripts; axe is the test's own, not the page's.
        const context = await browser.newContext({ viewport, bypassCSP: true });
        const page = await context.newPage();
        await page.goto(`${server.url}/login`);
        const found: string[] = [];
        if (lang === 'en')
          for (const v of await problems(page))
            found.push(`/login: ${v.id} (${v.impact}) ${v.nodes.length}×`);
        await logIn(page, server.url, INVESTIGATOR);
        await page.evaluate((l) => localStorage.setItem('lang', l), lang);
        for (const path of paths) {
          await page.goto(server.url + path);
          await page.waitForLoadState('networkidle');
          for (const v of await problems(page))
            found.push(`${path}: ${v.id} (${v.impact}) ${v.nodes.length}× ${v.nodes[0]?.target.join(' ')}`);
        }
        await context.close();
        expect(found).toEqual([]);
      });
});
