/**
 * GET /api/ctgov/studies/:nctId — a first-party proxy for the ClinicalTrials.gov v2 API, which
 * sends no CORS headers. Answers come from, in order: the offline fixtures folders, the memory
 * cache, the upstream API. Upstream requests are spaced at least CTGOV_MIN_INTERVAL_MS apart
 * (≈1/s, as ClinicalTrials.gov asks) and concurrent requests for one id share a single fetch.
 * When upstream fails, a stale cached copy is better than nothing and is served.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isNctId } from '../../src/model/trial.ts';
import { HttpError } from '../http.ts';
import type { RouteModule } from '../router.ts';

interface CachedStudy {
  body: string;
  fetchedAt: number;
}

/** Starts tasks no closer together than `intervalMs`, in arrival order. */
export class UpstreamPacer {
  #next = 0;
  constructor(
    readonly intervalMs: number,
    readonly now: () => number = Date.now,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    const start = Math.max(this.now(), this.#next);
    this.#next = start + this.intervalMs;
    const wait = start - this.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    return task();
  }
}

async function readFixture(dirs: readonly string[], id: string): Promise<string | undefined> {
  for (const dir of dirs) {
    try {
      return await readFile(join(dir, `${id}.json`), 'utf8');
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

type Upstream = { status: 'ok'; body: string } | { status: 'not-found' } | { status: 'failed'; detail: string };

export const ctgovRoutes: RouteModule = (router, app) => {
  const { ctgovApiBase, ctgovFixturesDirs, ctgovCacheTtlMs, ctgovMinIntervalMs } = app.config;
  const cache = new Map<string, CachedStudy>();
  const inFlight = new Map<string, Promise<Upstream>>();
  const pacer = new UpstreamPacer(ctgovMinIntervalMs);

  const fetchUpstream = (id: string): Promise<Upstream> =>
    pacer.run(async () => {
      const url = `${ctgovApiBase}/studies/${id}`;
      try {
        const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
        if (response.status === 404) return { status: 'not-found' };
        if (!response.ok) return { status: 'failed', detail: `upstream answered ${response.status}` };
        const body = await response.text();
        JSON.parse(body); // never cache or pass on something that is not JSON
        return { status: 'ok', body };
      } catch (error) {
        return { status: 'failed', detail: error instanceof Error ? error.name : 'error' };
      }
    });

  router.get('/api/ctgov/studies/:nctId', async (ctx) => {
    const id = ctx.params.nctId!.trim().toUpperCase();
    if (!isNctId(id)) throw new HttpError(400, { error: 'nct-id', message: 'An NCT number is "NCT" followed by eight digits.' });
    const send = (body: string, source: string) => {
      ctx.res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        'cache-control': 'public, max-age=300',
        'x-trialkit-source': source,
      });
      ctx.res.end(ctx.req.method === 'HEAD' ? undefined : body);
    };

    const fixture = await readFixture(ctgovFixturesDirs, id);
    if (fixture !== undefined) return send(fixture, 'fixture');
    const cached = cache.get(id);
    if (cached && Date.now() - cached.fetchedAt < ctgovCacheTtlMs) return send(cached.body, 'cache');
    if (!ctgovApiBase) throw new HttpError(404, { error: 'not-found', message: `No offline copy of ${id} and no upstream configured.` });

    let pending = inFlight.get(id);
    if (!pending) {
      pending = fetchUpstream(id).finally(() => inFlight.delete(id));
      inFlight.set(id, pending);
    }
    const result = await pending;
    if (result.status === 'ok') {
      cache.set(id, { body: result.body, fetchedAt: Date.now() });
      return send(result.body, 'upstream');
    }
    if (result.status === 'not-found') throw new HttpError(404, { error: 'not-found', message: `${id} was not found on ClinicalTrials.gov.` });
    if (cached) return send(cached.body, 'stale-cache');
    app.log(`ctgov upstream failed for ${id}: ${result.detail}`);
    throw new HttpError(502, { error: 'upstream', message: 'ClinicalTrials.gov could not be reached.' });
  });
};
