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
  /** Origins allowed to call /api from a browser, besides the server's own. `*` allows any. */
  allowedOrigins: string[];
  /** Bearer token for the CSV export; the export is off when unset. */
  adminToken: string | undefined;
  /** ClinicalTrials.gov v2 base for the proxy; undefined keeps the proxy offline. */
  ctgovApiBase: string | undefined;
  /** Folders searched for `<NCT id>.json` before the cache and the upstream API. */
  ctgovFixturesDirs: string[];
  /** Minimum milliseconds between two upstream requests (ClinicalTrials.gov asks for ~1/s). */
  ctgovMinIntervalMs: number;
  /** How long a fetched study is served from memory. */
  ctgovCacheTtlMs: number;
  /** Largest accepted request body, in bytes. */
  bodyLimitBytes: number;
  /** Per-client limit on POST /api/contact and /api/notify. */
  submitRateLimit: RateLimitConfig;
  /** Use the first X-Forwarded-For address as the client (only behind a trusted proxy). */
  trustProxy: boolean;
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
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, not "${value}".`);
  return n;
}

export function defaultFixturesDirs(): string[] {
  return [resolve(PROJECT_ROOT, 'test/fixtures'), resolve(PROJECT_ROOT, '../shared/fixtures/ctgov')].filter((dir) => existsSync(dir));
}

/** Reads the configuration from `env` (normally `process.env`). */
export function readConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const apiBase = env.CTGOV_API_BASE?.trim();
  return {
    host: env.HOST?.trim() || '127.0.0.1',
    port: integer(env.PORT, 8080, 'PORT'),
    dataDir: resolve(env.DATA_DIR?.trim() || resolve(PROJECT_ROOT, '.data')),
    allowedOrigins: list(env.ALLOWED_ORIGINS),
    adminToken: env.ADMIN_TOKEN?.trim() || undefined,
    ctgovApiBase: apiBase === 'off' ? undefined : (apiBase || 'https://clinicaltrials.gov/api/v2').replace(/\/+$/, ''),
    ctgovFixturesDirs: env.CTGOV_FIXTURES_DIR !== undefined ? env.CTGOV_FIXTURES_DIR.split(delimiter).filter(Boolean).map((d) => resolve(d)) : defaultFixturesDirs(),
    ctgovMinIntervalMs: integer(env.CTGOV_MIN_INTERVAL_MS, 1000, 'CTGOV_MIN_INTERVAL_MS'),
    ctgovCacheTtlMs: integer(env.CTGOV_CACHE_TTL_MS, 60 * 60 * 1000, 'CTGOV_CACHE_TTL_MS'),
    bodyLimitBytes: integer(env.BODY_LIMIT_BYTES, 32 * 1024, 'BODY_LIMIT_BYTES'),
    submitRateLimit: {
      burst: integer(env.RATE_LIMIT_BURST, 10, 'RATE_LIMIT_BURST'),
      perMinute: integer(env.RATE_LIMIT_PER_MINUTE, 30, 'RATE_LIMIT_PER_MINUTE'),
    },
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
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
