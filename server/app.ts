/**
 * The reference server: `startServer(options)` starts it and resolves once it listens.
 *
 * Request flow: CORS (allow-list; preflights answered from the router's methods) → router (route
 * modules from `routes/index.ts` plus `options.routes`) → static files (`/dist/`, then `/` from
 * `demo/`). Errors become JSON; the log has method, route pattern, status and time, never a body.
 *
 * Shutdown: stop accepting connections, let requests in flight finish (each write is committed
 * before its answer), let deliveries in flight finish, then close the database. An acknowledged
 * write is never lost; a delivery cut short is sent again after the next start.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clientAddress } from './client-address.ts';
import { readConfig, validateConfig, type ServerConfig } from './config.ts';
import type { AppContext } from './context.ts';
import { createDelivery, type Delivery } from './delivery/index.ts';
import { HttpError, sendJson } from './http.ts';
import { makeRequestContext, Router, type RouteModule } from './router.ts';
import { startRetention } from './retention.ts';
import { openStore, StoreUnavailableError } from './store/index.ts';
import { SqliteStore } from './store/sqlite.ts';
import { ROUTE_MODULES } from './routes/index.ts';
import type { ShareLimits } from './routes/shares.ts';
import { distCacheControl, PAGE_SECURITY_HEADERS, serveStatic } from './static.ts';

export interface StartOptions extends Partial<ServerConfig> {
  /** Environment to read the configuration from; `process.env` by default. Options override it. */
  env?: Record<string, string | undefined>;
  /** Route modules added after the built-in ones. */
  routes?: RouteModule[];
  /** Where log lines go; `console.log` by default. */
  log?: (line: string) => void;
  /** Milliseconds `close()` waits for requests in flight before cutting connections. */
  shutdownGraceMs?: number;
  /** The clock the rate limits, guess windows and shares read; `Date.now` by default (tests move it). */
  now?: () => number;
  /** Share limits over the defaults and SHARE_QUOTA_BYTES / SHARES_PER_CLIENT_* (tests lower or raise them). */
  shareLimits?: Partial<ShareLimits>;
}

export interface RunningServer {
  /** e.g. `http://127.0.0.1:8080` */
  url: string;
  port: number;
  config: ServerConfig;
  app: AppContext;
  /** Stops accepting, finishes requests in flight, closes the database. Safe to call twice. */
  close(): Promise<void>;
}

const EXPOSED_HEADERS = 'retry-after, idempotent-replayed, x-trialkit-source';

/** The demo's own origins when PUBLIC_ORIGIN is not set: loopback names of the bound port. */
function loopbackOrigins(port: number): string[] {
  return [`http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`];
}

function decodesCleanly(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const { env, routes = [], log: logOption, shutdownGraceMs = 10_000, now = Date.now, shareLimits = {}, ...overrides } = options;
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as Partial<ServerConfig>;
  const config: ServerConfig = { ...readConfig(env ?? process.env), ...defined };
  validateConfig(config);
  const log = logOption ?? ((line: string) => console.log(line));
  const store = await openStore(config);
  let delivery: Delivery;
  let stopRetention: () => void;
  try {
    delivery = createDelivery(store, config.delivery, log);
    stopRetention = await startRetention(store, config.retentionDays, log);
  } catch (error) {
    await store.close();
    throw error;
  }
  const shutdown = new AbortController();
  const app: AppContext = {
    config,
    store,
    get db() {
      if (store instanceof SqliteStore) return store.db;
      throw new Error('This server stores in PostgreSQL (DATABASE_URL): there is no SQLite file.');
    },
    submitLimiter: store.rateLimiter('submit', config.submitRateLimit, now),
    adminGuesses: store.windowLimiter('admin-token', config.adminGuessLimit, now),
    log,
    delivery,
    now,
    shareLimits,
    shutdown: shutdown.signal,
  };

  const router = new Router();
  try {
    for (const register of [...ROUTE_MODULES, ...routes]) register(router, app);
  } catch (error) {
    shutdown.abort();
    stopRetention();
    await store.close();
    throw error;
  }
  const mounts = [
    { prefix: '/dist/', dir: config.distDir, cors: true, cacheControl: distCacheControl },
    { prefix: '/', dir: config.demoDir, pageHeaders: PAGE_SECURITY_HEADERS },
  ];
  const allowAny = config.allowedOrigins.includes('*');
  let closing = false;
  // Filled in once the port is known. Never taken from the Host header: a DNS-rebinding page
  // sends its own name there, and would pass as this server's own origin.
  let ownOrigins = new Set<string>(config.publicOrigins);

  const originAllowed = (origin: string) => allowAny || ownOrigins.has(origin) || config.allowedOrigins.includes(origin);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    let label = 'static';
    res.on('finish', () => {
      if (config.logRequests) log(`${req.method} ${label} ${res.statusCode} ${(performance.now() - started).toFixed(1)}ms`);
    });
    if (closing) res.setHeader('connection', 'close');
    res.setHeader('x-content-type-options', 'nosniff');
    try {
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://server.invalid');
      } catch {
        throw new HttpError(400, { error: 'bad-url', message: 'The request URL is not valid.' });
      }
      // A broken percent-escape names nothing: one 400 for pages and endpoints alike.
      if (!decodesCleanly(url.pathname)) {
        req.resume();
        throw new HttpError(400, { error: 'bad-url', message: 'The request URL has a broken percent-escape.' });
      }
      const method = req.method ?? 'GET';
      if (url.pathname.startsWith('/api/')) {
        label = router.patternOf(url.pathname);
        const origin = req.headers.origin;
        const allowed = origin !== undefined && originAllowed(origin);
        if (origin !== undefined && allowed) {
          res.setHeader('access-control-allow-origin', origin);
          res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
        }
        res.setHeader('vary', 'Origin');
        if (method === 'OPTIONS') {
          const methods = router.allowedMethods(url.pathname);
          if (!origin || !allowed) throw new HttpError(403, { error: 'cors', message: 'This origin may not call the API.' });
          if (!methods.length) throw new HttpError(404, { error: 'not-found', message: 'No such endpoint.' });
          res.writeHead(204, {
            'access-control-allow-methods': methods.join(', '),
            'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'content-type',
            'access-control-max-age': '600',
          });
          res.end();
          return;
        }
        // A page on an origin we do not trust gets no answer it can read and may write nothing.
        if (origin !== undefined && !allowed && method !== 'GET' && method !== 'HEAD') {
          req.resume();
          throw new HttpError(403, { error: 'cors', message: 'This origin may not call the API.' });
        }
        const match = router.match(method, url.pathname);
        if (match.kind === 'not-found') throw new HttpError(404, { error: 'not-found', message: 'No such endpoint.' });
        if (match.kind === 'method-not-allowed') {
          req.resume();
          throw new HttpError(405, { error: 'method', message: `Use ${match.allow.join(', ')}.` }, { allow: match.allow.join(', ') });
        }
        label = match.pattern;
        const client = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], config.trustProxyHops);
        if (!client.ok) {
          req.resume();
          throw new HttpError(400, { error: 'forwarded-for', message: 'X-Forwarded-For holds an entry that is not an IP address.' });
        }
        await match.handler(makeRequestContext(req, res, url, match.params, client.address, app));
        return;
      }
      // Pages a route module renders (GET /embed/…): documents, so no CORS; GET and HEAD only.
      if (method === 'GET' || method === 'HEAD') {
        const page = router.match('GET', url.pathname);
        if (page.kind === 'found') {
          label = page.pattern;
          const client = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], config.trustProxyHops);
          await page.handler(makeRequestContext(req, res, url, page.params, client.ok ? client.address : (req.socket.remoteAddress ?? ''), app));
          return;
        }
      }
      if (!(await serveStatic(req, res, url.pathname, mounts))) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      }
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpError) {
        sendJson(res, error.status, error.body, error.headers);
        return;
      }
      // Nothing was stored; the widget's outbox sends it again after Retry-After.
      if (error instanceof StoreUnavailableError) {
        sendJson(res, 503, { error: 'unavailable', message: 'The database is not reachable right now. Try again shortly.', retryAfterSeconds: 5 }, { 'retry-after': '5' });
        return;
      }
      // The error's name only: a message could quote request data.
      log(`error in ${req.method} ${label}: ${error instanceof Error ? error.name : 'unknown'}`);
      sendJson(res, 500, { error: 'internal', message: 'Something went wrong on the server.' });
    }
  }

  const server = createServer({ keepAliveTimeout: 5_000, requestTimeout: 30_000 }, (req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Jobs left by an earlier run (pending, or `sending` when it crashed) are picked up now.
  delivery.worker?.start();
  const port = (server.address() as AddressInfo).port;
  if (!config.publicOrigins.length) ownOrigins = new Set(loopbackOrigins(port));
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= (async () => {
      closing = true;
      shutdown.abort();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), shutdownGraceMs);
      await done;
      clearTimeout(force);
      stopRetention();
      await delivery.worker?.close(shutdownGraceMs);
      await store.close();
    })();
    return closed;
  };

  return { url: `http://${host}:${port}`, port, config, app, close };
}
