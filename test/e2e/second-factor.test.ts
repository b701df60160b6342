import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, totpCode } from '../../src/auth/index.js';
import { logIn } from '../chromium.js';
import { INVESTIGATOR, launchChromium, startServer, type RunningServer } from './server.js';

describe('two-step login in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('sets up a second factor from the account page, then asks for the code at login', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await logIn(page, server.url, INVESTIGATOR);
    await page.getByRole('link', { name: INVESTIGATOR.username }).click();
    await expect.poll(() => page.locator('h1').first().textContent()).toBe('Two-step login');
    await page.getByLabel('Password').fill(INVESTIGATOR.password);
    await page.getByRole('button', { name: 'Set up two-step login' }).click();
    const shown = await page.locator('code.secret').first().textContent();
    expect(shown).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{4}$/);
    await expect.poll(() => page.locator('code.secret').nth(1).textContent()).toMatch(/^otpauth:\/\/totp\//);
    const secret = base32Decode(shown!);
    const now = Date.now();
    await page.getByLabel('Code from your authenticator app').fill(totpCode(secret, now));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Two-step login is now on.');

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Username').fill(INVESTIGATOR.username);
    await page.getByLabel('Password').fill(INVESTIGATOR.password);
    await page.getByRole('button', { name: 'Log in' }).last().click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('Enter the code from your authenticator app.');
    // The next step's code: the one used to confirm is spent.
    await page.getByLabel('Code from your authenticator app').fill(totpCode(secret, now + 30_000));
    await page.getByRole('button', { name: 'Log in' }).last().click();
    await page.waitForURL('**/cases');
    await context.close();
  });
});
