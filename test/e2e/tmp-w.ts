import { startServer, launchChromium, INVESTIGATOR } from './server.js';
import { logIn } from '../chromium.js';
const s = await startServer();
const b = await launchChromium();
const ctx = await b.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
const page = await ctx.newPage();
await logIn(page, s.url, INVESTIGATOR);
const places = await s.ctx.store.db.selectFrom('places').select('id').execute();
await page.goto(`${s.url}/cases/${s.caseId}/places/${places[0]!.id}`);
await page.waitForLoadState('networkidle');
console.log(await page.evaluate(() => {
  const de = document.documentElement;
  const out: string[] = [`sw ${de.scrollWidth} cw ${de.clientWidth} body ${document.body.scrollWidth}`];
  for (const sel of ['.claims', '.facts', '.names', '.heading-row', '.case-nav', 'header.top', 'section', '.table-wrap']) {
    const els = [...document.querySelectorAll(sel)] as HTMLElement[];
    const saved = els.map((e) => e.style.display);
    els.forEach((e) => (e.style.display = 'none'));
    out.push(`${sel} hidden → ${de.scrollWidth - de.clientWidth}`);
    els.forEach((e, i) => (e.style.display = saved[i]!));
  }
  return out;
}));
await b.close(); await s.close();
