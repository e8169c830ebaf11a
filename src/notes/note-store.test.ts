import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { AnnotationImportError, MAX_IMPORT_NOTES, parseAnnotations } from '../model/annotation.ts';
import { NoteStore, fromAnnotation, newNoteId, notesFromJson, toAnnotation, toAnnotationCollection, type StoredNote } from './note-store.ts';

function note(body: string, exact = 'some quoted text'): StoredNote {
  const now = new Date().toISOString();
  return {
    id: newNoteId(),
    body,
    created: now,
    modified: now,
    selectors: {
      quote: { type: 'TextQuoteSelector', exact, prefix: 'before ', suffix: ' after' },
      position: { type: 'TextPositionSelector', start: 7, end: 7 + exact.length },
      fingerprint: 'abcdef:100',
    },
  };
}

describe('note store', () => {
  const dbName = `trialkit-notes-test-${Math.random()}`;

  it('keeps notes per storage key in IndexedDB', async () => {
    const a = new NoteStore('trial:NCT00000001', { dbName });
    const b = new NoteStore('trial:NCT00000002', { dbName });
    const first = note('first');
    const second = note('second');
    await a.put(first, second);
    await b.put(note('other'));
    expect((await a.list()).map((n) => n.body)).to.have.members(['first', 'second']);
    expect((await b.list()).map((n) => n.body)).to.deep.equal(['other']);
    await a.put({ ...first, body: 'edited' });
    await a.remove(second.id);
    expect((await new NoteStore('trial:NCT00000001', { dbName }).list()).map((n) => n.body)).to.deep.equal(['edited']);
    expect(a.inMemory).to.equal(false);
    await a.clear();
    expect(await a.list()).to.deep.equal([]);
    expect(await b.list()).to.have.length(1);
  });

  it('skips and counts rows that are not notes, without throwing or deleting them', async () => {
    const store = new NoteStore('trial:NCT00000003', { dbName });
    const good = note('kept');
    await store.put(good);
    await store.list(); // the database exists now
    // Rows as a damaged disk, an extension or another version might leave them.
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(dbName, 1);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const tx = db.transaction('notes', 'readwrite');
    const rows = tx.objectStore('notes');
    rows.put({ key: store.key, id: 'a', note: { ...good, id: 'a', selectors: { quote: { type: 'TextQuoteSelector', exact: '' } } } });
    rows.put({ key: store.key, id: 'b', note: 'not an object' });
    rows.put({ key: store.key, id: 'c' });
    rows.put({ key: store.key, id: 'd', note: { ...good, id: 'd', created: 'yesterday' } });
    await new Promise((resolve) => (tx.oncomplete = resolve));
    db.close();
    const read = await store.read();
    expect(read.notes.map((n) => n.body)).to.deep.equal(['kept']);
    expect(read.damaged).to.equal(4);
    expect((await store.list()).map((n) => n.id)).to.deep.equal([good.id]);
    await store.clear();
  });

  it('exports W3C Web Annotations and reads them back', () => {
    const notes = [note('<b>not markup</b>'), note('two')];
    const collection = toAnnotationCollection(notes, 'https://example.org/trial');
    expect(collection['@context']).to.equal('http://www.w3.org/ns/anno.jsonld');
    expect(collection.type).to.equal('AnnotationCollection');
    const annotation = collection.first.items[0]!;
    expect(annotation.type).to.equal('Annotation');
    expect(annotation.body).to.deep.include({ type: 'TextualBody', value: '<b>not markup</b>', format: 'text/plain' });
    expect(annotation.target.selector.map((s) => s.type)).to.deep.equal(['TextQuoteSelector', 'TextPositionSelector']);
    expect(notesFromJson(JSON.stringify(collection))).to.deep.equal(notes);
    expect(notesFromJson(collection.first)).to.deep.equal(notes);
    expect(notesFromJson(collection.first.items)).to.deep.equal(notes);
    expect(notesFromJson(annotation)).to.deep.equal([notes[0]]);
  });

  it('round-trips any note through JSON', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ minLength: 1, maxLength: 100 }), (body, exact) => {
        const original = note(body, exact);
        const [back] = notesFromJson(JSON.stringify(toAnnotation(original)));
        expect(back).to.deep.equal(original);
      }),
    );
  });

  it('refuses data that is not notes, too many notes, or too much', () => {
    const reason = (data: unknown) => {
      try {
        parseAnnotations(data);
        return 'accepted';
      } catch (error) {
        return (error as AnnotationImportError).reason;
      }
    };
    expect(reason('{not json')).to.equal('not-json');
    expect(reason({ type: 'Annotation' })).to.equal('shape');
    const broken = toAnnotation(note('x'));
    (broken.target.selector[0] as { exact: string }).exact = '';
    expect(reason(broken)).to.equal('shape');
    const many = Array.from({ length: MAX_IMPORT_NOTES + 1 }, () => toAnnotation(note('x')));
    expect(reason(many)).to.equal('shape');
    expect(reason('x'.repeat(2_000_001))).to.equal('too-large');
    expect(reason({ type: 'AnnotationPage', items: [toAnnotation(note('x'.repeat(10_001)))] })).to.equal('shape');
  });

  it('skips annotations without a quote and drops unknown selectors', () => {
    const annotation = toAnnotation(note('x'));
    const cssOnly = { ...annotation, id: 'urn:x', target: { selector: [{ type: 'CssSelector', value: 'p' }] } };
    expect(notesFromJson([cssOnly])).to.deep.equal([]);
    const mixed = { ...annotation, target: { selector: [{ type: 'CssSelector', value: 'p' }, ...annotation.target.selector] } };
    expect(fromAnnotation(parseAnnotations(mixed)[0]!)!.selectors.quote.exact).to.equal('some quoted text');
  });
});
