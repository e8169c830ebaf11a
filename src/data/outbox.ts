/**
 * The browser outbox (DESIGN.md §4): a submission that could not be delivered waits in
 * IndexedDB and is sent again when the page is back online or next loads. An entry is deleted
 * as soon as it is delivered or refused, and unsent after seven days: personal data stays on
 * the device no longer than needed.
 *
 * Entries keep their Idempotency-Key as their id, so a resend — from this tab, another tab or a
 * later visit — can never make a second record on the server.
 *
 * What a reader typed is never stored in the clear: each payload is sealed with AES-GCM under a
 * non-extractable key that lives in the same database (`payload-seal.ts`), so a copied profile
 * folder or a tool dumping IndexedDB sees only ciphertext. Rows written before sealing existed
 * are sealed the first time they are read.
 */
import * as z from 'zod/mini';
import { deliver, type DeliveryOptions, type DeliveryResult } from './delivery.ts';
import { OUTBOX_DB_NAME, OUTBOX_STORE, outboxSupported } from './outbox-presence.ts';
import { newPayloadKey, openSealed, PAYLOAD_KEY_ID, sealPayload, SealedSchema } from './payload-seal.ts';
import { closeIdb, idbDone, idbRequest, openIdb } from '../internal/idb.ts';

export const OUTBOX_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
const STORE = OUTBOX_STORE;
const KEYS = 'keys';

const EntryFields = {
  id: z.string().check(z.minLength(1)),
  kind: z.enum(['contact', 'notify']),
  endpoint: z.string().check(z.minLength(1)),
  createdAt: z.number(),
  attempts: z.number(),
  owner: z.optional(z.string()),
};

/** A row as IndexedDB holds it: sealed, or (written before sealing) with a plain `payload`. */
const StoredRowSchema = z.object({ ...EntryFields, sealed: z.optional(SealedSchema), payload: z.optional(z.unknown()) });
type StoredRow = z.infer<typeof StoredRowSchema>;

/** An entry as callers see it: the payload unsealed. */
export type OutboxEntry = Omit<StoredRow, 'sealed' | 'payload'> & { payload: unknown };
export type NewOutboxEntry = Pick<OutboxEntry, 'id' | 'kind' | 'endpoint' | 'payload' | 'owner'>;

export interface FlushReport {
  delivered: { entry: OutboxEntry; result: Extract<DeliveryResult, { kind: 'delivered' }> }[];
  rejected: { entry: OutboxEntry; result: Extract<DeliveryResult, { kind: 'rejected' }> }[];
  pending: OutboxEntry[];
  expired: number;
}

/** Sends one entry; `signal` aborts when the outbox is closed. */
export type SendEntry = (entry: OutboxEntry, signal: AbortSignal) => Promise<DeliveryResult>;

/** Fired on an Outbox after it changes: `added`, `removed`, `delivered`, `rejected`, `expired`. */
export class OutboxChangeEvent extends Event {
  constructor(
    readonly change: 'added' | 'removed' | 'delivered' | 'rejected' | 'expired',
    readonly entry?: OutboxEntry,
    readonly result?: DeliveryResult,
  ) {
    super('change');
  }
}

export interface OutboxOptions {
  dbName?: string;
  maxAgeMs?: number;
  now?: () => number;
}

export class Outbox extends EventTarget {
  readonly dbName: string;
  readonly maxAgeMs: number;
  readonly #now: () => number;
  #flushing: Promise<FlushReport> | undefined;
  #flushAgain: Promise<FlushReport> | undefined;
  #stop = new AbortController();

  constructor(options: OutboxOptions = {}) {
    super();
    this.dbName = options.dbName ?? OUTBOX_DB_NAME;
    this.maxAgeMs = options.maxAgeMs ?? OUTBOX_MAX_AGE_MS;
    this.#now = options.now ?? Date.now;
  }

  /**
   * False without IndexedDB (old browsers, some private modes) or WebCrypto (pages not served
   * over HTTPS): nothing is then kept, and callers say "not sent" rather than store plaintext.
   */
  static isSupported(): boolean {
    return outboxSupported();
  }

  #open(): Promise<IDBDatabase> {
    return openIdb(this.dbName, {
      version: 2,
      upgrade: (db) => {
        if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, { keyPath: 'id' });
        if (!db.objectStoreNames.contains(KEYS)) db.createObjectStore(KEYS);
      },
      blockedMessage: 'The outbox database is blocked by another tab.',
    });
  }

  async #store(mode: IDBTransactionMode): Promise<{ store: IDBObjectStore; tx: IDBTransaction }> {
    const db = await this.#open();
    const tx = db.transaction(STORE, mode);
    return { store: tx.objectStore(STORE), tx };
  }

  #key: Promise<CryptoKey> | undefined;

  /** The database's sealing key, made on first use; two tabs making one at once keep the first. */
  #payloadKey(): Promise<CryptoKey> {
    this.#key ??= (async () => {
      const fresh = await newPayloadKey();
      const db = await this.#open();
      const tx = db.transaction(KEYS, 'readwrite');
      const keys = tx.objectStore(KEYS);
      const existing: unknown = await idbRequest(keys.get(PAYLOAD_KEY_ID));
      const key = existing instanceof CryptoKey ? existing : fresh;
      if (key === fresh) keys.put(fresh, PAYLOAD_KEY_ID);
      await idbDone(tx);
      return key;
    })();
    this.#key.catch(() => (this.#key = undefined));
    return this.#key;
  }

  async #seal(entry: OutboxEntry): Promise<StoredRow> {
    const { payload, ...rest } = entry;
    return { ...rest, sealed: await sealPayload(await this.#payloadKey(), payload) };
  }

  /** The entry a row holds, or undefined when it cannot be read (its key is gone). */
  async #unseal(row: StoredRow): Promise<OutboxEntry | undefined> {
    const { sealed, payload, ...rest } = row;
    if (!sealed) return { ...rest, payload };
    try {
      return { ...rest, payload: await openSealed(await this.#payloadKey(), sealed) };
    } catch {
      return undefined;
    }
  }

  /** Saves an entry (or replaces one with the same id). */
  async add(entry: NewOutboxEntry): Promise<OutboxEntry> {
    const full: OutboxEntry = { ...entry, createdAt: this.#now(), attempts: 0 };
    const row = await this.#seal(full);
    const { store, tx } = await this.#store('readwrite');
    store.put(row);
    await idbDone(tx);
    this.dispatchEvent(new OutboxChangeEvent('added', full));
    return full;
  }

  async #has(id: string): Promise<boolean> {
    const { store } = await this.#store('readonly');
    return (await idbRequest(store.count(id))) > 0;
  }

  /** Counts a failed try, unless the entry was discarded meanwhile (it must stay gone). */
  async #countAttempt(entry: OutboxEntry): Promise<OutboxEntry | undefined> {
    const { store, tx } = await this.#store('readwrite');
    const parsed = StoredRowSchema.safeParse(await idbRequest(store.get(entry.id)));
    let updated: OutboxEntry | undefined;
    if (parsed.success) {
      store.put({ ...parsed.data, attempts: parsed.data.attempts + 1 });
      updated = { ...entry, attempts: parsed.data.attempts + 1 };
    }
    await idbDone(tx);
    return updated;
  }

  /** Deletes an entry; `known` is the entry as the caller already read it (saves unsealing it). */
  async remove(
    id: string,
    change: 'removed' | 'delivered' | 'rejected' | 'expired' = 'removed',
    result?: DeliveryResult,
    known?: OutboxEntry,
  ): Promise<void> {
    const { store, tx } = await this.#store('readwrite');
    const existing = await idbRequest(store.get(id));
    store.delete(id);
    await idbDone(tx);
    const parsed = StoredRowSchema.safeParse(existing);
    const entry = known ?? (parsed.success ? await this.#unseal(parsed.data) : undefined);
    this.dispatchEvent(new OutboxChangeEvent(change, entry, result));
  }

  /** Every unexpired entry, oldest first; expired ones are deleted on the way. */
  async list(): Promise<OutboxEntry[]> {
    return (await this.#sweep()).fresh;
  }

  async #sweep(): Promise<{ fresh: OutboxEntry[]; expired: number }> {
    const { store, tx } = await this.#store('readwrite');
    const raw = await idbRequest(store.getAll());
    const rows: StoredRow[] = [];
    const expiredRows: StoredRow[] = [];
    const limit = this.#now() - this.maxAgeMs;
    for (const item of raw) {
      const parsed = StoredRowSchema.safeParse(item);
      if (!parsed.success) {
        // Unreadable rows are dropped rather than retried forever.
        const id = (item as { id?: unknown } | null)?.id;
        if (typeof id === 'string') store.delete(id);
        continue;
      }
      if (parsed.data.createdAt <= limit) {
        store.delete(parsed.data.id);
        expiredRows.push(parsed.data);
      } else rows.push(parsed.data);
    }
    await idbDone(tx);
    // Decryption waits on WebCrypto, which would end an open IndexedDB transaction: unseal after.
    const fresh: OutboxEntry[] = [];
    for (const row of rows) {
      const entry = await this.#unseal(row);
      if (!entry) await this.remove(row.id, 'removed');
      else {
        if (!row.sealed) await this.#reseal(entry);
        fresh.push(entry);
      }
    }
    for (const row of expiredRows) this.dispatchEvent(new OutboxChangeEvent('expired', await this.#unseal(row)));
    return { fresh: fresh.sort((a, b) => a.createdAt - b.createdAt), expired: expiredRows.length };
  }

  /** Replaces a plaintext row from before sealing with a sealed one, unless it went meanwhile. */
  async #reseal(entry: OutboxEntry): Promise<void> {
    const row = await this.#seal(entry);
    const { store, tx } = await this.#store('readwrite');
    if ((await idbRequest(store.count(entry.id))) > 0) store.put(row);
    await idbDone(tx);
  }

  /** Deletes entries older than the maximum age; returns how many went. */
  async purgeExpired(): Promise<number> {
    return (await this.#sweep()).expired;
  }

  /**
   * Sends every waiting entry once, oldest first. Delivered and refused entries are deleted;
   * the rest stay for the next flush. One run at a time: a call during a run schedules one more
   * run after it (so an entry added meanwhile is not missed). Across tabs the Web Locks API
   * (where present) keeps two tabs from sending the same entry at the same moment.
   */
  flush(send: SendEntry = sendEntry): Promise<FlushReport> {
    if (this.#flushing) {
      this.#flushAgain ??= this.#flushing
        .catch(() => undefined)
        .then(() => {
          this.#flushAgain = undefined;
          return this.flush(send);
        });
      return this.#flushAgain;
    }
    const signal = this.#stop.signal;
    const run = this.#withLock(() => this.#flushOnce(send, signal));
    this.#flushing = run;
    void run.then(
      () => (this.#flushing = undefined),
      () => (this.#flushing = undefined),
    );
    return run;
  }

  async #withLock<T>(run: () => Promise<T>): Promise<T> {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    if (!locks) return run();
    return locks.request(`${this.dbName}:flush`, run) as Promise<T>;
  }

  async #flushOnce(send: SendEntry, signal: AbortSignal): Promise<FlushReport> {
    const { fresh, expired } = await this.#sweep();
    const report: FlushReport = { delivered: [], rejected: [], pending: [], expired };
    for (const entry of fresh) {
      if (signal.aborted) break;
      // The reader may have discarded it while earlier entries were being sent.
      if (!(await this.#has(entry.id))) continue;
      const result = await send(entry, signal);
      if (result.kind === 'delivered') {
        await this.remove(entry.id, 'delivered', result, entry);
        report.delivered.push({ entry, result });
      } else if (result.kind === 'rejected') {
        await this.remove(entry.id, 'rejected', result, entry);
        report.rejected.push({ entry, result });
      } else if (result.reason !== 'aborted') {
        const updated = await this.#countAttempt(entry);
        if (updated) report.pending.push(updated);
      }
    }
    return report;
  }

  /** Stops a flush in progress and closes the database connection. */
  async close(): Promise<void> {
    this.#stop.abort();
    this.#stop = new AbortController();
    this.#key = undefined;
    await closeIdb(this.dbName);
  }
}

/** Resending from the outbox: a couple of quick tries; the next `online` or load tries again. */
export function sendEntry(entry: OutboxEntry, signal?: AbortSignal, options: DeliveryOptions = {}): Promise<DeliveryResult> {
  return deliver(entry.endpoint, entry.payload, entry.id, { maxAttempts: 2, ...(signal ? { signal } : {}), ...options });
}

let shared: Outbox | undefined;
const flowing = new WeakMap<Outbox, { users: number; stop: () => void }>();

/** The page's outbox, shared by every form on it. */
export function pageOutbox(): Outbox {
  shared ??= new Outbox();
  return shared;
}

/**
 * Flushes the outbox now (the "next load" case) and whenever the browser comes back online.
 * Reference-counted: each form calls it on connect and calls the returned function on
 * disconnect; the listener goes when the last form does.
 */
export function keepOutboxFlowing(outbox: Outbox = pageOutbox(), send?: SendEntry): () => void {
  if (!Outbox.isSupported()) return () => {};
  let state = flowing.get(outbox);
  if (!state) {
    const onOnline = () => void outbox.flush(send).catch(() => undefined);
    window.addEventListener('online', onOnline);
    state = { users: 0, stop: () => window.removeEventListener('online', onOnline) };
    flowing.set(outbox, state);
    if (navigator.onLine !== false) onOnline();
  }
  state.users++;
  const current = state;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    current.users--;
    if (current.users === 0) {
      current.stop();
      flowing.delete(outbox);
    }
  };
}
