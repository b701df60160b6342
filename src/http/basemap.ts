import { open, type FileHandle } from 'node:fs/promises';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { Compression, PMTiles, TileType, type RangeResponse, type Source } from 'pmtiles';
import { z } from 'zod';
import { NotFoundError, UnauthenticatedError, ValidationError } from '../domain/errors.js';
import { ERROR_RESPONSES, type TypedApp } from './typed-app.js';

/**
 * A street-level basemap from one PMTiles archive on this server's disk (`DOSSIER_BASEMAP_PMTILES`), served tile
 * by tile, so that a map can show streets and buildings with no request leaving the server. Raster archives (PNG,
 * JPEG, WebP, AVIF) are drawn by Leaflet as image tiles; vector archives (Mapbox Vector Tiles, e.g. a Protomaps
 * basemap cut to Iran) by protomaps-leaflet in the browser. The archive is read with the `pmtiles` library over a
 * file handle (ranges, never the whole file).
 */

/** Reads byte ranges of the archive from disk. */
class FileSource implements Source {
  constructor(
    private readonly path: string,
    private readonly file: FileHandle,
  ) {}
  getKey(): string {
    return this.path;
  }
  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await this.file.read(buffer, 0, length, offset);
    const bytes = buffer.subarray(0, bytesRead);
    return { data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer };
  }
}

async function decompress(data: ArrayBuffer, compression: Compression): Promise<ArrayBuffer> {
  const bytes = Buffer.from(data);
  const out =
    compression === Compression.None || compression === Compression.Unknown
      ? bytes
      : compression === Compression.Gzip
        ? gunzipSync(bytes)
        : compression === Compression.Brotli
          ? brotliDecompressSync(bytes)
          : null;
  if (!out) throw new Error(`the basemap archive is compressed with zstd, which this server cannot read`);
  return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer;
}

const TILE_TYPES: Partial<Record<TileType, { kind: 'vector' | 'raster'; type: string }>> = {
  [TileType.Mvt]: { kind: 'vector', type: 'application/vnd.mapbox-vector-tile' },
  [TileType.Png]: { kind: 'raster', type: 'image/png' },
  [TileType.Jpeg]: { kind: 'raster', type: 'image/jpeg' },
  [TileType.Webp]: { kind: 'raster', type: 'image/webp' },
  [TileType.Avif]: { kind: 'raster', type: 'image/avif' },
};

/** What the web needs to draw the basemap. */
export interface BasemapInfo {
  kind: 'vector' | 'raster';
  minZoom: number;
  maxZoom: number;
  /** West, south, east, north. */
  bounds: [number, number, number, number];
  attribution: string;
}

export interface Basemap {
  info: BasemapInfo;
  /** A tile's bytes (uncompressed) and content type, or null when the archive has none there. */
  tile(z: number, x: number, y: number): Promise<{ data: Buffer; type: string } | null>;
  close(): Promise<void>;
}

/**
 * Opens the archive and reads its header; a file that is not a PMTiles archive of a tile type a browser can draw
 * is refused here, when the server starts, naming the setting.
 */
export async function openBasemap(path: string, attribution = ''): Promise<Basemap> {
  let file: FileHandle;
  try {
    file = await open(path, 'r');
  } catch (error) {
    throw new Error(`DOSSIER_BASEMAP_PMTILES: cannot open ${path} (${(error as Error).message})`, {
      cause: error,
    });
  }
  try {
    const archive = new PMTiles(new FileSource(path, file), undefined, decompress);
    const header = await archive.getHeader().catch((error: unknown) => {
      throw new Error(
        `DOSSIER_BASEMAP_PMTILES: ${path} is not a PMTiles archive (${(error as Error).message})`,
      );
    });
    const tileType = TILE_TYPES[header.tileType];
    if (!tileType)
      throw new Error(
        `DOSSIER_BASEMAP_PMTILES: ${path} holds tiles of type ${header.tileType}, not MVT or an image`,
      );
    const metadata = (await archive.getMetadata().catch(() => ({}))) as { attribution?: unknown };
    return {
      info: {
        kind: tileType.kind,
        minZoom: header.minZoom,
        maxZoom: header.maxZoom,
        bounds: [header.minLon, header.minLat, header.maxLon, header.maxLat],
        attribution: attribution || (typeof metadata.attribution === 'string' ? metadata.attribution : ''),
      },
      async tile(z, x, y) {
        const found = await archive.getZxy(z, x, y);
        return found ? { data: Buffer.from(found.data), type: tileType.type } : null;
      },
      close: () => file.close(),
    };
  } catch (error) {
    await file.close();
    throw error;
  }
}

const tileParams = z
  .object({
    z: z.coerce.number().int().min(0).max(30),
    x: z.coerce.number().int().min(0),
    y: z.coerce.number().int().min(0),
  })
  .strict();

/**
 * `GET /api/basemap` (what the map should draw, or 404 `not_configured`) and `GET /api/basemap/tiles/:z/:x/:y` (a
 * tile; 204 where the archive has none). Logged-in users only: the map is part of the workspace. Tiles are not
 * kept by the browser (which places an investigator looked at is itself sensitive); vector tiles are sent
 * gzip-compressed when the browser takes it.
 */
export function registerBasemapRoutes(app: TypedApp, basemap: Basemap | null): void {
  const tags = ['map'];
  const ready = (actor: string): Basemap => {
    if (actor === 'anonymous') throw new UnauthenticatedError('log in to see the map');
    if (!basemap) throw new NotFoundError('basemap', 'DOSSIER_BASEMAP_PMTILES');
    return basemap;
  };
  app.get(
    '/api/basemap',
    {
      schema: {
        tags,
        summary: 'The street-level basemap this server holds (DOSSIER_BASEMAP_PMTILES), if any',
        response: {
          200: z.object({
            kind: z.enum(['vector', 'raster']),
            minZoom: z.number(),
            maxZoom: z.number(),
            bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]),
            attribution: z.string(),
          }),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request) => {
      return ready(request.actor.kind).info;
    },
  );
  app.get(
    '/api/basemap/tiles/:z/:x/:y',
    {
      schema: {
        tags,
        summary: 'One tile of the basemap (204 where the archive has none)',
        params: tileParams,
        response: { 200: z.any(), 204: z.null(), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      ready(request.actor.kind);
      const { z: zoom, x, y } = request.params;
      const size = 2 ** zoom;
      if (x >= size)
        throw new ValidationError([{ field: 'params.x', message: `at most ${size - 1} at zoom ${zoom}` }]);
      if (y >= size)
        throw new ValidationError([{ field: 'params.y', message: `at most ${size - 1} at zoom ${zoom}` }]);
      const tile = await basemap!.tile(zoom, x, y);
      if (!tile) return reply.status(204).send(null);
      reply.type(tile.type);
      if (tile.type.includes('vector') && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? '')))
        return reply.header('content-encoding', 'gzip').send(gzipSync(tile.data, { level: 4 }));
      return reply.send(tile.data);
    },
  );
}
