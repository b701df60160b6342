/**
 * `report.pdf` of a bundle: `report.html` printed by a local headless Chromium (Debian's, driven by
 * playwright-core). A browser is used because the Persian text must be shaped (joined letter forms, the lam-alef
 * ligature) and laid out in bidirectional order with its English names and Latin digits inside, which Chromium's
 * HarfBuzz and ICU do and no small PDF writer does; see "Dossier bundles" in docs/architecture.md for the measured
 * reason. Nothing reaches the network: the page is set from a string, scripts are off, every request the page
 * might make is aborted (and counted: one is an error), host names resolve to nothing, and Chromium's background
 * services are off.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { ValidationError } from '../domain/errors.js';

/** Debian's path; `DOSSIER_CHROMIUM` names another. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--host-resolver-rules=MAP * ~NOTFOUND',
];

/** No browser to print the PDF: a refusal of the `pdf` field, naming the setting and the way round it. */
export class ChromiumMissingError extends ValidationError {
  constructor(path: string | undefined) {
    super([
      {
        field: 'pdf',
        code: 'chromium_missing',
        message:
          `report.pdf needs a Chromium to print it and there is none at ${path ?? DEFAULT_CHROMIUM}: ` +
          "install Debian's chromium, set DOSSIER_CHROMIUM to its path, or make the bundle without the PDF " +
          '(--no-pdf, or "pdf": false over HTTP)',
      },
    ]);
  }
}

/** The Chromium to use: the one named (DOSSIER_CHROMIUM), else Debian's; an error naming the setting if absent. */
export function chromiumExecutable(named: string | undefined): string {
  const path = named || DEFAULT_CHROMIUM;
  if (!existsSync(path)) throw new ChromiumMissingError(named);
  return path;
}

/** Prints `html` to a PDF (A4, backgrounds) and returns its bytes. */
export async function printReportPdf(html: string, executablePath: string): Promise<Buffer> {
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const requested: string[] = [];
    await context.route('**/*', (route) => {
      requested.push(route.request().url());
      return route.abort();
    });
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: '15mm', bottom: '15mm', left: '15mm', right: '15mm' },
    });
    // The report is self-contained; a request means it was not, and what it asked for may not be in the PDF.
    if (requested.length > 0)
      throw new Error(`the report asked for ${requested.length} outside resource(s), e.g. ${requested[0]}`);
    return pdf;
  } finally {
    await browser.close();
  }
}
