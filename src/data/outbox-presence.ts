/**
 * Whether the browser outbox (`outbox.ts`) may hold anything, answered without loading it: the
 * contact form loads delivery and the outbox only once the reader starts using it, unless this
 * says a message from an earlier visit may be waiting to be sent.
 */

/** The page's outbox database (`pageOutbox()`). */
export const OUTBOX_DB_NAME = 'trialkit-outbox';

/**
 * False without IndexedDB (old browsers, some private modes) or WebCrypto (pages not served
 * over HTTPS): nothing is then kept, and callers say "not sent" rather than store plaintext.
 */
export function outboxSupported(): boolean {
  return typeof indexedDB !== 'undefined' && typeof crypto !== 'undefined' && typeof crypto.subtle !== 'undefined';
}

/**
 * True when the outbox database holds at least one entry, or when that cannot be told cheaply
 * (no `indexedDB.databases()`): a wrong "true" only costs loading the outbox, a wrong "false"
 * would leave a saved message unsent. Never creates the database.
 */
export async function outboxMayHoldEntries(dbName: string = OUTBOX_DB_NAME): Promise<boolean> {
  if (!outboxSupported()) return false;
  if (typeof indexedDB.databases !== 'function') return true;
  try {
    if (!(await indexedDB.databases()).some((info) => info.name === dbName)) return false;
    return await new Promise<boolean>((resolve) => {
      const req = indexedDB.open(dbName);
      // Only a database that does not exist (deleted since the list was read) is upgraded here:
      // abort, so that looking leaves nothing behind.
      req.onupgradeneeded = () => req.transaction?.abort();
      req.onerror = () => resolve(false);
      // Another tab is upgrading it: let the outbox itself look.
      req.onblocked = () => resolve(true);
      req.onsuccess = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains('entries')) {
          db.close();
          return resolve(false);
        }
        const tx = db.transaction('entries');
        const count = tx.objectStore('entries').count();
        // Closed once the transaction is over and before answering, so that the outbox's own
        // open (and upgrade) is never blocked by this connection.
        const answer = (mayHold: boolean) => {
          db.close();
          resolve(mayHold);
        };
        tx.oncomplete = () => answer(count.result > 0);
        tx.onerror = tx.onabort = () => answer(true);
      };
    });
  } catch {
    return true;
  }
}
