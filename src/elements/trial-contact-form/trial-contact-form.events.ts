/** Events of `<trial-contact-form>`. All bubble and are composed. */
import type { ChosenSite, ContactSubmission } from '../../model/contact.ts';

/**
 * Fired before a valid submission is sent. Cancelable: `preventDefault()` stops it. The host may
 * add to `payload.extra` (a flat record of strings, numbers, booleans); the payload is checked
 * again after the event.
 */
export class TrialContactBeforeSubmitEvent extends Event {
  constructor(readonly payload: ContactSubmission) {
    super('trial-contact-before-submit', { bubbles: true, composed: true, cancelable: true });
  }
}

export interface ContactDeliveryInfo {
  /** The Idempotency-Key the submission was sent with. */
  idempotencyKey: string;
  trialId: string;
  site?: ChosenSite;
}

/** The server stored the submission (201). `fromOutbox` when it was sent from the outbox. */
export class TrialContactSuccessEvent extends Event {
  readonly idempotencyKey: string;
  readonly trialId: string;
  readonly site: ChosenSite | undefined;
  /** The id the server gave the submission. */
  readonly id: string | undefined;
  readonly fromOutbox: boolean;

  constructor(init: ContactDeliveryInfo & { id?: string; fromOutbox: boolean }) {
    super('trial-contact-success', { bubbles: true, composed: true });
    this.idempotencyKey = init.idempotencyKey;
    this.trialId = init.trialId;
    this.site = init.site;
    this.id = init.id;
    this.fromOutbox = init.fromOutbox;
  }

  /** @deprecated Read the event's own fields; kept for listeners written against 0.1. */
  get detail(): ContactDeliveryInfo & { id?: string; fromOutbox: boolean } {
    return { idempotencyKey: this.idempotencyKey, trialId: this.trialId, site: this.site, id: this.id, fromOutbox: this.fromOutbox };
  }
}

/** Not delivered yet: the submission waits in the browser's outbox and is retried later. */
export class TrialContactQueuedEvent extends Event {
  readonly idempotencyKey: string;
  readonly trialId: string;
  readonly site: ChosenSite | undefined;

  constructor(init: ContactDeliveryInfo) {
    super('trial-contact-queued', { bubbles: true, composed: true });
    this.idempotencyKey = init.idempotencyKey;
    this.trialId = init.trialId;
    this.site = init.site;
  }

  /** @deprecated Read the event's own fields; kept for listeners written against 0.1. */
  get detail(): ContactDeliveryInfo {
    return { idempotencyKey: this.idempotencyKey, trialId: this.trialId, site: this.site };
  }
}

export type ContactErrorKind = 'invalid' | 'rejected' | 'failed' | 'config';

/**
 * The submission was not sent: `invalid` (the reader has fields to fix), `rejected` (the server
 * refused it; `fields` lists fields it named), `failed` (could not be sent or saved), `config`
 * (no endpoint). Never carries what the reader typed.
 */
export class TrialContactErrorEvent extends Event {
  readonly kind: ContactErrorKind;
  /** The server's HTTP status, when it answered. */
  readonly status: number | undefined;
  /** Fields to fix (`invalid`) or that the server named (`rejected`). */
  readonly fields: readonly string[] | undefined;

  constructor(init: { kind: ContactErrorKind; status?: number; fields?: readonly string[] }) {
    super('trial-contact-error', { bubbles: true, composed: true });
    this.kind = init.kind;
    this.status = init.status;
    this.fields = init.fields;
  }

  /** @deprecated Read the event's own fields; kept for listeners written against 0.1. */
  get detail(): { kind: ContactErrorKind; status?: number; fields?: readonly string[] } {
    return { kind: this.kind, status: this.status, fields: this.fields };
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'trial-contact-before-submit': TrialContactBeforeSubmitEvent;
    'trial-contact-success': TrialContactSuccessEvent;
    'trial-contact-queued': TrialContactQueuedEvent;
    'trial-contact-error': TrialContactErrorEvent;
  }
}
