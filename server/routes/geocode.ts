/**
 * GET /api/geocode?q=<place> — a typed place to a few points, from the offline gazetteer
 * (`server/geocode/`). The answer shape is in server/README.md.
 *
 * What someone types here is where they are, so it is treated like anything else a patient
 * types: it is never logged (the request log has the route pattern, never the query string),
 * never stored, and the answer says `no-store` so no cache keeps it either. The index is built
 * on the first request (≈0.5 s), so a server that never geocodes never pays for it.
 */
import type { Gazetteer } from '../geocode/gazetteer.ts';
import { loadGazetteer } from '../geocode/load.ts';
import { checkQuery, MAX_QUERY_LENGTH } from '../geocode/normalize.ts';
import { HttpError, rateLimited } from '../http.ts';
import type { RouteModule } from '../router.ts';

/**
 * Longest query string decoded at all: a character can take up to 12 in percent-encoding (a
 * surrogate pair as %F0%9F%8F%A5), plus room for `q=` and other parameters.
 */
const MAX_SEARCH_LENGTH = MAX_QUERY_LENGTH * 12 + 64;

const refuse = (message: string) => new HttpError(400, { error: 'query', message });

export const geocodeRoutes: RouteModule = (router, app) => {
  const limiter = app.store.rateLimiter('geocode', app.config.geocodeRateLimit, app.now);
  let gazetteer: Gazetteer | undefined;

  router.get('/api/geocode', async (ctx) => {
    const decision = await limiter.take(ctx.clientIp);
    if (!decision.allowed) throw rateLimited(decision.retryAfterSeconds);
    if (ctx.url.search.length > MAX_SEARCH_LENGTH) throw refuse(`Type a place of at most ${MAX_QUERY_LENGTH} characters.`);
    const values = ctx.url.searchParams.getAll('q');
    if (values.length > 1) throw refuse('Send one place in one q parameter.');
    const checked = checkQuery(values[0] ?? '');
    if (!checked.ok) throw refuse(checked.message);
    gazetteer ??= loadGazetteer();
    ctx.json(200, { query: checked.query, results: gazetteer.lookup(checked.query) }, { 'cache-control': 'no-store' });
  });
};
