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
  constructor(
    readonly detail: ContactDeliveryInfo & { id?: string; fromOutbox: boolean },
  ) {
    super('trial-contact-success', { bubbles: true, composed: true });
  }
}

/** Not delivered yet: the submission waits in the browser's outbox and is retried later. */
export class TrialContactQueuedEvent extends Event {
  constructor(readonly detail: ContactDeliveryInfo) {
    super('trial-contact-queued', { bubbles: true, composed: true });
  }
}

export type ContactErrorKind = 'invalid' | 'rejected' | 'failed' | 'config';

/**
 * The submission was not sent: `invalid` (the reader has fields to fix), `rejected` (the server
 * refused it; `fields` lists fields it named), `failed` (could not be sent or saved), `config`
 * (no endpoint). Never carries what the reader typed.
 */
export class TrialContactErrorEvent extends Event {
  constructor(readonly detail: { kind: ContactErrorKind; status?: number; fields?: string[] }) {
    super('trial-contact-error', { bubbles: true, composed: true });
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
