import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './http.js';
import { createTestStore, type TestStore } from './stores.js';

describe('the API documentation pages', () => {
  let t: TestStore;
  let app: TestApp;
  beforeAll(async () => {
    t = await createTestStore('sqlite');
    app = await buildTestApp(t.ctx);
  });
  afterAll(async () => {
    await app.close();
    await t.cleanup();
  });

  it('carry a strict Content-Security-Policy, and the page loads only its own scripts', async () => {
    const page = await app.inject({ url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("frame-ancestors 'none'");
    // Every script of the page is a file served from here, which the policy allows.
    const scripts = [...page.body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/src="/);
      expect(body!.trim()).toBe('');
    }
    for (const [, attributes] of scripts) {
      const src = /src="([^"]+)"/.exec(attributes!)![1]!;
      const url = src.startsWith('/') ? src : `/api/docs/${src.replace(/^\.\//, '')}`;
      const script = await app.inject({ url });
      expect([url, script.statusCode]).toEqual([url, 200]);
      expect(script.headers['content-security-policy']).toBe(csp);
    }
    const initializer = await app.inject({ url: '/api/docs/static/swagger-initializer.js' });
    expect(initializer.body).not.toContain('validator.swagger.io');
  });
});
