/**
 * SQLite storage. One file in DATA_DIR, WAL journal, `synchronous = FULL`: a submission is on
 * disk before its 201 is sent, so neither a crash nor a restart loses an acknowledged write.
 * better-sqlite3 is synchronous, which also makes the dedupe insert atomic without locks.
 *
 * Group commit: the submissions that arrive in one turn of the event loop are written in one
 * transaction, so they share one fsync. Each request still waits for that commit before it is
 * answered; under load this multiplies throughput without weakening durability.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { DeliveryAnswer, PlannedJob } from './delivery/plan.ts';

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

export function openDatabase(dataDir: string): Database.Database {
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

export type SubmissionKind = 'contact' | 'notify';

/** What a submission keeps besides its payload: the consent record and its deliveries. */
export interface SubmissionRecord {
  /** SHA-256 (hex) of the consent wording the reader agreed to. */
  consentSha256?: string;
  widgetVersion?: string | undefined;
  /** Origin of the page that posted it (`Origin`, else the `Referer`'s origin). */
  pageOrigin?: string | null;
  /** Channels that will carry it; stored so a replayed key gets the same answer. */
  delivery?: DeliveryAnswer;
  /** Outbox rows, inserted in the submission's transaction. */
  jobs?: PlannedJob[];
}

export interface StoredSubmission {
  id: number;
  receivedAt: string;
  delivery: DeliveryAnswer | undefined;
  /** False when the key had been seen before: the earlier record is returned. */
  created: boolean;
  /** True when the key was seen before with a different body. */
  conflict: boolean;
}

interface PendingSave {
  kind: SubmissionKind;
  key: string;
  hash: string;
  trialId: string | undefined;
  payload: string;
  record: SubmissionRecord;
  resolve: (stored: StoredSubmission) => void;
  reject: (error: unknown) => void;
}

export interface ExportedSubmission {
  id: number;
  trialId: string | null;
  payload: unknown;
  receivedAt: string;
  consentSha256: string | null;
  widgetVersion: string | null;
  pageOrigin: string | null;
  consentAt: string | null;
}

/** Prepared statements for storing and reading submissions. */
export class SubmissionStore {
  readonly #insert: Database.Statement;
  readonly #insertJob: Database.Statement;
  readonly #byKey: Database.Statement;
  readonly #count: Database.Statement;
  readonly #all: Database.Statement;
  readonly #saveMany: (batch: PendingSave[]) => StoredSubmission[];
  #pending: PendingSave[] = [];

  constructor(readonly db: Database.Database) {
    this.#insert = db.prepare(
      `INSERT INTO submissions (kind, idempotency_key, body_hash, trial_id, payload, received_at,
         consent_sha256, widget_version, page_origin, consent_at, delivery)
       VALUES (@kind, @key, @hash, @trialId, @payload, @receivedAt,
         @consentSha256, @widgetVersion, @pageOrigin, @consentAt, @delivery)
       ON CONFLICT (kind, idempotency_key) DO NOTHING
       RETURNING id, received_at AS receivedAt`,
    );
    this.#insertJob = db.prepare(
      `INSERT INTO delivery_jobs (submission_id, channel, target, next_attempt_at, created_at)
       VALUES (?, ?, ?, ?, ?)`,
    );
    this.#byKey = db.prepare(
      'SELECT id, body_hash AS hash, received_at AS receivedAt, delivery FROM submissions WHERE kind = ? AND idempotency_key = ?',
    );
    this.#count = db.prepare('SELECT count(*) AS n FROM submissions WHERE kind = ?');
    this.#all = db.prepare(
      `SELECT id, trial_id AS trialId, payload, received_at AS receivedAt, consent_sha256 AS consentSha256,
         widget_version AS widgetVersion, page_origin AS pageOrigin, consent_at AS consentAt
       FROM submissions WHERE kind = ? ORDER BY id`,
    );
    this.#saveMany = db.transaction((batch: PendingSave[]) => batch.map((p) => this.save(p.kind, p.key, p.hash, p.trialId, p.payload, p.record)));
  }

  /**
   * Like `save`, but joins the other saves of this event-loop turn in one transaction (one fsync).
   * Resolves after the commit.
   */
  saveSoon(
    kind: SubmissionKind,
    key: string,
    hash: string,
    trialId: string | undefined,
    payload: string,
    record: SubmissionRecord = {},
  ): Promise<StoredSubmission> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ kind, key, hash, trialId, payload, record, resolve, reject });
      if (this.#pending.length === 1) setImmediate(() => this.#commit());
    });
  }

  #commit(): void {
    const batch = this.#pending;
    this.#pending = [];
    let results: StoredSubmission[];
    try {
      results = this.#saveMany(batch);
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    batch.forEach((p, i) => p.resolve(results[i]!));
  }

  /**
   * Stores a submission once per (kind, key), with its delivery jobs; a repeat returns the first
   * record and adds no jobs. Call inside a transaction (as `saveSoon` does) so the submission and
   * its jobs are committed together.
   */
  save(kind: SubmissionKind, key: string, hash: string, trialId: string | undefined, payload: string, record: SubmissionRecord = {}): StoredSubmission {
    const receivedAt = new Date().toISOString();
    const row = this.#insert.get({
      kind,
      key,
      hash,
      trialId: trialId ?? null,
      payload,
      receivedAt,
      consentSha256: record.consentSha256 ?? null,
      widgetVersion: record.widgetVersion ?? null,
      pageOrigin: record.pageOrigin ?? null,
      consentAt: record.consentSha256 ? receivedAt : null,
      delivery: record.delivery ? JSON.stringify(record.delivery) : null,
    }) as { id: number; receivedAt: string } | undefined;
    if (row) {
      for (const job of record.jobs ?? []) this.#insertJob.run(row.id, job.channel, job.target, receivedAt, receivedAt);
      return { id: row.id, receivedAt: row.receivedAt, delivery: record.delivery, created: true, conflict: false };
    }
    const existing = this.#byKey.get(kind, key) as { id: number; hash: string; receivedAt: string; delivery: string | null };
    return {
      id: existing.id,
      receivedAt: existing.receivedAt,
      delivery: existing.delivery ? (JSON.parse(existing.delivery) as DeliveryAnswer) : undefined,
      created: false,
      conflict: existing.hash !== hash,
    };
  }

  count(kind: SubmissionKind): number {
    return (this.#count.get(kind) as { n: number }).n;
  }

  /** Every stored submission of a kind, oldest first, without loading them all at once. */
  *iterate(kind: SubmissionKind): Generator<ExportedSubmission> {
    for (const row of this.#all.iterate(kind) as Iterable<Omit<ExportedSubmission, 'payload'> & { payload: string }>) {
      yield { ...row, payload: JSON.parse(row.payload) as unknown };
    }
  }
}
