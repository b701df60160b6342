import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { memorialHeadingHtml, type MemorialHeading } from './memorial-html.js';

/** Hashed build assets never change under their name: a browser keeps them a year without asking again. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html names the current hashed assets: always revalidated (an ETag answers 304), never stale. */
const REVALIDATE = 'no-cache';

/**
 * Serves the built single-page application. Client routes (anything that is not /api and not a file) get
 * index.html. Assets are sent precompressed (brotli or gzip, written at build by scripts/precompress.mjs) and
 * cached for good, as their names carry a hash of their content. A strict content security policy keeps every
 * script, style and font on this server; images may also come from the configured tile server.
 */
export async function serveWeb(
  app: FastifyInstance,
  root: string,
  tileUrl?: string,
  /** A memorial entry by id, or null when there is none (then the page is the plain app, which says not found). */
  memorialEntry?: (id: string) => Promise<MemorialHeading | null>,
): Promise<void> {
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    preCompressed: true,
    cacheControl: false,
  });
  const indexHtml = readFileSync(join(root, 'index.html'), 'utf8');
  const tileOrigin = tileUrl ? new URL(tileUrl.replace(/\{[a-z]\}/g, 'a')).origin : '';
  const policy = [
    "default-src 'self'",
    `img-src 'self' data: ${tileOrigin}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "script-src 'self'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
  // Runs after the application's own onSend hook (registered first), which marks every answer no-store: the
  // web's files are public and the same for everyone, so they may be cached; API answers stay no-store.
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/')) return;
    reply.header('content-security-policy', policy);
    if (reply.statusCode >= 400) return;
    reply.header('vary', 'accept-encoding');
    reply.header('cache-control', request.url.startsWith('/assets/') ? IMMUTABLE : REVALIDATE);
  });
  // A memorial page: its data is asked for while the script loads (one round trip less on a slow phone), and its
  // heading is in the HTML itself. Counted against the anonymous search limit, as the API that holds the same data.
  app.get<{ Params: { id: string } }>(
    '/memorial/:id',
    { schema: { hide: true }, config: { anonymousLimit: 'search' } },
    async (request, reply) => {
      const id = request.params.id;
      // Only an id of this shape is written into the page (it cannot break out of the attribute).
      if (!/^[A-Za-z0-9-]{1,100}$/.test(id)) return reply.type('text/html').sendFile('index.html');
      const entry = memorialEntry ? await memorialEntry(id) : null;
      const hint = `<link rel="preload" as="fetch" crossorigin="anonymous" href="/api/public/people/${id}" />`;
      let html = indexHtml.replace('</head>', `    ${hint}\n  </head>`);
      if (entry)
        html = html.replace('<div id="root"></div>', `<div id="root">${memorialHeadingHtml(entry)}</div>`);
      return reply.type('text/html; charset=utf-8').send(html);
    },
  );
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (path.startsWith('/api/')) {
      return reply.status(404).send({
        error: { code: 'not_found', message: `no route ${request.method} ${path}` },
      });
    }
    // A hashed asset that is not there (an old build's) is not the app: a 404, not index.html as JavaScript.
    if (path.startsWith('/assets/')) return reply.status(404).type('text/plain').send('not found');
    return reply.type('text/html').sendFile('index.html', { cacheControl: false });
  });
}
