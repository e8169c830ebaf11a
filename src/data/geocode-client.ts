/**
 * Asking the configured geocoder where a typed place is (DESIGN.md §4). A person's location is
 * personal data: the query goes to the configured endpoint only, is never logged or stored here,
 * and the request carries no credentials or referrer.
 *
 * Never throws: every outcome is a `PlaceLookup`, so the site list stays usable whatever the
 * geocoder does (answers 500, garbage, or nothing for 30 seconds).
 */
import { checkPlaceQuery, GeocodeAnswerSchema, type GeocodedPlace, type PlaceQueryProblem } from '../model/place.ts';

export type PlaceLookup =
  | { kind: 'found'; place: GeocodedPlace; query: string }
  | { kind: 'not-found'; query: string }
  | { kind: 'refused'; problem: PlaceQueryProblem }
  /** The geocoder could not answer: network, timeout, an error status or an unreadable body. */
  | { kind: 'unavailable'; reason: 'network' | 'timeout' | 'http' | 'invalid'; query: string };

export interface PlaceLookupOptions {
  /** Milliseconds before the lookup is abandoned. */
  timeoutMs?: number;
  /** Aborts the lookup, e.g. when the reader types another place. */
  signal?: AbortSignal;
}

/** The endpoint with `q` set, resolved against the page; undefined if it is not a URL. */
function lookupUrl(endpoint: string, query: string): URL | undefined {
  try {
    const url = new URL(endpoint, document.baseURI);
    url.searchParams.set('q', query);
    return url;
  } catch {
    return undefined;
  }
}

export async function lookUpPlace(endpoint: string, text: string, options: PlaceLookupOptions = {}): Promise<PlaceLookup> {
  const checked = checkPlaceQuery(text);
  if (!checked.ok) return { kind: 'refused', problem: checked.problem };
  const { query } = checked;
  const url = lookupUrl(endpoint, query);
  if (!url) return { kind: 'unavailable', reason: 'invalid', query };

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs ?? 8000);
  const forward = () => controller.abort();
  options.signal?.addEventListener('abort', forward, { once: true });
  try {
    const response = await fetch(url, {
      headers: { accept: 'application/json' },
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      cache: 'no-store',
      signal: controller.signal,
    });
    if (!response.ok) return { kind: 'unavailable', reason: 'http', query };
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      return { kind: 'unavailable', reason: 'invalid', query };
    }
    const parsed = GeocodeAnswerSchema.safeParse(body);
    if (!parsed.success) return { kind: 'unavailable', reason: 'invalid', query };
    const best = parsed.data.results[0];
    return best ? { kind: 'found', place: best, query } : { kind: 'not-found', query };
  } catch {
    return { kind: 'unavailable', reason: timedOut ? 'timeout' : 'network', query };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', forward);
  }
}
