/**
 * The delivery worker, inside the server process. It claims due jobs from the outbox, sends them,
 * and marks a job done only after the SMTP server accepted the message or the webhook answered
 * 2xx. A failed try waits (exponential backoff with jitter) and goes again; after
 * `DELIVERY_MAX_ATTEMPTS` tries the job is marked failed and the submission stays stored and
 * exportable. A crash between "sent" and "marked done" re-sends after the lease, with the same
 * Message-ID.
 *
 * Timers are unref'd: the worker never keeps a process alive. `close()` stops claiming, waits for
 * the sends in flight (bounded), and closes the SMTP pool.
 */
import type { Transporter } from 'nodemailer';
import type { DeliveryConfig } from '../config.ts';
import type { JobOutcome, Store } from '../store/types.ts';
import { createMailer, DeliveryError, errorCode, postWebhook } from './channels.ts';
import { messageIdFor, readerCopy, teamEmail, webhookBody } from './messages.ts';
import type { ClaimedJob } from './outbox.ts';

/** How often the worker looks for jobs other processes (or its own restarts) left due. */
const IDLE_POLL_MS = 5_000;

/** The wait after try `attempt` (1-based): doubling from the base, capped, with 25% jitter down. */
export function retryDelayMs(config: Pick<DeliveryConfig, 'retryBaseMs' | 'retryMaxMs'>, attempt: number, random = Math.random()): number {
  const full = Math.min(config.retryMaxMs, config.retryBaseMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(full * (0.75 + 0.25 * random));
}

/** How a try ended, written with the next claim in one transaction (one fsync for many jobs). */
type Outcome =
  | { job: ClaimedJob; kind: 'done'; messageId: string | null }
  | { job: ClaimedJob; kind: 'retry'; code: string; at: Date }
  | { job: ClaimedJob; kind: 'failed'; code: string };

export interface WorkerOptions {
  log: (line: string) => void;
  now?: () => Date;
}

export class DeliveryWorker {
  readonly #store: Store;
  #outcomes: Outcome[] = [];
  readonly #config: DeliveryConfig;
  readonly #mailer: Transporter | undefined;
  readonly #log: (line: string) => void;
  readonly #now: () => Date;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #abort = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  #poked = false;
  #closed = false;
  /** The step being written, so two never overlap; a poke meanwhile asks for another. */
  #filling: Promise<void> | undefined;
  #fillAgain = false;

  constructor(store: Store, config: DeliveryConfig, options: WorkerOptions) {
    this.#store = store;
    this.#config = config;
    this.#mailer = config.smtpUrl ? createMailer(config) : undefined;
    this.#log = options.log;
    this.#now = options.now ?? (() => new Date());
  }

  /** A job is claimed again only after this, so it must outlast one send. */
  get #leaseMs(): number {
    return Math.max(this.#config.leaseMs, this.#config.timeoutMs + 1_000);
  }

  start(): void {
    this.poke();
  }

  /** New jobs were committed: look now rather than at the next poll. */
  poke(): void {
    if (this.#closed || this.#poked) return;
    this.#poked = true;
    setImmediate(() => {
      this.#poked = false;
      this.#fill();
    }).unref();
  }

  #fill(): void {
    if (this.#filling) {
      this.#fillAgain = true;
      return;
    }
    this.#filling = this.#fillOnce()
      .catch((error: unknown) => this.#log(`delivery: step failed (${errorCode(error)})`))
      .finally(() => {
        this.#filling = undefined;
        if (this.#fillAgain) {
          this.#fillAgain = false;
          this.#fill();
        }
      });
  }

  #write(outcomes: Outcome[], room: number): Promise<ClaimedJob[]> {
    const rows = outcomes.map(({ job, ...rest }): JobOutcome => ({ id: job.id, ...rest }));
    return this.#store.deliveryStep(rows, room, this.#now(), this.#leaseMs);
  }

  /** Records the tries that ended and claims as many jobs as there is room for, in one transaction. */
  async #fillOnce(): Promise<void> {
    if (this.#closed) return;
    const outcomes = this.#outcomes;
    this.#outcomes = [];
    let jobs: ClaimedJob[];
    try {
      jobs = await this.#write(outcomes, this.#config.concurrency - this.#inFlight.size);
      if (this.#closed) {
        // Closed while claiming: the claimed jobs come back when their lease runs out.
        return;
      }
    } catch (error) {
      // SQLITE_BUSY from another process holding the write lock, or the database away: keep the
      // outcomes, look again shortly. Jobs whose outcome is never written come back when their
      // lease runs out.
      this.#outcomes.unshift(...outcomes);
      this.#log(`delivery: outbox busy (${errorCode(error)})`);
      jobs = [];
    }
    for (const outcome of outcomes) {
      if (outcome.kind === 'failed') this.#log(`delivery: job ${outcome.job.id} (${outcome.job.channel}) failed after ${outcome.job.attempts} tries: ${outcome.code}`);
    }
    for (const job of jobs) {
      const running: Promise<void> = this.#run(job)
        .then((outcome) => {
          if (outcome) this.#outcomes.push(outcome);
        })
        .finally(() => {
          this.#inFlight.delete(running);
          this.poke();
        });
      this.#inFlight.add(running);
    }
    await this.#schedule();
  }

  async #schedule(): Promise<void> {
    clearTimeout(this.#timer);
    if (this.#closed) return;
    let wait = IDLE_POLL_MS;
    try {
      const next = await this.#store.nextDeliveryDueAt();
      if (this.#closed) return;
      if (next) wait = Math.min(wait, Math.max(0, next.getTime() - this.#now().getTime()) + 5);
    } catch {
      // keep the poll interval
    }
    this.#timer = setTimeout(() => this.#fill(), wait);
    this.#timer.unref();
  }

  /** One try; undefined when the server is shutting down (the lease brings the job back). */
  async #run(job: ClaimedJob): Promise<Outcome | undefined> {
    let messageId: string | null = null;
    try {
      const source = await this.#store.deliverySource(job.submissionId);
      if (!source) return { job, kind: 'failed', code: 'submission-gone' };
      if (job.channel === 'webhook') {
        await postWebhook(this.#config, webhookBody(source), String(source.id), this.#abort.signal);
      } else {
        messageId = messageIdFor(source.id, job.id, this.#config.mailFrom!);
        const team = job.channel === 'email';
        const content = team ? teamEmail(source) : readerCopy(source, this.#config.readerCopyContact);
        const reader = source.payload;
        await this.#send({
          from: this.#config.mailFrom!,
          // Team addresses come from the routes file; the reader's is one bare address (plan.ts).
          to: team ? job.target : { name: '', address: job.target },
          // The team answers the reader directly; the reader's receipt answers to the team.
          replyTo: team ? { name: `${reader.firstName} ${reader.lastName}`.replace(/[\r\n"]/g, ' '), address: reader.email } : await this.#store.teamAddresses(source.id),
          subject: content.subject,
          text: content.text,
          messageId,
          headers: { 'auto-submitted': 'auto-generated' },
        });
      }
    } catch (error) {
      if (this.#abort.signal.aborted) return undefined;
      const code = errorCode(error);
      if (job.attempts >= this.#config.maxAttempts) return { job, kind: 'failed', code };
      return { job, kind: 'retry', code, at: new Date(this.#now().getTime() + retryDelayMs(this.#config, job.attempts)) };
    }
    return { job, kind: 'done', messageId };
  }

  #send(mail: Parameters<Transporter['sendMail']>[0]): Promise<unknown> {
    if (!this.#mailer) return Promise.reject(new DeliveryError('smtp-off'));
    // nodemailer's timeouts are per step; this bounds the whole exchange inside the lease.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeliveryError('timeout')), this.#config.timeoutMs);
    });
    return Promise.race([this.#mailer.sendMail(mail), timeout]).finally(() => clearTimeout(timer));
  }

  /**
   * Stops claiming, waits up to `graceMs` for sends in flight and records how they ended, closes
   * the SMTP pool. Call before closing the database.
   */
  async close(graceMs: number): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#timer);
    if (this.#inFlight.size) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...this.#inFlight]), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
    }
    this.#abort.abort();
    await this.#filling;
    try {
      await this.#write(this.#outcomes, 0);
    } catch (error) {
      this.#log(`delivery: could not record the last tries (${errorCode(error)}); they are sent again after the next start`);
    }
    this.#outcomes = [];
    this.#mailer?.close();
  }
}
