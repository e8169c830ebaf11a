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
  /** Per-client limit on GET /api/geocode. */
  geocodeRateLimit: RateLimitConfig;
  /** Use the first X-Forwarded-For address as the client (only behind a trusted proxy). */
  trustProxy: boolean;
  /** Served at `/`. */
  demoDir: string;
  /** Served at `/dist/`. */
  distDir: string;
  /** Request log lines; never bodies. */
  logRequests: boolean;
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
    geocodeRateLimit: {
      burst: integer(env.GEOCODE_RATE_LIMIT_BURST, 20, 'GEOCODE_RATE_LIMIT_BURST'),
      perMinute: integer(env.GEOCODE_RATE_LIMIT_PER_MINUTE, 60, 'GEOCODE_RATE_LIMIT_PER_MINUTE'),
    },
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    demoDir: resolve(PROJECT_ROOT, 'demo'),
    distDir: resolve(PROJECT_ROOT, 'dist'),
    logRequests: env.LOG_REQUESTS !== '0',
  };
}
