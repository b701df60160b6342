import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn } from '../chromium.js';
import { writePmtiles } from '../pmtiles-archive.js';
import { INVESTIGATOR, launchChromium, startServer, type RunningServer } from './server.js';

/** Every tile of zooms 0–7 around Tehran (where the demo's places are), each made by `tile`. */
function tilesAroundTehran(tile: (z: number) => Buffer) {
  const tiles = [];
  for (let z = 0; z <= 7; z++) {
    const n = 2 ** z;
    const x = Math.floor(((51.4 + 180) / 360) * n);
    const lat = (35.7 * Math.PI) / 180;
    const y = Math.floor(((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2) * n);
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++) {
        const tx = x + dx;
        const ty = y + dy;
        if (tx >= 0 && ty >= 0 && tx < n && ty < n) tiles.push({ z, x: tx, y: ty, data: tile(z) });
      }
  }
  return tiles;
}

/**
 * The map with a street-level basemap this server holds (DOSSIER_BASEMAP_PMTILES): a raster archive drawn as
 * image tiles, a vector archive drawn by protomaps-leaflet, both fetched from this server only.
 */
describe('map over a PMTiles basemap served by the server, in Chromium', () => {
  let browser: Browser;
  let dir: string;
  const servers: RunningServer[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    dir = mkdtempSync(join(tmpdir(), 'dossier-e2e-basemap-'));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    for (const server of servers) await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function openMap(server: RunningServer): Promise<{ page: Page; tiles: string[]; outside: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
    const page = await context.newPage();
    const tiles: string[] = [];
    const outside: string[] = [];
    page.on('requestfinished', (request) => {
      if (request.url().includes('/api/basemap/tiles/')) tiles.push(request.url());
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(server.url) && !request.url().startsWith('data:'))
        outside.push(request.url());
    });
    await logIn(page, server.url, INVESTIGATOR);
    await page.goto(`${server.url}/cases/${server.caseId}/map`);
    return { page, tiles, outside };
  }

  it('draws a raster archive’s tiles under the places', async () => {
    // A real 256 × 256 PNG, drawn by Chromium itself.
    const painter = await browser.newPage({ viewport: { width: 256, height: 256 } });
    await painter.setContent('<body style="margin:0;background:#c8e0c0"></body>');
    const png = await painter.screenshot({ type: 'png' });
    await painter.close();
    const file = join(dir, 'raster.pmtiles');
    writeFileSync(
      file,
      writePmtiles({
        tileType: 2,
        tileCompression: 1,
        metadata: { attribution: 'Test streets' },
        tiles: tilesAroundTehran(() => png),
      }),
    );
    const server = await startServer({ basemap: file });
    servers.push(server);
    const { page, tiles, outside } = await openMap(server);
    const drawn = page.locator('.leaflet-tile-pane img.leaflet-tile-loaded[src*="/api/basemap/tiles/"]');
    await expect.poll(() => drawn.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(tiles.length).toBeGreaterThan(0);
    expect(await page.locator('.leaflet-control-attribution').textContent()).toContain('Test streets');
    // The places are still there, above the streets.
    expect(await page.locator('.place-mark').count()).toBeGreaterThan(0);
    expect(outside).toEqual([]);
    await page.context().close();
  });

  it('draws a vector archive in the browser, asking this server for its tiles', async () => {
    // A vector tile with one empty layer named "earth" (a valid Mapbox Vector Tile; nothing to draw is fine).
    const layer = Buffer.concat([
      Buffer.from([0x78, 0x02, 0x0a, 0x05]),
      Buffer.from('earth'),
      Buffer.from([0x28, 0x80, 0x20]),
    ]);
    const mvt = Buffer.concat([Buffer.from([0x1a, layer.length]), layer]);
    const file = join(dir, 'vector.pmtiles');
    writeFileSync(
      file,
      writePmtiles({ tileType: 1, tileCompression: 2, tiles: tilesAroundTehran(() => gzipSync(mvt)) }),
    );
    const server = await startServer({ basemap: file });
    servers.push(server);
    const errors: string[] = [];
    const { page, tiles, outside } = await openMap(server);
    page.on('pageerror', (error) => errors.push(error.message));
    await expect.poll(() => tiles.length, { timeout: 15_000 }).toBeGreaterThan(0);
    // protomaps-leaflet draws each tile on a canvas of its own.
    await expect
      .poll(() => page.locator('.leaflet-tile-pane canvas.leaflet-tile').count())
      .toBeGreaterThan(0);
    expect(await page.locator('.place-mark').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    expect(outside).toEqual([]);
    await page.context().close();
  });
});
