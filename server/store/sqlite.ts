/**
 * The SQLite store: one file in DATA_DIR, WAL journal, `synchronous = FULL`, so a submission is
 * on disk before its 201 is sent and neither a crash nor a restart loses an acknowledged write.
 * The statements live with their tables' users (server/db.ts, server/delivery/outbox.ts,
 * server/retention.ts, server/share-store.ts) behind the async `Store` interface; the tables
 * themselves are created here, in numbered steps, as server/store/postgres.ts does for
 * PostgreSQL. Submissions keep their group commit: the saves of one event-loop turn share one
 * transaction and one fsync.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SubmissionStore, type ExportedSubmission, type SubmissionKind, type SubmissionRecord } from '../db.ts';
import { Outbox, type ClaimedJob, type JobStatus } from '../delivery/outbox.ts';
import type { RateLimitConfig } from '../config.ts';
import { RateLimiter } from '../rate-limit.ts';
import { deleteExpired } from '../retention.ts';
import { ShareStore, type ShareStoreLimits } from '../share-store.ts';
import { WindowLimiter, type WindowLimitConfig } from '../window-limit.ts';
import type { JobOutcome, Store } from './types.ts';

export const DB_FILE = 'trialkit.sqlite';

/**
 * Runs a setup step again while another process holds the lock. Switching a new file to WAL
 * takes an exclusive lock that SQLite's busy handler does not wait for, so two servers starting
 * on one file at once would otherwise fail with SQLITE_BUSY.
 */
function whenUnlocked<T>(step: () => T): T {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 0; ; attempt += 1) {
    try {
      return step();
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || attempt >= 100) throw error;
      Atomics.wait(pause, 0, 0, 20 + Math.random() * 30);
    }
  }
}

/** Columns added after the first release; an older file gets them on open. */
const ADDED_SUBMISSION_COLUMNS = {
  consent_sha256: 'TEXT',
  widget_version: 'TEXT',
  page_origin: 'TEXT',
  consent_at: 'TEXT',
  delivery: 'TEXT',
} as const;

/**
 * Versioned schema steps; `PRAGMA user_version` holds how many of them a file has. Each step is
 * also safe on a file that already has its tables or columns: files written before the version
 * was kept have version 0 and some or all of them.
 */
const MIGRATIONS: ((db: Database.Database) => void)[] = [
  // 1: the first release.
  (db) =>
    db.exec(`
      CREATE TABLE IF NOT EXISTS submissions (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('contact', 'notify')),
        idempotency_key TEXT NOT NULL,
        body_hash TEXT NOT NULL,
        trial_id TEXT,
        payload TEXT NOT NULL,
        received_at TEXT NOT NULL,
        UNIQUE (kind, idempotency_key)
      );
      CREATE INDEX IF NOT EXISTS submissions_received ON submissions (kind, received_at);
    `),
  // 2: the consent record and the delivery answer.
  (db) => {
    const present = new Set((db.pragma('table_info(submissions)') as { name: string }[]).map((column) => column.name));
    for (const [name, type] of Object.entries(ADDED_SUBMISSION_COLUMNS)) {
      if (!present.has(name)) db.exec(`ALTER TABLE submissions ADD COLUMN ${name} ${type}`);
    }
  },
  // 3: the transactional outbox: a submission's deliveries are written in its own transaction,
  // so an acknowledged submission always has them and a rolled-back one never does.
  (db) =>
    db.exec(`
      CREATE TABLE IF NOT EXISTS delivery_jobs (
        id INTEGER PRIMARY KEY,
        submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
        channel TEXT NOT NULL CHECK (channel IN ('email', 'webhook', 'reader-copy')),
        target TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'done', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        lease_until TEXT,
        last_error_code TEXT,
        message_id TEXT,
        created_at TEXT NOT NULL,
        done_at TEXT
      );
      CREATE INDEX IF NOT EXISTS delivery_jobs_due ON delivery_jobs (status, next_attempt_at);
      CREATE INDEX IF NOT EXISTS delivery_jobs_lease ON delivery_jobs (status, lease_until);
      CREATE INDEX IF NOT EXISTS delivery_jobs_submission ON delivery_jobs (submission_id);
    `),
  // 4: passcode shares, their challenges and wrong guesses (server/share-store.ts). Files from
  // before this step got these tables when the share routes first started.
  (db) =>
    db.exec(`
      CREATE TABLE IF NOT EXISTS shares (
        id TEXT PRIMARY KEY,
        header TEXT NOT NULL,
        iv TEXT NOT NULL,
        ciphertext BLOB NOT NULL,
        verifier BLOB NOT NULL,
        delete_token_hash BLOB NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        max_views INTEGER,
        views INTEGER NOT NULL DEFAULT 0,
        wrong_total INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX IF NOT EXISTS shares_expires_at ON shares (expires_at);
      CREATE TABLE IF NOT EXISTS share_wrong_guesses (
        share_id TEXT NOT NULL,
        at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX IF NOT EXISTS share_wrong_guesses_share ON share_wrong_guesses (share_id, at);
      CREATE TABLE IF NOT EXISTS share_challenges (
        nonce TEXT PRIMARY KEY,
        share_id TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX IF NOT EXISTS share_challenges_share ON share_challenges (share_id, expires_at);
    `),
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the file to `SCHEMA_VERSION`, one step per IMMEDIATE transaction: a second server
 * starting on the same file waits for the lock, then sees the step done and skips it.
 */
function migrate(db: Database.Database): void {
  const version = () => db.pragma('user_version', { simple: true }) as number;
  if (version() >= SCHEMA_VERSION) return;
  for (let step = 0; step < MIGRATIONS.length; step += 1) {
    whenUnlocked(() =>
      db
        .transaction(() => {
          if (version() > step) return;
          MIGRATIONS[step]!(db);
          db.pragma(`user_version = ${step + 1}`);
        })
        .immediate(),
    );
  }
}

/**
 * Only the server's own user may read the file: it holds names, contacts and health answers.
 * SQLite creates `-wal` and `-shm` with the main file's mode, so the main file is made 0600
 * before they exist; they are set again in case an older run left them wider.
 */
function keepPrivate(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}

function openDatabase(dataDir: string): Database.Database {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, DB_FILE);
  keepPrivate(file);
  const db = new Database(file, { timeout: 5000 });
  whenUnlocked(() => db.pragma('journal_mode = WAL'));
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // Deleted submissions (retention) are overwritten, not left readable in free pages.
  db.pragma('secure_delete = ON');
  migrate(db);
  for (const suffix of ['-wal', '-shm']) if (existsSync(file + suffix)) chmodSync(file + suffix, 0o600);
  return db;
}

type PageRow = Omit<ExportedSubmission, 'payload'> & { payload: string };

export class SqliteStore implements Store {
  readonly backend = 'sqlite';
  readonly #submissions: SubmissionStore;
  readonly #outbox: Outbox;
  readonly #page: Database.Statement;
  readonly #ping: Database.Statement;
  readonly #step: (outcomes: readonly JobOutcome[], room: number, now: Date, leaseMs: number) => ClaimedJob[];

  constructor(readonly db: Database.Database) {
    this.#submissions = new SubmissionStore(db);
    this.#outbox = new Outbox(db);
    this.#page = db.prepare(
      `SELECT id, trial_id AS trialId, payload, received_at AS receivedAt, consent_sha256 AS consentSha256,
         widget_version AS widgetVersion, page_origin AS pageOrigin, consent_at AS consentAt
       FROM submissions WHERE kind = ? AND id > ? ORDER BY id LIMIT ?`,
    );
    this.#ping = db.prepare('SELECT 1 AS ok');
    this.#step = db.transaction((outcomes: readonly JobOutcome[], room: number, now: Date, leaseMs: number) => {
      for (const outcome of outcomes) {
        if (outcome.kind === 'done') this.#outbox.markDone(outcome.id, outcome.messageId, now);
        else if (outcome.kind === 'retry') this.#outbox.markRetry(outcome.id, outcome.code, outcome.at);
        else this.#outbox.markFailed(outcome.id, outcome.code, now);
      }
      return room > 0 ? this.#outbox.claim(room, now, leaseMs) : [];
    });
  }

  /** Opens (creating or upgrading) `trialkit.sqlite` in `dataDir`. */
  static open(dataDir: string): SqliteStore {
    return new SqliteStore(openDatabase(dataDir));
  }

  saveSubmission(kind: SubmissionKind, key: string, hash: string, trialId: string | undefined, payload: string, record: SubmissionRecord = {}) {
    return this.#submissions.saveSoon(kind, key, hash, trialId, payload, record);
  }

  async submissionPage(kind: SubmissionKind, afterId: number, limit: number): Promise<ExportedSubmission[]> {
    return (this.#page.all(kind, afterId, limit) as PageRow[]).map((row) => ({ ...row, payload: JSON.parse(row.payload) as unknown }));
  }

  async deliveryStep(outcomes: readonly JobOutcome[], room: number, now: Date, leaseMs: number): Promise<ClaimedJob[]> {
    return this.#step(outcomes, room, now, leaseMs);
  }

  async deliverySource(submissionId: number) {
    return this.#outbox.source(submissionId);
  }

  async teamAddresses(submissionId: number) {
    return this.#outbox.teamAddresses(submissionId);
  }

  async nextDeliveryDueAt() {
    return this.#outbox.nextDueAt();
  }

  async listDeliveries(status: JobStatus | undefined, limit: number) {
    return this.#outbox.list(status, limit);
  }

  async deleteExpired(days: number, now = new Date()): Promise<number> {
    return deleteExpired(this.db, days, now);
  }

  /** In memory: limits are per process here, as before. */
  rateLimiter(_name: string, config: RateLimitConfig, now?: () => number): RateLimiter {
    return new RateLimiter(config, now);
  }

  windowLimiter(_name: string, config: WindowLimitConfig, now?: () => number): WindowLimiter {
    return new WindowLimiter(config, now);
  }

  shares(now: () => number, limits: ShareStoreLimits): ShareStore {
    return new ShareStore(this.db, now, limits);
  }

  async ping(): Promise<void> {
    this.#ping.get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
