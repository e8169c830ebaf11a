/**
 * The few IndexedDB promises the note store and the contact outbox need. Kept this small on
 * purpose: both stores run in every browser the widget supports, and a wrapper library would
 * cost more bytes than the two stores themselves.
 */

/** Resolves with a request's result, rejects with its error. */
export function idbRequest<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Resolves when a transaction commits; rejects when it fails or is aborted. */
export function idbDone(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export interface IdbSchema {
  version: number;
  /** Creates what a database older than `version` lacks; runs inside the upgrade transaction. */
  upgrade: (db: IDBDatabase) => void;
  /** Said when another tab holds an older version open and will not let go. */
  blockedMessage?: string;
}

const databases = new Map<string, Promise<IDBDatabase>>();

/**
 * Opens (once per page) the database `name`. The connection closes itself when another tab
 * upgrades the schema, so that tab is never blocked by this one; the next call reopens it.
 */
export function openIdb(name: string, schema: IdbSchema): Promise<IDBDatabase> {
  let opening = databases.get(name);
  if (!opening) {
    opening = new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name, schema.version);
      req.onupgradeneeded = () => schema.upgrade(req.result);
      req.onsuccess = () => {
        const db = req.result;
        db.onversionchange = () => {
          db.close();
          databases.delete(name);
        };
        resolve(db);
      };
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error(schema.blockedMessage ?? 'IndexedDB is blocked by another tab.'));
    });
    databases.set(name, opening);
    opening.catch(() => databases.delete(name));
  }
  return opening;
}

/** Closes this page's connection to `name`, if open; the next `openIdb` opens a new one. */
export async function closeIdb(name: string): Promise<void> {
  const opening = databases.get(name);
  databases.delete(name);
  (await opening?.catch(() => undefined))?.close();
}

/**
 * How many rows `storeName` of database `name` holds (under `key` of `index`, when given),
 * asked without creating anything: 0 when the database or the store does not exist, undefined
 * when this browser cannot tell (no IndexedDB, an error, another tab upgrading it). A page
 * asks this before it loads a store's code, so the connection is closed before answering and
 * never blocks the store's own open and upgrade.
 */
export async function countInExistingIdb(name: string, storeName: string, where?: { index: string; key: IDBValidKey }): Promise<number | undefined> {
  try {
    if (typeof indexedDB === 'undefined') return undefined;
    // Where the browser can list databases, a page that never stored anything opens nothing.
    if (typeof indexedDB.databases === 'function' && !(await indexedDB.databases()).some((info) => info.name === name)) return 0;
    return await new Promise<number | undefined>((resolve) => {
      // No version asked: an upgrade means the database does not exist. Aborting it creates none.
      const req = indexedDB.open(name);
      req.onupgradeneeded = () => req.transaction?.abort();
      req.onerror = () => resolve(req.error?.name === 'AbortError' ? 0 : undefined);
      req.onblocked = () => resolve(undefined);
      req.onsuccess = () => {
        const db = req.result;
        db.onversionchange = () => db.close();
        if (!db.objectStoreNames.contains(storeName)) {
          db.close();
          return resolve(0);
        }
        const tx = db.transaction(storeName, 'readonly');
        const store = tx.objectStore(storeName);
        const count = where ? store.index(where.index).count(where.key) : store.count();
        const answer = (rows: number | undefined) => {
          db.close();
          resolve(rows);
        };
        tx.oncomplete = () => answer(count.result);
        tx.onerror = tx.onabort = () => answer(undefined);
      };
    });
  } catch {
    return undefined;
  }
}
