/**
 * Web load benchmark: how long a relative on a slow phone network waits for a memorial page and for the family
 * search's results. The built web app (`npm run build` first) is served by the real server over the demo case on a
 * loopback port; Chromium opens each page with the network throttled through the DevTools protocol
 * (Network.emulateNetworkConditions). Two times are read in the page: when what the reader came for can be drawn
 * (the victim's name; the first result card), and when the script has drawn the page itself (with what only the
 * script draws: the language switch, the correction form). A first visit (empty cache) and a repeat visit (same
 * browser, cache kept) are measured, each `--runs` times, with the bytes of JavaScript on the wire (as sent:
 * compressed) and decoded.
 *
 * Profiles: `slow3g` is Chrome DevTools' "Slow 3G" preset (2,000 ms latency per request, 500 kbit/s × 0.8 down
 * and up); `regular3g` is 300 ms and 1.6 Mbit/s × 0.9 (its "3G"). Prints figures; asserts nothing.
 *
 *   npx tsx bench/web-load.ts [--profile slow3g|regular3g|both] [--runs 3]
 */
import { parseArgs } from 'node:util';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium, startServer } from '../test/e2e/server.js';

const { values } = parseArgs({
  options: { profile: { type: 'string', default: 'both' }, runs: { type: 'string', default: '3' } },
});

const PROFILES = {
  slow3g: {
    latency: 2000,
    downloadThroughput: (500 * 1000 * 0.8) / 8,
    uploadThroughput: (500 * 1000 * 0.8) / 8,
  },
  regular3g: {
    latency: 300,
    downloadThroughput: (1600 * 1000 * 0.9) / 8,
    uploadThroughput: (750 * 1000 * 0.9) / 8,
  },
} as const;
type Profile = keyof typeof PROFILES;

interface Visit {
  heading: number;
  /** When the script had drawn the page (the language switch, which only the script draws, is in it). */
  app: number;
  scriptWire: number;
  scriptDecoded: number;
  requests: number;
}

/** One visit of the memorial page in a throttled tab; the heading time is taken in the page, not by polling. */
async function visit(
  context: BrowserContext,
  url: string,
  profile: Profile,
  /** What the reader came for is on the screen once this is in the page. */
  readable: string,
): Promise<Visit> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    ...PROFILES[profile],
    connectionType: 'cellular3g',
  });
  const scripts = new Map<string, { wire: number; decoded: number }>();
  let requests = 0;
  cdp.on('Network.requestWillBeSent', () => requests++);
  cdp.on('Network.responseReceived', (event) => {
    if (event.type === 'Script') scripts.set(event.requestId, { wire: 0, decoded: 0 });
  });
  cdp.on('Network.dataReceived', (event) => {
    const s = scripts.get(event.requestId);
    if (s) s.decoded += event.dataLength;
  });
  cdp.on('Network.loadingFinished', (event) => {
    const s = scripts.get(event.requestId);
    if (s) s.wire = event.encodedDataLength;
  });
  await page.addInitScript((readable) => {
    const w = window as unknown as { headingAt?: number; appAt?: number };
    // The heading counts once it is in the page and a frame can be drawn: a stylesheet still loading holds the
    // frame back, so this is when the name is on the screen, not merely in the DOM.
    new MutationObserver((_, observer) => {
      if (w.headingAt === undefined && document.querySelector(readable))
        requestAnimationFrame(() => (w.headingAt ??= performance.now()));
      if (document.querySelector('header .lang select') && document.querySelector('main h1')) {
        observer.disconnect();
        requestAnimationFrame(() => (w.appAt = performance.now()));
      }
    }).observe(document, { childList: true, subtree: true });
  }, readable);
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => (window as unknown as { appAt?: number }).appAt !== undefined, null, {
    timeout: 120_000,
    polling: 100,
  });
  const { heading, app } = await page.evaluate(() => {
    const w = window as unknown as { headingAt: number; appAt: number };
    return { heading: w.headingAt, app: w.appAt };
  });
  await page.waitForLoadState('networkidle');
  await page.close();
  const all = [...scripts.values()];
  return {
    heading,
    app,
    scriptWire: all.reduce((n, s) => n + s.wire, 0),
    scriptDecoded: all.reduce((n, s) => n + s.decoded, 0),
    requests,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

const server = await startServer();
let browser: Browser | undefined;
try {
  const found = (await (await fetch(`${server.url}/api/public/search?q=Hossein%20Rezaei`)).json()) as {
    items: Array<{ id: string }>;
  };
  const id = found.items[0]?.id;
  if (!id) throw new Error('no memorial entry for Hossein Rezaei in the demo case');
  const pages = [
    { label: 'memorial page of one victim', url: `${server.url}/memorial/${id}`, readable: 'main h1' },
    {
      label: 'family search with its results',
      url: `${server.url}/?q=Hossein%20Rezaei`,
      readable: 'main .cards li',
    },
  ];
  browser = await launchChromium();
  const runs = Number(values.runs);
  const profiles: Profile[] =
    values.profile === 'both' ? ['slow3g', 'regular3g'] : [values.profile as Profile];
  const seconds = (visits: Visit[], key: 'heading' | 'app') =>
    `${(median(visits.map((v) => v[key])) / 1000).toFixed(2)} s median (${visits
      .map((v) => (v[key] / 1000).toFixed(2))
      .join(', ')})`;
  for (const profile of profiles) {
    const p = PROFILES[profile];
    for (const target of pages) {
      const first: Visit[] = [];
      const repeat: Visit[] = [];
      for (let i = 0; i < runs; i++) {
        const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
        first.push(await visit(context, target.url, profile, target.readable));
        repeat.push(await visit(context, target.url, profile, target.readable));
        await context.close();
      }
      console.log(
        `${profile} (latency ${p.latency} ms, down ${((p.downloadThroughput * 8) / 1000).toFixed(0)} kbit/s), ${runs} runs, ${target.label} at 360 px:`,
      );
      for (const [label, visits] of [
        ['first visit ', first],
        ['repeat visit', repeat],
      ] as const) {
        console.log(
          `  ${label}: readable after ${seconds(visits, 'heading')}; drawn by the script after ${seconds(visits, 'app')};` +
            ` JavaScript ${kb(median(visits.map((v) => v.scriptWire)))} on the wire,` +
            ` ${kb(median(visits.map((v) => v.scriptDecoded)))} decoded; ${median(visits.map((v) => v.requests))} requests`,
        );
      }
    }
  }
} finally {
  await browser?.close();
  await server.close();
}
