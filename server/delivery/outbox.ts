/**
 * The delivery_jobs table (created in server/store/sqlite.ts) seen from the worker and the admin list.
 *
 * A job is `pending` until a worker claims it: the claim sets `sending`, counts the attempt and
 * leases the job until `lease_until`. A worker that crashes mid-send leaves it `sending`; once the
 * lease runs out any worker (this process after a restart, or another on the same file) claims it
 * again. Claiming is one UPDATE, so two workers never claim the same job while its lease holds.
 */
import type Database from 'better-sqlite3';
import type { ContactSubmission } from '../../src/model/contact.ts';
import type { DeliverySource } from './messages.ts';
import type { DeliveryChannel } from './plan.ts';

export type JobStatus = 'pending' | 'sending' | 'done' | 'failed';
export const JOB_STATUSES: readonly JobStatus[] = ['pending', 'sending', 'done', 'failed'];

export interface ClaimedJob {
  id: number;
  submissionId: number;
  channel: DeliveryChannel;
  target: string;
  /** Including this one. */
  attempts: number;
}

/** A job as the admin sees it: no addresses, no payload. */
export interface JobSummary {
  id: number;
  submissionId: number;
  channel: DeliveryChannel;
  status: JobStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastErrorCode: string | null;
  createdAt: string;
  doneAt: string | null;
}

export class Outbox {
  readonly #claim: (params: { now: string; leaseUntil: string; limit: number }) => ClaimedJob[];
  readonly #source: Database.Statement;
  readonly #done: Database.Statement;
  readonly #retry: Database.Statement;
  readonly #failed: Database.Statement;
  readonly #nextDue: Database.Statement;
  readonly #list: Database.Statement;
  readonly #listAll: Database.Statement;
  readonly #team: Database.Statement;

  constructor(db: Database.Database) {
    // Two claims, each walking its own index in order, so a claim costs the same with 10 or
    // 100,000 open jobs: first jobs whose worker died (lease over), then due pending ones.
    const claimWhere = (where: string, order: string) =>
      db.prepare(
        `UPDATE delivery_jobs SET status = 'sending', attempts = attempts + 1, lease_until = @leaseUntil
         WHERE id IN (SELECT id FROM delivery_jobs WHERE ${where} ORDER BY ${order} LIMIT @limit)
         RETURNING id, submission_id AS submissionId, channel, target, attempts`,
      );
    const expired = claimWhere(`status = 'sending' AND lease_until <= @now`, 'lease_until');
    const due = claimWhere(`status = 'pending' AND next_attempt_at <= @now`, 'next_attempt_at');
    this.#claim = db.transaction((params: { now: string; leaseUntil: string; limit: number }) => {
      const jobs = expired.all(params) as ClaimedJob[];
      if (jobs.length < params.limit) jobs.push(...(due.all({ ...params, limit: params.limit - jobs.length }) as ClaimedJob[]));
      return jobs.sort((a, b) => a.id - b.id);
    });
    this.#source = db.prepare(
      `SELECT id, received_at AS receivedAt, payload, consent_sha256 AS consentSha256, widget_version AS widgetVersion,
         page_origin AS pageOrigin, consent_at AS consentAt
       FROM submissions WHERE id = ?`,
    );
    this.#done = db.prepare(
      `UPDATE delivery_jobs SET status = 'done', done_at = @now, message_id = @messageId, lease_until = NULL, last_error_code = NULL
       WHERE id = @id AND status = 'sending'`,
    );
    this.#retry = db.prepare(
      `UPDATE delivery_jobs SET status = 'pending', next_attempt_at = @nextAt, last_error_code = @code, lease_until = NULL
       WHERE id = @id AND status = 'sending'`,
    );
    this.#failed = db.prepare(
      `UPDATE delivery_jobs SET status = 'failed', done_at = @now, last_error_code = @code, lease_until = NULL
       WHERE id = @id AND status = 'sending'`,
    );
    this.#nextDue = db.prepare(
      `SELECT min(at) AS at FROM (
         SELECT min(next_attempt_at) AS at FROM delivery_jobs WHERE status = 'pending'
         UNION ALL SELECT min(lease_until) FROM delivery_jobs WHERE status = 'sending')`,
    );
    const columns = `id, submission_id AS submissionId, channel, status, attempts,
      CASE WHEN status IN ('pending', 'sending') THEN coalesce(lease_until, next_attempt_at) END AS nextAttemptAt,
      last_error_code AS lastErrorCode, created_at AS createdAt, done_at AS doneAt`;
    this.#list = db.prepare(`SELECT ${columns} FROM delivery_jobs WHERE status = ? ORDER BY id LIMIT ?`);
    this.#listAll = db.prepare(`SELECT ${columns} FROM delivery_jobs ORDER BY id LIMIT ?`);
    this.#team = db.prepare(`SELECT target FROM delivery_jobs WHERE submission_id = ? AND channel = 'email' LIMIT 1`);
  }

  /** The team addresses of a submission's email job. */
  teamAddresses(submissionId: number): string | undefined {
    return (this.#team.get(submissionId) as { target: string } | undefined)?.target;
  }

  /** Claims up to `limit` due jobs (pending and due, or sending with an expired lease). */
  claim(limit: number, now: Date, leaseMs: number): ClaimedJob[] {
    return this.#claim({ now: now.toISOString(), leaseUntil: new Date(now.getTime() + leaseMs).toISOString(), limit });
  }

  /** The submission a job delivers; undefined when retention removed it meanwhile. */
  source(submissionId: number): DeliverySource | undefined {
    const row = this.#source.get(submissionId) as (Omit<DeliverySource, 'payload'> & { payload: string }) | undefined;
    return row && { ...row, payload: JSON.parse(row.payload) as ContactSubmission };
  }

  markDone(id: number, messageId: string | null, now: Date): void {
    this.#done.run({ id, messageId, now: now.toISOString() });
  }

  markRetry(id: number, code: string, nextAt: Date): void {
    this.#retry.run({ id, code, nextAt: nextAt.toISOString() });
  }

  markFailed(id: number, code: string, now: Date): void {
    this.#failed.run({ id, code, now: now.toISOString() });
  }

  /** When the next job becomes due (or a lease runs out); undefined when none is open. */
  nextDueAt(): Date | undefined {
    const at = (this.#nextDue.get() as { at: string | null }).at;
    return at ? new Date(at) : undefined;
  }

  list(status: JobStatus | undefined, limit: number): JobSummary[] {
    return (status ? this.#list.all(status, limit) : this.#listAll.all(limit)) as JobSummary[];
  }
}
