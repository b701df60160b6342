/** Debian's Chromium for the tests that need a browser (e2e, PDF fixtures), and the login every e2e test does. */
import { chromium, type Browser, type Page } from 'playwright-core';

/** Headless, with no background network traffic. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
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
