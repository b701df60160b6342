import 'leaflet/dist/leaflet.css';
import L from 'leaflet';
import { useEffect, useRef } from 'react';
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

/**
 * Places on a map. Without a configured tile server the map draws points and outlines on a plain
 * background: no request leaves this server unless an operator configured tiles.
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
  const config = useApi<{ tiles: { url: string; attribution: string } | null }>('/api/config');

  useEffect(() => {
    if (!element.current || !places.data || !config.data) return;
    const map = L.map(element.current, { attributionControl: Boolean(config.data.tiles) });
    if (config.data.tiles)
      L.tileLayer(config.data.tiles.url, { attribution: config.data.tiles.attribution, maxZoom: 18 }).addTo(
        map,
      );
    const personById = new Map((people.data?.items ?? []).map((p) => [p.id, p]));
    const bounds: L.LatLngExpression[] = [];
    for (const place of places.data.items) {
      const location = place.location as {
        geometry: { type: string; coordinates: unknown };
        certainty: string;
      } | null;
      if (!location) continue;
      const colour = KIND_COLOURS[String(place.kind)] ?? '#444444';
      const dashed = location.certainty !== 'confirmed';
      const linked = (relations.data?.items ?? []).filter(
        (r) => r.objectId === place.id && personById.has(String(r.subjectId)),
      );
      const popup = document.createElement('div');
      const title = document.createElement('strong');
      title.textContent = displayName(place.names as Name[], lang);
      popup.append(title);
      const meta = document.createElement('div');
      meta.textContent = `${t(`enum.${String(place.kind)}`)} — ${t(`certainty.${location.certainty}`)}`;
      popup.append(meta);
      const list = document.createElement('ul');
      for (const r of linked.slice(0, 20)) {
        const item = document.createElement('li');
        item.textContent = `${displayName(personById.get(String(r.subjectId))!.names as Name[], lang)} (${t(`enum.${String(r.kind)}`)}, ${t(`certainty.${String(r.certainty)}`)})`;
        list.append(item);
      }
      popup.append(list);
      const open = document.createElement('button');
      open.type = 'button';
      open.textContent = t('map.open');
      open.onclick = () => navigate(`/cases/${caseId}/places/${place.id}`);
      popup.append(open);
      const style = { color: colour, weight: 2, dashArray: dashed ? '4 4' : undefined, fillOpacity: 0.35 };
      if (location.geometry.type === 'Point') {
        const [lon, lat] = location.geometry.coordinates as [number, number];
        L.circleMarker([lat, lon], { ...style, radius: 9 })
          .bindPopup(popup)
          .bindTooltip(title.textContent, { permanent: true, direction: 'right' })
          .addTo(map);
        bounds.push([lat, lon]);
      } else if (location.geometry.type === 'Polygon') {
        const ring = (location.geometry.coordinates as Array<Array<[number, number]>>)[0] ?? [];
        L.polygon(
          ring.map(([lon, lat]) => [lat, lon] as L.LatLngTuple),
          style,
        )
          .bindPopup(popup)
          .addTo(map);
        bounds.push(...ring.map(([lon, lat]) => [lat, lon] as L.LatLngTuple));
      }
    }
    if (bounds.length) map.fitBounds(L.latLngBounds(bounds as L.LatLngTuple[]).pad(0.3));
    else map.setView([32.4, 53.7], 5);
    return () => {
      map.remove();
    };
  }, [places.data, relations.data, people.data, config.data, lang, t, caseId, navigate]);

  return (
    <>
      <CaseNav caseId={caseId} />
      <h1>{t('map.title')}</h1>
      {!config.data?.tiles && <p className="muted">{t('map.noTiles')}</p>}
      <div ref={element} className="map" role="region" aria-label={t('map.title')} />
      <ul className="legend">
        <li>
          <span className="swatch" style={{ background: KIND_COLOURS.prison }} /> {t('enum.prison')}
        </li>
        <li>
          <span className="swatch" style={{ background: KIND_COLOURS.mass_grave }} /> {t('enum.mass_grave')}
        </li>
        <li>{t('map.dashed')}</li>
      </ul>
      <ul className="place-list">
        {(places.data?.items ?? []).map((p) => (
          <li key={p.id}>
            <a href={`/cases/${caseId}/places/${p.id}`}>{displayName(p.names as Name[], lang)}</a> —{' '}
            {t(`enum.${String(p.kind)}`)}
          </li>
        ))}
      </ul>
    </>
  );
}
