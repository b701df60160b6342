import { buildApp } from '../src/http/app.js';
import type { ServiceContext } from '../src/services/context.js';
import { TEST_PASSWORD } from './factories.js';

export type TestApp = Awaited<ReturnType<typeof buildApp>>;

export function buildTestApp(ctx: ServiceContext): Promise<TestApp> {
  return buildApp({ ctx, cookieSecure: true });
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
