import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/http/app.js';
import { createTestStore, type TestStore } from './stores.js';

const STYLES = 'body{margin:0}.memorial h1{font-size:1.6rem}';

/** A built web app in miniature: index.html, one hashed script with its precompressed copies. */
function writeWebRoot(dir: string): string {
  const script = `console.log(${JSON.stringify('memorial '.repeat(400))});`;
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html><head><title>Dossier</title><link rel="stylesheet" crossorigin href="/assets/index-AbC123.css"></head><body><div id="root"></div></body></html>',
  );
  writeFileSync(join(dir, 'assets', 'index-AbC123.css'), STYLES);
  // The words the build writes beside the app for the server-written public pages (a few of the real ones).
  mkdirSync(join(dir, 'i18n'));
  const words = (title: string, results: string) =>
    JSON.stringify({ memorial: { title, results, searchLabel: 'q' }, app: { name: 'Dossier' } });
  writeFileSync(join(dir, 'i18n', 'en.json'), words('Memorial and family search', 'Results'));
  writeFileSync(join(dir, 'i18n', 'fa.json'), words('یادمان و جست‌وجوی خانواده‌ها', 'نتیجه‌ها'));
  writeFileSync(join(dir, 'assets', 'index-AbC123.js'), script);
  writeFileSync(join(dir, 'assets', 'index-AbC123.js.br'), brotliCompressSync(script));
  writeFileSync(join(dir, 'assets', 'index-AbC123.js.gz'), gzipSync(script));
  return script;
}

describe('serving the web app', () => {
  let t: TestStore;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let dir: string;
  let script: string;
  beforeAll(async () => {
    t = await createTestStore('sqlite');
    dir = mkdtempSync(join(tmpdir(), 'dossier-web-'));
    script = writeWebRoot(dir);
    app = await buildApp({ ctx: t.ctx, cookieSecure: true, webRoot: dir });
  });
  afterAll(async () => {
    await app.close();
    await t.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends a hashed asset as brotli or gzip when the browser takes it, cached for a year as immutable', async () => {
    const br = await app.inject({
      url: '/assets/index-AbC123.js',
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(script);
    expect(br.rawPayload.length).toBeLessThan(script.length / 5);

    const gzip = await app.inject({ url: '/assets/index-AbC123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const plain = await app.inject({
      url: '/assets/index-AbC123.js',
      headers: { 'accept-encoding': 'identity' },
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it('has index.html revalidated (never kept stale), and API answers never stored', async () => {
    for (const url of ['/', '/cases/x/people', '/memorial/abc']) {
      const page = await app.inject({ url, headers: { 'accept-encoding': 'br' } });
      expect([url, page.statusCode]).toEqual([url, 200]);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    }
    const api = await app.inject({ url: '/api/health' });
    expect(api.headers['cache-control']).toBe('no-store');
    const missing = await app.inject({ url: '/api/nothing-here' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['cache-control']).toBe('no-store');
  });

  it('sends the plain application page for a memorial entry that is not there or an id of another shape', async () => {
    const page = await app.inject({ url: '/memorial/6f1c0a4e-0000-4000-8000-000000000001' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<div id="root"></div>');
    expect(page.body).not.toContain('initial-data');
    const odd = await app.inject({ url: `/memorial/${encodeURIComponent('"><script>x</script>')}` });
    expect(odd.statusCode).toBe(200);
    expect(odd.body).not.toContain('<script>x');
  });

  it('writes the entry stylesheet into the page, sends the page compressed, and answers 304 for a page held', async () => {
    for (const url of ['/', '/cases/x/people', '/memorial/abc']) {
      const page = await app.inject({ url, headers: { 'accept-encoding': 'gzip, br' } });
      expect(page.headers['content-encoding']).toBe('br');
      const html = brotliDecompressSync(page.rawPayload).toString();
      expect(html).toContain(`<style>${STYLES}</style>`);
      expect(html).not.toContain('rel="stylesheet"');
      const gzip = await app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
      expect(gzip.headers['content-encoding']).toBe('gzip');
      const plain = await app.inject({ url });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body).toBe(html);
      const etag = String(plain.headers.etag);
      expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
      const again = await app.inject({ url, headers: { 'if-none-match': etag } });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      const other = await app.inject({ url, headers: { 'if-none-match': '"something-else"' } });
      expect(other.statusCode).toBe(200);
    }
  });

  it('writes the family search out in the reader’s language, with its results and the data they came from', async () => {
    const en = await app.inject({ url: '/?q=Rezaei' });
    expect(en.body).toContain('<html lang="en" dir="ltr">');
    expect(en.body).toContain('<h1>Memorial and family search</h1>');
    expect(en.body).toContain('<form role="search" class="search" method="get" action="/">');
    expect(en.body).toContain('Results: 0');
    expect(en.body).toContain(
      '<script type="application/json" id="initial-data">{"url":"/api/public/search?q=Rezaei","data":{"items":[]}}</script>',
    );
    const fa = await app.inject({
      url: '/?q=Rezaei&birthYear=۱۳۴۰',
      headers: { 'accept-language': 'fa-IR,fa;q=0.9' },
    });
    expect(fa.body).toContain('<html lang="fa" dir="rtl">');
    expect(fa.body).toContain('<h1>یادمان و جست‌وجوی خانواده‌ها</h1>');
    expect(fa.body).toContain('نتیجه‌ها: ۰');
    // The year as typed stays in the form; the search (and the address the script asks) reads it in Latin digits.
    expect(fa.body).toContain('value="۱۳۴۰"');
    expect(fa.body).toContain('"url":"/api/public/search?q=Rezaei&birthYear=1340"');
    // The reader's own choice (the cookie the app sets) wins over the browser's languages.
    const chosen = await app.inject({ url: '/', headers: { 'accept-language': 'fa', cookie: 'lang=en' } });
    expect(chosen.body).toContain('<html lang="en" dir="ltr">');
    expect(chosen.body).not.toContain('initial-data');
    expect(chosen.headers.vary).toMatch(/cookie/);
    // A query the search does not take is written without results: the script asks and says what is wrong.
    const bad = await app.inject({ url: '/?q=Rezaei&birthYear=12' });
    expect(bad.body).not.toContain('initial-data');
    expect(bad.body).not.toContain('Results');
  });

  it('escapes what a visitor typed in the page and in the data written into it', async () => {
    const typed = '"></script><script>alert(1)</script><b x="';
    const page = await app.inject({ url: `/?q=${encodeURIComponent(typed)}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).not.toContain('<b x=');
    expect(page.body).toContain(
      'value="&quot;&gt;&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;b x=&quot;"',
    );
    const data = /<script type="application\/json" id="initial-data">(.*?)<\/script>/.exec(page.body)?.[1];
    expect(JSON.parse(data!)).toEqual({
      url: `/api/public/search?${new URLSearchParams({ q: typed }).toString()}`,
      data: { items: [] },
    });
  });

  it('answers 404 for a hashed asset that is not there, not the app’s page', async () => {
    const old = await app.inject({ url: '/assets/index-Old999.js' });
    expect(old.statusCode).toBe(404);
    expect(old.body).not.toContain('<div id="root">');
    expect(old.headers['cache-control']).not.toContain('immutable');
  });
});
