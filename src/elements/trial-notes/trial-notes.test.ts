import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { LitElement, html as litHtml } from 'lit';
import './define.ts';
import type { TrialNotes } from './trial-notes.ts';
import { toAnnotationCollection, newNoteId } from '../../notes/note-store.ts';
import { loadSeed } from '../../../test/helpers/fixtures.ts';
import { rangeIn } from '../../../test/helpers/ranges.ts';
import '../trial-card/define.ts';

let keys = 0;
/** A storage key no other test uses, so IndexedDB state never leaks between tests. */
function uniqueKey(): string {
  return `test:${Date.now()}:${++keys}:${Math.random()}`;
}

class NotesShadowCard extends LitElement {
  override render() {
    return litHtml`<p class="summary">Inside the card summary there is shadow text about lupus nephritis and kidneys.</p>`;
  }
}
customElements.define('notes-shadow-card', NotesShadowCard);

const ARTICLE = litHtml`<article>
  <h2>About this study</h2>
  <p id="one">Participants will receive the study medication once a day for twelve weeks during the main phase.</p>
  <p id="two">Blood samples are taken at each visit to measure kidney function and protein in the urine.</p>
</article>`;

async function mountNotes(content = ARTICLE, key = uniqueKey()): Promise<TrialNotes> {
  const el = await fixture<TrialNotes>(html`<trial-notes storage-key=${key}>${content}</trial-notes>`);
  await el.whenLoaded();
  return el;
}

/** The next event of that name, typed. */
function nextEvent<K extends keyof GlobalEventHandlersEventMap>(target: EventTarget, name: K): Promise<GlobalEventHandlersEventMap[K]> {
  return oneEvent(target, name) as unknown as Promise<GlobalEventHandlersEventMap[K]>;
}

function select(range: Range): void {
  document.getSelection()!.removeAllRanges();
  document.getSelection()!.setBaseAndExtent(range.startContainer, range.startOffset, range.endContainer, range.endOffset);
}

function ui(el: TrialNotes) {
  const root = el.shadowRoot!;
  return {
    toolbarButton: () => root.querySelector<HTMLButtonElement>('.toolbar button'),
    textarea: () => root.querySelector<HTMLTextAreaElement>('.editor textarea'),
    form: () => root.querySelector<HTMLFormElement>('.editor'),
    notes: () => [...root.querySelectorAll<HTMLElement>('.note')],
    hint: () => root.querySelector('.hint'),
    toggle: () => root.querySelector<HTMLButtonElement>('.toggle')!,
    button: (item: HTMLElement, label: string) => [...item.querySelectorAll('button')].find((b) => b.textContent!.trim() === label)!,
  };
}

function highlighted(name: string): string[] {
  return [...(CSS.highlights.get(name) ?? [])].map((range) => (range as Range).toString());
}

function highlightNames(): string[] {
  return [...CSS.highlights.keys()];
}

describe('trial-notes', () => {
  afterEach(() => document.getSelection()?.removeAllRanges());

  it('shows the seed hint until the first note exists, and is accessible open and closed', async () => {
    const el = await mountNotes();
    const { hint, toggle } = ui(el);
    expect(hint()!.textContent).to.contain('Add a private note');
    expect(hint()!.textContent).to.contain('Select a piece of text. Add notes visible only to you. Send it to people through a passcode protected link.');
    await expect(el).to.be.accessible();
    toggle().click();
    await el.updateComplete;
    expect(toggle().getAttribute('aria-expanded')).to.equal('true');
    await expect(el).to.be.accessible();
    await el.addNote(rangeIn(el.querySelector('#one')!, 'twelve weeks'), 'Ask about the visits');
    await el.updateComplete;
    expect(hint()).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('keeps the wrapped content in the host page font and colour', async () => {
    const wrapper = document.createElement('div');
    wrapper.style.fontFamily = 'serif';
    wrapper.style.color = 'rgb(1, 2, 3)';
    const notes = document.createElement('trial-notes');
    notes.storageKey = uniqueKey();
    const text = document.createElement('p');
    text.textContent = 'Host styled text.';
    notes.append(text);
    wrapper.append(notes);
    document.body.append(wrapper);
    await notes.updateComplete;
    const p = wrapper.querySelector('p')!;
    expect(getComputedStyle(p).color).to.equal('rgb(1, 2, 3)');
    expect(getComputedStyle(p).fontFamily).to.equal('serif');
    wrapper.remove();
  });

  it('adds a note from a mouse selection: toolbar, editor, highlight, list, event', async () => {
    const el = await mountNotes();
    const { toolbarButton, textarea, form, notes } = ui(el);
    select(rangeIn(el.querySelector('#two')!, 'kidney function'));
    await waitUntil(() => toolbarButton(), 'toolbar shows');
    expect(toolbarButton()!.textContent!.trim()).to.equal('Add note');
    await expect(el).to.be.accessible();
    toolbarButton()!.click();
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal(textarea());
    // The text being annotated is highlighted while the editor is open.
    expect(highlightNames().flatMap(highlighted)).to.include('kidney function');
    await expect(el).to.be.accessible();
    textarea()!.value = '<img src=x onerror=alert(1)> check this';
    const added = nextEvent(el, 'trial-note-add');
    form()!.requestSubmit();
    const event = await added;
    expect(event.note.quote).to.equal('kidney function');
    expect(event.note.state).to.equal('exact');
    expect(event.bubbles && event.composed).to.equal(true);
    await el.updateComplete;
    const [item] = notes();
    expect(item!.querySelector('.quote')!.textContent).to.equal('kidney function');
    // Note text is rendered as text, never as markup.
    expect(item!.querySelector('.note-text')!.textContent).to.equal('<img src=x onerror=alert(1)> check this');
    expect(item!.querySelector('img')).to.equal(null);
    expect(item!.querySelector('time')!.getAttribute('datetime')).to.equal(event.note.created);
    expect(el.notes).to.have.length(1);
    const all = highlightNames().flatMap(highlighted);
    expect(all).to.include('kidney function');
    await expect(el).to.be.accessible();
  });

  it('is usable by keyboard: Tab to the toolbar, Enter, type, save; Esc closes the toolbar', async () => {
    const el = await mountNotes();
    const { toolbarButton, textarea } = ui(el);
    select(rangeIn(el.querySelector('#one')!, 'study medication'));
    await waitUntil(() => toolbarButton(), 'toolbar shows');
    await sendKeys({ press: 'Tab' });
    await waitUntil(() => el.shadowRoot!.activeElement === toolbarButton(), 'toolbar button focused');
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(toolbarButton()).to.equal(null);
    // Nothing had focus before the toolbar, so focus goes to the launcher, not the page body.
    expect(el.shadowRoot!.activeElement).to.equal(ui(el).toggle());
    // A new selection by pointer takes focus off the launcher.
    ui(el).toggle().blur();

    select(rangeIn(el.querySelector('#one')!, 'study medication'));
    await waitUntil(() => toolbarButton(), 'toolbar shows again');
    await sendKeys({ press: 'Tab' });
    await waitUntil(() => el.shadowRoot!.activeElement === toolbarButton(), 'toolbar button focused');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.shadowRoot!.activeElement === textarea(), 'editor focused');
    await sendKeys({ type: 'Typed by keyboard' });
    const added = nextEvent(el, 'trial-note-add');
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement!.textContent!.trim()).to.equal('Save note');
    await sendKeys({ press: 'Enter' });
    const event = await added;
    expect(event.note.body).to.equal('Typed by keyboard');
    expect(event.note.quote).to.equal('study medication');
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.classList.contains('note')).to.equal(true);

    // Esc in the editor cancels without adding.
    select(rangeIn(el.querySelector('#two')!, 'Blood samples'));
    await waitUntil(() => toolbarButton(), 'toolbar shows');
    toolbarButton()!.click();
    await waitUntil(() => el.shadowRoot!.activeElement === textarea(), 'editor focused');
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(textarea()).to.equal(null);
    expect(el.notes).to.have.length(1);
  });

  it('adds notes on text selected inside an open shadow root and highlights it there', async () => {
    const el = await mountNotes(litHtml`<p>Light text first.</p><notes-shadow-card></notes-shadow-card>`);
    const card = el.querySelector('notes-shadow-card')!;
    await (card as NotesShadowCard).updateComplete;
    const { toolbarButton, textarea, form } = ui(el);
    select(rangeIn(card.shadowRoot!, 'lupus nephritis'));
    await waitUntil(() => toolbarButton(), 'toolbar shows for a shadow selection');
    toolbarButton()!.click();
    await el.updateComplete;
    textarea()!.value = 'in the shadow';
    const added = nextEvent(el, 'trial-note-add');
    form()!.requestSubmit();
    const { note } = await added;
    expect(note.quote).to.equal('lupus nephritis');
    expect(note.range!.startContainer.getRootNode()).to.equal(card.shadowRoot);
    expect(highlightNames().flatMap(highlighted)).to.include('lupus nephritis');
    const rules = card.shadowRoot!.adoptedStyleSheets.flatMap((sheet) => [...sheet.cssRules].map((rule) => rule.cssText)).join('\n');
    expect(rules).to.contain('::highlight(');
  });

  it('leaves the wrapped DOM byte-identical when notes are added, overlapped and removed', async () => {
    const el = await mountNotes();
    const article = el.querySelector('article')!;
    const before = article.outerHTML;
    const a = await el.addNote(rangeIn(article, 'receive the study medication'), 'a');
    const b = await el.addNote(rangeIn(article, 'study medication once a day'), 'b');
    const c = await el.addNote(rangeIn(article, 'study medication once a day'), 'identical range');
    expect(article.outerHTML).to.equal(before);
    expect(el.notes.map((n) => n.state)).to.deep.equal(['exact', 'exact', 'exact']);
    const overlapName = highlightNames().find((name) => name.endsWith('-overlap'));
    expect(overlapName && highlighted(overlapName)).to.deep.equal(['study medication once a day']);
    for (const note of [a, b, c]) await el.removeNote(note.id);
    expect(el.notes).to.have.length(0);
    expect(article.outerHTML).to.equal(before);
    expect(highlightNames().flatMap(highlighted)).to.not.include('study medication');
  });

  it('finds the note under a click on its highlight', async () => {
    const el = await mountNotes();
    await el.addNote(rangeIn(el.querySelector('#one')!, 'receive the study medication once a day'), 'long');
    const short = await el.addNote(rangeIn(el.querySelector('#one')!, 'medication'), 'short');
    const rect = rangeIn(el.querySelector('#one')!, 'medication').getBoundingClientRect();
    el.querySelector('#one')!.dispatchEvent(
      new MouseEvent('click', { bubbles: true, composed: true, clientX: rect.left + rect.width / 2, clientY: rect.top + rect.height / 2 }),
    );
    await el.updateComplete;
    await waitUntil(() => el.shadowRoot!.activeElement?.getAttribute('data-id') === short.id, 'the shorter note is focused');
    expect(el.panelOpen).to.equal(true);
  });

  it('edits and deletes notes from the panel, with events', async () => {
    const el = await mountNotes();
    el.panelOpen = true;
    await el.addNote(rangeIn(el.querySelector('#two')!, 'protein in the urine'), 'first text');
    await el.updateComplete;
    const { notes, button, textarea, form } = ui(el);
    button(notes()[0]!, 'Show in text').click();
    await el.updateComplete;
    const activeName = highlightNames().find((name) => name.endsWith('-active'))!;
    expect(highlighted(activeName)).to.deep.equal(['protein in the urine']);
    expect(notes()[0]!.classList.contains('active')).to.equal(true);
    button(notes()[0]!, 'Edit').click();
    await el.updateComplete;
    expect(textarea()!.value).to.equal('first text');
    textarea()!.value = 'second text';
    const changed = nextEvent(el, 'trial-note-change');
    form()!.requestSubmit();
    const change = await changed;
    expect(change.change).to.equal('edit');
    expect(change.note.body).to.equal('second text');
    await el.updateComplete;
    expect(notes()[0]!.querySelector('.note-text')!.textContent).to.equal('second text');
    const removed = nextEvent(el, 'trial-note-remove');
    button(notes()[0]!, 'Delete').click();
    expect((await removed).note.body).to.equal('second text');
    expect(el.notes).to.have.length(0);
  });

  it('re-anchors when the content changes, but does not move a note being edited', async () => {
    const el = await mountNotes();
    el.panelOpen = true;
    const kept = await el.addNote(rangeIn(el.querySelector('#two')!, 'measure kidney function'), 'kept');
    const edited = await el.addNote(rangeIn(el.querySelector('#one')!, 'twelve weeks'), 'edited');
    await el.updateComplete;
    const { notes, button } = ui(el);
    button(notes()[1]!, 'Edit').click();
    await el.updateComplete;
    const intro = document.createElement('p');
    intro.textContent = 'A new paragraph inserted at the top moves every offset.';
    el.querySelector('article')!.prepend(intro);
    el.querySelector('#one')!.textContent = 'Participants will receive the study medication once a day for twelve weeks (changed).';
    await waitUntil(() => el.notes.find((n) => n.id === kept.id)!.range !== undefined && el.notes.find((n) => n.id === kept.id)!.range!.startContainer.isConnected, 'kept note re-anchored');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const keptNow = el.notes.find((n) => n.id === kept.id)!;
    expect(keptNow.state).to.equal('exact');
    expect((keptNow.range as Range).toString()).to.equal('measure kidney function');
    // The edited note was not re-anchored: it still holds its old (detached) range.
    const editedNow = el.notes.find((n) => n.id === edited.id)!;
    expect(editedNow.range).to.equal(edited.range);
    ui(el).form()!.querySelector<HTMLButtonElement>('button[type="button"]')!.click();
    await waitUntil(() => el.notes.find((n) => n.id === edited.id)!.range !== edited.range, 'edited note re-anchored after the editor closed');
    expect((el.notes.find((n) => n.id === edited.id)!.range as Range).toString()).to.equal('twelve weeks');
  });

  it('anchors notes on content rendered after the notes were loaded', async () => {
    const key = uniqueKey();
    const tag = `late-content-${keys}`;
    const el = await mountNotes(litHtml``, key);
    const late = document.createElement(tag);
    el.append(late);
    const note = {
      id: newNoteId(),
      body: 'late',
      created: new Date().toISOString(),
      modified: new Date().toISOString(),
      selectors: {
        quote: { type: 'TextQuoteSelector' as const, exact: 'rendered later by a component', prefix: 'This text is ', suffix: '.' },
      },
    };
    const result = await el.importNotes(toAnnotationCollection([note]));
    expect(result).to.deep.include({ added: 1, orphan: 1 });
    customElements.define(
      tag,
      class extends LitElement {
        override render() {
          return litHtml`<p>This text is rendered later by a component.</p>`;
        }
      },
    );
    await waitUntil(() => el.notes[0]!.state === 'exact', 'anchored once the component rendered', { timeout: 3000 });
  });

  it('lists orphans and re-attaches them to a new selection', async () => {
    const el = await mountNotes();
    el.panelOpen = true;
    const orphan = {
      id: newNoteId(),
      body: 'lost',
      created: new Date().toISOString(),
      modified: new Date().toISOString(),
      selectors: { quote: { type: 'TextQuoteSelector' as const, exact: 'a sentence that is not on this page at all', prefix: '', suffix: '' } },
    };
    await el.importNotes(toAnnotationCollection([orphan]));
    await el.updateComplete;
    const { notes, button, toolbarButton } = ui(el);
    expect(notes()[0]!.querySelector('.state')!.textContent).to.equal('Text not found');
    button(notes()[0]!, 'Attach to new text').click();
    await el.updateComplete;
    select(rangeIn(el.querySelector('#two')!, 'Blood samples are taken'));
    await waitUntil(() => toolbarButton(), 'toolbar shows');
    expect(toolbarButton()!.textContent!.trim()).to.equal('Attach note');
    const changed = nextEvent(el, 'trial-note-change');
    toolbarButton()!.click();
    const event = await changed;
    expect(event.change).to.equal('reattach');
    expect(event.note.state).to.equal('exact');
    expect(event.note.quote).to.equal('Blood samples are taken');
    expect(el.notes[0]!.body).to.equal('lost');
  });

  it('keeps notes in IndexedDB under the storage key and merges imports without overwriting', async () => {
    const key = uniqueKey();
    const first = await mountNotes(ARTICLE, key);
    const mine = await first.addNote(rangeIn(first.querySelector('#one')!, 'twelve weeks'), 'mine');
    const exported = first.exportNotes();
    expect(exported.type).to.equal('AnnotationCollection');
    expect(exported.first.items[0]!.body).to.deep.include({ value: 'mine' });
    first.remove();

    const second = await mountNotes(ARTICLE, key);
    expect(second.notes.map((n) => n.body)).to.deep.equal(['mine']);
    expect(second.notes[0]!.state).to.equal('exact');
    // The same id with other text is skipped, never overwriting the reader's own note.
    const tampered = structuredClone(exported);
    (tampered.first.items[0]!.body as { value: string }).value = 'overwritten?';
    const other = await mountNotes(ARTICLE);
    const theirs = await other.addNote(rangeIn(other.querySelector('#two')!, 'kidney function'), 'theirs');
    const result = await second.importNotes({ ...other.exportNotes([theirs.id]), first: { type: 'AnnotationPage', items: [...tampered.first.items, ...other.exportNotes([theirs.id]).first.items] } });
    expect(result).to.deep.equal({ added: 1, skipped: 1, exact: 1, fuzzy: 0, ambiguous: 0, orphan: 0 });
    expect(second.notes.map((n) => n.body)).to.deep.equal(['mine', 'theirs']);
    expect(second.notes.find((n) => n.id === mine.id)!.body).to.equal('mine');
    let error: unknown;
    try {
      await second.importNotes('{"type": "nonsense"}');
    } catch (e) {
      error = e;
    }
    expect((error as Error).name).to.equal('AnnotationImportError');
  });

  it('defaults the storage key to a trial id in the content, else the page path', async () => {
    const withTrial = await fixture<TrialNotes>(html`<trial-notes><div nct-id="NCT06801119"><p>Text</p></div></trial-notes>`);
    expect(withTrial.resolvedStorageKey).to.equal('trial:NCT06801119');
    const plain = await fixture<TrialNotes>(html`<trial-notes><p>Text</p></trial-notes>`);
    expect(plain.resolvedStorageKey).to.equal(`page:${location.pathname}`);
    plain.storageKey = 'custom';
    expect(plain.resolvedStorageKey).to.equal('custom');
  });

  it('refuses whitespace-only ranges and ranges outside the content', async () => {
    const el = await mountNotes(litHtml`<p>one</p>   <p>two</p>`);
    const range = new Range();
    range.setStart(el.querySelector('p')!.firstChild!, 3);
    range.setEnd(el.querySelectorAll('p')[1]!.firstChild!, 0);
    let refused = 0;
    await el.addNote(range).catch(() => refused++);
    const outside = document.createElement('p');
    outside.textContent = 'outside';
    document.body.append(outside);
    await el.addNote(rangeIn(outside, 'outside')).catch(() => refused++);
    outside.remove();
    expect(refused).to.equal(2);
    expect(el.notes).to.have.length(0);
  });

  it('annotates a trial card inside it, with the trial id as storage key', async () => {
    const seed = await loadSeed();
    const el = await fixture<TrialNotes>(html`<trial-notes><trial-card nct-id="NCT06801119" .study=${seed}></trial-card></trial-notes>`);
    await el.whenLoaded();
    expect(el.resolvedStorageKey).to.equal('trial:NCT06801119');
    const card = el.querySelector('trial-card')!;
    await card.updateComplete;
    const summary = card.shadowRoot!.querySelector('.summary p')!;
    const words = summary.textContent!.trim().split(/\s+/).slice(2, 6).join(' ');
    select(rangeIn(summary, words));
    const { toolbarButton, form } = ui(el);
    await waitUntil(() => toolbarButton(), 'toolbar shows for card text');
    toolbarButton()!.click();
    await el.updateComplete;
    const added = nextEvent(el, 'trial-note-add');
    form()!.requestSubmit();
    const { note } = await added;
    expect(note.quote).to.equal(words);
    expect(note.state).to.equal('exact');
    await expect(el).to.be.accessible();
    for (const n of el.notes) await el.removeNote(n.id);
  });
});
