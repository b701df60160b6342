import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/http/app.js';
import { createTestStore, type TestStore } from './stores.js';

/** A built web app in miniature: index.html, one hashed script with its precompressed copies. */
function writeWebRoot(dir: string): string {
  const script = `console.log(${JSON.stringify('memorial '.repeat(400))});`;
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html><head><title>Dossier</title></head><body><div id="root"></div></body></html>',
  );
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

  it('asks for a memorial page’s data together with the script, for a well-formed id only', async () => {
    const page = await app.inject({ url: '/memorial/6f1c0a4e-0000-4000-8000-000000000001' });
    expect(page.body).toContain(
      '<link rel="preload" as="fetch" crossorigin="anonymous" href="/api/public/people/6f1c0a4e-0000-4000-8000-000000000001" />',
    );
    const odd = await app.inject({ url: `/memorial/${encodeURIComponent('"><script>x</script>')}` });
    expect(odd.statusCode).toBe(200);
    expect(odd.body).not.toContain('preload');
    expect(odd.body).not.toContain('<script>x');
  });

  it('answers 404 for a hashed asset that is not there, not the app’s page', async () => {
    const old = await app.inject({ url: '/assets/index-Old999.js' });
    expect(old.statusCode).toBe(404);
    expect(old.body).not.toContain('<div id="root">');
    expect(old.headers['cache-control']).not.toContain('immutable');
  });
});
