import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateCaseSettings } from '../../src/services/case-settings.js';
import { logIn } from '../chromium.js';
import { INVESTIGATOR, launchChromium, startServer, type RunningServer } from './server.js';

/** What must never reach a reader: internal data as it is stored. */
const RAW: Array<[string, RegExp]> = [
  ['an id', /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i],
  ['a shortened id', /\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{8}\b/],
  ['JSON', /[{[]\s*"|"\s*:\s*[{["\d]|\\u[0-9a-f]{4}/],
  ['a snake_case key', /\b[a-z]+_[a-z][a-z_]*\b/],
  ['an ISO timestamp', /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/],
  ['an ISO date', /\b\d{4}-\d{2}-\d{2}\b/],
  ['a camelCase key', /\b[a-z]+[A-Z][a-z]+(?:Id|At|Type|Date|Name)\b/],
];

/** The reasons a page's visible text shows raw data, each with the offending piece. */
function rawPieces(text: string): string[] {
  return RAW.flatMap(([what, pattern]) => {
    const found = pattern.exec(text);
    return found ? [`${what}: «${text.slice(Math.max(0, found.index - 30), found.index + 50)}»`] : [];
  });
}

/**
 * Every record of the demo case, of every kind, rendered in English and in Persian: its list, its page and the
 * case overview, the memorial's search and pages. None may show JSON, an id, an internal key or a timestamp.
 */
describe('no raw data on any page, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    // A relative's message, so that the submissions page has one to show.
    const search = await fetch(`${server.url}/api/public/search?q=hossein`);
    const victim = ((await search.json()) as { items: Array<{ id: string }> }).items[0]!;
    const sent = await fetch(`${server.url}/api/public/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        caseId: server.caseId,
        personId: victim.id,
        kind: 'correction',
        message: 'He was born in Rasht, not in Tehran.',
        relationship: 'brother',
      }),
    });
    expect(sent.status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function visibleText(page: Page, path: string): Promise<string> {
    await page.goto(server.url + path);
    await page.waitForLoadState('networkidle');
    await expect
      .poll(() => page.locator('main [role=status]:has-text("…"), main .muted:text-is("…")').count())
      .toBe(0);
    return page.locator('main').innerText();
  }

  for (const lang of ['en', 'fa'] as const) {
    it(`shows every record kind of the demo in words (${lang})`, { timeout: 300_000 }, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await logIn(page, server.url, INVESTIGATOR);
      await page.evaluate((l) => localStorage.setItem('lang', l), lang);
      const problems: string[] = [];
      const check = async (path: string) => {
        for (const p of rawPieces(await visibleText(page, path))) problems.push(`${path} — ${p}`);
      };
      const base = `/cases/${server.caseId}`;
      await check('/cases');
      await check(base);
      for (const section of [
        'submissions',
        'timeline',
        'map',
        'registry',
        'estimates',
        'documents',
        'search',
        'findings',
        'findings/new',
        'legal',
        'suspects',
      ])
        await check(`${base}/${section}`);
      const findings = await page.request.get(`${server.url}/api${base}/findings?limit=500`);
      for (const { id } of ((await findings.json()) as { items: Array<{ id: string }> }).items) {
        await check(`${base}/findings/${id}`);
        await check(`${base}/findings/${id}/edit`);
      }
      const accused = await page.request.get(`${server.url}/api${base}/involvements?role=perpetrator`);
      const people = ((await accused.json()) as { items: Array<{ actorId: string; actorType: string }> })
        .items;
      for (const { actorId } of people.filter((i) => i.actorType === 'person')) {
        await check(`${base}/people/${actorId}/suspect`);
        await check(`${base}/legal?suspect=${actorId}`);
      }
      let pages = 0;
      for (const plural of ['people', 'organizations', 'places', 'events', 'sources']) {
        const answer = await page.request.get(`${server.url}/api${base}/${plural}?limit=500`);
        const items = ((await answer.json()) as { items: Array<{ id: string }> }).items;
        expect(items.length, plural).toBeGreaterThan(0);
        await check(`${base}/${plural}`);
        for (const { id } of items) {
          await check(`${base}/${plural}/${id}`);
          pages++;
        }
      }
      expect(pages).toBeGreaterThan(50);
      // The memorial, as an anonymous visitor sees it.
      const search = await page.request.get(`${server.url}/api/public/search?q=hossein`);
      const cards = ((await search.json()) as { items: Array<{ id: string }> }).items;
      expect(cards.length).toBeGreaterThan(0);
      await check('/?q=hossein');
      for (const { id } of cards) await check(`/memorial/${id}`);
      // The public pages of the people alleged responsible, once the case publishes them.
      await updateCaseSettings(server.ctx, { kind: 'system', name: 'e2e' }, server.caseId, {
        publishSuspects: true,
      });
      const alleged = await page.request.get(`${server.url}/api/public/suspects`);
      const listed = ((await alleged.json()) as { items: Array<{ id: string }> }).items;
      expect(listed.length).toBeGreaterThan(0);
      await check('/alleged');
      for (const { id } of listed) await check(`/alleged/${id}`);
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
