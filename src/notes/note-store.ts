/**
 * Where private notes live: only in the reader's browser, in IndexedDB, under a storage key
 * (the trial id or the page path). When IndexedDB is not available (some private modes,
 * sandboxed frames) notes live in memory for the page's lifetime instead.
 *
 * Also the conversion between stored notes and W3C Web Annotation JSON for export and import.
 */
import {
  ANNOTATION_CONTEXT,
  MAX_CONTEXT_CHARS,
  MAX_NOTE_CHARS,
  StoredNoteSchema,
  parseAnnotations,
  type Annotation,
  type StoredNote,
  type AnnotationCollection,
} from '../model/annotation.ts';
import type { TextPositionSelector, TextQuoteSelector } from './anchoring.ts';
import { idbDone, idbRequest, openIdb } from '../internal/idb.ts';
import { NOTES_DB_NAME, NOTES_KEY_INDEX, NOTES_STORE } from './stored-notes-probe.ts';

/** A note as stored: the one note shape, inferred from `StoredNoteSchema`. */
export type { StoredNote } from '../model/annotation.ts';

/** Most notes kept per storage key. */
export const MAX_NOTES = 1000;

const DB_NAME = NOTES_DB_NAME;
const STORE = NOTES_STORE;

interface Row {
  key: string;
  id: string;
  note: StoredNote;
}

function openDatabase(name: string): Promise<IDBDatabase> {
  return openIdb(name, {
    version: 1,
    upgrade: (db) => db.createObjectStore(STORE, { keyPath: ['key', 'id'] }).createIndex(NOTES_KEY_INDEX, 'key'),
  });
}

/** Notes kept in memory when IndexedDB cannot be used. */
const memory = new Map<string, Map<string, StoredNote>>();

/** The notes of one storage key. */
export class NoteStore {
  readonly key: string;
  readonly #dbName: string;
  #fallback = false;

  constructor(key: string, options: { dbName?: string } = {}) {
    this.key = key;
    this.#dbName = options.dbName ?? DB_NAME;
  }

  /** Whether notes are only kept in memory (IndexedDB failed). */
  get inMemory(): boolean {
    return this.#fallback;
  }

  async #db(): Promise<IDBDatabase | undefined> {
    if (this.#fallback) return undefined;
    try {
      if (typeof indexedDB === 'undefined') throw new Error('no IndexedDB');
      return await openDatabase(this.#dbName);
    } catch {
      this.#fallback = true;
      return undefined;
    }
  }

  #memory(): Map<string, StoredNote> {
    let notes = memory.get(`${this.#dbName}\n${this.key}`);
    if (!notes) memory.set(`${this.#dbName}\n${this.key}`, (notes = new Map()));
    return notes;
  }

  /** Every note of this key, oldest first (damaged rows left out; see `read`). */
  async list(): Promise<StoredNote[]> {
    return (await this.read()).notes;
  }

  /**
   * Every note of this key, oldest first, each row checked with the note schema: a row that
   * another version, an extension or a damaged disk left in another shape is skipped and
   * counted in `damaged`, never thrown and never deleted (a newer version may read it).
   */
  async read(): Promise<{ notes: StoredNote[]; damaged: number }> {
    const db = await this.#db();
    const notes: StoredNote[] = [];
    let damaged = 0;
    if (!db) notes.push(...this.#memory().values());
    else {
      const rows: unknown[] = await idbRequest(db.transaction(STORE, 'readonly').objectStore(STORE).index(NOTES_KEY_INDEX).getAll(this.key));
      for (const row of rows) {
        const parsed = StoredNoteSchema.safeParse((row as Partial<Row> | null)?.note);
        if (parsed.success) notes.push(parsed.data);
        else damaged++;
      }
    }
    return { notes: notes.sort((a, b) => a.created.localeCompare(b.created)), damaged };
  }

  /** Adds or replaces notes. */
  async put(...notes: StoredNote[]): Promise<void> {
    const db = await this.#db();
    if (!db) {
      for (const note of notes) this.#memory().set(note.id, structuredClone(note));
      return;
    }
    const transaction = db.transaction(STORE, 'readwrite');
    const store = transaction.objectStore(STORE);
    for (const note of notes) store.put({ key: this.key, id: note.id, note } satisfies Row);
    await idbDone(transaction);
  }

  async remove(id: string): Promise<void> {
    const db = await this.#db();
    if (!db) {
      this.#memory().delete(id);
      return;
    }
    const transaction = db.transaction(STORE, 'readwrite');
    transaction.objectStore(STORE).delete([this.key, id]);
    await idbDone(transaction);
  }

  /** Deletes every note of this key. */
  async clear(): Promise<void> {
    const db = await this.#db();
    if (!db) {
      this.#memory().clear();
      return;
    }
    const transaction = db.transaction(STORE, 'readwrite');
    const store = transaction.objectStore(STORE);
    const keys = await idbRequest(store.index(NOTES_KEY_INDEX).getAllKeys(this.key));
    for (const key of keys) store.delete(key);
    await idbDone(transaction);
  }
}

/** A new note id: a UUID URN, as Web Annotation ids are IRIs. */
export function newNoteId(): string {
  return `urn:uuid:${crypto.randomUUID()}`;
}

/** One note as a W3C Web Annotation. */
export function toAnnotation(note: StoredNote, source?: string): Annotation {
  const selector: (TextQuoteSelector | TextPositionSelector)[] = [{ ...note.selectors.quote }];
  if (note.selectors.position) selector.push({ ...note.selectors.position });
  return {
    '@context': ANNOTATION_CONTEXT,
    id: note.id,
    type: 'Annotation',
    motivation: 'commenting',
    created: note.created,
    modified: note.modified,
    body: { type: 'TextualBody', value: note.body, format: 'text/plain', purpose: 'commenting' },
    target: {
      ...(source ? { source } : {}),
      ...(note.selectors.fingerprint ? { fingerprint: note.selectors.fingerprint } : {}),
      selector,
    },
  };
}

/** Notes as one Web Annotation collection. */
export function toAnnotationCollection(notes: readonly StoredNote[], source?: string, label?: string): AnnotationCollection {
  return {
    '@context': ANNOTATION_CONTEXT,
    type: 'AnnotationCollection',
    ...(label ? { label } : {}),
    total: notes.length,
    first: { type: 'AnnotationPage', items: notes.map((note) => toAnnotation(note, source)) },
  };
}

/** A checked annotation as a note, or undefined when it has no quote to anchor. */
export function fromAnnotation(annotation: Annotation): StoredNote | undefined {
  const selectors = annotation.target.selector;
  const quote = selectors.find((s): s is TextQuoteSelector => s.type === 'TextQuoteSelector' && 'exact' in s);
  if (!quote) return undefined;
  const position = selectors.find((s): s is TextPositionSelector => s.type === 'TextPositionSelector' && 'start' in s);
  const body = Array.isArray(annotation.body) ? annotation.body[0] : annotation.body;
  const now = new Date().toISOString();
  const created = annotation.created ? new Date(annotation.created).toISOString() : now;
  return {
    id: annotation.id,
    body: (body?.value ?? '').slice(0, MAX_NOTE_CHARS),
    created,
    modified: annotation.modified ? new Date(annotation.modified).toISOString() : created,
    selectors: {
      quote: {
        type: 'TextQuoteSelector',
        exact: quote.exact,
        prefix: (quote.prefix ?? '').slice(-MAX_CONTEXT_CHARS),
        suffix: (quote.suffix ?? '').slice(0, MAX_CONTEXT_CHARS),
      },
      ...(position ? { position: { type: 'TextPositionSelector', start: position.start, end: position.end } } : {}),
      ...(annotation.target.fingerprint ? { fingerprint: annotation.target.fingerprint } : {}),
    },
  };
}

/** Checks outside data (JSON text or value) and returns the notes in it; throws `AnnotationImportError`. */
export function notesFromJson(data: unknown): StoredNote[] {
  return parseAnnotations(data)
    .map(fromAnnotation)
    .filter((note): note is StoredNote => !!note);
}
