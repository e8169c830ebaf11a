/**
 * Server configuration, read from the environment (see server/README.md for the table). Every
 * value has a default that runs the demo on one machine with no setup.
 */
import { existsSync } from 'node:fs';
import { delimiter, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: the folder above `server/`. */
export const PROJECT_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

export interface RateLimitConfig {
  /** Requests a client may make in a burst. */
  burst: number;
  /** Sustained requests per minute per client. */
  perMinute: number;
}

export interface ServerConfig {
  host: string;
  port: number;
  /** Folder of the SQLite file (`trialkit.sqlite`). */
  dataDir: string;
  /**
   * `postgres://…`: store in PostgreSQL instead of the SQLite file, so several instances can
   * share one database. Undefined: SQLite.
   */
  databaseUrl: string | undefined;
  /** Origins allowed to call /api from a browser, besides the server's own. `*` allows any. */
  allowedOrigins: string[];
  /** Origins whose pages may frame `/embed/…` (`EMBED_FRAME_ANCESTORS`); `*` (default): any. */
  embedFrameAncestors: string[];
  /**
   * The server's own origins (`PUBLIC_ORIGIN`, comma-separated). Never derived from the `Host`
   * header, which a DNS-rebinding page controls. Empty: `http://localhost:<port>` and
   * `http://127.0.0.1:<port>` of the port actually listened on, for the demo.
   */
  publicOrigins: string[];
  /** Bearer token for the CSV export; the export is off when unset. At least 32 characters. */
  adminToken: string | undefined;
  /** Wrong admin tokens one client may send in a window before it gets 429s. */
  adminGuessLimit: { attempts: number; windowMs: number };
  /** ClinicalTrials.gov v2 base for the proxy; undefined keeps the proxy offline. */
  ctgovApiBase: string | undefined;
  /** Folders searched for `<NCT id>.json` before the cache and the upstream API. */
  ctgovFixturesDirs: string[];
  /** Minimum milliseconds between two upstream requests (ClinicalTrials.gov asks for ~1/s). */
  ctgovMinIntervalMs: number;
  /** How long a fetched study is served from memory. */
  ctgovCacheTtlMs: number;
  /** Studies kept in the memory cache at most (least recently used go first). */
  ctgovCacheEntries: number;
  /** Bytes of study JSON kept in the memory cache at most. */
  ctgovCacheBytes: number;
  /** Requests that may wait for the upstream at once; more get 503 with Retry-After. */
  ctgovQueueMax: number;
  /** Largest upstream answer read; past it the fetch is cut and the client gets 502. */
  ctgovMaxBodyBytes: number;
  /** Largest accepted request body, in bytes. */
  bodyLimitBytes: number;
  /** Per-client limit on POST /api/contact and /api/notify. */
  submitRateLimit: RateLimitConfig;
  /**
   * Proxies in front of the server that append to X-Forwarded-For. 0: the socket address is the
   * client. n: the client is the n-th address from the right, the one the outermost trusted
   * proxy saw; what the client wrote further left is never used.
   */
  trustProxyHops: number;
  /** Total bytes of share ciphertext stored at once; new shares get 507 past it. */
  shareQuotaBytes: number;
  /** Shares one client may create per hour and per day. */
  sharesPerClientHour: number;
  sharesPerClientDay: number;
  /** Per-client limit on GET /api/geocode. */
  geocodeRateLimit: RateLimitConfig;
  /** Served at `/`. */
  demoDir: string;
  /** Served at `/dist/`. */
  distDir: string;
  /** Request log lines; never bodies. */
  logRequests: boolean;
  /** Delivery to the study team (server/delivery/). Every channel is off when unset. */
  delivery: DeliveryConfig;
  /** Submissions (and their delivery jobs) older than this many days are deleted; 0 keeps them. */
  retentionDays: number;
}

export interface DeliveryConfig {
  /** `smtp://user:pass@host:587` or `smtps://…:465`; STARTTLS is required unless the host is loopback. */
  smtpUrl: string | undefined;
  /** Sender of every email, e.g. `Study inquiries <inquiries@hospital.org>`. */
  mailFrom: string | undefined;
  /** JSON file mapping trial ids and site facilities to team addresses (server/README.md). */
  routesFile: string | undefined;
  /** Receives each contact submission as a signed JSON POST. */
  webhookUrl: string | undefined;
  /** HMAC-SHA256 key for the webhook's `Trialkit-Signature`. */
  webhookSecret: string | undefined;
  /** Send the reader a short receipt (no message, no answers). Needs SMTP. */
  sendReaderCopy: boolean;
  /** The line the receipt gives for reaching the team; without it, the receipt says to reply. */
  readerCopyContact: string | undefined;
  /** Tries before a job is marked failed; with the default backoff, 40 tries span over 24 hours. */
  maxAttempts: number;
  /** Wait after the first failed try; doubles each try up to `retryMaxMs`, with jitter. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** How long a job claimed by a worker stays claimed; a job left `sending` by a crash is retried after it. */
  leaseMs: number;
  /** Jobs sent at once. */
  concurrency: number;
  /** Longest one SMTP exchange or webhook request may take. */
  timeoutMs: number;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function integer(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${name} must be a non-negative integer, not "${value}".`);
  return n;
}

export function defaultFixturesDirs(): string[] {
  return [resolve(PROJECT_ROOT, 'test/fixtures'), resolve(PROJECT_ROOT, '../shared/fixtures/ctgov')].filter((dir) => existsSync(dir));
}

/** Shortest admin token accepted: 32 characters, about 190 bits when random. */
export const ADMIN_TOKEN_MIN_CHARS = 32;

/** A configuration value the server cannot start with; the message is one sentence. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Refuses settings the server must not run with; `startServer` calls it on the final values. */
export function validateConfig(config: ServerConfig): void {
  if (config.adminToken !== undefined && [...config.adminToken].length < ADMIN_TOKEN_MIN_CHARS) {
    throw new ConfigError(`ADMIN_TOKEN must be at least ${ADMIN_TOKEN_MIN_CHARS} characters long (try \`openssl rand -hex 32\`).`);
  }
  if (config.databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(config.databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// URL (leave it unset to store in the SQLite file).');
  }
}

/** `https://host[:port]` as browsers write it in `Origin`: scheme, host and port only. */
function originList(value: string | undefined, name: string): string[] {
  return list(value).map((item) => {
    let url: URL;
    try {
      url = new URL(item);
    } catch {
      throw new ConfigError(`${name} must list origins such as https://trials.example.org, not "${item}".`);
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin === 'null') {
      throw new ConfigError(`${name} must list http or https origins, not "${item}".`);
    }
    return url.origin;
  });
}

function trustProxyHops(env: Record<string, string | undefined>): number {
  if (env.TRUST_PROXY_HOPS !== undefined && env.TRUST_PROXY_HOPS.trim() !== '') return integer(env.TRUST_PROXY_HOPS, 0, 'TRUST_PROXY_HOPS');
  // The older switch: one proxy.
  return env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true' ? 1 : 0;
}

/** Reads the configuration from `env` (normally `process.env`). */
export function readConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const apiBase = env.CTGOV_API_BASE?.trim();
  return {
    host: env.HOST?.trim() || '127.0.0.1',
    port: integer(env.PORT, 8080, 'PORT'),
    dataDir: resolve(env.DATA_DIR?.trim() || resolve(PROJECT_ROOT, '.data')),
    databaseUrl: env.DATABASE_URL?.trim() || undefined,
    allowedOrigins: list(env.ALLOWED_ORIGINS),
    embedFrameAncestors: !env.EMBED_FRAME_ANCESTORS?.trim() || env.EMBED_FRAME_ANCESTORS.trim() === '*' ? ['*'] : originList(env.EMBED_FRAME_ANCESTORS, 'EMBED_FRAME_ANCESTORS'),
    publicOrigins: originList(env.PUBLIC_ORIGIN, 'PUBLIC_ORIGIN'),
    adminToken: env.ADMIN_TOKEN?.trim() || undefined,
    adminGuessLimit: { attempts: 5, windowMs: 15 * 60_000 },
    ctgovApiBase: apiBase === 'off' ? undefined : (apiBase || 'https://clinicaltrials.gov/api/v2').replace(/\/+$/, ''),
    ctgovFixturesDirs: env.CTGOV_FIXTURES_DIR !== undefined ? env.CTGOV_FIXTURES_DIR.split(delimiter).filter(Boolean).map((d) => resolve(d)) : defaultFixturesDirs(),
    ctgovMinIntervalMs: integer(env.CTGOV_MIN_INTERVAL_MS, 1000, 'CTGOV_MIN_INTERVAL_MS'),
    ctgovCacheTtlMs: integer(env.CTGOV_CACHE_TTL_MS, 60 * 60 * 1000, 'CTGOV_CACHE_TTL_MS'),
    ctgovCacheEntries: integer(env.CTGOV_CACHE_ENTRIES, 500, 'CTGOV_CACHE_ENTRIES'),
    ctgovCacheBytes: integer(env.CTGOV_CACHE_BYTES, 64 * 1024 * 1024, 'CTGOV_CACHE_BYTES'),
    ctgovQueueMax: integer(env.CTGOV_QUEUE_MAX, 30, 'CTGOV_QUEUE_MAX'),
    ctgovMaxBodyBytes: integer(env.CTGOV_MAX_BODY_BYTES, 4 * 1024 * 1024, 'CTGOV_MAX_BODY_BYTES'),
    bodyLimitBytes: integer(env.BODY_LIMIT_BYTES, 32 * 1024, 'BODY_LIMIT_BYTES'),
    submitRateLimit: {
      burst: integer(env.RATE_LIMIT_BURST, 10, 'RATE_LIMIT_BURST'),
      perMinute: integer(env.RATE_LIMIT_PER_MINUTE, 30, 'RATE_LIMIT_PER_MINUTE'),
    },
    trustProxyHops: trustProxyHops(env),
    shareQuotaBytes: integer(env.SHARE_QUOTA_BYTES, 512 * 1024 * 1024, 'SHARE_QUOTA_BYTES'),
    sharesPerClientHour: integer(env.SHARES_PER_CLIENT_HOUR, 30, 'SHARES_PER_CLIENT_HOUR'),
    sharesPerClientDay: integer(env.SHARES_PER_CLIENT_DAY, 100, 'SHARES_PER_CLIENT_DAY'),
    geocodeRateLimit: {
      burst: integer(env.GEOCODE_RATE_LIMIT_BURST, 20, 'GEOCODE_RATE_LIMIT_BURST'),
      perMinute: integer(env.GEOCODE_RATE_LIMIT_PER_MINUTE, 60, 'GEOCODE_RATE_LIMIT_PER_MINUTE'),
    },
    demoDir: resolve(PROJECT_ROOT, 'demo'),
    distDir: resolve(PROJECT_ROOT, 'dist'),
    logRequests: env.LOG_REQUESTS !== '0',
    delivery: {
      smtpUrl: env.SMTP_URL?.trim() || undefined,
      mailFrom: env.MAIL_FROM?.trim() || undefined,
      routesFile: env.ROUTES_FILE?.trim() ? resolve(env.ROUTES_FILE.trim()) : undefined,
      webhookUrl: env.WEBHOOK_URL?.trim() || undefined,
      webhookSecret: env.WEBHOOK_SECRET?.trim() || undefined,
      sendReaderCopy: env.SEND_READER_COPY === '1' || env.SEND_READER_COPY === 'true',
      readerCopyContact: env.READER_COPY_CONTACT?.trim() || undefined,
      maxAttempts: Math.max(1, integer(env.DELIVERY_MAX_ATTEMPTS, 40, 'DELIVERY_MAX_ATTEMPTS')),
      retryBaseMs: integer(env.DELIVERY_RETRY_BASE_MS, 30_000, 'DELIVERY_RETRY_BASE_MS'),
      retryMaxMs: integer(env.DELIVERY_RETRY_MAX_MS, 60 * 60 * 1000, 'DELIVERY_RETRY_MAX_MS'),
      leaseMs: integer(env.DELIVERY_LEASE_MS, 120_000, 'DELIVERY_LEASE_MS'),
      concurrency: Math.max(1, integer(env.DELIVERY_CONCURRENCY, 4, 'DELIVERY_CONCURRENCY')),
      timeoutMs: integer(env.DELIVERY_TIMEOUT_MS, 30_000, 'DELIVERY_TIMEOUT_MS'),
    },
    retentionDays: integer(env.RETENTION_DAYS, 90, 'RETENTION_DAYS'),
  };
}
