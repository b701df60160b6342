import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { buildApp } from '../src/http/app.js';
import { AnonymousRateLimiter, TokenBuckets } from '../src/http/rate-limit.js';
import { makeCase, makeMember } from './factories.js';
import { loginCookie, type TestApp } from './http.js';
import { createTestStore, DIALECTS, type TestStore } from './stores.js';

describe('token buckets', () => {
  it('allows a burst, then one request per refill, and says how long to wait', () => {
    let now = 0;
    const buckets = new TokenBuckets({ burst: 3, perHour: 3600 }, () => now);
    expect([1, 2, 3, 4].map(() => buckets.take('a'))).toEqual([0, 0, 0, 1]);
    expect(buckets.take('b')).toBe(0);
    now += 1000;
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(1);
  });

  it('keys buckets by a keyed hash, never by the address, and an IPv6 /64 as one', () => {
    const limiter = new AnonymousRateLimiter({
      search: { burst: 1, perHour: 1 },
      submission: { burst: 1, perHour: 1 },
    });
    limiter.check('search', '198.51.100.23');
    limiter.check('search', '2001:db8:1:2::1');
    expect(() => limiter.check('search', '2001:0db8:0001:0002:ffff::9')).toThrow(/too many requests/);
    const keys = limiter.buckets.search.keys();
    expect(keys).toHaveLength(2);
    for (const key of keys) expect(key).not.toMatch(/198|2001|db8/);
  });
});

describe('anonymous rate limit settings', () => {
  it('reads the limits and the trusted proxies from the environment, and refuses nonsense', () => {
    expect(loadConfig({}).anonymousLimits).toEqual({
      search: { burst: 20, perHour: 18_000 },
      submission: { burst: 5, perHour: 5 },
    });
    const config = loadConfig({
      DOSSIER_ANON_SEARCH_BURST: '50',
      DOSSIER_ANON_SEARCH_PER_MINUTE: '60',
      DOSSIER_ANON_SUBMISSIONS_PER_HOUR: '2',
      DOSSIER_TRUST_PROXY: '127.0.0.1',
    });
    expect(config.anonymousLimits).toEqual({
      search: { burst: 50, perHour: 3600 },
      submission: { burst: 2, perHour: 2 },
    });
    expect(config.trustProxy).toBe('127.0.0.1');
    expect(() => loadConfig({ DOSSIER_ANON_SUBMISSIONS_PER_HOUR: 'many' })).toThrow(ConfigError);
  });
});

describe.each(DIALECTS)('anonymous rate limits over HTTP (%s)', (dialect) => {
  let t: TestStore;
  let app: TestApp;
  let caseId: string;
  let cookie: string;

  beforeAll(async () => {
    t = await createTestStore(dialect);
    app = await buildApp({
      ctx: t.ctx,
      cookieSecure: true,
      anonymousLimits: { search: { burst: 3, perHour: 1 }, submission: { burst: 2, perHour: 2 } },
    });
    caseId = (await makeCase(t.ctx, 'public', 'Public memorial')).id;
    await makeMember(t.ctx, caseId, 'investigator', 'investigator');
    cookie = await loginCookie(app, 'investigator');
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await t.cleanup();
  });

  const submit = (remoteAddress: string) =>
    app.inject({
      method: 'POST',
      url: '/api/public/submissions',
      payload: { caseId, kind: 'new_information', message: 'My brother was held in Evin in 1988.' },
      remoteAddress,
    });

  it('refuses the submission past the limit from one address, with Retry-After, and not from another', async () => {
    expect((await submit('198.51.100.1')).statusCode).toBe(201);
    expect((await submit('198.51.100.1')).statusCode).toBe(201);
    const refused = await submit('198.51.100.1');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.json()).toMatchObject({
      error: { code: 'too_many_requests', message: expect.stringContaining('too many submissions') },
    });
    expect((await submit('198.51.100.2')).statusCode).toBe(201);
    expect(await t.raw('select id from submissions')).toHaveLength(3);
  });

  it('limits anonymous search but not a logged-in user from the same address', async () => {
    const search = (url: string, headers: Record<string, string> = {}) =>
      app.inject({ url, headers, remoteAddress: '203.0.113.9' }).then((r) => r.statusCode);
    expect(await search('/api/public/search?q=Ali')).toBe(200);
    expect(await search('/api/public/search?q=Ali')).toBe(200);
    expect(await search('/api/search?q=Ali')).toBe(200);
    expect(await search('/api/public/search?q=Ali')).toBe(429);
    expect(await search('/api/public/people/00000000-0000-4000-8000-000000000000')).toBe(429);
    for (let i = 0; i < 10; i++) {
      expect(await search('/api/public/search?q=Ali', { cookie })).toBe(200);
      expect(await search('/api/search?q=Ali', { cookie })).toBe(200);
    }
    // Routes without an anonymous limit are not counted.
    expect(await search('/api/health')).toBe(200);
  });
});
