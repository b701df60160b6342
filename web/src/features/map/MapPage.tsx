import 'leaflet/dist/leaflet.css';
import 'leaflet.markercluster/dist/MarkerCluster.css';
import 'leaflet.markercluster/dist/MarkerCluster.Default.css';
import L from './leaflet-global.js';
import 'leaflet.markercluster';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import type { Name, Page, Rec } from '../../api.js';
import { displayName, useLang } from '../../format.js';
import { useApi } from '../../use-api.js';
import { CaseNav } from '../cases/CasePages.js';

const KIND_COLOURS: Record<string, string> = {
  prison: '#1f4e79',
  mass_grave: '#8b1a1a',
  cemetery: '#8b1a1a',
  city: '#555555',
};
const OTHER_COLOUR = '#444444';

/** How sure the identification of a place is, drawn in its outline: solid, dashed, dotted. */
const CERTAINTY_LINES: Record<string, string | undefined> = {
  confirmed: undefined,
  probable: '7 4',
  possible: '2 4',
};
const CERTAINTIES = ['confirmed', 'probable', 'possible'] as const;

type BasemapFeature = {
  type: 'Feature';
  properties: { layer: 'country' | 'province' | 'city'; en: string; fa: string; capital?: boolean };
  geometry: { type: string; coordinates: unknown };
};
type Basemap = { type: 'FeatureCollection'; source: string; features: BasemapFeature[] };

/** The basemap this server sends itself (web/public/basemap.json, built by scripts/basemap.mjs). */
function useBasemap(): Basemap | null | undefined {
  const [basemap, setBasemap] = useState<Basemap | null>();
  useEffect(() => {
    let live = true;
    fetch('/basemap.json')
      .then((r) => (r.ok ? (r.json() as Promise<Basemap>) : null))
      .catch(() => null)
      .then((b) => live && setBasemap(b));
    return () => {
      live = false;
    };
  }, []);
  return basemap;
}

/** Countries, today's provinces and cities, named in the reader's language, under the case's places. */
function drawBasemap(map: L.Map, basemap: Basemap, lang: string): void {
  const label = (f: BasemapFeature) => (lang === 'fa' ? f.properties.fa : f.properties.en);
  map.createPane('basemap').style.zIndex = '200';
  L.geoJSON(
    {
      type: 'FeatureCollection',
      features: basemap.features.filter((f) => f.properties.layer === 'country'),
    } as GeoJSON.FeatureCollection,
    {
      pane: 'basemap',
      interactive: false,
      style: (f) => ({
        color: '#8a8f94',
        weight: 1,
        fillColor: f?.properties?.en === 'Iran' ? '#fbfaf5' : '#ecebe4',
        fillOpacity: 1,
      }),
    },
  ).addTo(map);
  L.geoJSON(
    {
      type: 'FeatureCollection',
      features: basemap.features.filter((f) => f.properties.layer === 'province'),
    } as GeoJSON.FeatureCollection,
    {
      pane: 'basemap',
      style: { color: '#a9acb0', weight: 0.8, dashArray: '3 3', fill: true, fillOpacity: 0 },
      onEachFeature: (f, layer) =>
        layer.bindTooltip(label(f as unknown as BasemapFeature), {
          sticky: true,
          className: 'province-label',
        }),
    },
  ).addTo(map);
  for (const f of basemap.features.filter((c) => c.properties.layer === 'city')) {
    const [lon, lat] = f.geometry.coordinates as [number, number];
    L.circleMarker([lat, lon], {
      pane: 'basemap',
      radius: f.properties.capital ? 4 : 2.5,
      color: '#5b5f63',
      weight: 1,
      fillColor: '#5b5f63',
      fillOpacity: 1,
      interactive: false,
    })
      .bindTooltip(label(f), {
        permanent: true,
        direction: lang === 'fa' ? 'left' : 'right',
        className: 'city-label',
      })
      .addTo(map);
  }
}

/** The street-level basemap this server serves from a PMTiles archive (`DOSSIER_BASEMAP_PMTILES`). */
interface ServedBasemap {
  kind: 'vector' | 'raster';
  minZoom: number;
  maxZoom: number;
  bounds: [number, number, number, number];
  attribution: string;
}

const SERVED_TILES = '/api/basemap/tiles/{z}/{x}/{y}';

/**
 * Adds the served basemap below the places: images as Leaflet tiles; vector tiles drawn in the browser by
 * protomaps-leaflet (loaded only then), with labels in the reader's language where the tiles have them.
 */
async function addServedBasemap(map: L.Map, served: ServedBasemap, lang: 'en' | 'fa', gone: () => boolean) {
  const [west, south, east, north] = served.bounds;
  const bounds = L.latLngBounds([south, west], [north, east]);
  const options = {
    bounds,
    minZoom: 0,
    maxZoom: 18,
    maxNativeZoom: served.maxZoom,
    attribution: served.attribution,
    pane: 'tilePane',
  };
  if (served.kind === 'raster') {
    L.tileLayer(SERVED_TILES, options).addTo(map);
    return;
  }
  const { leafletLayer } = await import('protomaps-leaflet');
  if (gone()) return;
  // protomaps-leaflet's layer is a Leaflet GridLayer its types do not say it is.
  const layer = leafletLayer({
    ...options,
    url: SERVED_TILES,
    flavor: 'light',
    lang,
    maxDataZoom: served.maxZoom,
  });
  (layer as unknown as L.Layer).addTo(map);
}

/**
 * Places on a map. Without a configured tile server the basemap is the one this server sends (countries,
 * provinces and cities from Natural Earth): no request leaves this server unless an operator configured tiles.
 * Prisons and graves are coloured by kind, their outline says how sure their identification is, and nearby
 * points gather into numbered clusters.
 */
export function MapPage() {
  const { caseId = '' } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const element = useRef<HTMLDivElement>(null);
  const places = useApi<Page<Rec>>(`/api/cases/${caseId}/places?limit=500`);
  const relations = useApi<Page<Rec>>(`/api/cases/${caseId}/relations?limit=500`);
  const people = useApi<Page<Rec>>(`/api/cases/${caseId}/people?limit=500`);
  const config = useApi<{
    tiles: { url: string; attribution: string } | null;
    basemap: ServedBasemap | null;
  }>('/api/config');
  const basemap = useBasemap();

  useEffect(() => {
    if (!element.current || !places.data || !config.data || basemap === undefined) return;
    const map = L.map(element.current, { attributionControl: true, minZoom: 3, maxZoom: 18 });
    const shapes: L.Layer[] = [];
    const clusters = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 });
    const personById = new Map((people.data?.items ?? []).map((p) => [p.id, p]));
    const bounds: L.LatLngExpression[] = [];
    for (const place of places.data.items) {
      const location = place.location as {
        geometry: { type: string; coordinates: unknown };
        certainty: string;
      } | null;
      if (!location) continue;
      const colour = KIND_COLOURS[String(place.kind)] ?? OTHER_COLOUR;
      const linked = (relations.data?.items ?? []).filter(
        (r) => r.objectId === place.id && personById.has(String(r.subjectId)),
      );
      const popup = document.createElement('div');
      const title = document.createElement('strong');
      title.textContent = displayName(place.names as Name[], lang);
      title.dir = 'auto';
      popup.append(title);
      const meta = document.createElement('div');
      meta.textContent = `${t(`enum.${String(place.kind)}`)} — ${t(`certainty.${location.certainty}`)}`;
      popup.append(meta);
      const list = document.createElement('ul');
      for (const r of linked.slice(0, 20)) {
        const item = document.createElement('li');
        item.textContent = `${displayName(personById.get(String(r.subjectId))!.names as Name[], lang)} (${t(`enum.${String(r.kind)}`)}, ${t(`certainty.${String(r.certainty)}`)})`;
        item.dir = 'auto';
        list.append(item);
      }
      popup.append(list);
      const open = document.createElement('button');
      open.type = 'button';
      open.textContent = t('map.open');
      open.onclick = () => navigate(`/cases/${caseId}/places/${place.id}`);
      popup.append(open);
      const style: L.PathOptions = {
        className: `place-mark certainty-${location.certainty}`,
        color: colour,
        weight: location.certainty === 'confirmed' ? 3 : 2,
        fillOpacity: location.certainty === 'possible' ? 0.15 : 0.35,
        ...(CERTAINTY_LINES[location.certainty] ? { dashArray: CERTAINTY_LINES[location.certainty] } : {}),
      };
      if (location.geometry.type === 'Point') {
        const [lon, lat] = location.geometry.coordinates as [number, number];
        clusters.addLayer(
          L.circleMarker([lat, lon], { ...style, radius: 9 })
            .bindPopup(popup)
            .bindTooltip(title.textContent, { permanent: true, direction: lang === 'fa' ? 'left' : 'right' }),
        );
        bounds.push([lat, lon]);
      } else if (location.geometry.type === 'Polygon') {
        const ring = (location.geometry.coordinates as Array<Array<[number, number]>>)[0] ?? [];
        shapes.push(
          L.polygon(
            ring.map(([lon, lat]) => [lat, lon] as L.LatLngTuple),
            style,
          ).bindPopup(popup),
        );
        bounds.push(...ring.map(([lon, lat]) => [lat, lon] as L.LatLngTuple));
      }
    }
    // The view first: layers in a pane of their own and the clusters are laid out for the map's zoom.
    if (bounds.length) map.fitBounds(L.latLngBounds(bounds as L.LatLngTuple[]).pad(0.3));
    else map.setView([32.4, 53.7], 5);
    if (config.data.tiles)
      L.tileLayer(config.data.tiles.url, { attribution: config.data.tiles.attribution, maxZoom: 18 }).addTo(
        map,
      );
    else if (basemap) {
      drawBasemap(map, basemap, lang);
      map.attributionControl.addAttribution(t('map.basemapSource'));
    }
    let removed = false;
    // Streets from the PMTiles archive this server holds, over the bundled borders (which show beyond it).
    if (!config.data.tiles && config.data.basemap)
      void addServedBasemap(map, config.data.basemap, lang, () => removed);
    for (const shape of shapes) shape.addTo(map);
    map.addLayer(clusters);
    return () => {
      removed = true;
      map.remove();
    };
  }, [places.data, relations.data, people.data, config.data, basemap, lang, t, caseId, navigate]);

  return (
    <>
      <CaseNav caseId={caseId} />
      <h1>{t('map.title')}</h1>
      {!config.data?.tiles && <p className="muted">{t(basemap ? 'map.bundled' : 'map.noTiles')}</p>}
      <div ref={element} className="map" role="region" aria-label={t('map.title')} />
      <ul className="legend" aria-label={t('map.legend')}>
        <li>
          <span className="swatch" style={{ background: KIND_COLOURS.prison }} /> {t('enum.prison')}
        </li>
        <li>
          <span className="swatch" style={{ background: KIND_COLOURS.mass_grave }} /> {t('enum.mass_grave')}
        </li>
        <li>
          <span className="swatch" style={{ background: OTHER_COLOUR }} /> {t('map.otherPlace')}
        </li>
        {CERTAINTIES.map((c) => (
          <li key={c}>
            <svg className="line-sample" width="28" height="10" aria-hidden="true">
              <line
                x1="1"
                y1="5"
                x2="27"
                y2="5"
                stroke="currentColor"
                strokeWidth={c === 'confirmed' ? 3 : 2}
                strokeDasharray={CERTAINTY_LINES[c]}
              />
            </svg>{' '}
            {t(`map.certainty.${c}`)}
          </li>
        ))}
        <li>{t('map.clusters')}</li>
        {basemap && !config.data?.tiles && <li>{t('map.provincesToday')}</li>}
      </ul>
      <ul className="place-list">
        {(places.data?.items ?? []).map((p) => (
          <li key={p.id}>
            <a href={`/cases/${caseId}/places/${p.id}`}>
              <bdi>{displayName(p.names as Name[], lang)}</bdi>
            </a>{' '}
            — {t(`enum.${String(p.kind)}`)}
          </li>
        ))}
      </ul>
    </>
  );
}
