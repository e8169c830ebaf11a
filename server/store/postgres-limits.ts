/**
 * Rate limits and wrong-guess windows held in PostgreSQL, so that every instance behind a load
 * balancer counts against one budget per client. Same rules as server/rate-limit.ts and
 * server/window-limit.ts.
 *
 * A client address is never stored as such: rows are keyed by HMAC-SHA256 of the limiter's name
 * and the address, with a random key kept in the database (all instances need the same one).
 * Rows of clients that went quiet are deleted as they age out.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { RateLimitConfig } from '../config.ts';
import type { RateDecision } from '../rate-limit.ts';
import type { WindowLimitConfig } from '../window-limit.ts';
import type { PostgresStore } from './postgres.ts';
import type { ClientRateLimiter, ClientWindowLimiter } from './types.ts';

/** Schema step 4 (see PG_MIGRATIONS). */
export const LIMIT_TABLES = `
  CREATE TABLE limit_key (only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row), key bytea NOT NULL);
  CREATE TABLE rate_buckets (id bytea PRIMARY KEY, tokens double precision NOT NULL, allowed boolean NOT NULL, updated_ms bigint NOT NULL);
  CREATE INDEX rate_buckets_updated ON rate_buckets (updated_ms);
  CREATE TABLE limit_events (id bytea NOT NULL, at_ms bigint NOT NULL);
  CREATE INDEX limit_events_id ON limit_events (id, at_ms);
  CREATE INDEX limit_events_at ON limit_events (at_ms);`;

/** Buckets untouched this long are full again: their rows can go. */
const BUCKET_IDLE_MS = 24 * 60 * 60_000;
/** One call in this many also deletes rows that aged out. */
const SWEEP_EVERY = 500;

/** The HMAC key all instances share, made by the first one to need it. */
export async function limitKey(store: PostgresStore): Promise<Buffer> {
  await store.query('INSERT INTO limit_key (key) VALUES ($1) ON CONFLICT DO NOTHING', [randomBytes(32)]);
  return (await store.query<{ key: Buffer }>('SELECT key FROM limit_key')).rows[0]!.key;
}

function rowId(key: Buffer, name: string, client: string): Buffer {
  return createHmac('sha256', key).update(name).update('\0').update(client).digest();
}

let calls = 0;
const sweepDue = () => ++calls % SWEEP_EVERY === 0;

export class PostgresRateLimiter implements ClientRateLimiter {
  constructor(
    readonly store: PostgresStore,
    readonly key: () => Promise<Buffer>,
    readonly name: string,
    readonly config: RateLimitConfig,
    readonly now: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.config.burst > 0;
  }

  async take(client: string): Promise<RateDecision> {
    if (!this.enabled) return { allowed: true };
    const { burst, perMinute } = this.config;
    const perMs = perMinute / 60_000;
    const now = this.now();
    // One statement: refill by the time since the last take, then take a token if there is
    // one. The row lock makes concurrent takes from several instances count one after another.
    const { rows } = await this.store.query<{ tokens: number; allowed: boolean }>(
      `INSERT INTO rate_buckets AS b (id, tokens, allowed, updated_ms) VALUES ($1, $2::float8 - 1, true, $3)
       ON CONFLICT (id) DO UPDATE SET
         allowed = least($2::float8, b.tokens + greatest(0, $3::bigint - b.updated_ms) * $4::float8) >= 1,
         tokens = least($2::float8, b.tokens + greatest(0, $3::bigint - b.updated_ms) * $4::float8)
                  - CASE WHEN least($2::float8, b.tokens + greatest(0, $3::bigint - b.updated_ms) * $4::float8) >= 1 THEN 1 ELSE 0 END,
         updated_ms = greatest(b.updated_ms, $3)
       RETURNING tokens, allowed`,
      [rowId(await this.key(), this.name, client), burst, now, perMs],
      true,
    );
    if (sweepDue()) await this.store.query('DELETE FROM rate_buckets WHERE updated_ms < $1', [now - BUCKET_IDLE_MS], true);
    const row = rows[0]!;
    if (row.allowed) return { allowed: true };
    const waitMs = perMs > 0 ? (1 - row.tokens) / perMs : 60_000;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }
}

export class PostgresWindowLimiter implements ClientWindowLimiter {
  constructor(
    readonly store: PostgresStore,
    readonly key: () => Promise<Buffer>,
    readonly name: string,
    readonly config: WindowLimitConfig,
    readonly now: () => number = Date.now,
  ) {}

  async retryAfterMs(client: string): Promise<number> {
    const now = this.now();
    const { attempts, windowMs } = this.config;
    const { rows } = await this.store.query<{ at_ms: string }>(
      'SELECT at_ms FROM limit_events WHERE id = $1 AND at_ms > $2 ORDER BY at_ms DESC LIMIT $3',
      [rowId(await this.key(), this.name, client), now - windowMs, attempts],
      true,
    );
    if (rows.length < attempts) return 0;
    // The oldest of the last `attempts` events: when it leaves the window, one more is allowed.
    return Math.max(1, Number(rows[rows.length - 1]!.at_ms) + windowMs - now);
  }

  async remaining(client: string): Promise<number> {
    const { attempts, windowMs } = this.config;
    const { rows } = await this.store.query<{ n: string }>(
      'SELECT count(*) AS n FROM limit_events WHERE id = $1 AND at_ms > $2',
      [rowId(await this.key(), this.name, client), this.now() - windowMs],
      true,
    );
    return Math.max(0, attempts - Number(rows[0]?.n ?? 0));
  }

  async record(client: string): Promise<void> {
    const now = this.now();
    const id = rowId(await this.key(), this.name, client);
    await this.store.query('INSERT INTO limit_events (id, at_ms) VALUES ($1, $2)', [id, now], true);
    await this.store.query('DELETE FROM limit_events WHERE id = $1 AND at_ms <= $2', [id, now - this.config.windowMs], true);
    if (sweepDue()) await this.store.query('DELETE FROM limit_events WHERE at_ms < $1', [now - BUCKET_IDLE_MS], true);
  }
}
