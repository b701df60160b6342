import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Actor } from '../auth/index.js';
import { actorForToken } from '../services/accounts.js';
import type { ServiceContext } from '../services/context.js';
import { handleError } from './errors.js';
import { NotFoundError, TooManyRequestsError } from '../domain/errors.js';
import { getMemorialPerson, memorialCardsJson, type MemorialCard } from '../services/memorial.js';
import {
  AnonymousRateLimiter,
  DEFAULT_ANONYMOUS_LIMITS,
  type AnonymousLimitKind,
  type AnonymousLimits,
} from './rate-limit.js';
import { registerAuthRoutes } from './routes/auth.routes.js';
import { registerBundleRoutes } from './routes/bundle.routes.js';
import type { BundleSettings } from '../services/bundle-store.js';
import { registerCaseRoutes } from './routes/cases.routes.js';
import { registerDossierRoutes } from './routes/dossier.routes.js';
import { registerEstimateRoutes } from './routes/estimates.routes.js';
import { registerEvidenceRoutes } from './routes/evidence.routes.js';
import { memorialSearchQuery, registerPublicRoutes } from './routes/public.routes.js';
import { registerPublicSuspectRoutes } from './routes/public-suspects.routes.js';
import { memorialSearchThreads } from '../services/memorial-search-threads.js';
import { registerRecordRoutes } from './routes/records.routes.js';
import { registerRegistryRoutes } from './routes/registry.routes.js';
import { registerSearchRoutes } from './routes/search.routes.js';
import { serveWeb } from './web.js';
import { registerBasemapRoutes, type Basemap } from './basemap.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
  }
  interface FastifyContextConfig {
    /** The anonymous rate limit this route counts against (logged-in users are not limited). */
    anonymousLimit?: AnonymousLimitKind;
  }
}

export const SESSION_COOKIE = 'dossier_session';

/** Content-Security-Policy of the API documentation pages (`/api/docs`). */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // Swagger UI sets style attributes on the elements it draws; no inline script is allowed.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

export interface AppOptions {
  ctx: ServiceContext;
  /** Folder of the built web application; served with a fallback to index.html for client routes. */
  webRoot?: string;
  /** Map tile template (`https://…/{z}/{x}/{y}.png`); unset means no tiles. */
  tileUrl?: string;
  tileAttribution?: string;
  /** A street-level basemap from a PMTiles archive (`openBasemap`); closed with the app. */
  basemap?: Basemap;
  /** Mark the session cookie Secure (HTTPS only). */
  cookieSecure: boolean;
  logger?: boolean;
  /** Rate limits of anonymous visitors per address; the defaults when left out. */
  anonymousLimits?: AnonymousLimits;
  /**
   * Which proxies to believe about the client's address (addresses or CIDR ranges, comma-separated). Behind
   * a reverse proxy, without it every visitor shares the proxy's address and so its rate limits.
   */
  trustProxy?: string;
  /**
   * Worker threads that run the public family search, each with its own read-only connection (1 by default;
   * 0: in the thread that answers every request).
   */
  memorialSearchThreads?: number;
  /** Where bundles made over HTTP are kept, the key that signs them and the Chromium that prints their PDF. */
  bundles?: BundleSettings;
}

export type App = FastifyInstance;

/** Builds the HTTP application: thin routes over the services, one error mapping, OpenAPI at /api/openapi.json. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // Request logs name method, path and status only: no client address, no cookies. A log of who connected
    // from where is a list an adversary would want.
    logger: options.logger
      ? {
          level: 'info',
          serializers: {
            req: (req: { method: string; url: string }) => ({
              method: req.method,
              url: req.url.split('?')[0],
            }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
        }
      : false,
    bodyLimit: 1024 * 1024,
    // Never trust client-supplied addresses unless a proxy is configured deliberately. The address is used
    // only for anonymous rate limits (hashed, in memory); logs keep none.
    trustProxy: options.trustProxy ?? false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({
      error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` },
    });
  });

  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Dossier API',
        version: '0.1.0',
        description: 'Evidence and documentation platform for atrocity crimes.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    // No third party: the schema validator badge would tell swagger.io who reads these docs.
    uiConfig: { validatorUrl: null },
    // Swagger UI loads its own scripts and styles from here; nothing inline runs, nothing else is fetched.
    staticCSP: DOCS_CSP,
  });

  app.decorateRequest('actor', null as never);
  const limiter = new AnonymousRateLimiter(options.anonymousLimits ?? DEFAULT_ANONYMOUS_LIMITS);
  app.addHook('onRequest', async (request) => {
    request.actor = await actorForToken(options.ctx, request.cookies[SESSION_COOKIE]);
    const limit = request.routeOptions.config.anonymousLimit;
    if (limit && request.actor.kind === 'anonymous') limiter.check(limit, request.ip);
  });
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cache-control', 'no-store');
  });

  app.get('/api/health', { schema: { hide: true } }, async () => ({ ok: true }));
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  registerAuthRoutes(app, options);
  registerCaseRoutes(app, options.ctx);
  registerRecordRoutes(app, options.ctx);
  const searchThreads = memorialSearchThreads(options.ctx.store.options, options.memorialSearchThreads ?? 1);
  if (searchThreads) app.addHook('onClose', () => searchThreads.close());
  registerPublicRoutes(app, options.ctx, searchThreads);
  registerEstimateRoutes(app, options.ctx);
  registerRegistryRoutes(app, options.ctx);
  registerEvidenceRoutes(app, options.ctx);
  registerSearchRoutes(app, options.ctx);
  registerBundleRoutes(app, options.ctx, options.bundles);
  registerDossierRoutes(app, options.ctx);
  registerPublicSuspectRoutes(app, options.ctx);
  registerBasemapRoutes(app, options.basemap ?? null);
  if (options.basemap) app.addHook('onClose', () => options.basemap!.close());
  app.get('/api/config', { schema: { hide: true } }, async () => ({
    tiles: options.tileUrl ? { url: options.tileUrl, attribution: options.tileAttribution ?? '' } : null,
    basemap: options.basemap?.info ?? null,
  }));
  if (options.webRoot && existsSync(join(options.webRoot, 'index.html')))
    await serveWeb(app, options.webRoot, options.tileUrl, {
      person: (id) =>
        getMemorialPerson(options.ctx, id).catch((error: unknown) => {
          if (error instanceof NotFoundError) return null;
          throw error;
        }),
      search: async (query) => {
        const parsed = memorialSearchQuery.safeParse(query);
        if (!parsed.success) return null;
        const cards = await memorialCardsJson(options.ctx, parsed.data, searchThreads);
        return cards.map((card) => JSON.parse(card) as MemorialCard);
      },
      allowSearch: (request) => {
        if (request.actor.kind !== 'anonymous') return true;
        try {
          limiter.check('search', request.ip);
          return true;
        } catch (error) {
          if (error instanceof TooManyRequestsError) return false;
          throw error;
        }
      },
    });
  await app.ready();
  return app;
}
