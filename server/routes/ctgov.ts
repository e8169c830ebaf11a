/**
 * GET /api/ctgov/studies/:nctId — a first-party proxy for the ClinicalTrials.gov v2 API, which
 * sends no CORS headers. Answers come from, in order: the offline fixtures folders, the memory
 * cache, the upstream API. Upstream requests are spaced at least CTGOV_MIN_INTERVAL_MS apart
 * (≈1/s, as ClinicalTrials.gov asks) and concurrent requests for one id share a single fetch.
 * When upstream fails, a stale cached copy is better than nothing and is served.
 *
 * Everything is bounded, so a burst of requests for made-up ids cannot grow the process:
 * - the cache holds at most CTGOV_CACHE_ENTRIES studies and CTGOV_CACHE_BYTES of JSON, least
 *   recently used out first;
 * - at most CTGOV_QUEUE_MAX distinct ids wait for the upstream at once; the next one gets 503
 *   with Retry-After (or a stale copy, when there is one);
 * - an upstream answer past CTGOV_MAX_BODY_BYTES is cut off and never cached: 502.
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

/**
 * A map that forgets its least recently used entries past `maxEntries` or `maxBytes` (the
 * byte size of what is stored, as the caller measures it). An entry larger than `maxBytes` on
 * its own is not kept at all.
 */
export class LruCache<V> {
  readonly #entries = new Map<string, { value: V; bytes: number }>();
  #bytes = 0;

  constructor(
    readonly maxEntries: number,
    readonly maxBytes: number,
  ) {}

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    // Map order is recency order: a hit moves to the end.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, bytes: number): void {
    this.delete(key);
    if (bytes > this.maxBytes || this.maxEntries < 1) return;
    this.#entries.set(key, { value, bytes });
    this.#bytes += bytes;
    for (const [oldest, entry] of this.#entries) {
      if (this.#entries.size <= this.maxEntries && this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= entry.bytes;
    }
  }

  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
  }

  get size(): number {
    return this.#entries.size;
  }

  get bytes(): number {
    return this.#bytes;
  }
}

/** Reads a response body as text, giving up (and cancelling the download) past `limit` bytes. */
async function readCapped(response: Response, limit: number): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
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
  const { ctgovApiBase, ctgovFixturesDirs, ctgovCacheTtlMs, ctgovMinIntervalMs, ctgovQueueMax, ctgovMaxBodyBytes } = app.config;
  const cache = new LruCache<CachedStudy>(app.config.ctgovCacheEntries, app.config.ctgovCacheBytes);
  const inFlight = new Map<string, Promise<Upstream>>();
  const pacer = new UpstreamPacer(ctgovMinIntervalMs);

  const fetchUpstream = (id: string): Promise<Upstream> =>
    pacer.run(async () => {
      const url = `${ctgovApiBase}/studies/${id}`;
      try {
        const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
        if (response.status === 404) return { status: 'not-found' };
        if (!response.ok) return { status: 'failed', detail: `upstream answered ${response.status}` };
        const body = await readCapped(response, ctgovMaxBodyBytes);
        if (body === undefined) return { status: 'failed', detail: `upstream answer over ${ctgovMaxBodyBytes} bytes` };
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
    if (!pending && inFlight.size >= ctgovQueueMax) {
      if (cached) return send(cached.body, 'stale-cache');
      // Roughly when the queue ahead will have been sent.
      const seconds = Math.max(1, Math.ceil((inFlight.size * ctgovMinIntervalMs) / 1000));
      throw new HttpError(503, { error: 'busy', message: 'Too many studies are being fetched. Try again shortly.', retryAfterSeconds: seconds }, { 'retry-after': String(seconds) });
    }
    if (!pending) {
      pending = fetchUpstream(id).finally(() => inFlight.delete(id));
      inFlight.set(id, pending);
    }
    const result = await pending;
    if (result.status === 'ok') {
      cache.set(id, { body: result.body, fetchedAt: Date.now() }, Buffer.byteLength(result.body));
      return send(result.body, 'upstream');
    }
    if (result.status === 'not-found') throw new HttpError(404, { error: 'not-found', message: `${id} was not found on ClinicalTrials.gov.` });
    if (cached) return send(cached.body, 'stale-cache');
    app.log(`ctgov upstream failed for ${id}: ${result.detail}`);
    throw new HttpError(502, { error: 'upstream', message: 'ClinicalTrials.gov could not be reached.' });
  });
};
