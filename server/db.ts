/**
 * Submissions on SQLite (the file and its schema: server/store/sqlite.ts). better-sqlite3 is
 * synchronous, which makes the dedupe insert atomic without locks.
 *
 * Group commit: the submissions that arrive in one turn of the event loop are written in one
 * transaction, so they share one fsync. Each request still waits for that commit before it is
 * answered; under load this multiplies throughput without weakening durability.
 */
import type Database from 'better-sqlite3';
import type { DeliveryAnswer, PlannedJob } from './delivery/plan.ts';

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
