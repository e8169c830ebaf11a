/**
 * Ties a contact form to the page's outbox: keeps the outbox flowing while the form is on the
 * page (sent on load and when the browser is back online), finds a message this form saved
 * earlier, and reports what happens to it, so the element only decides what to show.
 *
 * The outbox lives in the form's lazily loaded engine (`contact-engine.ts`). On connect the
 * controller only asks `outboxMayHoldEntries()`; it loads the engine and attaches when that
 * says a message may be waiting, or when the form loads the engine for a submit.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DeliveryResult } from '../../data/delivery.ts';
import type { OutboxChangeEvent, OutboxEntry } from '../../data/outbox.ts';
import { outboxMayHoldEntries, outboxSupported } from '../../data/outbox-presence.ts';
import type * as contactEngine from './contact-engine.ts';

export type ContactEngine = typeof contactEngine;

export interface ContactOutboxEvents {
  /** Which entries belong to this form (endpoint and trial); undefined while it has none. */
  owner(): string | undefined;
  /** The engine, loading it if need be; rejects when its chunk cannot be loaded. */
  engine(): Promise<ContactEngine>;
  delivered(entry: OutboxEntry, result: Extract<DeliveryResult, { kind: 'delivered' }> | undefined): void;
  rejected(entry: OutboxEntry, result: Extract<DeliveryResult, { kind: 'rejected' }> | undefined): void;
  expired(entry: OutboxEntry): void;
  removed(entry: OutboxEntry): void;
}

export class ContactOutboxController implements ReactiveController {
  #connected = false;
  /** The engine once attached (listening and keeping the outbox flowing). */
  #attached: ContactEngine | undefined;
  /** Settles once the check on connect (and any attaching it led to) is done. */
  #ready: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;
  readonly #onChange = (event: Event) => this.#changed(event as OutboxChangeEvent);

  constructor(
    host: ReactiveControllerHost,
    private readonly events: ContactOutboxEvents,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#connected = true;
    if (!outboxSupported()) return;
    if (this.#attached) {
      this.#attach(this.#attached);
      return;
    }
    this.#ready = outboxMayHoldEntries().then(async (mayHold) => {
      if (!mayHold || !this.#connected) return;
      try {
        this.#attach(await this.events.engine());
      } catch {
        // The chunk did not load; the next submit loads it again and attaches then.
      }
    });
  }

  hostDisconnected(): void {
    this.#connected = false;
    if (this.#attached) this.#attached.pageOutbox().removeEventListener('change', this.#onChange);
    this.#release?.();
    this.#release = undefined;
  }

  /** Starts following the outbox with a loaded engine (once per connection). */
  attach(engine: ContactEngine): void {
    if (outboxSupported()) this.#attach(engine);
  }

  #attach(engine: ContactEngine): void {
    if (!this.#connected || this.#release) return;
    this.#attached = engine;
    engine.pageOutbox().addEventListener('change', this.#onChange);
    this.#release = engine.keepOutboxFlowing(engine.pageOutbox());
  }

  /** The message this form saved on an earlier visit, if one still waits. */
  async waiting(): Promise<OutboxEntry | undefined> {
    await this.#ready;
    const owner = this.events.owner();
    const engine = this.#attached;
    if (!engine || !owner) return undefined;
    try {
      return (await engine.pageOutbox().list()).find((entry) => entry.kind === 'contact' && entry.owner === owner);
    } catch {
      return undefined; // storage blocked: nothing was saved
    }
  }

  /** Tries to send everything waiting now; true when `entry` is still not sent. */
  async sendNow(entry: OutboxEntry): Promise<boolean> {
    const report = await (await this.events.engine()).pageOutbox().flush();
    return report.pending.some((pending) => pending.id === entry.id);
  }

  async discard(entry: OutboxEntry): Promise<void> {
    return (await this.events.engine()).pageOutbox().remove(entry.id);
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
