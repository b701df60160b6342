/** Debian's Chromium for the tests that need a browser (e2e, PDF fixtures), and the login every e2e test does. */
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM } from '../src/services/bundle-pdf.js';

/**
 * Headless, with no background network traffic: the flags the bundle's PDF printer uses, except that host names
 * still resolve (the tests reach the server they start).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM,
    args: CHROMIUM_ARGS.filter((arg) => !arg.startsWith('--host-resolver-rules')),
  });
}

/** Logs in through the login form and waits for the list of cases. */
export async function logIn(
  page: Page,
  url: string,
  account: { username: string; password: string },
): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel('Username').fill(account.username);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Log in' }).last().click();
  await page.waitForURL('**/cases');
}
