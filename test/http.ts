import { buildApp } from '../src/http/app.js';
import type { ServiceContext } from '../src/services/context.js';
import { TEST_PASSWORD } from './factories.js';

export type TestApp = Awaited<ReturnType<typeof buildApp>>;

/**
 * The app as served, except for the anonymous rate limits: tests of other behaviour search far more often than
 * one visitor may (test/rate-limit.test.ts tests the limits themselves).
 */
export function buildTestApp(ctx: ServiceContext): Promise<TestApp> {
  const generous = { burst: 1_000_000, perHour: 1_000_000 };
  return buildApp({ ctx, cookieSecure: true, anonymousLimits: { search: generous, submission: generous } });
}

/** Logs in through the API and returns the Cookie header to send. */
export async function loginCookie(app: TestApp, username: string, password = TEST_PASSWORD): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
  });
  if (response.statusCode !== 200)
    throw new Error(`login of ${username} failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'dossier_session');
  if (!cookie) throw new Error('no session cookie');
  return `${cookie.name}=${cookie.value}`;
}
