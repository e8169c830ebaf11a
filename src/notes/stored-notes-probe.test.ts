import { expect } from '@open-wc/testing';
import { NoteStore, newNoteId } from './note-store.ts';
import { hasStoredNotes } from './stored-notes-probe.ts';

/** The look at IndexedDB that decides whether `<trial-notes>` loads its engine at once. */

let databases = 0;
/** A database no other test uses. */
function freshName(): string {
  return `trialkit-notes-probe-${Date.now()}-${++databases}`;
}

async function exists(name: string): Promise<boolean> {
  return (await indexedDB.databases()).some((database) => database.name === name);
}

function note(exact: string) {
  const now = new Date().toISOString();
  return { id: newNoteId(), body: '', created: now, modified: now, selectors: { quote: { type: 'TextQuoteSelector' as const, exact, prefix: '', suffix: '' } } };
}

describe('hasStoredNotes', () => {
  it('is false for a browser that never kept notes, and creates no database', async () => {
    const name = freshName();
    expect(await hasStoredNotes('page:/', name)).to.equal(false);
    expect(await exists(name)).to.equal(false);
    // The store then creates it as usual, with its object store.
    const store = new NoteStore('page:/', { dbName: name });
    await store.put(note('some text'));
    expect((await store.list()).map((n) => n.selectors.quote.exact)).to.deep.equal(['some text']);
  });

  it('where the browser cannot list databases, opening one that does not exist creates none', async () => {
    const name = freshName();
    Object.defineProperty(indexedDB, 'databases', { value: undefined, configurable: true });
    try {
      expect(await hasStoredNotes('page:/', name)).to.equal(false);
    } finally {
      delete (indexedDB as { databases?: unknown }).databases;
    }
    expect(await exists(name)).to.equal(false);
    await new NoteStore('page:/', { dbName: name }).put(note('kept'));
    Object.defineProperty(indexedDB, 'databases', { value: undefined, configurable: true });
    try {
      expect(await hasStoredNotes('page:/', name)).to.equal(true);
    } finally {
      delete (indexedDB as { databases?: unknown }).databases;
    }
  });

  it('says whether notes are kept under this key, not another', async () => {
    const name = freshName();
    await new NoteStore('trial:NCT06801119', { dbName: name }).put(note('twelve weeks'));
    expect(await hasStoredNotes('trial:NCT06801119', name)).to.equal(true);
    expect(await hasStoredNotes('trial:NCT00000000', name)).to.equal(false);
    await new NoteStore('trial:NCT06801119', { dbName: name }).clear();
    expect(await hasStoredNotes('trial:NCT06801119', name)).to.equal(false);
  });

  it('is false for a database of the same name without the notes store', async () => {
    const name = freshName();
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open(name, 3);
      request.onupgradeneeded = () => request.result.createObjectStore('other');
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
      request.onerror = () => reject(request.error);
    });
    expect(await hasStoredNotes('page:/', name)).to.equal(false);
  });
});
