import { z } from 'zod';
import { can } from '../../auth/index.js';
import { userRecordSchema } from '../../domain/records/user.js';
import { changePassword, login, logout, SESSION_LIFETIME_MS } from '../../services/accounts.js';
import {
  confirmedFactor,
  confirmEnrolment,
  disableSecondFactor,
  startEnrolment,
} from '../../services/second-factor.js';
import { SESSION_COOKIE, type AppOptions } from '../app.js';
import { ERROR_RESPONSES, type TypedApp } from '../typed-app.js';

const totpCode = z.string().min(1).max(16);
const credentials = z
  .object({
    username: z.string().min(1).max(100),
    password: z.string().min(1).max(1024),
    /** Needed when the account has a second factor; the answer `second_factor_required` asks for it. */
    code: totpCode.optional(),
  })
  .strict();

const DEVICE_COOKIE = 'dossier_device';
const DEVICE_LIFETIME_S = 180 * 24 * 60 * 60;

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
      const { token, user, device } = await login(ctx, {
        ...request.body,
        address: request.ip,
        device: request.cookies[DEVICE_COOKIE],
      });
      reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: SESSION_LIFETIME_MS / 1000 });
      // Sent only to the login route: it marks this browser as one that has logged in to the account before.
      reply.setCookie(DEVICE_COOKIE, device, {
        ...cookieOptions,
        path: '/api/auth/login',
        maxAge: DEVICE_LIFETIME_S,
      });
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
                mustEnrolSecondFactor: z.boolean(),
                secondFactor: z.boolean(),
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
                mustEnrolSecondFactor: actor.mustEnrolSecondFactor === true,
                secondFactor: Boolean(await confirmedFactor(ctx, actor.id)),
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
      await changePassword(
        ctx,
        request.actor,
        request.body.currentPassword,
        request.body.newPassword,
        request.ip,
      );
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/auth/second-factor/start',
    {
      schema: {
        tags: ['auth'],
        summary: 'Start setting up a TOTP second factor: a new secret, to be confirmed with a first code',
        body: z.object({ password: z.string().min(1).max(1024) }).strict(),
        response: { 200: z.object({ secret: z.string(), uri: z.string() }), ...ERROR_RESPONSES },
      },
    },
    async (request) => startEnrolment(ctx, request.actor, request.body.password, request.ip),
  );

  app.post(
    '/api/auth/second-factor/confirm',
    {
      schema: {
        tags: ['auth'],
        summary: 'Confirm the second factor with a code from the authenticator app',
        body: z.object({ code: totpCode }).strict(),
        response: { 204: z.null(), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      await confirmEnrolment(ctx, request.actor, request.body.code);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/auth/second-factor/disable',
    {
      schema: {
        tags: ['auth'],
        summary: 'Remove your second factor (password and a current code)',
        body: z.object({ password: z.string().min(1).max(1024), code: totpCode }).strict(),
        response: { 204: z.null(), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      await disableSecondFactor(ctx, request.actor, request.body.password, request.body.code, request.ip);
      return reply.status(204).send(null);
    },
  );
}
