import { chmodSync, writeFileSync } from 'node:fs';
import type { FsBlobStore } from '../../src/evidence/blob-store.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn } from '../chromium.js';
import { INVESTIGATOR, launchChromium, startServer, type RunningServer } from './server.js';

// A testimony in Persian naming a person of the demo case (Hamid Nouri, حمید نوری), with an English paragraph.
const PERSIAN =
  'در تابستان ۱۳۶۷ حمید نوری در زندان گوهردشت زندانیان را یکی‌یکی به راهروی مرگ می‌برد و نام‌هایشان را می‌خواند.';
const ENGLISH = 'Heard in the summer of 1988.';
const TESTIMONY = `Testimony\n\n${PERSIAN}\n\n${ENGLISH}\n`;
// Starts like a PDF, then breaks off: stored as it is, its text cannot be read.
const BROKEN_PDF =
  '%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pa\u0000\u0001garbage';

interface DocumentAnswer {
  text: string;
  mentions: Array<{ id: string; kind: string; text: string; status: string; claimId: string | null }>;
}

describe('evidence screens in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let documentPath = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function newPage(width = 1280): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    await context.addInitScript(() => localStorage.setItem('lang', 'en'));
    return context.newPage();
  }

  const login = (page: Page) => logIn(page, server.url, INVESTIGATOR);

  it('uploads two files with a progress bar each: the text is stored and read, the broken PDF fails alone', async () => {
    const page = await newPage();
    await login(page);
    await page.goto(`${server.url}/cases/${server.caseId}`);
    await page.getByRole('link', { name: 'Documents' }).click();
    await page.waitForURL('**/documents');
    // Remember every file a progress bar was drawn for (bars leave when the file is done).
    await page.evaluate(() => {
      const seen = new Set<string>();
      (window as unknown as { progressFor: Set<string> }).progressFor = seen;
      new MutationObserver(() => {
        for (const bar of Array.from(document.querySelectorAll('.uploads progress')))
          seen.add(bar.getAttribute('aria-label') ?? '');
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.getByLabel('Choose files…').setInputFiles([
      { name: 'testimony.txt', mimeType: 'text/plain', buffer: Buffer.from(TESTIMONY, 'utf8') },
      { name: 'report.pdf', mimeType: 'application/pdf', buffer: Buffer.from(BROKEN_PDF, 'latin1') },
    ]);
    const good = page.locator('.upload-item', { hasText: 'testimony.txt' });
    const bad = page.locator('.upload-item', { hasText: 'report.pdf' });
    await expect.poll(() => good.getAttribute('data-state'), { timeout: 20_000 }).toBe('stored');
    await expect.poll(() => bad.getAttribute('data-state'), { timeout: 20_000 }).toBe('stored');
    expect(
      await page.evaluate(() => [...(window as unknown as { progressFor: Set<string> }).progressFor].sort()),
    ).toEqual(['Progress of report.pdf', 'Progress of testimony.txt']);

    const goodText = (await good.textContent()) ?? '';
    expect(goodText).toContain('Stored.');
    expect(goodText).toContain('Language: Persian');
    expect(goodText).toMatch(/Mentions found: [1-9]/);
    expect(await good.locator('[role="alert"]').count()).toBe(0);
    const badAlert = bad.getByRole('alert');
    expect(await badAlert.textContent()).toMatch(/No text could be read: \S+/);
    expect(await bad.getByRole('link', { name: 'Open the document' }).count()).toBe(1);

    // The list shows both, the broken one marked.
    const list = page.locator('ul.documents');
    await expect.poll(() => list.locator('li.document-card').count()).toBe(2);
    expect(await list.locator('li', { hasText: 'report.pdf' }).textContent()).toContain('no text');

    // The same bytes again: recognised, nothing stored twice.
    await page
      .getByLabel('Choose files…')
      .setInputFiles([
        { name: 'testimony-copy.txt', mimeType: 'text/plain', buffer: Buffer.from(TESTIMONY, 'utf8') },
      ]);
    const again = page.locator('.upload-item', { hasText: 'testimony-copy.txt' });
    await expect.poll(() => again.getAttribute('data-state'), { timeout: 20_000 }).toBe('duplicate');
    expect(await again.textContent()).toContain('Already stored');

    await good.getByRole('link', { name: 'Open the document' }).click();
    await page.waitForURL(/\/documents\/[0-9a-f-]{36}$/);
    documentPath = new URL(page.url()).pathname;
    await page.context().close();
  });

  it('shows the document with the person highlighted, accepts the mention and records an excerpt from a selection', async () => {
    expect(documentPath).not.toBe('');
    const page = await newPage();
    await login(page);
    await page.goto(server.url + documentPath);
    const mark = page.locator('mark.mention-person', { hasText: 'حمید نوری' });
    await expect.poll(() => mark.count()).toBe(1);
    expect(await mark.getAttribute('data-cue')).toBe('P');
    expect(await mark.getAttribute('data-status')).toBe('suggested');
    expect(await page.locator('.file-facts').textContent()).toContain('SHA-256');
    expect(await page.locator('table.custody').textContent()).toContain('collected');

    // Accept it from the side list: an excerpt and a claim are recorded, the highlight says so.
    const item = page.locator('.mention-item', { hasText: 'حمید نوری' });
    await expect.poll(() => item.textContent()).toContain('Hamid Nouri'); // the known record's name loads on its own
    await item.getByRole('button', { name: 'Accept', exact: true }).click();
    await expect.poll(() => mark.getAttribute('data-status')).toBe('accepted');
    expect(await item.textContent()).toContain('An excerpt and a claim citing it were recorded.');
    const api = `${server.url}/api/cases/${server.caseId}/files/${documentPath.split('/').pop()}/document`;
    const answer = (await (await page.request.get(api)).json()) as DocumentAnswer;
    const accepted = answer.mentions.find((m) => m.text === 'حمید نوری')!;
    expect(accepted.status).toBe('accepted');
    expect(accepted.claimId).not.toBeNull();

    // Select the Persian paragraph across the highlight: the excerpt's offsets point at exactly that text.
    await page.evaluate(() => {
      const paragraph = Array.from(document.querySelectorAll('.text-body p')).find((p) =>
        p.textContent?.includes('گوهردشت'),
      )!;
      const pieces = paragraph.querySelectorAll('[data-o]');
      const last = pieces[pieces.length - 1]!.firstChild!;
      const range = document.createRange();
      range.setStart(pieces[0]!.firstChild!, 0);
      range.setEnd(last, last.textContent!.length);
      document.getSelection()!.removeAllRanges();
      document.getSelection()!.addRange(range);
    });
    await page.getByRole('button', { name: 'Create excerpt' }).click();
    await expect.poll(() => page.getByText('Excerpt recorded.').count()).toBe(1);
    const excerpts = (await (
      await page.request.get(`${server.url}/api/cases/${server.caseId}/excerpts?limit=500`)
    ).json()) as { items: Array<{ quote: string; locator: { charStart: number; charEnd: number } }> };
    const mine = excerpts.items.find((e) => e.quote === PERSIAN);
    expect(mine).toBeDefined();
    expect(answer.text.slice(mine!.locator.charStart, mine!.locator.charEnd)).toBe(PERSIAN);

    // Undo sets the mention back to a suggestion.
    await item.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => mark.getAttribute('data-status')).toBe('suggested');

    // A date needs to know what it is about: the server names the missing fields, shown under them.
    const date = page.locator('.mention-item', { hasText: 'تابستان ۱۳۶۷' });
    await date.getByRole('button', { name: 'Accept…' }).click();
    await date.locator('.accept-form').getByRole('button', { name: 'Accept', exact: true }).click();
    const subjectError = date.locator('[id$="-subjectId-error"]');
    await expect.poll(() => subjectError.count()).toBe(1);
    expect(await subjectError.textContent()).toContain('required');
    expect(await date.getByLabel('Which record').getAttribute('aria-describedby')).toBe(
      await subjectError.getAttribute('id'),
    );
    expect(await date.locator('[id$="-property-error"]').count()).toBe(1);
    await date.getByLabel('Which record').selectOption({ index: 1 });
    await date.getByLabel(/^Property it gives/).fill('date_of_execution');
    await date.locator('.accept-form').getByRole('button', { name: 'Accept', exact: true }).click();
    await expect.poll(() => date.getAttribute('data-status')).toBe('accepted');
    await page.context().close();
  });

  it('reads right to left in Persian, each paragraph in its own direction, and fits a 360 px screen', async () => {
    const page = await newPage(360);
    await login(page);
    await page.goto(server.url + documentPath);
    await expect.poll(() => page.locator('.text-body mark.mention-person').count()).toBe(1);
    await page.getByLabel('Language').first().selectOption('fa');
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await expect.poll(() => page.locator('#mentions-title').textContent()).toContain('اشاره‌ها');
    expect(await page.locator('.text-body mark.mention-person').getAttribute('data-cue')).toBe('ش');
    const directions = await page.evaluate(() =>
      Array.from(document.querySelectorAll('.text-body p')).map((p) => [
        p.getAttribute('dir'),
        getComputedStyle(p).direction,
        p.textContent?.slice(0, 10),
      ]),
    );
    expect(directions.map(([dir]) => dir)).toEqual(['auto', 'auto', 'auto']);
    // Persian reads right to left; the English paragraph stays left to right on the Persian page.
    expect(directions.map(([, direction]) => direction)).toEqual(['ltr', 'rtl', 'ltr']);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    // On a phone the case's sections are folded into one line: open it first.
    await page.locator('details.case-menu summary').click();
    await page.getByRole('link', { name: 'اسناد', exact: true }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('اسناد');
    await expect.poll(() => page.getByLabel('انتخاب فایل‌ها…').count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.context().close();
  });

  it('finds the Persian document by the person’s Latin name and opens it at the passage', async () => {
    const page = await newPage();
    await login(page);
    await page.goto(`${server.url}/cases/${server.caseId}`);
    await page.getByRole('link', { name: 'Search', exact: true }).click();
    await page.getByLabel('Words or names').fill('Hamid Nouri');
    await page.getByText('Filters').click();
    await page.getByLabel('Documents', { exact: true }).check();
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/kinds=document/);
    const hits = page.locator('.search-hit');
    await expect.poll(() => hits.count(), { timeout: 10_000 }).toBe(1);
    const hit = hits.first();
    expect(await hit.locator('.hit-kind').textContent()).toBe('Document');
    expect(await hit.locator('.hit-title').textContent()).toBe('testimony.txt');
    // The snippet is text with the matched words marked, never markup from the server.
    expect(await hit.locator('.snippet mark').allTextContents()).toEqual(['حمید', 'نوری']);
    await hit.locator('a.hit-title').click();
    await page.waitForURL(/\/documents\/[0-9a-f-]{36}\?at=\d+$/);
    await expect.poll(() => page.locator('.text-body mark.mention-person').count()).toBe(1);
    expect(await page.locator('.text-body .paragraph.target').count()).toBe(1);
    await page.context().close();
  });

  it('marks a file whose stored bytes were altered as quarantined', async () => {
    const page = await newPage();
    await login(page);
    const listing = (await (
      await page.request.get(`${server.url}/api/cases/${server.caseId}/files`)
    ).json()) as { items: Array<{ id: string; sha256: string; originalName: string }> };
    const pdf = listing.items.find((f) => f.originalName === 'report.pdf')!;
    // Blobs are stored read-only: a tamperer has to change that first.
    const blob = (await (server.ctx.evidence.blobs as FsBlobStore).storedPath(pdf.sha256))!;
    chmodSync(blob, 0o600);
    writeFileSync(blob, 'altered');
    const download = await page.request.get(
      `${server.url}/api/cases/${server.caseId}/files/${pdf.id}/content`,
    );
    expect(download.status()).toBe(409);
    expect(await download.text()).toContain('report.pdf');
    await page.goto(`${server.url}/cases/${server.caseId}/documents`);
    const card = page.locator('li.document-card', { hasText: 'report.pdf' });
    await expect.poll(() => card.textContent()).toContain('Quarantined');
    await card.getByRole('link', { name: 'report.pdf' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('quarantined');
    expect(await page.getByRole('link', { name: 'Download the original' }).count()).toBe(0);

    // Withdrawing needs a reason; the file then leaves the list and comes back only on request.
    await page.getByRole('button', { name: 'Withdraw…' }).click();
    await page.getByRole('button', { name: 'Withdraw the file' }).click();
    await expect.poll(() => page.locator('#withdraw-reason-error').count()).toBe(1);
    await page.getByLabel('Reason (required)').fill('Altered copy; the original is with the archive.');
    await page.getByRole('button', { name: 'Withdraw the file' }).click();
    await expect.poll(() => page.locator('.notice', { hasText: 'This file was withdrawn.' }).count()).toBe(1);
    await page.getByRole('link', { name: 'All documents' }).click();
    const list = page.locator('ul.documents');
    await expect.poll(() => list.locator('li.document-card').count()).toBe(1);
    await page.getByLabel('Show withdrawn files').check();
    await expect.poll(() => list.locator('li.document-card').count()).toBe(2);
    expect(await list.locator('li', { hasText: 'report.pdf' }).textContent()).toContain('Withdrawn');
    await page.context().close();
  });
});
