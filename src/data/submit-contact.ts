/**
 * Sending one contact submission as DESIGN.md §4 asks: deliver it now with retries, and when
 * that fails for a reason that may pass (offline, timeouts, 5xx), keep it in the page's outbox
 * to send later with the same Idempotency-Key. The caller gets one of four outcomes and says
 * exactly that to the reader.
 */
import { readReceipt, type ContactReceipt, type ContactSubmission } from '../model/contact.ts';
import { deliver, type DeliveryOptions, type DeliveryResult, type FieldErrorInfo } from './delivery.ts';
import { Outbox, pageOutbox, type OutboxEntry } from './outbox.ts';

export type ContactOutcome =
  /** The server took it; `receipt` is what it said it did (see `ContactReceiptSchema`). */
  | { kind: 'sent'; receipt: ContactReceipt }
  /** Not delivered yet, and kept on this device; the outbox sends it later. */
  | { kind: 'queued'; entry: OutboxEntry }
  /** Refused for good (4xx); `fieldErrors` names fields the reader can fix. */
  | { kind: 'rejected'; status: number; fieldErrors: Record<string, FieldErrorInfo> }
  /** Neither delivered nor kept: no outbox (storage blocked) or it refused to save. */
  | { kind: 'failed'; status?: number };

export interface SubmitContactOptions extends DeliveryOptions {
  /** Made once per submission; kept with it in the outbox. */
  idempotencyKey: string;
  /** Ties an outbox entry to the form that can show it (endpoint and trial). */
  owner: string;
  /** Where undelivered submissions wait; the page's shared outbox by default. */
  outbox?: Outbox;
}

export async function submitContact(endpoint: string, payload: ContactSubmission, options: SubmitContactOptions): Promise<ContactOutcome> {
  const { idempotencyKey, owner, outbox, ...delivery } = options;
  const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
  const result: DeliveryResult = offline
    ? { kind: 'failed', reason: 'network', attempts: 0 }
    : await deliver(endpoint, payload, idempotencyKey, { timeoutMs: 8000, maxAttempts: 3, ...delivery });
  if (result.kind === 'delivered') return { kind: 'sent', receipt: readReceipt(result.body) };
  if (result.kind === 'rejected') return { kind: 'rejected', status: result.status, fieldErrors: result.fieldErrors };
  if (Outbox.isSupported()) {
    try {
      const entry = await (outbox ?? pageOutbox()).add({ id: idempotencyKey, kind: 'contact', endpoint, payload, owner });
      return { kind: 'queued', entry };
    } catch {
      // Storage refused (private mode, quota): the reader must hear it was not sent.
    }
  }
  return { kind: 'failed', ...(result.kind === 'failed' && result.status ? { status: result.status } : {}) };
}
