/**
 * The one storage interface the routes, the delivery worker and retention use. Two
 * implementations: SQLite (`sqlite.ts`, one file, the default) and PostgreSQL (`postgres.ts`,
 * chosen by `DATABASE_URL`, for several instances on one database). Every method returns a
 * promise and resolves only after what it wrote is committed.
 */
import type { ExportedSubmission, StoredSubmission, SubmissionKind, SubmissionRecord } from '../db.ts';
import type { DeliverySource } from '../delivery/messages.ts';
import type { ClaimedJob, JobStatus, JobSummary } from '../delivery/outbox.ts';
import type { RateLimitConfig } from '../config.ts';
import type { RateDecision } from '../rate-limit.ts';
import type { CreateOutcome, OpenOutcome, RevokeOutcome, ShareStoreLimits, StoredShareStatus } from '../share-store.ts';
import type { ShareEnvelope } from '../../src/model/share.ts';
import type { WindowLimitConfig } from '../window-limit.ts';

type MaybePromise<T> = T | Promise<T>;

/** Per-client token buckets (server/rate-limit.ts in memory; a table on PostgreSQL). */
export interface ClientRateLimiter {
  readonly enabled: boolean;
  take(client: string): MaybePromise<RateDecision>;
  /** Clients remembered, where that is known (memory). */
  readonly size?: number;
}

/** Per-client events in a sliding window (server/window-limit.ts in memory; a table on PostgreSQL). */
export interface ClientWindowLimiter {
  retryAfterMs(client: string): MaybePromise<number>;
  record(client: string): MaybePromise<void>;
  /** Events this client may still have in the window (for "N tries left" warnings). */
  remaining(client: string): MaybePromise<number>;
}

/** Passcode shares (server/share-store.ts on SQLite; the same rules on PostgreSQL). */
export interface ShareBackend {
  create(envelope: ShareEnvelope, verifier: string, maxViews: number | undefined): MaybePromise<CreateOutcome>;
  storedBytes(): MaybePromise<number>;
  challenge(id: string): MaybePromise<{ nonce: string; expiresAt: number } | undefined>;
  status(id: string): MaybePromise<StoredShareStatus | undefined>;
  open(id: string, nonce: string, answer: Uint8Array): MaybePromise<OpenOutcome>;
  revoke(id: string, deleteToken: string): MaybePromise<RevokeOutcome>;
  sweep(): MaybePromise<number>;
}

/** How a delivery try ended, recorded by `deliveryStep`. */
export type JobOutcome =
  | { id: number; kind: 'done'; messageId: string | null }
  | { id: number; kind: 'retry'; code: string; at: Date }
  | { id: number; kind: 'failed'; code: string };

export type StoreBackend = 'sqlite' | 'postgres';

export interface Store {
  readonly backend: StoreBackend;

  /**
   * Stores a submission once per (kind, key) with its delivery jobs, in one transaction; a
   * repeat of the key returns the first record (and `conflict` when its body differs) and adds
   * no jobs.
   */
  saveSubmission(kind: SubmissionKind, key: string, hash: string, trialId: string | undefined, payload: string, record?: SubmissionRecord): Promise<StoredSubmission>;
  /** Up to `limit` submissions of a kind with an id above `afterId`, by id. */
  submissionPage(kind: SubmissionKind, afterId: number, limit: number): Promise<ExportedSubmission[]>;

  /**
   * Records the outcomes of finished tries and claims up to `room` due jobs (pending and due,
   * or sending with an expired lease), leasing them until `now + leaseMs`, in one transaction.
   * Two processes never claim the same job while its lease holds.
   */
  deliveryStep(outcomes: readonly JobOutcome[], room: number, now: Date, leaseMs: number): Promise<ClaimedJob[]>;
  /** The submission a job delivers; undefined when retention removed it meanwhile. */
  deliverySource(submissionId: number): Promise<DeliverySource | undefined>;
  /** The team addresses of a submission's email job. */
  teamAddresses(submissionId: number): Promise<string | undefined>;
  /** When the next job becomes due (or a lease runs out); undefined when none is open. */
  nextDeliveryDueAt(): Promise<Date | undefined>;
  listDeliveries(status: JobStatus | undefined, limit: number): Promise<JobSummary[]>;

  /** Deletes submissions older than `days` at `now` with their jobs; returns how many went. */
  deleteExpired(days: number, now?: Date): Promise<number>;

  /**
   * A limiter named `name` (one per purpose). In memory per process on SQLite; in the database
   * on PostgreSQL, so every instance counts against the same budget.
   */
  rateLimiter(name: string, config: RateLimitConfig, now?: () => number): ClientRateLimiter;
  windowLimiter(name: string, config: WindowLimitConfig, now?: () => number): ClientWindowLimiter;
  /** The share tables, with the route module's clock and limits. */
  shares(now: () => number, limits: ShareStoreLimits): ShareBackend;

  /** Resolves when the database answers; rejects when it does not. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The database cannot be reached now; the server answers 503 with Retry-After. */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super('The database is not reachable.', { cause });
    this.name = 'StoreUnavailableError';
  }
}
