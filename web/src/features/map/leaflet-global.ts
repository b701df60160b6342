/**
 * Leaflet as the global `L`, which Leaflet.markercluster extends when it loads: import this module before
 * 'leaflet.markercluster'.
 */
import L from 'leaflet';

(globalThis as unknown as { L: typeof L }).L = L;

export default L;
