/**
 * SQLite storage. One file in DATA_DIR, WAL journal, `synchronous = FULL`: a submission is on
 * disk before its 201 is sent, so neither a crash nor a restart loses an acknowledged write.
 * better-sqlite3 is synchronous, which also makes the dedupe insert atomic without locks.
 *
 * Group commit: the submissions that arrive in one turn of the event loop are written in one
 * transaction, so they share one fsync. Each request still waits for that commit before it is
 * answered; under load this multiplies throughput without weakening durability.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

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

export function openDatabase(dataDir: string): Database.Database {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, DB_FILE), { timeout: 5000 });
  whenUnlocked(() => db.pragma('journal_mode = WAL'));
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  whenUnlocked(() => db.exec(`
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
  `));
  return db;
}

export type SubmissionKind = 'contact' | 'notify';

export interface StoredSubmission {
  id: number;
  receivedAt: string;
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
  resolve: (stored: StoredSubmission) => void;
  reject: (error: unknown) => void;
}

/** Prepared statements for storing and reading submissions. */
export class SubmissionStore {
  readonly #insert: Database.Statement;
  readonly #byKey: Database.Statement;
  readonly #count: Database.Statement;
  readonly #all: Database.Statement;
  readonly #saveMany: (batch: PendingSave[]) => StoredSubmission[];
  #pending: PendingSave[] = [];

  constructor(readonly db: Database.Database) {
    this.#insert = db.prepare(
      `INSERT INTO submissions (kind, idempotency_key, body_hash, trial_id, payload, received_at)
       VALUES (@kind, @key, @hash, @trialId, @payload, @receivedAt)
       ON CONFLICT (kind, idempotency_key) DO NOTHING
       RETURNING id, received_at AS receivedAt`,
    );
    this.#byKey = db.prepare(
      'SELECT id, body_hash AS hash, received_at AS receivedAt FROM submissions WHERE kind = ? AND idempotency_key = ?',
    );
    this.#count = db.prepare('SELECT count(*) AS n FROM submissions WHERE kind = ?');
    this.#all = db.prepare('SELECT id, trial_id AS trialId, payload, received_at AS receivedAt FROM submissions WHERE kind = ? ORDER BY id');
    this.#saveMany = db.transaction((batch: PendingSave[]) => batch.map((p) => this.save(p.kind, p.key, p.hash, p.trialId, p.payload)));
  }

  /**
   * Like `save`, but joins the other saves of this event-loop turn in one transaction (one fsync).
   * Resolves after the commit.
   */
  saveSoon(kind: SubmissionKind, key: string, hash: string, trialId: string | undefined, payload: string): Promise<StoredSubmission> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ kind, key, hash, trialId, payload, resolve, reject });
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

  /** Stores a submission once per (kind, key); a repeat returns the first record. */
  save(kind: SubmissionKind, key: string, hash: string, trialId: string | undefined, payload: string): StoredSubmission {
    const receivedAt = new Date().toISOString();
    const row = this.#insert.get({ kind, key, hash, trialId: trialId ?? null, payload, receivedAt }) as
      | { id: number; receivedAt: string }
      | undefined;
    if (row) return { id: row.id, receivedAt: row.receivedAt, created: true, conflict: false };
    const existing = this.#byKey.get(kind, key) as { id: number; hash: string; receivedAt: string };
    return { id: existing.id, receivedAt: existing.receivedAt, created: false, conflict: existing.hash !== hash };
  }

  count(kind: SubmissionKind): number {
    return (this.#count.get(kind) as { n: number }).n;
  }

  /** Every stored submission of a kind, oldest first, without loading them all at once. */
  *iterate(kind: SubmissionKind): Generator<{ id: number; trialId: string | null; payload: unknown; receivedAt: string }> {
    for (const row of this.#all.iterate(kind) as Iterable<{ id: number; trialId: string | null; payload: string; receivedAt: string }>) {
      yield { id: row.id, trialId: row.trialId, payload: JSON.parse(row.payload) as unknown, receivedAt: row.receivedAt };
    }
  }
}
