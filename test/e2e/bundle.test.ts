import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../src/services/bundle-verify.js';
import { createRecord } from '../../src/services/records.js';
import { specForType } from '../../src/storage/index.js';
import { logIn } from '../chromium.js';
import { INVESTIGATOR, launchChromium, startServer, type RunningServer } from './server.js';

/**
 * The bundle page as an investigator uses it: choose the public audience, see what is left out and why, create
 * the bundle (with its PDF), download its zip, and check that the zip verifies offline; then the page in Persian.
 */
describe('bundle page in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    dir = mkdtempSync(join(tmpdir(), 'dossier-e2e-bundle-'));
    // A record the public may not receive, with a name the page can show its maker.
    const spec = specForType('person')!;
    await createRecord(server.ctx, { kind: 'system', name: 'e2e' }, spec, server.caseId, {
      ...(spec.createSchema.parse({
        names: [{ text: 'Internal Test Person', script: 'latin', kind: 'birth' }],
        synthetic: true,
        sensitivity: 'internal',
      }) as Record<string, unknown>),
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    await context.addInitScript(() => localStorage.setItem('lang', 'en'));
    return context.newPage();
  }

  it('creates a public bundle, lists what it leaves out and why, and serves a zip that verifies', async () => {
    const page = await newPage();
    await logIn(page, server.url, INVESTIGATOR);
    await page.goto(`${server.url}/cases/${server.caseId}/bundles`);
    await page.getByRole('heading', { level: 1, name: 'Bundles' }).waitFor();
    await page.getByLabel('The public').check();
    const omitted = page.getByRole('table').filter({ has: page.getByText('Why') });
    const row = omitted.getByRole('row').filter({ hasText: 'Internal Test Person' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Its label (Internal) is above what The public may receive.');

    await page.getByRole('button', { name: 'Create the bundle' }).click();
    await page.getByRole('status').filter({ hasText: 'The bundle was created and signed.' }).waitFor({
      timeout: 60_000,
    });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('status').getByRole('link', { name: 'Download the zip' }).click(),
    ]);
    const zip = join(dir, 'bundle.zip');
    await download.saveAs(zip);
    execFileSync('unzip', ['-q', zip, '-d', join(dir, 'unzipped')]);
    const report = await verifyBundle(join(dir, 'unzipped'));
    expect(report.problems).toEqual([]);
    expect(report.audience).toBe('public');
    expect(execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' })).toContain('report.pdf');
    // The list of bundles made shows it, with its PDF.
    const made = page.getByRole('region', { name: 'Bundles made' });
    await made.getByRole('row').filter({ hasText: 'The public' }).first().waitFor();
    await page.context().close();
  }, 120_000);

  it('reads right to left in Persian, with the reasons in Persian', async () => {
    const page = await newPage();
    await logIn(page, server.url, INVESTIGATOR);
    await page.goto(`${server.url}/cases/${server.caseId}/bundles`);
    await page.getByRole('heading', { level: 1, name: 'Bundles' }).waitFor();
    await page.getByLabel('Language').first().selectOption('fa');
    await page.getByRole('heading', { level: 1, name: 'بسته‌ها' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page
      .getByText('برچسب آن (درونی) بالاتر از چیزی است که عموم می‌تواند دریافت کند.')
      .first()
      .waitFor();
    await page.context().close();
  }, 60_000);
});
