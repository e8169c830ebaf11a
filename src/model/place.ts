/**
 * A place a reader typed, as a geocoder answers it: `GET <geocode-endpoint>?q=<text>` returns
 * `{ query, results: [...] }`, best first, `results: []` when nothing matched. The reference
 * server answers from an offline gazetteer; a hospital may point the form at its own service
 * with the same shape (README, "Geocoding").
 */
import * as z from 'zod/mini';

/** Longest query sent; a geocoder may refuse longer ones. */
export const PLACE_QUERY_MAX = 200;

const latitude = z.number().check(z.gte(-90), z.lte(90));
const longitude = z.number().check(z.gte(-180), z.lte(180));
/** Labels a geocoder may leave out or send as null when it does not know them. */
const label = z.nullish(z.string().check(z.maxLength(200)));

export const GeocodedPlaceSchema = z.object({
  name: z.string().check(z.maxLength(200)),
  region: label,
  country: label,
  countryName: label,
  lat: latitude,
  lon: longitude,
  kind: z.nullish(z.string().check(z.maxLength(20))),
});

export const GeocodeAnswerSchema = z.object({
  query: z.optional(z.string().check(z.maxLength(PLACE_QUERY_MAX * 4))),
  results: z.array(GeocodedPlaceSchema).check(z.maxLength(50)),
});

export type GeocodedPlace = z.infer<typeof GeocodedPlaceSchema>;
export type GeocodeAnswer = z.infer<typeof GeocodeAnswerSchema>;

/** Control characters (a pasted tab or NUL) make a query that no place is called. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

/** Why a typed place is not sent at all. */
export type PlaceQueryProblem = 'empty' | 'too-long' | 'characters';

/** The text worth sending to a geocoder, or why there is none. */
export function checkPlaceQuery(raw: string): { ok: true; query: string } | { ok: false; problem: PlaceQueryProblem } {
  if (CONTROL.test(raw)) return { ok: false, problem: 'characters' };
  const query = raw.replace(/\s+/g, ' ').trim();
  if (!query) return { ok: false, problem: 'empty' };
  if ([...query].length > PLACE_QUERY_MAX) return { ok: false, problem: 'too-long' };
  return { ok: true, query };
}
