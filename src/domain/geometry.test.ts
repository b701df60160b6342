import { describe, expect, it } from 'vitest';
import { geometrySchema, PLACE_CERTAINTIES, PLACE_PRECISIONS, placeLocationSchema } from './geometry.js';

// Khavaran cemetery, south-east of Tehran, roughly.
const POINT = { type: 'Point', coordinates: [51.57083, 35.55694] };
const RING = [
  [51.5, 35.5],
  [51.6, 35.5],
  [51.6, 35.6],
  [51.5, 35.5],
];
const location = (overrides: Record<string, unknown>) => ({
  geometry: POINT,
  precision: 'exact',
  certainty: 'confirmed',
  ...overrides,
});

describe('geometrySchema', () => {
  it.each([
    ['a point', POINT],
    ['a point on the limits', { type: 'Point', coordinates: [-180, 90] }],
    ['a point on the other limits', { type: 'Point', coordinates: [180, -90] }],
    ['a closed polygon', { type: 'Polygon', coordinates: [RING] }],
    ['a polygon with a hole', { type: 'Polygon', coordinates: [RING, RING] }],
  ])('accepts %s', (_, geometry) => expect(geometrySchema.parse(geometry)).toEqual(geometry));

  it.each([
    ['latitude over 90', { type: 'Point', coordinates: [51, 90.0001] }],
    ['latitude under -90', { type: 'Point', coordinates: [51, -91] }],
    ['longitude over 180', { type: 'Point', coordinates: [180.5, 35] }],
    ['longitude under -180', { type: 'Point', coordinates: [-181, 35] }],
    ['lat/lon swapped out of range', { type: 'Point', coordinates: [35.5, 251.5] }],
    ['a missing latitude', { type: 'Point', coordinates: [51] }],
    ['a third coordinate', { type: 'Point', coordinates: [51, 35, 1200] }],
    ['a string coordinate', { type: 'Point', coordinates: ['51', 35] }],
    ['NaN', { type: 'Point', coordinates: [Number.NaN, 35] }],
    ['infinity', { type: 'Point', coordinates: [Number.POSITIVE_INFINITY, 35] }],
    ['an unknown type', { type: 'LineString', coordinates: [POINT.coordinates, POINT.coordinates] }],
    ['an extra field', { ...POINT, bbox: [0, 0, 1, 1] }],
    ['an open ring', { type: 'Polygon', coordinates: [[...RING.slice(0, 3), [51.7, 35.7]]] }],
    ['a ring of three positions', { type: 'Polygon', coordinates: [[RING[0], RING[1], RING[0]]] }],
    ['no rings', { type: 'Polygon', coordinates: [] }],
    ['an open hole', { type: 'Polygon', coordinates: [RING, RING.slice(0, 3).concat([[51.55, 35.55]])] }],
    [
      'a ring position out of range',
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [0, 95],
            [1, 1],
            [0, 0],
          ],
        ],
      },
    ],
    ['polygon coordinates not nested in rings', { type: 'Polygon', coordinates: RING }],
  ])('refuses %s', (_, geometry) => expect(geometrySchema.safeParse(geometry).success).toBe(false));
});

describe('placeLocationSchema', () => {
  it('accepts every precision and certainty', () => {
    for (const precision of PLACE_PRECISIONS)
      for (const certainty of PLACE_CERTAINTIES)
        expect(placeLocationSchema.safeParse(location({ precision, certainty })).success).toBe(true);
  });

  it('takes an optional positive radius', () => {
    const parsed = placeLocationSchema.parse(location({ precision: 'approximate', radiusMeters: 500 }));
    expect(parsed).toEqual({
      geometry: POINT,
      precision: 'approximate',
      radiusMeters: 500,
      certainty: 'confirmed',
    });
    expect(placeLocationSchema.parse(location({})).radiusMeters).toBeUndefined();
    for (const radiusMeters of [0, -5, '500', 2_000_000])
      expect(placeLocationSchema.safeParse(location({ radiusMeters })).success, String(radiusMeters)).toBe(
        false,
      );
  });

  it('accepts a polygon', () => {
    const parsed = placeLocationSchema.safeParse(
      location({ geometry: { type: 'Polygon', coordinates: [RING] }, certainty: 'suspected' }),
    );
    expect(parsed.success).toBe(true);
  });

  it.each([
    ['an unknown certainty', { certainty: 'likely' }],
    ['an unknown precision', { precision: 'street' }],
    ['no certainty', { certainty: undefined }],
    ['no geometry', { geometry: undefined }],
    ['a bad geometry', { geometry: { type: 'Point', coordinates: [0, 100] } }],
    ['an extra field', { altitude: 1200 }],
  ])('refuses %s', (_, overrides) =>
    expect(placeLocationSchema.safeParse(location(overrides)).success).toBe(false),
  );

  it('points at the bad coordinate', () => {
    const result = placeLocationSchema.safeParse(
      location({ geometry: { type: 'Point', coordinates: [0, 100] } }),
    );
    expect(result.error?.issues[0]?.path).toEqual(['geometry', 'coordinates', 1]);
  });
});
