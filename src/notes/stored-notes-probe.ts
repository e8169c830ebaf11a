/**
 * Whether this browser already keeps notes under a storage key, asked without the note store
 * (note-store.ts, its schema and zod): `<trial-notes>` loads its engine at once when there are
 * notes to show, and otherwise only when the reader first uses it.
 *
 * It never creates the database. A look at a page with no notes must not leave an empty
 * database behind: the store opens it at version 1 and would then find no object store.
 */
import { countInExistingIdb } from '../internal/idb.ts';

/** The database and object store of note-store.ts (which imports these). */
export const NOTES_DB_NAME = 'trialkit-notes';
export const NOTES_STORE = 'notes';
/** The index over each row's storage key. */
export const NOTES_KEY_INDEX = 'key';

/**
 * True when notes are kept under `key`, false when none are, undefined when this browser cannot
 * tell (no IndexedDB, or it failed): the caller should then load the store to be sure.
 */
export async function hasStoredNotes(key: string, dbName = NOTES_DB_NAME): Promise<boolean | undefined> {
  const rows = await countInExistingIdb(dbName, NOTES_STORE, { index: NOTES_KEY_INDEX, key });
  return rows === undefined ? undefined : rows > 0;
}
