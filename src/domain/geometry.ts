import { z } from 'zod';

const longitude = z.number().min(-180).max(180);
const latitude = z.number().min(-90).max(90);
const position = z.tuple([longitude, latitude]);

/** GeoJSON point or polygon, coordinates in [longitude, latitude] order (WGS84). */
export const geometrySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Point'), coordinates: position }).strict(),
  z
    .object({
      type: z.literal('Polygon'),
      coordinates: z
        .array(z.array(position).min(4, 'a ring needs at least 4 positions').max(10_000))
        .min(1)
        .max(100),
    })
    .strict()
    .refine(
      (p) =>
        p.coordinates.every((ring) => {
          const [first, last] = [ring[0]!, ring[ring.length - 1]!];
          return first[0] === last[0] && first[1] === last[1];
        }),
      { message: 'every ring must end where it starts', path: ['coordinates'] },
    ),
]);
export type Geometry = z.infer<typeof geometrySchema>;

/** How precisely the geometry marks the place, from a surveyed spot to somewhere in a country. */
export const PLACE_PRECISIONS = ['exact', 'approximate', 'city', 'province', 'country'] as const;
export type PlacePrecision = (typeof PLACE_PRECISIONS)[number];
/** How sure the identification of a site is: a mass grave may be suspected long before it is confirmed. */
export const PLACE_CERTAINTIES = ['confirmed', 'probable', 'suspected', 'unknown'] as const;
export type PlaceCertainty = (typeof PLACE_CERTAINTIES)[number];

/** Where a place is, how precisely (with an optional radius of uncertainty), and how certain its identification is. */
export const placeLocationSchema = z
  .object({
    geometry: geometrySchema,
    precision: z.enum(PLACE_PRECISIONS),
    radiusMeters: z.number().positive().max(1_000_000).optional(),
    certainty: z.enum(PLACE_CERTAINTIES),
  })
  .strict();
export type PlaceLocation = z.infer<typeof placeLocationSchema>;
