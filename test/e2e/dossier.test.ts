import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/services/accounts.js';
import { addMemberById } from '../../src/services/cases.js';
import { logIn } from '../chromium.js';
import { INVESTIGATOR, launchChromium, startServer, type RunningServer } from './server.js';

/** The second case member: an owner, who reviews findings and decides what the case publishes. */
const REVIEWER = { username: 'parvin', password: 'another long test password' };

/**
 * The dossier in Chromium: a finding from draft to review to adoption by a second member (the author's own
 * approval refused in words, in both languages); the legal matrix with its gaps, per suspect and on a phone; a
 * suspect's page; and the public pages of the people alleged responsible, apart from the memorial.
 */
describe('findings, legal matrix, suspects and public pages of the alleged, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const idOf = new Map<string, string>();

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    const system = { kind: 'system', name: 'e2e' } as const;
    const user = await createUser(server.ctx, system, { ...REVIEWER, displayName: 'Parvin' });
    await addMemberById(server.ctx, system, server.caseId, user.id, 'owner', true);
    for (const person of await server.ctx.store.db.selectFrom('people').select(['id', 'names']).execute()) {
      const text = typeof person.names === 'string' ? person.names : JSON.stringify(person.names);
      for (const name of ['Ebrahim Raisi', 'Hamid Nouri', 'Mostafa Pour-Mohammadi'])
        if (text.includes(name)) idOf.set(name, person.id);
    }
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function session(
    account: { username: string; password: string } | null,
    viewport = { width: 1280, height: 900 },
  ): Promise<Page> {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    if (account) await logIn(page, server.url, account);
    return page;
  }
  const setLanguage = (page: Page, lang: 'en' | 'fa') =>
    page.evaluate((l) => localStorage.setItem('lang', l), lang);

  it(
    'takes a finding from draft to review to adoption by a second member',
    { timeout: 180_000 },
    async () => {
      const base = `${server.url}/cases/${server.caseId}`;
      const author = await session(INVESTIGATOR);
      await author.goto(`${base}/findings`);
      await author.getByRole('link', { name: 'New finding' }).click();
      await author
        .getByLabel('Statement in English')
        .fill('Prisoners were held at Evin prison in summer 1988.');
      await author
        .getByLabel('Statement in Persian')
        .fill('زندانیان در تابستان ۱۳۶۷ در زندان اوین نگه داشته شدند.');
      await author.getByLabel('Standard of proof').selectOption('balance_of_probabilities');
      await author.locator('#finding-subject-pick').selectOption({ label: 'Evin Prison' });
      await author.getByRole('button', { name: 'Add', exact: true }).click();
      const claimPick = author.locator('#finding-claim-pick');
      await expect.poll(() => claimPick.locator('option').count()).toBeGreaterThan(3);
      const memberClaim = await claimPick
        .locator('option', { hasText: 'Amnesty International' })
        .first()
        .textContent();
      await claimPick.selectOption({ label: memberClaim! });
      await author.getByRole('button', { name: 'Add the claim' }).click();
      await author.locator('#finding-elements summary', { hasText: 'Imprisonment' }).click();
      await author.getByLabel(/The accused imprisoned one or more persons/).check();
      await author.getByRole('button', { name: 'Save the draft' }).click();
      await author.waitForURL(/\/findings\/[0-9a-f-]{36}$/);
      const findingUrl = author.url();
      await expect.poll(() => author.locator('h1').textContent()).toBe('Finding, version 1');
      await expect.poll(() => author.locator('.heading-row .badge').first().textContent()).toBe('Draft');
      await expect.poll(() => author.locator('main').innerText()).toContain('Evin Prison');

      await author.getByRole('button', { name: 'Submit for review' }).click();
      await expect
        .poll(() => author.locator('.heading-row .badge').first().textContent())
        .toBe('Awaiting review');
      // The author's own approval: refused, and said in words.
      await author.getByRole('button', { name: 'Approve and adopt' }).click();
      const refusal = author.locator('.error-summary');
      await expect.poll(() => refusal.textContent()).toContain('a second case member must approve it');
      expect(await refusal.textContent()).not.toMatch(/own_finding|conflict|409/);
      await setLanguage(author, 'fa');
      await author.reload();
      await author.getByRole('button', { name: 'تأیید و تصویب' }).click();
      await expect.poll(() => refusal.textContent()).toContain('عضو دیگری از پرونده باید آن را تأیید کند');
      await expect
        .poll(() => author.locator('.heading-row .badge').first().textContent())
        .toBe('در انتظار بررسی');

      const reviewer = await session(REVIEWER);
      await reviewer.goto(findingUrl);
      await reviewer.getByRole('button', { name: 'Approve and adopt' }).click();
      await expect.poll(() => reviewer.locator('.heading-row .badge').first().textContent()).toBe('Adopted');
      await expect.poll(() => reviewer.locator('.reviews').innerText()).toContain('Approved — parvin');
      const steps = await reviewer.locator('.reviews').innerText();
      expect(steps).toContain('Submitted for review — shirin');
      expect(steps).toContain('Approved — parvin');
      // The list, filtered by review state and standard, holds it.
      await reviewer.goto(`${base}/findings?state=adopted&standard=balance_of_probabilities`);
      await expect
        .poll(() => reviewer.locator('.finding-list').innerText())
        .toContain('Prisoners were held at Evin prison');
      await reviewer.goto(`${base}/findings?state=draft`);
      await expect.poll(() => reviewer.locator('[role=status]').textContent()).toMatch(/Findings shown/);
      expect(await reviewer.locator('.finding-list').innerText()).not.toContain(
        'Prisoners were held at Evin',
      );

      // Editing makes version 2, a draft again, with version 1 kept.
      await reviewer.goto(`${findingUrl}/edit`);
      await reviewer.getByLabel('Standard of proof').selectOption('clear_and_convincing');
      await reviewer.getByRole('button', { name: 'Save a new version' }).click();
      await expect.poll(() => reviewer.locator('h1').textContent()).toBe('Finding, version 2');
      await expect.poll(() => reviewer.locator('.history').innerText()).toContain('version 1');
      await author.context().close();
      await reviewer.context().close();
    },
  );

  it('refuses to adopt a finding without supporting evidence, in words', { timeout: 120_000 }, async () => {
    const author = await session(INVESTIGATOR);
    await setLanguage(author, 'en');
    await author.goto(`${server.url}/cases/${server.caseId}/findings/new`);
    await author.getByLabel('Statement in English').fill('An unsupported statement.');
    await author.getByLabel('Statement in Persian').fill('گزاره‌ای بی‌پشتوانه.');
    await author.getByRole('button', { name: 'Save the draft' }).click();
    await author.waitForURL(/\/findings\/[0-9a-f-]{36}$/);
    await expect.poll(() => author.locator('main').innerText()).toContain('No supporting evidence yet');
    const reviewer = await session(REVIEWER);
    await reviewer.goto(author.url());
    await reviewer.getByRole('button', { name: 'Approve and adopt' }).click();
    await expect
      .poll(() => reviewer.locator('.error-summary').textContent())
      .toContain('A finding without supporting evidence cannot be adopted');
    await author.context().close();
    await reviewer.context().close();
  });

  it(
    'shows the legal matrix with its gaps, per suspect, and as lists on a phone',
    { timeout: 120_000 },
    async () => {
      const page = await session(INVESTIGATOR);
      await setLanguage(page, 'en');
      const base = `${server.url}/cases/${server.caseId}`;
      await page.goto(`${base}/legal`);
      await expect.poll(() => page.locator('.legal-summary').textContent()).toMatch(/elements established/);
      // Genocide has no finding in the demo: a gap, said in words.
      const genocide = page.locator('section.crime', { hasText: 'Genocide by killing' });
      expect(await genocide.locator('tr.state-none').count()).toBeGreaterThan(0);
      await expect.poll(() => genocide.innerText()).toContain('Gap: no evidence');
      // Murder rests on an adopted finding at "reasonable grounds", below the default threshold: only weak.
      const murder = page.locator('section.crime', { hasText: 'Murder' }).first();
      await expect.poll(() => murder.innerText()).toContain('Gap: only weak');
      await expect.poll(() => murder.innerText()).toContain('Reasonable grounds to believe');
      await page.getByLabel('Established at').selectOption('reasonable_grounds');
      await expect.poll(() => murder.locator('tr.state-established').count()).toBeGreaterThan(0);
      // What others say of genocide stays an attributed claim.
      await expect
        .poll(() => page.locator('main').innerText())
        .toContain('UN Special Rapporteur on Iran (Javaid Rehman)');
      // Per suspect: Hamid Nouri.
      await page.locator('.filters select').first().selectOption({ label: 'Hamid Nouri' });
      await page.waitForURL(new RegExp(`suspect=${idOf.get('Hamid Nouri')}`));
      // The box follows the address, which changes a moment after the click.
      const gapsOnly = page.getByLabel('Only the gaps');
      await gapsOnly.click();
      await expect.poll(() => gapsOnly.isChecked()).toBe(true);
      await expect.poll(() => page.locator('tr.state-established').count()).toBe(0);
      expect(await page.locator('tr.state-none').count()).toBeGreaterThan(0);
      await page.context().close();

      const phone = await session(INVESTIGATOR, { width: 360, height: 740 });
      await setLanguage(phone, 'fa');
      await phone.goto(`${base}/legal`);
      await expect.poll(() => phone.locator('table.matrix').count()).toBeGreaterThan(3);
      expect(
        await phone
          .locator('table.matrix tr')
          .nth(1)
          .evaluate((tr) => getComputedStyle(tr).display),
      ).toBe('block');
      expect(
        await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeLessThanOrEqual(0);
      // Each table's region is reachable by keyboard and named.
      const region = phone.locator('[role=region]').first();
      expect(await region.getAttribute('tabindex')).toBe('0');
      expect(await region.getAttribute('aria-label')).toMatch(/عناصر/);
      await expect.poll(() => phone.locator('main').innerText()).toContain('کاستی: بی‌شاهد');
      await phone.context().close();
    },
  );

  it(
    'shows a suspect: involvements, positions then and now in both calendars, evidence',
    { timeout: 120_000 },
    async () => {
      const page = await session(INVESTIGATOR);
      await setLanguage(page, 'en');
      const raisi = idOf.get('Ebrahim Raisi')!;
      await page.goto(`${server.url}/cases/${server.caseId}/suspects`);
      await page.getByRole('link', { name: 'Ebrahim Raisi' }).click();
      await page.waitForURL(`**/people/${raisi}/suspect`);
      await expect.poll(() => page.locator('h1').textContent()).toBe('Ebrahim Raisi');
      // The page's parts arrive with their own requests: read it once the last of them is drawn.
      await expect
        .poll(() => page.locator('main').innerText())
        .toContain('Who says it: Amnesty International');
      const text = await page.locator('main').innerText();
      expect(text).toContain('Mass executions of political prisoners');
      expect(text).toContain('Then: during the events');
      expect(text).toContain('Member of the Tehran "death commission"');
      expect(text).toMatch(/1988 \(11 Dey 1366 SH/);
      expect(text).toContain('No later office recorded.');
      expect(text).toContain('Who says it: Amnesty International');
      await page.getByText('The evidence behind it').first().click();
      await expect
        .poll(() => page.locator('.position details').first().innerText())
        .toContain('Blood-soaked secrets');
      await setLanguage(page, 'fa');
      await page.reload();
      await expect.poll(() => page.locator('h1').textContent()).toBe('ابراهیم رئیسی');
      await expect.poll(() => page.locator('main').innerText()).toContain('۱۳۶۷');
      await page.context().close();
    },
  );

  it(
    'publishes the alleged responsible apart from the memorial, when the owner chooses',
    { timeout: 180_000 },
    async () => {
      const visitor = await session(null, { width: 390, height: 800 });
      await visitor.goto(server.url);
      await setLanguage(visitor, 'en');
      await visitor.goto(`${server.url}/alleged`);
      await expect.poll(() => visitor.locator('main').innerText()).toContain('No one is listed.');
      expect(
        (await visitor.goto(`${server.url}/api/public/suspects/${idOf.get('Ebrahim Raisi')}`))!.status(),
      ).toBe(404);

      const owner = await session(REVIEWER);
      await owner.goto(`${server.url}/cases/${server.caseId}`);
      await owner.getByLabel('Publish pages of people alleged responsible').check();
      await owner.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(() => owner.locator('.case-settings [role=status]').textContent()).toBe('Saved.');
      await owner.context().close();

      // From the memorial, only a link to the separate list.
      await visitor.goto(server.url);
      await visitor.getByRole('link', { name: /People alleged responsible/ }).click();
      await visitor.waitForURL('**/alleged');
      const list = visitor.locator('.cards');
      await expect.poll(() => list.locator('li a').count()).toBe(3);
      expect((await list.locator('li a').allTextContents()).sort()).toEqual(
        ['Ebrahim Raisi', 'Hamid Nouri', 'Mostafa Pour-Mohammadi'].sort(),
      );
      await list.getByRole('link', { name: 'Ebrahim Raisi' }).click();
      await expect.poll(() => visitor.locator('h1').textContent()).toBe('Ebrahim Raisi');
      await expect.poll(() => visitor.locator('main').innerText()).toContain('Blood-soaked secrets');
      const text = await visitor.locator('main').innerText();
      expect(text).toContain('Alleged responsible: not a victim');
      expect(text).toContain('Amnesty International says');
      expect(text).toContain('Blood-soaked secrets');
      // Never a memorial page: no correction form, no victim's headings.
      expect(await visitor.locator('main form, main textarea').count()).toBe(0);
      expect(text).not.toMatch(/Send a correction|Places of detention|burial place/i);
      await setLanguage(visitor, 'fa');
      await visitor.reload();
      await expect.poll(() => visitor.locator('h1').textContent()).toBe('ابراهیم رئیسی');
      await expect.poll(() => visitor.locator('main').innerText()).toContain('مسئول ادعایی: قربانی نیست');
      // The sources' English quotes keep their own direction as blocks on the Persian page.
      const quotes = visitor.locator('.allegation-sources blockquote');
      await expect.poll(() => quotes.count()).toBeGreaterThan(0);
      expect(new Set(await quotes.evaluateAll((all) => all.map((q) => q.getAttribute('dir'))))).toEqual(
        new Set(['ltr']),
      );
      // The memorial search still finds none of them.
      await setLanguage(visitor, 'en');
      for (const q of ['Ebrahim Raisi', 'Hamid Nouri', 'مصطفی پورمحمدی']) {
        await visitor.goto(`${server.url}/?q=${encodeURIComponent(q)}`);
        await expect
          .poll(() => visitor.getByRole('status').textContent(), { message: q })
          .toMatch(/Results: 0$/);
      }
      await visitor.context().close();
    },
  );
});
