/**
 * The PostgreSQL store, for several server instances on one database (`DATABASE_URL`).
 *
 * - A submission and its delivery jobs are one statement (a data-modifying CTE), so they commit
 *   together. `ON CONFLICT DO NOTHING` makes the insert idempotent across instances: a second
 *   insert of the same key waits on the unique index for the first to commit, then finds its
 *   row and answers with it.
 * - The worker claims jobs with `FOR UPDATE SKIP LOCKED`: two instances claiming at once take
 *   different jobs, never the same one.
 * - Times are `timestamptz`; the API sees the same ISO strings as on SQLite.
 * - Schema steps are numbered in `schema_migrations`, applied under an advisory lock so that
 *   instances starting together apply each step once.
 *
 * Errors that mean "the database is not there" (refused, reset, shut down, no connection in
 * time) become `StoreUnavailableError`, which the server answers with 503 and Retry-After.
 */
import pg from 'pg';
import type { ExportedSubmission, StoredSubmission, SubmissionKind, SubmissionRecord } from '../db.ts';
import type { DeliverySource } from '../delivery/messages.ts';
import type { DeliveryAnswer } from '../delivery/plan.ts';
import type { ClaimedJob, JobStatus, JobSummary } from '../delivery/outbox.ts';
import type { ContactSubmission } from '../../src/model/contact.ts';
import type { RateLimitConfig } from '../config.ts';
import type { ShareStoreLimits } from '../share-store.ts';
import type { WindowLimitConfig } from '../window-limit.ts';
import { LIMIT_TABLES, limitKey, PostgresRateLimiter, PostgresWindowLimiter } from './postgres-limits.ts';
import { PostgresShareStore, SHARE_TABLES } from './postgres-shares.ts';
import { StoreUnavailableError, type JobOutcome, type Store } from './types.ts';

/** Numbered schema steps; `schema_migrations` lists the ones applied. */
export const PG_MIGRATIONS: string[] = [
  // 1: submissions with their consent record and delivery answer.
  `CREATE TABLE submissions (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     kind text NOT NULL CHECK (kind IN ('contact', 'notify')),
     idempotency_key text NOT NULL,
     body_hash text NOT NULL,
     trial_id text,
     payload text NOT NULL,
     received_at timestamptz NOT NULL,
     consent_sha256 text,
     widget_version text,
     page_origin text,
     consent_at timestamptz,
     delivery jsonb,
     UNIQUE (kind, idempotency_key)
   );
   CREATE INDEX submissions_received ON submissions (kind, received_at);
   CREATE INDEX submissions_age ON submissions (received_at);`,
  // 2: the transactional outbox.
  `CREATE TABLE delivery_jobs (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     submission_id bigint NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
     channel text NOT NULL CHECK (channel IN ('email', 'webhook', 'reader-copy')),
     target text NOT NULL,
     status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'done', 'failed')),
     attempts integer NOT NULL DEFAULT 0,
     next_attempt_at timestamptz NOT NULL,
     lease_until timestamptz,
     last_error_code text,
     message_id text,
     created_at timestamptz NOT NULL,
     done_at timestamptz
   );
   CREATE INDEX delivery_jobs_due ON delivery_jobs (next_attempt_at) WHERE status = 'pending';
   CREATE INDEX delivery_jobs_lease ON delivery_jobs (lease_until) WHERE status = 'sending';
   CREATE INDEX delivery_jobs_submission ON delivery_jobs (submission_id);`,
  // 3: passcode shares, their challenges and wrong guesses.
  SHARE_TABLES,
  // 4: rate limits and guess windows shared by all instances.
  LIMIT_TABLES,
];

/** Any number, the same in every instance: the advisory lock migrations run under. */
const MIGRATION_LOCK = 7_310_113;

/** SQLSTATE classes of a server that is going or gone: connection exceptions, operator intervention. */
const UNAVAILABLE_SQLSTATE = /^(08|57P)/;

/** True when `error` says the database cannot be reached, rather than that a statement is wrong. */
export function meansUnavailable(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && UNAVAILABLE_SQLSTATE.test(code)) return true;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return true; // ECONNREFUSED, ECONNRESET, ETIMEDOUT…
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connection is closed/i.test(error.message);
}

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

interface ExistingRow {
  id: string;
  body_hash: string;
  received_at: Date;
  delivery: DeliveryAnswer | null;
}

export class PostgresStore implements Store {
  readonly backend = 'postgres';
  readonly pool: pg.Pool;
  /**
   * Connections for limit counters, with `synchronous_commit = off`: a counter update lost in a
   * crash of the database server gives one client a few more tries, so it need not wait for
   * its own fsync (submissions always do).
   */
  readonly limitPool: pg.Pool;

  constructor(pool: pg.Pool, limitPool: pg.Pool) {
    this.pool = pool;
    this.limitPool = limitPool;
  }

  /**
   * Connects, applies missing schema steps and returns the store; throws one sentence when the
   * server does not answer.
   */
  static async open(url: string, options: { max?: number } = {}): Promise<PostgresStore> {
    const settings = {
      connectionString: url,
      // A database that went away answers "unavailable" within seconds instead of hanging a request.
      connectionTimeoutMillis: 3_000,
      idleTimeoutMillis: 30_000,
      application_name: 'trialkit',
    };
    const pool = new pg.Pool({ ...settings, max: options.max ?? 10 });
    const limitPool = new pg.Pool({ ...settings, max: 4, options: '-c synchronous_commit=off' });
    // An idle connection cut by the server must not crash the process; the pool drops it.
    pool.on('error', () => {});
    limitPool.on('error', () => {});
    const store = new PostgresStore(pool, limitPool);
    try {
      await store.migrate();
    } catch (error) {
      await store.close().catch(() => {});
      if (meansUnavailable(error)) {
        const { hostname, port } = new URL(url);
        const why = (error as { code?: string }).code ?? (error as Error).message;
        throw new Error(`DATABASE_URL names a PostgreSQL server that does not answer (${hostname}:${port || 5432}, ${why}).`, { cause: error });
      }
      throw new Error(`DATABASE_URL: the PostgreSQL server refused the connection or the schema step (${(error as Error).message}).`, { cause: error });
    }
    return store;
  }

  /** Applies the schema steps this database lacks, each once even with instances starting together. */
  async migrate(): Promise<void> {
    const client = await this.pool.connect();
    let broken = false;
    const cut = () => (broken = true);
    client.on('error', cut);
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      try {
        await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
        const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
        for (let step = rows[0]?.v ?? 0; step < PG_MIGRATIONS.length; step += 1) {
          await client.query('BEGIN');
          try {
            await client.query(PG_MIGRATIONS[step]!);
            await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [step + 1]);
            await client.query('COMMIT');
          } catch (error) {
            await client.query('ROLLBACK');
            throw error;
          }
        }
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      }
    } finally {
      client.off('error', cut);
      client.release(broken);
    }
  }

  /**
   * Runs one statement (on the limit pool when `limits`), turning "the database is not there"
   * into `StoreUnavailableError`.
   */
  async query<R extends pg.QueryResultRow>(text: string, values: unknown[] = [], limits = false): Promise<pg.QueryResult<R>> {
    try {
      return await (limits ? this.limitPool : this.pool).query<R>(text, values);
    } catch (error) {
      throw meansUnavailable(error) ? new StoreUnavailableError(error) : error;
    }
  }

  /** Runs `work` in one transaction on one connection. */
  async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw meansUnavailable(error) ? new StoreUnavailableError(error) : error;
    }
    // A connection cut while checked out but between two statements is reported as an 'error'
    // event (which would otherwise end the process); the next statement then fails, and the
    // transaction with it.
    let broken = false;
    const cut = () => (broken = true);
    client.on('error', cut);
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      broken = meansUnavailable(error);
      if (!broken) await client.query('ROLLBACK').catch(() => (broken = true));
      throw broken ? new StoreUnavailableError(error) : error;
    } finally {
      client.off('error', cut);
      client.release(broken);
    }
  }

  async saveSubmission(kind: SubmissionKind, key: string, hash: string, trialId: string | undefined, payload: string, record: SubmissionRecord = {}): Promise<StoredSubmission> {
    const now = new Date();
    const jobs = record.jobs ?? [];
    const { rows } = await this.query<{ id: string; received_at: Date }>(
      `WITH saved AS (
         INSERT INTO submissions (kind, idempotency_key, body_hash, trial_id, payload, received_at,
           consent_sha256, widget_version, page_origin, consent_at, delivery)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $7::text IS NULL THEN NULL ELSE $6::timestamptz END, $10)
         ON CONFLICT (kind, idempotency_key) DO NOTHING
         RETURNING id, received_at
       ), jobs AS (
         INSERT INTO delivery_jobs (submission_id, channel, target, next_attempt_at, created_at)
         SELECT saved.id, job.channel, job.target, $6, $6 FROM saved, unnest($11::text[], $12::text[]) AS job (channel, target)
       )
       SELECT id, received_at FROM saved`,
      [
        kind,
        key,
        hash,
        trialId ?? null,
        payload,
        now,
        record.consentSha256 ?? null,
        record.widgetVersion ?? null,
        record.pageOrigin ?? null,
        record.delivery ? JSON.stringify(record.delivery) : null,
        jobs.map((job) => job.channel),
        jobs.map((job) => job.target),
      ],
    );
    const row = rows[0];
    if (row) return { id: Number(row.id), receivedAt: iso(row.received_at)!, delivery: record.delivery, created: true, conflict: false };
    const existing = (
      await this.query<ExistingRow>('SELECT id, body_hash, received_at, delivery FROM submissions WHERE kind = $1 AND idempotency_key = $2', [kind, key])
    ).rows[0]!;
    return {
      id: Number(existing.id),
      receivedAt: iso(existing.received_at)!,
      delivery: existing.delivery ?? undefined,
      created: false,
      conflict: existing.body_hash !== hash,
    };
  }

  async submissionPage(kind: SubmissionKind, afterId: number, limit: number): Promise<ExportedSubmission[]> {
    const { rows } = await this.query<{
      id: string;
      trial_id: string | null;
      payload: string;
      received_at: Date;
      consent_sha256: string | null;
      widget_version: string | null;
      page_origin: string | null;
      consent_at: Date | null;
    }>(
      `SELECT id, trial_id, payload, received_at, consent_sha256, widget_version, page_origin, consent_at
       FROM submissions WHERE kind = $1 AND id > $2 ORDER BY id LIMIT $3`,
      [kind, afterId, limit],
    );
    return rows.map((row) => ({
      id: Number(row.id),
      trialId: row.trial_id,
      payload: JSON.parse(row.payload) as unknown,
      receivedAt: iso(row.received_at)!,
      consentSha256: row.consent_sha256,
      widgetVersion: row.widget_version,
      pageOrigin: row.page_origin,
      consentAt: iso(row.consent_at),
    }));
  }

  async deliveryStep(outcomes: readonly JobOutcome[], room: number, now: Date, leaseMs: number): Promise<ClaimedJob[]> {
    if (!outcomes.length && room <= 0) return [];
    return this.transaction(async (client) => {
      for (const outcome of outcomes) {
        if (outcome.kind === 'done') {
          await client.query(
            `UPDATE delivery_jobs SET status = 'done', done_at = $2, message_id = $3, lease_until = NULL, last_error_code = NULL
             WHERE id = $1 AND status = 'sending'`,
            [outcome.id, now, outcome.messageId],
          );
        } else if (outcome.kind === 'retry') {
          await client.query(
            `UPDATE delivery_jobs SET status = 'pending', next_attempt_at = $2, last_error_code = $3, lease_until = NULL
             WHERE id = $1 AND status = 'sending'`,
            [outcome.id, outcome.at, outcome.code],
          );
        } else {
          await client.query(
            `UPDATE delivery_jobs SET status = 'failed', done_at = $2, last_error_code = $3, lease_until = NULL
             WHERE id = $1 AND status = 'sending'`,
            [outcome.id, now, outcome.code],
          );
        }
      }
      if (room <= 0) return [];
      const leaseUntil = new Date(now.getTime() + leaseMs);
      // Jobs whose worker died (lease over) first, then due pending ones; rows another instance
      // holds locked are skipped rather than waited for, so it keeps them.
      const claim = async (where: string, order: string, limit: number) =>
        (
          await client.query<{ id: string; submission_id: string; channel: ClaimedJob['channel']; target: string; attempts: number }>(
            `UPDATE delivery_jobs SET status = 'sending', attempts = attempts + 1, lease_until = $2
             WHERE id IN (SELECT id FROM delivery_jobs WHERE ${where} ORDER BY ${order} LIMIT $3 FOR UPDATE SKIP LOCKED)
             RETURNING id, submission_id, channel, target, attempts`,
            [now, leaseUntil, limit],
          )
        ).rows.map((row): ClaimedJob => ({ id: Number(row.id), submissionId: Number(row.submission_id), channel: row.channel, target: row.target, attempts: row.attempts }));
      const jobs = await claim(`status = 'sending' AND lease_until <= $1`, 'lease_until', room);
      if (jobs.length < room) jobs.push(...(await claim(`status = 'pending' AND next_attempt_at <= $1`, 'next_attempt_at', room - jobs.length)));
      return jobs.sort((a, b) => a.id - b.id);
    });
  }

  async deliverySource(submissionId: number): Promise<DeliverySource | undefined> {
    const row = (
      await this.query<{
        id: string;
        received_at: Date;
        payload: string;
        consent_sha256: string | null;
        widget_version: string | null;
        page_origin: string | null;
        consent_at: Date | null;
      }>('SELECT id, received_at, payload, consent_sha256, widget_version, page_origin, consent_at FROM submissions WHERE id = $1', [submissionId])
    ).rows[0];
    if (!row) return undefined;
    return {
      id: Number(row.id),
      receivedAt: iso(row.received_at)!,
      payload: JSON.parse(row.payload) as ContactSubmission,
      consentSha256: row.consent_sha256,
      widgetVersion: row.widget_version,
      pageOrigin: row.page_origin,
      consentAt: iso(row.consent_at),
    };
  }

  async teamAddresses(submissionId: number): Promise<string | undefined> {
    const { rows } = await this.query<{ target: string }>(`SELECT target FROM delivery_jobs WHERE submission_id = $1 AND channel = 'email' LIMIT 1`, [submissionId]);
    return rows[0]?.target;
  }

  async nextDeliveryDueAt(): Promise<Date | undefined> {
    const { rows } = await this.query<{ at: Date | null }>(
      `SELECT least((SELECT min(next_attempt_at) FROM delivery_jobs WHERE status = 'pending'),
                    (SELECT min(lease_until) FROM delivery_jobs WHERE status = 'sending')) AS at`,
    );
    return rows[0]?.at ?? undefined;
  }

  async listDeliveries(status: JobStatus | undefined, limit: number): Promise<JobSummary[]> {
    const { rows } = await this.query<{
      id: string;
      submission_id: string;
      channel: JobSummary['channel'];
      status: JobStatus;
      attempts: number;
      next_at: Date | null;
      last_error_code: string | null;
      created_at: Date;
      done_at: Date | null;
    }>(
      `SELECT id, submission_id, channel, status, attempts,
         CASE WHEN status IN ('pending', 'sending') THEN coalesce(lease_until, next_attempt_at) END AS next_at,
         last_error_code, created_at, done_at
       FROM delivery_jobs WHERE $1::text IS NULL OR status = $1 ORDER BY id LIMIT $2`,
      [status ?? null, limit],
    );
    return rows.map((row) => ({
      id: Number(row.id),
      submissionId: Number(row.submission_id),
      channel: row.channel,
      status: row.status,
      attempts: row.attempts,
      nextAttemptAt: iso(row.next_at),
      lastErrorCode: row.last_error_code,
      createdAt: iso(row.created_at)!,
      doneAt: iso(row.done_at),
    }));
  }

  async deleteExpired(days: number, now = new Date()): Promise<number> {
    if (days <= 0) return 0;
    const cutoff = new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
    return (await this.query('DELETE FROM submissions WHERE received_at < $1', [cutoff])).rowCount ?? 0;
  }

  #limitKey: Promise<Buffer> | undefined;

  /** The shared HMAC key of limiter rows, read once (again after a failure). */
  #key = (): Promise<Buffer> => {
    this.#limitKey ??= limitKey(this).catch((error: unknown) => {
      this.#limitKey = undefined;
      throw error;
    });
    return this.#limitKey;
  };

  rateLimiter(name: string, config: RateLimitConfig, now?: () => number): PostgresRateLimiter {
    return new PostgresRateLimiter(this, this.#key, name, config, now);
  }

  windowLimiter(name: string, config: WindowLimitConfig, now?: () => number): PostgresWindowLimiter {
    return new PostgresWindowLimiter(this, this.#key, name, config, now);
  }

  shares(now: () => number, limits: ShareStoreLimits): PostgresShareStore {
    return new PostgresShareStore(this, now, limits);
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }

  #closed: Promise<void> | undefined;

  close(): Promise<void> {
    this.#closed ??= Promise.all([this.pool.end(), this.limitPool.end()]).then(() => undefined);
    return this.#closed;
  }
}
