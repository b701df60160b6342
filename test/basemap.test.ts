import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/http/app.js';
import { openBasemap } from '../src/http/basemap.js';
import { makeCase, makeMember } from './factories.js';
import { loginCookie, type TestApp } from './http.js';
import { writePmtiles } from './pmtiles-archive.js';
import { createTestStore, type TestStore } from './stores.js';

/** A 1×1 PNG per tile, each a different colour, so that a tile served can be told from its neighbours. */
const png = (n: number) => Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from(`tile ${n}`)]);

describe('a street-level basemap from a PMTiles archive', () => {
  let t: TestStore;
  let dir: string;
  const apps: TestApp[] = [];
  let cookie: string;
  /** A vector tile's bytes (what a Mapbox Vector Tile holds does not matter to the server). */
  const vectorTile = Buffer.from('\x1a\x0c\x0a\x05roads\x28\x80\x20\x78\x02'.repeat(40), 'latin1');

  beforeAll(async () => {
    t = await createTestStore('sqlite');
    dir = mkdtempSync(join(tmpdir(), 'dossier-basemap-'));
    const caseId = (await makeCase(t.ctx)).id;
    await makeMember(t.ctx, caseId, 'mapper', 'analyst');
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await t.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  async function serve(file: string | null): Promise<TestApp> {
    const app = await buildApp({
      ctx: t.ctx,
      cookieSecure: true,
      ...(file ? { basemap: await openBasemap(file) } : {}),
    });
    apps.push(app);
    cookie = await loginCookie(app, 'mapper');
    return app;
  }

  it('serves a raster archive tile by tile to a logged-in user, and nothing to anyone else', async () => {
    const file = join(dir, 'raster.pmtiles');
    writeFileSync(
      file,
      writePmtiles({
        tileType: 2,
        tileCompression: 1,
        metadata: { attribution: '© OpenStreetMap contributors' },
        tiles: [
          { z: 0, x: 0, y: 0, data: png(0) },
          { z: 1, x: 0, y: 0, data: png(10) },
          { z: 1, x: 1, y: 0, data: png(11) },
          { z: 1, x: 1, y: 1, data: png(12) },
        ],
      }),
    );
    const app = await serve(file);
    const info = await app.inject({ url: '/api/basemap', headers: { cookie } });
    expect(info.statusCode).toBe(200);
    expect(info.json()).toEqual({
      kind: 'raster',
      minZoom: 0,
      maxZoom: 1,
      bounds: [44, 25, 63.3, 39.8],
      attribution: '© OpenStreetMap contributors',
    });
    for (const [path, n] of [
      ['0/0/0', 0],
      ['1/1/0', 11],
      ['1/1/1', 12],
    ] as const) {
      const tile = await app.inject({ url: `/api/basemap/tiles/${path}`, headers: { cookie } });
      expect(tile.statusCode, path).toBe(200);
      expect(tile.headers['content-type']).toBe('image/png');
      expect(tile.headers['cache-control']).toBe('no-store');
      expect(tile.rawPayload.equals(png(n)), path).toBe(true);
    }
    // A tile the archive does not hold, and a zoom beyond it: nothing to draw.
    expect((await app.inject({ url: '/api/basemap/tiles/1/0/1', headers: { cookie } })).statusCode).toBe(204);
    expect((await app.inject({ url: '/api/basemap/tiles/5/3/3', headers: { cookie } })).statusCode).toBe(204);
    for (const url of ['/api/basemap', '/api/basemap/tiles/0/0/0']) {
      const anonymous = await app.inject({ url });
      expect([url, anonymous.statusCode]).toEqual([url, 401]);
      expect(anonymous.body).not.toContain('tile 0');
    }
  });

  it('serves a vector archive’s tiles as Mapbox Vector Tiles, gzip-compressed when the browser takes it', async () => {
    const file = join(dir, 'vector.pmtiles');
    writeFileSync(
      file,
      writePmtiles({
        tileType: 1,
        tileCompression: 2,
        tiles: [{ z: 0, x: 0, y: 0, data: gzipSync(vectorTile) }],
      }),
    );
    const app = await serve(file);
    expect((await app.inject({ url: '/api/basemap', headers: { cookie } })).json()).toMatchObject({
      kind: 'vector',
      attribution: '',
    });
    const gz = await app.inject({
      url: '/api/basemap/tiles/0/0/0',
      headers: { cookie, 'accept-encoding': 'gzip, br' },
    });
    expect(gz.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).equals(vectorTile)).toBe(true);
    const plain = await app.inject({ url: '/api/basemap/tiles/0/0/0', headers: { cookie } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.equals(vectorTile)).toBe(true);
  });

  it('names the coordinate that is out of range, and says when no basemap is configured', async () => {
    const app = await serve(null);
    const none = await app.inject({ url: '/api/basemap', headers: { cookie } });
    expect(none.statusCode).toBe(404);
    expect(none.json().error.code).toBe('not_found');
    const configured = apps[0]!;
    cookie = await loginCookie(configured, 'mapper');
    for (const [url, field] of [
      ['/api/basemap/tiles/1/2/0', 'params.x'],
      ['/api/basemap/tiles/1/0/2', 'params.y'],
      ['/api/basemap/tiles/31/0/0', 'params.z'],
      ['/api/basemap/tiles/a/0/0', 'params.z'],
    ] as const) {
      const bad = await configured.inject({ url, headers: { cookie } });
      expect([url, bad.statusCode]).toEqual([url, 400]);
      expect(JSON.stringify(bad.json()), url).toContain(field);
    }
  });

  it('refuses, when the server starts, a file that is not a PMTiles archive, naming the setting', async () => {
    const file = join(dir, 'not-tiles.pmtiles');
    writeFileSync(file, 'just some text, not a basemap');
    await expect(openBasemap(file)).rejects.toThrow(/DOSSIER_BASEMAP_PMTILES: .* is not a PMTiles archive/);
    await expect(openBasemap(join(dir, 'missing.pmtiles'))).rejects.toThrow(
      /DOSSIER_BASEMAP_PMTILES: cannot open/,
    );
  });
});
