import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { toLatinDigits } from '../domain/digits.js';
import type { MemorialCard, MemorialPerson } from '../services/memorial-index.js';
import {
  initialDataHtml,
  memorialPersonHtml,
  pageLanguage,
  searchPageHtml,
  type PageLang,
  type SearchForm,
  type Strings,
} from './public-pages.js';

/** Hashed build assets never change under their name: a browser keeps them a year without asking again. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html names the current hashed assets: always revalidated (an ETag answers 304), never stale. */
const REVALIDATE = 'no-cache';

/**
 * The application's page with its entry stylesheet written into it: on a slow phone network every request costs a
 * round trip (two seconds on "Slow 3G"), and a stylesheet holds back the first frame until it has arrived, so a
 * separate file would make a relative wait two seconds more for a page whose text is already there. Only the
 * entry stylesheet (the public pages' styles) is inlined; the workspace's own stylesheet loads with its script.
 */
export function inlineEntryStylesheet(html: string, root: string): string {
  return html.replace(
    /<link rel="stylesheet"(?: crossorigin)? href="\/assets\/([A-Za-z0-9_.-]+\.css)">/,
    (tag, name: string) => {
      const file = join(root, 'assets', name);
      if (!existsSync(file)) return tag;
      const css = readFileSync(file, 'utf8');
      // A stylesheet that could close the element it is written into stays a file.
      return /<\/style/i.test(css) ? tag : `<style>${css}</style>`;
    },
  );
}

/**
 * An HTML page with its ETag; each compressed form is made when a browser first asks for it, so a page written
 * for one request is compressed once, in the encoding that browser takes.
 */
interface EncodedPage {
  plain: Buffer;
  br(): Buffer;
  gzip(): Buffer;
  etag: string;
}

function encodePage(html: string): EncodedPage {
  const plain = Buffer.from(html, 'utf8');
  let br: Buffer | undefined;
  let gzip: Buffer | undefined;
  return {
    plain,
    // Quality 5 compresses a page of some 20 KB in well under a millisecond, nearly as small as the maximum.
    br: () => (br ??= brotliCompressSync(plain, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })),
    gzip: () => (gzip ??= gzipSync(plain, { level: 6 })),
    etag: `"${createHash('sha256').update(plain).digest('base64url').slice(0, 27)}"`,
  };
}

/** Sends a page compressed as the browser accepts, or 304 when the browser holds the same page. */
function sendPage(request: FastifyRequest, reply: FastifyReply, page: EncodedPage) {
  reply.header('etag', page.etag);
  reply.type('text/html; charset=utf-8');
  const held = request.headers['if-none-match'];
  if (held && held.split(',').some((tag) => tag.trim() === page.etag)) return reply.status(304).send();
  const accepted = String(request.headers['accept-encoding'] ?? '');
  if (/\bbr\b/.test(accepted)) return reply.header('content-encoding', 'br').send(page.br());
  if (/\bgzip\b/.test(accepted)) return reply.header('content-encoding', 'gzip').send(page.gzip());
  return reply.send(page.plain);
}

/** Where the server finds what it writes into the public pages; each may be absent (then the plain app page). */
export interface PublicPageSources {
  /** A memorial entry by id, or null when there is none (then the app says not found). */
  person(id: string): Promise<MemorialPerson | null>;
  /** The family search's cards, or null when the query is not one the search takes. */
  search(query: Record<string, string>): Promise<MemorialCard[] | null>;
  /** Counts a search against the anonymous limit; false when the visitor is over it. */
  allowSearch(request: FastifyRequest): boolean;
}

const SEARCH_FIELDS = ['q', 'fatherName', 'birthYear'] as const;

function readStrings(root: string): Strings | null {
  const file = (lang: PageLang) => join(root, 'i18n', `${lang}.json`);
  if (!existsSync(file('en')) || !existsSync(file('fa'))) return null;
  return {
    en: JSON.parse(readFileSync(file('en'), 'utf8')) as Record<string, unknown>,
    fa: JSON.parse(readFileSync(file('fa'), 'utf8')) as Record<string, unknown>,
  };
}

/**
 * Serves the built single-page application. Client routes (anything that is not /api and not a file) get the
 * application's page, in the reader's language and direction from the first frame. Assets are sent precompressed
 * (brotli or gzip, written at build by scripts/precompress.mjs) and cached for good, as their names carry a hash
 * of their content. The public pages (family search, memorial pages) are written out by the server with their data
 * (src/http/public-pages.ts). A strict content security policy keeps every script, style and font on this server;
 * images may also come from the configured tile server.
 */
export async function serveWeb(
  app: FastifyInstance,
  root: string,
  tileUrl?: string,
  sources?: PublicPageSources,
): Promise<void> {
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    // The page itself is sent from memory below, with its stylesheet inlined.
    index: false,
    preCompressed: true,
    cacheControl: false,
  });
  const strings = readStrings(root);
  const baseHtml = inlineEntryStylesheet(readFileSync(join(root, 'index.html'), 'utf8'), root);
  const shell = (lang: PageLang) =>
    baseHtml.replace(/<html[^>]*>/, `<html lang="${lang}" dir="${lang === 'fa' ? 'rtl' : 'ltr'}">`);
  const appPages = { en: encodePage(shell('en')), fa: encodePage(shell('fa')) };
  const withContent = (lang: PageLang, content: string, data: string) =>
    shell(lang)
      .replace('<div id="root"></div>', `<div id="root">${content}</div>`)
      .replace('</body>', `${data}</body>`);
  const langOf = (request: FastifyRequest) =>
    pageLanguage(request.cookies?.lang, request.headers['accept-language']);
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
    const asset = request.url.startsWith('/assets/');
    // A page is written in the reader's language, chosen by a cookie or the browser's languages.
    reply.header('vary', asset ? 'accept-encoding' : 'accept-encoding, accept-language, cookie');
    reply.header('cache-control', asset ? IMMUTABLE : REVALIDATE);
  });
  // A memorial page, written out with its data. Counted against the anonymous search limit, as the API that holds
  // the same data.
  app.get<{ Params: { id: string } }>(
    '/memorial/:id',
    { schema: { hide: true }, config: { anonymousLimit: 'search' } },
    async (request, reply) => {
      const lang = langOf(request);
      const id = request.params.id;
      const person = strings && sources && /^[A-Za-z0-9-]{1,100}$/.test(id) ? await sources.person(id) : null;
      if (!strings || !person) return sendPage(request, reply, appPages[lang]);
      const html = withContent(
        lang,
        memorialPersonHtml(strings, lang, person),
        initialDataHtml(`/api/public/people/${encodeURIComponent(id)}`, person),
      );
      return sendPage(request, reply, encodePage(html));
    },
  );
  // The family search, written out with its form and, for a query, its results.
  app.get<{ Querystring: Record<string, unknown> }>(
    '/',
    { schema: { hide: true } },
    async (request, reply) => {
      const lang = langOf(request);
      if (!strings) return sendPage(request, reply, appPages[lang]);
      const form: SearchForm = { q: '', fatherName: '', birthYear: '' };
      const query: Record<string, string> = {};
      for (const field of SEARCH_FIELDS) {
        const value = request.query[field];
        if (typeof value !== 'string') continue;
        form[field] = value;
        const typed = (field === 'birthYear' ? toLatinDigits(value) : value).trim();
        if (typed) query[field] = typed;
      }
      let cards: MemorialCard[] | null = null;
      let data = '';
      if (query.q && sources && sources.allowSearch(request)) {
        cards = await sources.search(query);
        if (cards)
          data = initialDataHtml(`/api/public/search?${new URLSearchParams(query).toString()}`, {
            items: cards,
          });
      }
      return sendPage(
        request,
        reply,
        encodePage(withContent(lang, searchPageHtml(strings, lang, form, cards), data)),
      );
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
    return sendPage(request, reply, appPages[langOf(request)]);
  });
}
