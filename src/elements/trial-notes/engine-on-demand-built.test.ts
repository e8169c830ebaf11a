import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { NoteStore, newNoteId } from '../../notes/note-store.ts';
import { openDistFrame, type DistFrame } from '../../../test/helpers/dist-frame.ts';
import { removeFreshFrames } from '../../../test/helpers/dom.ts';

/**
 * The built `dist/trialkit.js` (`npm run build` first), as a page loads it: `<trial-notes>`
 * downloads only its launcher, and the notes engine's chunk (`dist/chunks/notes-engine-*.js`)
 * comes when the reader first uses the notes, by each path that needs it. Every case opens a
 * fresh iframe, so that nothing has loaded the engine before. A failing chunk is made by the
 * test server: under `/__flaky__/`, the engine's chunk answers 404 while the page holds the
 * cookie `trialkit-fail-notes-engine` (web-test-runner.config.mjs).
 */

type Page = Pick<DistFrame, 'win' | 'doc'>;

type NotesElement = HTMLElement & {
  updateComplete: Promise<unknown>;
  whenLoaded(): Promise<void>;
  importNotes(data: unknown): Promise<{ added: number; exact: number }>;
  exportNotes(): { first: { items: unknown[] } };
  readonly notes: readonly { quote: string }[];
};

const TEXT = 'Participants take the study medicine once a day. The main phase lasts twelve weeks. Blood samples are taken at each visit.';
const FAIL_COOKIE = 'trialkit-fail-notes-engine';

afterEach(() => {
  removeFreshFrames();
  document.cookie = `${FAIL_COOKIE}=; max-age=0; path=/`;
});

const openPage = (src = '/dist/trialkit.js'): Promise<Page> => openDistFrame(src);

let keys = 0;
/** A `<trial-notes>` on `page` around a paragraph, rendered (its launcher showing). */
async function addNotes(page: Page, attributes: Record<string, string> = {}, content?: Node): Promise<NotesElement> {
  const notes = page.doc.createElement('trial-notes') as NotesElement;
  notes.setAttribute('storage-key', `built-on-demand:${Date.now()}:${++keys}:${Math.random()}`);
  for (const [name, value] of Object.entries(attributes)) notes.setAttribute(name, value);
  const paragraph = page.doc.createElement('p');
  paragraph.textContent = TEXT;
  notes.append(content ?? paragraph);
  page.doc.body.append(notes);
  await waitUntil(() => notes.shadowRoot?.querySelector('.toggle'), 'the launcher never rendered (npm run build first)', { timeout: 10000 });
  return notes;
}

function fetched(page: Page, chunk: string): boolean {
  return page.win.performance.getEntriesByType('resource').some((entry) => new URL(entry.name).pathname.includes(`/chunks/${chunk}-`));
}

const engineFetched = (page: Page) => fetched(page, 'notes-engine');

/** The engine has come: its panel body or its styles are in the element. */
function engineIn(notes: NotesElement): boolean {
  return (notes.shadowRoot?.adoptedStyleSheets ?? []).some((sheet) => [...sheet.cssRules].some((rule) => rule.cssText.startsWith('.toolbar')));
}

function select(page: Page, node: Node, start: number, end: number): void {
  const selection = page.win.getSelection()!;
  selection.removeAllRanges();
  selection.setBaseAndExtent(node, start, node, end);
}

/** Gives a wrongly eager load the time to show itself (not a timing assertion: nothing may come). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

describe('<trial-notes> from dist/: the notes engine on first use', function () {
  this.timeout(30000);
  // Focus events and layout need the visible tab (another test file runs beside this one).
  beforeEach(() => executeServerCommand('bring-to-front'));

  it('shows its launcher without requesting or preloading the engine, and does not move when it arrives', async () => {
    const page = await openPage();
    const notes = await addNotes(page);
    await settle();
    expect(fetched(page, 'trial-notes'), 'the launcher chunk').to.equal(true);
    expect(engineFetched(page), 'the engine was requested before any use').to.equal(false);
    const preloads = [...page.doc.querySelectorAll<HTMLLinkElement>('link[rel="modulepreload"]')].map((link) => link.href);
    expect(preloads.some((href) => href.includes('/chunks/trial-notes-'))).to.equal(true);
    expect(preloads.filter((href) => href.includes('notes-engine'))).to.deep.equal([]);
    expect(notes.shadowRoot!.querySelector('[part="pick-button"]')!.textContent!.trim()).to.equal('Add note…');

    const launcher = notes.shadowRoot!.querySelector('[part="launcher"]')!;
    const before = [launcher, ...launcher.querySelectorAll('button')].map((element) => element.getBoundingClientRect().toJSON());
    notes.shadowRoot!.querySelector<HTMLButtonElement>('.toggle')!.focus();
    await waitUntil(() => engineIn(notes), 'focus on the launcher did not load the engine', { timeout: 10000 });
    expect(engineFetched(page)).to.equal(true);
    await notes.updateComplete;
    const after = [launcher, ...launcher.querySelectorAll('button')].map((element) => element.getBoundingClientRect().toJSON());
    expect(after).to.deep.equal(before);
  });

  it('on a <trial-widget> page too, before the reader does anything', async () => {
    const page = await openPage();
    const widget = page.doc.createElement('trial-widget');
    widget.setAttribute('src', '/test/fixtures/NCT06801119.json');
    widget.setAttribute('storage-key', `built-on-demand:widget:${Date.now()}`);
    page.doc.body.append(widget);
    await waitUntil(() => widget.shadowRoot?.querySelector('trial-notes')?.shadowRoot?.querySelector('.toggle'), 'the widget’s notes launcher never rendered', { timeout: 15000 });
    await settle();
    expect(fetched(page, 'trial-notes')).to.equal(true);
    expect(engineFetched(page), 'the engine was requested on a widget page before any use').to.equal(false);
    const preloads = [...page.doc.querySelectorAll<HTMLLinkElement>('link[rel="modulepreload"]')].map((link) => link.href);
    expect(preloads.filter((href) => href.includes('notes-engine'))).to.deep.equal([]);
  });

  it('a selection in the content loads it, and that selection gets its toolbar', async () => {
    const page = await openPage();
    const notes = await addNotes(page);
    await settle();
    expect(engineFetched(page)).to.equal(false);
    select(page, notes.querySelector('p')!.firstChild!, 0, 30);
    await waitUntil(() => notes.shadowRoot!.querySelector('[part~="add-button"]'), 'no toolbar for the selection that loaded the engine', { timeout: 10000 });
    expect(engineFetched(page)).to.equal(true);
  });

  it('a selection inside a shadow root in the content loads it too', async () => {
    const page = await openPage();
    page.win.customElements.define(
      'shadow-summary',
      class extends page.win.HTMLElement {
        constructor() {
          super();
          const paragraph = page.doc.createElement('p');
          paragraph.textContent = 'Inside the summary there is shadow text about kidney function.';
          this.attachShadow({ mode: 'open' }).append(paragraph);
        }
      },
    );
    const notes = await addNotes(page, {}, page.doc.createElement('shadow-summary'));
    await settle();
    expect(engineFetched(page)).to.equal(false);
    const text = notes.querySelector('shadow-summary')!.shadowRoot!.querySelector('p')!.firstChild!;
    select(page, text, 7, 18);
    await waitUntil(() => notes.shadowRoot!.querySelector('[part~="add-button"]'), 'no toolbar for a selection in a shadow root', { timeout: 10000 });
  });

  it('opening the panel loads it, by the toggle or the panel-open attribute', async () => {
    const page = await openPage();
    const notes = await addNotes(page);
    await settle();
    expect(engineFetched(page)).to.equal(false);
    // A click without focus first (a pointer that does not focus buttons, as Safari's).
    notes.shadowRoot!.querySelector<HTMLButtonElement>('.toggle')!.click();
    await waitUntil(() => notes.shadowRoot!.querySelector('#notes-body .transfer'), 'the opened panel never filled', { timeout: 10000 });
    expect(engineFetched(page)).to.equal(true);

    const second = await openPage();
    const open = await addNotes(second, { 'panel-open': '' });
    await waitUntil(() => open.shadowRoot!.querySelector('#notes-body .transfer'), 'panel-open did not load the engine', { timeout: 10000 });
    expect(engineFetched(second)).to.equal(true);
  });

  it('“Add note…” loads it and starts choosing text by keyboard', async () => {
    const page = await openPage();
    const notes = await addNotes(page);
    await settle();
    expect(engineFetched(page)).to.equal(false);
    notes.shadowRoot!.querySelector<HTMLButtonElement>('[part="pick-button"]')!.click();
    await waitUntil(() => notes.shadowRoot!.querySelector('.picker'), 'the picker did not start', { timeout: 10000 });
    expect(engineFetched(page)).to.equal(true);
  });

  it('loads it at once when notes are kept for this content, and highlights them', async () => {
    const key = `built-on-demand:kept:${Date.now()}`;
    const now = new Date().toISOString();
    await new NoteStore(key).put({
      id: newNoteId(),
      body: 'kept',
      created: now,
      modified: now,
      selectors: { quote: { type: 'TextQuoteSelector', exact: 'twelve weeks', prefix: 'The main phase lasts ', suffix: '.' } },
    });
    const page = await openPage();
    const notes = await addNotes(page, { 'storage-key': key });
    await waitUntil(() => notes.notes.length === 1, 'the kept note was not loaded', { timeout: 10000 });
    expect(engineFetched(page)).to.equal(true);
    await waitUntil(() => page.win.CSS.highlights.size > 0, 'the kept note is not highlighted');
    await new NoteStore(key).clear();
  });

  it('a share link in the address loads it, with the share dialog', async () => {
    // In this test's own page, whose address can carry the link (an about:blank frame's cannot).
    expect(customElements.get('trial-notes'), 'nothing loaded the notes here before').to.equal(undefined);
    history.replaceState(null, '', `${location.pathname}${location.search}#trialkit-share=f1.damaged`);
    try {
      await import(/* @vite-ignore */ '/dist/trialkit.js' as string);
      const page: Page = { win: window as Window & typeof globalThis, doc: document };
      const notes = await addNotes(page);
      try {
        await waitUntil(() => engineFetched(page) && fetched(page, 'share-define'), 'a share link did not load the notes and the dialog', { timeout: 10000 });
        expect(notes.hasAttribute('panel-open')).to.equal(true);
      } finally {
        notes.remove();
      }
    } finally {
      history.replaceState(null, '', location.pathname + location.search);
    }
  });

  it('a method called first waits for it: importNotes before anything loaded', async () => {
    const page = await openPage();
    const notes = await addNotes(page);
    await settle();
    expect(engineFetched(page)).to.equal(false);
    expect(notes.exportNotes().first.items).to.deep.equal([]);
    const now = new Date().toISOString();
    const result = await notes.importNotes({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      type: 'Annotation',
      id: newNoteId(),
      created: now,
      body: { type: 'TextualBody', value: 'imported first' },
      target: { selector: [{ type: 'TextQuoteSelector', exact: 'study medicine', prefix: 'Participants take the ', suffix: ' once a day' }] },
    });
    expect(result).to.deep.include({ added: 1, exact: 1 });
    expect(notes.notes.map((note) => note.quote)).to.deep.equal(['study medicine']);
    expect(notes.exportNotes().first.items).to.have.length(1);
  });

  it('a failed engine chunk fires trial-error of kind load, leaves the content readable, and the next use retries', async () => {
    const page = await openPage('/__flaky__/dist/trialkit.js');
    const notes = await addNotes(page);
    const errors: { kind: string; message: string }[] = [];
    page.doc.addEventListener('trial-error', (event) => errors.push((event as unknown as { cause: { kind: string; message: string } }).cause));
    await settle();
    document.cookie = `${FAIL_COOKIE}=1; path=/`;
    const paragraph = notes.querySelector('p')!;
    select(page, paragraph.firstChild!, 0, 30);
    await waitUntil(() => errors.length > 0, 'no trial-error after the engine chunk failed', { timeout: 10000 });
    expect(errors[0]!.kind).to.equal('load');
    expect(errors[0]!.message).to.match(/could not be loaded/);
    expect(paragraph.getBoundingClientRect().height, 'the content is still showing').to.be.greaterThan(0);
    expect(paragraph.checkVisibility()).to.equal(true);
    expect(notes.shadowRoot!.querySelector('[part~="add-button"]')).to.equal(null);
    // The launcher says so when the panel is open.
    notes.shadowRoot!.querySelector<HTMLButtonElement>('.toggle')!.click();
    await waitUntil(() => notes.shadowRoot!.querySelector('[role="status"]')!.textContent!.includes('could not be loaded'), 'the reader was not told', { timeout: 10000 });
    // Opening the panel was a use too: tried again, failed again.
    await waitUntil(() => errors.length === 2, 'opening the panel did not try again', { timeout: 10000 });
    expect(notes.shadowRoot!.querySelector('#notes-body')).to.equal(null);

    // The chunk is back (the failed response stays in the browser's cache, so the retry asks
    // under another URL): the next use loads it, and the new selection gets its toolbar.
    document.cookie = `${FAIL_COOKIE}=; max-age=0; path=/`;
    page.win.getSelection()!.removeAllRanges();
    await new Promise((resolve) => setTimeout(resolve, 50));
    select(page, paragraph.firstChild!, 5, 40);
    await waitUntil(() => notes.shadowRoot!.querySelector('[part~="add-button"]'), 'the retry did not load the engine', { timeout: 10000 });
    expect(notes.shadowRoot!.querySelector('#notes-body .transfer')).to.exist;
    expect(notes.shadowRoot!.querySelector('[role="status"]')!.textContent!.trim()).to.equal('');
    expect(errors).to.have.length(2);
    const engineRequests = page.win.performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/chunks/notes-engine-'));
    expect(new URL(engineRequests.at(-1)!.name).searchParams.get('retry')).to.equal('2');
  });
});
