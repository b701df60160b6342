import { z } from 'zod';
import { can } from '../../auth/index.js';
import { userRecordSchema } from '../../domain/records/user.js';
import { changePassword, login, logout, SESSION_LIFETIME_MS } from '../../services/accounts.js';
import { SESSION_COOKIE, type AppOptions } from '../app.js';
import { ERROR_RESPONSES, type TypedApp } from '../typed-app.js';

const credentials = z
  .object({ username: z.string().min(1).max(100), password: z.string().min(1).max(1024) })
  .strict();

export function registerAuthRoutes(app: TypedApp, { ctx, cookieSecure }: AppOptions): void {
  const cookieOptions = { path: '/', httpOnly: true, secure: cookieSecure, sameSite: 'strict' as const };

  app.post(
    '/api/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log in with a local account',
        security: [],
        body: credentials,
        response: { 200: z.object({ user: userRecordSchema }), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { token, user } = await login(ctx, request.body.username, request.body.password);
      reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: SESSION_LIFETIME_MS / 1000 });
      return { user };
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], summary: 'End the session', response: { 204: z.null() } } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await logout(ctx, token);
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The current actor and what it may do outside cases',
        response: {
          200: z.object({
            user: z
              .object({
                id: z.string(),
                username: z.string(),
                isAdmin: z.boolean(),
                mustChangePassword: z.boolean(),
              })
              .nullable(),
            abilities: z.object({ createCase: z.boolean(), manageUsers: z.boolean() }),
          }),
        },
      },
    },
    async (request) => {
      const actor = request.actor;
      return {
        user:
          actor.kind === 'user'
            ? {
                id: actor.id,
                username: actor.username,
                isAdmin: actor.isAdmin,
                mustChangePassword: actor.mustChangePassword,
              }
            : null,
        abilities: {
          createCase: can(actor, 'create_case', { kind: 'instance' }),
          manageUsers: can(actor, 'manage_users', { kind: 'instance' }),
        },
      };
    },
  );

  app.post(
    '/api/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change your own password (required after a one-time password); ends all sessions',
        body: z
          .object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().max(1024) })
          .strict(),
        response: { 204: z.null(), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      await changePassword(ctx, request.actor, request.body.currentPassword, request.body.newPassword);
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return reply.status(204).send(null);
    },
  );
}
