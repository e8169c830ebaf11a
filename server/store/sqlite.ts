/**
 * The SQLite store: today's statements (server/db.ts, server/delivery/outbox.ts,
 * server/retention.ts) behind the async `Store` interface. Submissions keep their group commit:
 * the saves of one event-loop turn share one transaction and one fsync.
 */
import type Database from 'better-sqlite3';
import { openDatabase, SubmissionStore, type ExportedSubmission, type SubmissionKind, type SubmissionRecord } from '../db.ts';
import { Outbox, type ClaimedJob, type JobStatus } from '../delivery/outbox.ts';
import type { RateLimitConfig } from '../config.ts';
import { RateLimiter } from '../rate-limit.ts';
import { deleteExpired } from '../retention.ts';
import { ShareStore, type ShareStoreLimits } from '../share-store.ts';
import { WindowLimiter, type WindowLimitConfig } from '../window-limit.ts';
import type { JobOutcome, Store } from './types.ts';

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
