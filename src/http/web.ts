import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Serves the built single-page application. Client routes (anything that is not /api and not a file) get
 * index.html. A strict content security policy keeps every script, style and font on this server; images may
 * also come from the configured tile server.
 */
export async function serveWeb(app: FastifyInstance, root: string, tileUrl?: string): Promise<void> {
  await app.register(fastifyStatic, { root, prefix: '/', wildcard: false, index: ['index.html'] });
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
  app.addHook('onSend', async (request, reply) => {
    if (!request.url.startsWith('/api/')) reply.header('content-security-policy', policy);
  });
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    if (request.url.startsWith('/api/')) {
      return reply.status(404).send({
        error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` },
      });
    }
    return reply.type('text/html').sendFile('index.html', { cacheControl: false });
  });
}
