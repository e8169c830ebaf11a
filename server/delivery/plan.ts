/**
 * Which deliveries a new submission gets, decided when it is stored. The jobs go into the outbox
 * in the submission's own transaction (server/db.ts); the answer goes back to the widget so its
 * success message says what will really happen.
 *
 * A contact inquiry goes to the team by email (when SMTP and a routes file are configured) and
 * by webhook (when configured), and the reader gets a receipt when `SEND_READER_COPY=1`. A notify
 * sign-up is a request to hear about a trial later, not an inquiry for a team: it is only stored
 * and exported.
 */
import type { ContactSubmission } from '../../src/model/contact.ts';
import type { DeliveryConfig } from '../config.ts';
import type { SubmissionKind } from '../db.ts';
import { isPlainAddress, type TeamRoutes } from './routes-file.ts';

export type DeliveryChannel = 'email' | 'webhook' | 'reader-copy';

/** The `delivery` member of a 201 answer. */
export interface DeliveryAnswer {
  /** What carries the inquiry to the study team; `stored` when nothing does (the team exports it). */
  team: 'email' | 'webhook' | 'stored';
  /** Whether the reader will get a receipt by email. */
  copyToReader: boolean;
}

export interface PlannedJob {
  channel: DeliveryChannel;
  /** Team addresses (comma-separated), the reader's address, or the webhook URL. */
  target: string;
}

export interface DeliveryPlan {
  answer: DeliveryAnswer;
  jobs: PlannedJob[];
}

const STORED_ONLY: DeliveryPlan = { answer: { team: 'stored', copyToReader: false }, jobs: [] };

export class DeliveryPlanner {
  constructor(
    readonly config: DeliveryConfig,
    readonly routes: TeamRoutes | undefined,
  ) {}

  get emailOn(): boolean {
    return this.config.smtpUrl !== undefined && this.routes !== undefined;
  }

  plan(kind: SubmissionKind, data: unknown): DeliveryPlan {
    if (kind !== 'contact') return STORED_ONLY;
    const submission = data as ContactSubmission;
    const jobs: PlannedJob[] = [];
    if (this.emailOn) jobs.push({ channel: 'email', target: this.routes!.addressesFor(submission.trialId, submission.site?.facility).join(', ') });
    if (this.config.webhookUrl) jobs.push({ channel: 'webhook', target: this.config.webhookUrl });
    // The reader's schema-checked address, but only a bare one: a comma or angle bracket could make
    // a mail library read it as several recipients.
    const copyToReader = this.config.sendReaderCopy && this.emailOn && isPlainAddress(submission.email);
    if (copyToReader) jobs.push({ channel: 'reader-copy', target: submission.email });
    return {
      answer: { team: this.emailOn ? 'email' : this.config.webhookUrl ? 'webhook' : 'stored', copyToReader },
      jobs,
    };
  }
}
