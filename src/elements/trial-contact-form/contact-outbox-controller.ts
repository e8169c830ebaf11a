/**
 * Ties a contact form to the page's outbox: keeps the outbox flowing while the form is on the
 * page (sent on load and when the browser is back online), finds a message this form saved
 * earlier, and reports what happens to it, so the element only decides what to show.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DeliveryResult } from '../../data/delivery.ts';
import { keepOutboxFlowing, Outbox, OutboxChangeEvent, pageOutbox, type OutboxEntry } from '../../data/outbox.ts';

export interface ContactOutboxEvents {
  /** Which entries belong to this form (endpoint and trial); undefined while it has none. */
  owner(): string | undefined;
  delivered(entry: OutboxEntry, result: Extract<DeliveryResult, { kind: 'delivered' }> | undefined): void;
  rejected(entry: OutboxEntry, result: Extract<DeliveryResult, { kind: 'rejected' }> | undefined): void;
  expired(entry: OutboxEntry): void;
  removed(entry: OutboxEntry): void;
}

export class ContactOutboxController implements ReactiveController {
  #release: (() => void) | undefined;
  readonly #onChange = (event: Event) => this.#changed(event as OutboxChangeEvent);

  constructor(
    host: ReactiveControllerHost,
    private readonly events: ContactOutboxEvents,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (!Outbox.isSupported()) return;
    pageOutbox().addEventListener('change', this.#onChange);
    this.#release = keepOutboxFlowing(pageOutbox());
  }

  hostDisconnected(): void {
    if (Outbox.isSupported()) pageOutbox().removeEventListener('change', this.#onChange);
    this.#release?.();
    this.#release = undefined;
  }

  /** The message this form saved on an earlier visit, if one still waits. */
  async waiting(): Promise<OutboxEntry | undefined> {
    const owner = this.events.owner();
    if (!Outbox.isSupported() || !owner) return undefined;
    try {
      return (await pageOutbox().list()).find((entry) => entry.kind === 'contact' && entry.owner === owner);
    } catch {
      return undefined; // storage blocked: nothing was saved
    }
  }

  /** Tries to send everything waiting now; true when `entry` is still not sent. */
  async sendNow(entry: OutboxEntry): Promise<boolean> {
    const report = await pageOutbox().flush();
    return report.pending.some((pending) => pending.id === entry.id);
  }

  discard(entry: OutboxEntry): Promise<void> {
    return pageOutbox().remove(entry.id);
  }

  #changed(event: OutboxChangeEvent): void {
    const entry = event.entry;
    if (!entry || entry.kind !== 'contact' || entry.owner !== this.events.owner()) return;
    const result = event.result;
    switch (event.change) {
      case 'delivered':
        this.events.delivered(entry, result?.kind === 'delivered' ? result : undefined);
        break;
      case 'rejected':
        this.events.rejected(entry, result?.kind === 'rejected' ? result : undefined);
        break;
      case 'expired':
        this.events.expired(entry);
        break;
      case 'removed':
        this.events.removed(entry);
        break;
      default:
        break;
    }
  }
}
