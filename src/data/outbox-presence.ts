/**
 * Whether the browser outbox (`outbox.ts`) may hold anything, answered without loading it: the
 * contact form loads delivery and the outbox only once the reader starts using it, unless this
 * says a message from an earlier visit may be waiting to be sent.
 */
import { countInExistingIdb } from '../internal/idb.ts';

/** The page's outbox database (`pageOutbox()`). */
export const OUTBOX_DB_NAME = 'trialkit-outbox';
/** The object store of the outbox's entries (`outbox.ts` imports it). */
export const OUTBOX_STORE = 'entries';

/**
 * False without IndexedDB (old browsers, some private modes) or WebCrypto (pages not served
 * over HTTPS): nothing is then kept, and callers say "not sent" rather than store plaintext.
 */
export function outboxSupported(): boolean {
  return typeof indexedDB !== 'undefined' && typeof crypto !== 'undefined' && typeof crypto.subtle !== 'undefined';
}

/**
 * True when the outbox database holds at least one entry, or when that cannot be told: a wrong
 * "true" only costs loading the outbox, a wrong "false" would leave a saved message unsent.
 * Never creates the database.
 */
export async function outboxMayHoldEntries(dbName: string = OUTBOX_DB_NAME): Promise<boolean> {
  if (!outboxSupported()) return false;
  const rows = await countInExistingIdb(dbName, OUTBOX_STORE);
  return rows === undefined || rows > 0;
}
