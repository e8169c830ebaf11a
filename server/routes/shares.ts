/**
 * Passcode-protected shares (DESIGN.md §6, server mode):
 *
 * | method | path                      | body in                                   | answer |
 * |--------|---------------------------|-------------------------------------------|--------|
 * | POST   | /api/shares               | `{ envelope, verifier, maxViews? }`       | 201 `{ id, deleteToken, expiresAt }`; 422 invalid; 413; 429; 507 quota |
 * | GET    | /api/shares/:id           | —                                         | 200 `{ id, header, expiresAt, viewsLeft }`; 404 |
 * | HEAD   | /api/shares/:id           | —                                         | as GET, no body |
 * | POST   | /api/shares/:id/challenge | —                                         | 200 `{ nonce, expiresAt }`; 404; 429 |
 * | POST   | /api/shares/:id/open      | `{ nonce, answer }`                       | 200 `{ envelope, viewsLeft }`; 403 wrong-proof `{ remaining }`; 409 challenge; 404; 429 |
 * | DELETE | /api/shares/:id           | `Authorization: Bearer <deleteToken>`     | 204; 403; 404 |
 *
 * - The server never sees a note's text, the passcode, the link secret or the proof: it gets
 *   ciphertext, the header and the verifier (SHA-256 of the proof), and later answers to its
 *   own challenges, HMAC-SHA256(verifier, share id and nonce). A nonce is good for one `/open`
 *   within two minutes, so whoever sees one request (a proxy log, a shoulder) cannot send it
 *   again; the first protocol's static `{ proof }` is refused.
 * - GET and HEAD consume nothing, so link previewers and reloads cannot spend a view. A view is
 *   counted, and a one-view share destroyed, only by a correct answer sent to `/open`; the
 *   widget sends it only when the reader presses "Open".
 * - Wrong guesses are limited per share (a window, and a lifetime cap after which the share is
 *   destroyed) and per client (a window). Both limits give the same 429, checked before the
 *   answer, so a limited guesser learns nothing about the guess.
 * - Storage is bounded: all shares together hold at most SHARE_QUOTA_BYTES of ciphertext (507
 *   past it), and one client creates at most a burst per minute and SHARES_PER_CLIENT_HOUR /
 *   SHARES_PER_CLIENT_DAY (429 with Retry-After).
 * - Expiry comes from the authenticated header: required, at most 30 days ahead (plus a few
 *   minutes for clock skew); `unavailable` (404) stands for never existed, expired, revoked and
 *   used up alike. The request log names the route pattern, never a share id.
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
  type ShareChallengeResponse,
  type ShareStatusResponse,
} from '../../src/model/share.ts';
import type { AppContext } from '../context.ts';
import { HttpError, rateLimited, readJsonBody, secondsToWait } from '../http.ts';
import type { RequestContext, RouteModule } from '../router.ts';
import type { ShareStoreLimits } from '../share-store.ts';
import type { ClientRateLimiter, ClientWindowLimiter, ShareBackend } from '../store/types.ts';

export interface ShareLimits extends ShareStoreLimits {
  /** Wrong guesses one client may make within `windowMs`, over all shares. */
  wrongPerClientInWindow: number;
  /** Largest create body (the ciphertext is compressed notes, base64url). */
  createBodyBytes: number;
  /** Shares one client may create: a burst, refilled per minute. */
  createBurst: number;
  createPerMinute: number;
  /** Shares one client may create per hour and per day (SHARES_PER_CLIENT_HOUR / _DAY). */
  createPerHour: number;
  createPerDay: number;
  /** Challenges one client may ask for: a burst, refilled per minute. */
  challengeBurst: number;
  challengePerMinute: number;
}

export const DEFAULT_SHARE_LIMITS: ShareLimits = {
  wrongPerShareInWindow: 5,
  wrongPerShareTotal: 20,
  wrongPerClientInWindow: 10,
  windowMs: 15 * 60_000,
  createBodyBytes: 600 * 1024,
  createBurst: 10,
  createPerMinute: 10,
  createPerHour: 30,
  createPerDay: 100,
  challengeBurst: 30,
  challengePerMinute: 30,
  quotaBytes: 512 * 1024 * 1024,
};

const HOUR_MS = 60 * 60_000;

/** How far past 30 days a sender's clock may put the expiry. */
export const EXPIRY_SKEW_MS = 10 * 60_000;
/** How often expired shares are swept from the file. */
const SWEEP_INTERVAL_MS = 10 * 60_000;

interface ShareState {
  limits: ShareLimits;
  now: () => number;
  store: ShareBackend;
  createLimiter: ClientRateLimiter;
  createHourly: ClientWindowLimiter;
  createDaily: ClientWindowLimiter;
  challengeLimiter: ClientRateLimiter;
  /**
   * Wrong guesses per client: in memory on SQLite; on PostgreSQL in the database (keyed by a
   * keyed hash, never the address), so a guesser cannot spread guesses over instances.
   */
  wrongByClient: ClientWindowLimiter;
}

/** The limits in force: the defaults, then the configuration, then `startServer({ shareLimits })`. */
export function shareLimitsOf(app: AppContext): ShareLimits {
  const fromConfig: Partial<ShareLimits> = {
    quotaBytes: app.config.shareQuotaBytes,
    createPerHour: app.config.sharesPerClientHour,
    createPerDay: app.config.sharesPerClientDay,
  };
  return { ...DEFAULT_SHARE_LIMITS, ...fromConfig, ...app.shareLimits };
}

function shareState(app: AppContext): ShareState {
  const limits = shareLimitsOf(app);
  const { now, store } = app;
  return {
    limits,
    now,
    store: store.shares(now, limits),
    createLimiter: store.rateLimiter('share-create', { burst: limits.createBurst, perMinute: limits.createPerMinute }, now),
    createHourly: store.windowLimiter('share-create-hour', { attempts: limits.createPerHour, windowMs: HOUR_MS }, now),
    createDaily: store.windowLimiter('share-create-day', { attempts: limits.createPerDay, windowMs: DAY_MS }, now),
    challengeLimiter: store.rateLimiter('share-challenge', { burst: limits.challengeBurst, perMinute: limits.challengePerMinute }, now),
    wrongByClient: store.windowLimiter('share-wrong', { attempts: limits.wrongPerClientInWindow, windowMs: limits.windowMs }, now),
  };
}

/** Sweeps expired shares now and every SWEEP_INTERVAL_MS until the server shuts down. */
function startSweeping(app: AppContext, store: ShareBackend): void {
  const sweep = async () => {
    try {
      await store.sweep();
    } catch {
      app.log('share sweep failed');
    }
  };
  void sweep();
  const sweeper = setInterval(() => void sweep(), SWEEP_INTERVAL_MS);
  sweeper.unref();
  app.shutdown.addEventListener('abort', () => clearInterval(sweeper), { once: true });
}

/**
 * The share routes, built once per server with its clock (`app.now`) and limits
 * (`shareLimitsOf`); tests set both through `startServer({ now, shareLimits })`.
 */
export const shareRoutes: RouteModule = (router, app) => {
  const state = shareState(app);
  registerRoutes(router, state);
  startSweeping(app, state.store);
};

const unavailable = () => new HttpError(404, { error: 'unavailable', message: 'This share has expired, was revoked or does not exist.' });

/** Wrong passcodes, per share or per client: one answer, so a limited guesser learns nothing. */
const tooManyAttempts = (retryAfterMs: number) =>
  rateLimited(secondsToWait(retryAfterMs), 'Too many wrong passcodes. Try again later.', 'too-many-attempts');

function shareId(ctx: RequestContext): string {
  const id = ctx.params.id ?? '';
  if (!ShareIdSchema.safeParse(id).success) throw unavailable();
  return id;
}

function registerRoutes(router: Parameters<RouteModule>[0], state: ShareState): void {
  const { store, limits, now: clock } = state;

  router.post('/api/shares', async (ctx) => {
    const client = ctx.clientIp;
    const quotaWait = Math.max(await state.createHourly.retryAfterMs(client), await state.createDaily.retryAfterMs(client));
    if (quotaWait > 0) {
      ctx.req.resume();
      throw rateLimited(secondsToWait(quotaWait), 'Too many shares from here today. Try again later.');
    }
    const decision = await state.createLimiter.take(client);
    if (!decision.allowed) {
      ctx.req.resume();
      throw rateLimited(decision.retryAfterSeconds, 'Too many shares. Try again later.');
    }
    const body = await readJsonBody(ctx.req, limits.createBodyBytes);
    const parsed = CreateShareRequestSchema.safeParse(body);
    if (!parsed.success) throw new HttpError(422, { error: 'invalid', message: 'The share is not valid.' });
    // The schema knows the shape; the minimum iterations and the version are checked here too.
    const header = readShareHeader(parsed.data.envelope.header);
    if (!header.ok) throw new HttpError(422, { error: 'invalid', message: 'The share uses settings this server does not accept.' });
    const now = clock();
    const expiresAt = Date.parse(header.header.expiresAt);
    if (expiresAt <= now) throw new HttpError(422, { error: 'invalid', message: 'The share has already expired.' });
    if (expiresAt > now + SHARE_MAX_EXPIRY_DAYS * DAY_MS + EXPIRY_SKEW_MS) {
      throw new HttpError(422, { error: 'invalid', message: `A share expires within ${SHARE_MAX_EXPIRY_DAYS} days.` });
    }
    const created = await store.create(parsed.data.envelope, parsed.data.verifier, parsed.data.maxViews);
    if (created.kind === 'full') {
      throw new HttpError(
        507,
        { error: 'quota', message: 'The share server is full for now. Try again later, or send the notes in the link itself.' },
        { 'retry-after': '3600' },
      );
    }
    await state.createHourly.record(client);
    await state.createDaily.record(client);
    const { id, deleteToken } = created;
    const answer: CreateShareResponse = { id, deleteToken, expiresAt: header.header.expiresAt };
    ctx.json(201, answer, { 'x-robots-tag': 'noindex' });
  });

  router.get('/api/shares/:id', async (ctx) => {
    const status = await store.status(shareId(ctx));
    if (!status) throw unavailable();
    const answer: ShareStatusResponse = {
      id: status.id,
      header: status.header,
      expiresAt: status.header.expiresAt,
      viewsLeft: status.viewsLeft,
    };
    ctx.json(200, answer, { 'x-robots-tag': 'noindex' });
  });

  router.post('/api/shares/:id/challenge', async (ctx) => {
    ctx.req.resume();
    const decision = await state.challengeLimiter.take(ctx.clientIp);
    if (!decision.allowed) throw rateLimited(decision.retryAfterSeconds);
    const challenge = await store.challenge(shareId(ctx));
    if (!challenge) throw unavailable();
    const answer: ShareChallengeResponse = { nonce: challenge.nonce, expiresAt: new Date(challenge.expiresAt).toISOString() };
    ctx.json(200, answer, { 'x-robots-tag': 'noindex' });
  });

  router.post('/api/shares/:id/open', async (ctx) => {
    const client = ctx.clientIp;
    const clientWait = await state.wrongByClient.retryAfterMs(client);
    if (clientWait > 0) {
      ctx.req.resume();
      throw tooManyAttempts(clientWait);
    }
    const id = ctx.params.id ?? '';
    const body = await ctx.readJson();
    const parsed = OpenShareRequestSchema.safeParse(body);
    if (!parsed.success) {
      throw new HttpError(400, { error: 'invalid', message: 'Send { nonce, answer }: the answer to a challenge from POST /api/shares/:id/challenge.' });
    }
    // Ids are 128 random bits: asking for one that is gone is not worth counting as a guess.
    if (!ShareIdSchema.safeParse(id).success) throw unavailable();
    const outcome = await store.open(id, parsed.data.nonce, fromBase64Url(parsed.data.answer)!);
    switch (outcome.kind) {
      case 'opened': {
        const answer: OpenShareResponse = { envelope: outcome.envelope, viewsLeft: outcome.viewsLeft };
        ctx.json(200, answer, { 'x-robots-tag': 'noindex' });
        return;
      }
      case 'wrong-proof': {
        await state.wrongByClient.record(client);
        // What is left before a lockout (of this link or of this client), so the opener can warn.
        const remaining = Math.min(outcome.remaining, await state.wrongByClient.remaining(client));
        throw new HttpError(403, { error: 'wrong-proof', message: 'The passcode does not open this share.', remaining });
      }
      case 'limited':
        throw tooManyAttempts(outcome.retryAfterMs);
      case 'stale-challenge':
        throw new HttpError(409, { error: 'challenge', message: 'The challenge expired or was used. Ask for a new one.' });
      case 'unavailable':
        throw unavailable();
    }
  });

  router.delete('/api/shares/:id', async (ctx) => {
    ctx.req.resume();
    const id = shareId(ctx);
    const match = /^Bearer\s+(\S+)$/i.exec(ctx.req.headers.authorization ?? '');
    if (!match) throw new HttpError(401, { error: 'forbidden', message: 'Send the delete token as a Bearer token.' });
    const outcome = await store.revoke(id, match[1]!);
    if (outcome === 'unavailable') throw unavailable();
    if (outcome === 'forbidden') throw new HttpError(403, { error: 'forbidden', message: 'That is not the delete token of this share.' });
    ctx.res.writeHead(204, { 'cache-control': 'no-store' }).end();
  });
}
