/**
 * Whether this browser already keeps notes under a storage key, asked without the note store
 * (note-store.ts, its schema and zod): `<trial-notes>` loads its engine at once when there are
 * notes to show, and otherwise only when the reader first uses it.
 *
 * It never creates the database. A look at a page with no notes must not leave an empty
 * database behind: the store opens it at version 1 and would then find no object store.
 */

/** The database and object store of note-store.ts (which imports these). */
export const NOTES_DB_NAME = 'trialkit-notes';
export const NOTES_STORE = 'notes';
/** The index over each row's storage key. */
export const NOTES_KEY_INDEX = 'key';

/** Opens the database as it is, or resolves undefined when it does not exist. */
function openExisting(name: string): Promise<IDBDatabase | undefined> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    // No version asked: an upgrade means the database did not exist. Aborting it creates none.
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onsuccess = () => {
      const db = request.result;
      db.onversionchange = () => db.close();
      resolve(db);
    };
    request.onerror = () => (request.error?.name === 'AbortError' ? resolve(undefined) : reject(request.error ?? new Error('IndexedDB failed')));
  });
}

/**
 * True when notes are kept under `key`, false when none are, undefined when this browser cannot
 * tell (no IndexedDB, or it failed): the caller should then load the store to be sure.
 */
export async function hasStoredNotes(key: string, dbName = NOTES_DB_NAME): Promise<boolean | undefined> {
  try {
    if (typeof indexedDB === 'undefined') return undefined;
    // Where the browser can list databases, a page that never kept notes opens nothing.
    if (typeof indexedDB.databases === 'function') {
      const databases = await indexedDB.databases();
      if (!databases.some((database) => database.name === dbName)) return false;
    }
    const db = await openExisting(dbName);
    if (!db) return false;
    try {
      if (!db.objectStoreNames.contains(NOTES_STORE)) return false;
      const count = db.transaction(NOTES_STORE, 'readonly').objectStore(NOTES_STORE).index(NOTES_KEY_INDEX).count(key);
      return await new Promise<boolean>((resolve, reject) => {
        count.onsuccess = () => resolve(count.result > 0);
        count.onerror = () => reject(count.error ?? new Error('IndexedDB failed'));
      });
    } finally {
      db.close();
    }
  } catch {
    return undefined;
  }
}
