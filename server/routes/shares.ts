/**
 * Passcode-protected shares (DESIGN.md §6, server mode):
 *
 * | method | path                     | body in                                   | answer |
 * |--------|--------------------------|-------------------------------------------|--------|
 * | POST   | /api/shares              | `{ envelope, verifier, maxViews? }`       | 201 `{ id, deleteToken, expiresAt }`; 422 invalid; 413; 429 |
 * | GET    | /api/shares/:id          | —                                         | 200 `{ id, header, expiresAt, viewsLeft }`; 404 |
 * | HEAD   | /api/shares/:id          | —                                         | as GET, no body |
 * | POST   | /api/shares/:id/open     | `{ proof }`                               | 200 `{ envelope, viewsLeft }`; 403 wrong-proof; 404; 429 |
 * | DELETE | /api/shares/:id          | `Authorization: Bearer <deleteToken>`     | 204; 403; 404 |
 *
 * - The server never sees a note's text, the passcode or the link secret: it gets ciphertext,
 *   the header and SHA-256 of the proof, and later the proof itself, which it hashes and
 *   compares.
 * - GET and HEAD consume nothing, so link previewers and reloads cannot spend a view. A view is
 *   counted, and a one-view share destroyed, only by a correct proof sent to `/open`; the widget
 *   sends it only when the reader presses "Open".
 * - Wrong guesses are limited per share (a window, and a lifetime cap after which the share is
 *   destroyed) and per client (a window). Both limits give the same 429, checked before the
 *   proof, so a limited guesser learns nothing about the guess.
 * - Expiry comes from the authenticated header: required, at most 30 days ahead (plus a few
 *   minutes for clock skew); `unavailable` (404) stands for never existed, expired, revoked and
 *   used up alike.
 */
import {
  CreateShareRequestSchema,
  DAY_MS,
  OpenShareRequestSchema,
  SHARE_MAX_EXPIRY_DAYS,
  ShareIdSchema,
  fromBase64Url,
  readShareHeader,
  type CreateShareResponse,
  type OpenShareResponse,
  type ShareStatusResponse,
} from '../../src/model/share.ts';
import type { AppContext } from '../context.ts';
import { HttpError, readJsonBody } from '../http.ts';
import { RateLimiter } from '../rate-limit.ts';
import type { RequestContext, RouteModule } from '../router.ts';
import { ShareStore, type ShareStoreLimits } from '../share-store.ts';

export interface ShareLimits extends ShareStoreLimits {
  /** Wrong guesses one client may make within `windowMs`, over all shares. */
  wrongPerClientInWindow: number;
  /** Largest create body (the ciphertext is compressed notes, base64url). */
  createBodyBytes: number;
  /** Shares one client may create: a burst, refilled per minute. */
  createBurst: number;
  createPerMinute: number;
  /** Clients whose wrong guesses are remembered at once (memory bound). */
  maxTrackedClients: number;
}

export const DEFAULT_SHARE_LIMITS: ShareLimits = {
  wrongPerShareInWindow: 5,
  wrongPerShareTotal: 20,
  wrongPerClientInWindow: 10,
  windowMs: 15 * 60_000,
  createBodyBytes: 600 * 1024,
  createBurst: 10,
  createPerMinute: 10,
  maxTrackedClients: 10_000,
};

/** How far past 30 days a sender's clock may put the expiry. */
export const EXPIRY_SKEW_MS = 10 * 60_000;
/** How often expired shares are swept from the file. */
const SWEEP_INTERVAL_MS = 10 * 60_000;

export interface ShareRouteOptions {
  /** The clock (tests move it). */
  now?: () => number;
  limits?: Partial<ShareLimits>;
}

interface ShareState {
  settings: { now: () => number; limits: ShareLimits };
  store: ShareStore;
  createLimiter: RateLimiter;
  /** Client address → times of its recent wrong guesses. Memory only. */
  wrongByClient: Map<string, number[]>;
}

const states = new WeakMap<AppContext, ShareState>();

/**
 * The share routes. Registering twice on one app (once from `ROUTE_MODULES`, once from
 * `startServer({ routes })` with test options) adds the routes once and applies the later
 * options, so tests can set the clock and limits whichever way the module was loaded.
 */
export function createShareRoutes(options: ShareRouteOptions = {}): RouteModule {
  return (router, app) => {
    const existing = states.get(app);
    if (existing) {
      if (options.now) existing.settings.now = options.now;
      existing.settings.limits = { ...existing.settings.limits, ...options.limits };
      return;
    }
    const settings = { now: options.now ?? Date.now, limits: { ...DEFAULT_SHARE_LIMITS, ...options.limits } };
    const state: ShareState = {
      settings,
      store: new ShareStore(
        app.db,
        () => settings.now(),
        () => settings.limits,
      ),
      // Getters, so limits set by a later registration apply.
      createLimiter: new RateLimiter(
        {
          get burst() {
            return settings.limits.createBurst;
          },
          get perMinute() {
            return settings.limits.createPerMinute;
          },
        },
        () => settings.now(),
      ),
      wrongByClient: new Map(),
    };
    states.set(app, state);
    registerRoutes(router, state);
    state.store.sweep();
    const sweeper = setInterval(() => {
      try {
        state.store.sweep();
      } catch {
        app.log('share sweep failed');
      }
    }, SWEEP_INTERVAL_MS);
    sweeper.unref();
    app.shutdown.addEventListener('abort', () => clearInterval(sweeper), { once: true });
  };
}

/** The share routes with default settings: what `server/routes/index.ts` lists. */
export const shareRoutes: RouteModule = createShareRoutes();

const unavailable = () => new HttpError(404, { error: 'unavailable', message: 'This share has expired, was revoked or does not exist.' });

function tooManyAttempts(retryAfterMs: number): HttpError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new HttpError(
    429,
    { error: 'too-many-attempts', message: 'Too many wrong passcodes. Try again later.', retryAfterSeconds: seconds },
    { 'retry-after': String(seconds) },
  );
}

function shareId(ctx: RequestContext): string {
  const id = ctx.params.id ?? '';
  if (!ShareIdSchema.safeParse(id).success) throw unavailable();
  return id;
}

function registerRoutes(router: Parameters<RouteModule>[0], state: ShareState): void {
  const { store, settings } = state;

  /** Wrong guesses of this client still inside the window, oldest first. */
  const recentWrong = (client: string): number[] => {
    const cutoff = settings.now() - settings.limits.windowMs;
    const times = (state.wrongByClient.get(client) ?? []).filter((at) => at > cutoff);
    if (times.length) state.wrongByClient.set(client, times);
    else state.wrongByClient.delete(client);
    return times;
  };

  const rememberWrong = (client: string): void => {
    const times = recentWrong(client);
    times.push(settings.now());
    state.wrongByClient.set(client, times);
    if (state.wrongByClient.size <= settings.limits.maxTrackedClients) return;
    // Over the memory bound: forget clients whose guesses left the window, then the oldest.
    for (const key of [...state.wrongByClient.keys()]) recentWrong(key);
    for (const key of state.wrongByClient.keys()) {
      if (state.wrongByClient.size <= settings.limits.maxTrackedClients) break;
      if (key !== client) state.wrongByClient.delete(key);
    }
  };

  router.post('/api/shares', async (ctx) => {
    const decision = state.createLimiter.take(ctx.clientIp);
    if (!decision.allowed) {
      ctx.req.resume();
      throw new HttpError(
        429,
        { error: 'rate-limited', message: 'Too many shares. Try again later.', retryAfterSeconds: decision.retryAfterSeconds },
        { 'retry-after': String(decision.retryAfterSeconds) },
      );
    }
    const body = await readJsonBody(ctx.req, settings.limits.createBodyBytes);
    const parsed = CreateShareRequestSchema.safeParse(body);
    if (!parsed.success) throw new HttpError(422, { error: 'invalid', message: 'The share is not valid.' });
    // The schema knows the shape; the minimum iterations and the version are checked here too.
    const header = readShareHeader(parsed.data.envelope.header);
    if (!header.ok) throw new HttpError(422, { error: 'invalid', message: 'The share uses settings this server does not accept.' });
    const now = settings.now();
    const expiresAt = Date.parse(header.header.expiresAt);
    if (expiresAt <= now) throw new HttpError(422, { error: 'invalid', message: 'The share has already expired.' });
    if (expiresAt > now + SHARE_MAX_EXPIRY_DAYS * DAY_MS + EXPIRY_SKEW_MS) {
      throw new HttpError(422, { error: 'invalid', message: `A share expires within ${SHARE_MAX_EXPIRY_DAYS} days.` });
    }
    const { id, deleteToken } = store.create(parsed.data.envelope, parsed.data.verifier, parsed.data.maxViews);
    const answer: CreateShareResponse = { id, deleteToken, expiresAt: header.header.expiresAt };
    ctx.json(201, answer, { 'x-robots-tag': 'noindex' });
  });

  router.get('/api/shares/:id', (ctx) => {
    const status = store.status(shareId(ctx));
    if (!status) throw unavailable();
    const answer: ShareStatusResponse = {
      id: status.id,
      header: status.header,
      expiresAt: status.header.expiresAt,
      viewsLeft: status.viewsLeft,
    };
    ctx.json(200, answer, { 'x-robots-tag': 'noindex' });
  });

  router.post('/api/shares/:id/open', async (ctx) => {
    const client = ctx.clientIp;
    const clientWrong = recentWrong(client);
    if (clientWrong.length >= settings.limits.wrongPerClientInWindow) {
      ctx.req.resume();
      throw tooManyAttempts((clientWrong[0] ?? settings.now()) + settings.limits.windowMs - settings.now());
    }
    const id = ctx.params.id ?? '';
    const body = await ctx.readJson();
    const parsed = OpenShareRequestSchema.safeParse(body);
    if (!parsed.success) throw new HttpError(400, { error: 'invalid', message: 'Send the proof.' });
    // Ids are 128 random bits: asking for one that is gone is not worth counting as a guess.
    if (!ShareIdSchema.safeParse(id).success) throw unavailable();
    const outcome = store.open(id, fromBase64Url(parsed.data.proof)!);
    switch (outcome.kind) {
      case 'opened': {
        const answer: OpenShareResponse = { envelope: outcome.envelope, viewsLeft: outcome.viewsLeft };
        ctx.json(200, answer, { 'x-robots-tag': 'noindex' });
        return;
      }
      case 'wrong-proof':
        rememberWrong(client);
        throw new HttpError(403, { error: 'wrong-proof', message: 'The passcode does not open this share.' });
      case 'limited':
        throw tooManyAttempts(outcome.retryAfterMs);
      case 'unavailable':
        throw unavailable();
    }
  });

  router.delete('/api/shares/:id', (ctx) => {
    ctx.req.resume();
    const id = shareId(ctx);
    const match = /^Bearer\s+(\S+)$/i.exec(ctx.req.headers.authorization ?? '');
    if (!match) throw new HttpError(401, { error: 'forbidden', message: 'Send the delete token as a Bearer token.' });
    const outcome = store.revoke(id, match[1]!);
    if (outcome === 'unavailable') throw unavailable();
    if (outcome === 'forbidden') throw new HttpError(403, { error: 'forbidden', message: 'That is not the delete token of this share.' });
    ctx.res.writeHead(204, { 'cache-control': 'no-store' }).end();
  });
}
