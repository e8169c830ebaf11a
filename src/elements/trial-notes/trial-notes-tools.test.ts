import { executeServerCommand } from '@web/test-runner-commands';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import './define.ts';
import type { TrialNotes } from './trial-notes.ts';
import { TrialPrescreenChangeEvent } from '../trial-eligibility/trial-eligibility.events.ts';
import { rangeIn } from '../../../test/helpers/ranges.ts';

/** Undo after delete, search in the list, copies and files, and the question sheet. */

let keys = 0;
const ARTICLE = html`<article>
  <p id="one">Participants take the study medicine once a day. The main phase lasts twelve weeks.</p>
  <p id="two">Blood samples are taken at each visit. They measure kidney function.</p>
</article>`;

async function mountWithNotes(): Promise<TrialNotes> {
  const el = await fixture<TrialNotes>(html`<trial-notes storage-key=${`test:tools:${Date.now()}:${++keys}`} panel-open>${ARTICLE}</trial-notes>`);
  await el.whenLoaded();
  await el.addNote(rangeIn(el.querySelector('#one')!, 'twelve weeks'), 'Can I start later?');
  await el.addNote(rangeIn(el.querySelector('#two')!, 'kidney function'), '=HYPERLINK("x") which tests');
  await el.updateComplete;
  return el;
}

function button(el: TrialNotes, name: string): HTMLButtonElement {
  const found = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === name);
  if (!found) throw new Error(`no button “${name}”`);
  return found;
}

function quotes(el: TrialNotes): string[] {
  return [...el.shadowRoot!.querySelectorAll('.note .quote')].map((q) => q.textContent!);
}

/** What `downloadText` offered: the next <a download> click, read back from its Blob URL. */
function nextDownload(): Promise<{ name: string; text: string }> {
  return new Promise((resolve) => {
    const original = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      HTMLAnchorElement.prototype.click = original;
      const { download, href } = this;
      void fetch(href)
        .then((r) => r.text())
        .then((text) => resolve({ name: download, text }));
    };
  });
}

describe('trial-notes tools', () => {
  it('undoes a delete: the note comes back where it was, in storage too', async () => {
    const el = await mountWithNotes();
    const [first] = el.notes;
    button(el, 'Delete').click();
    await waitUntil(() => el.notes.length === 1, 'deleted');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).to.contain('Note deleted.');
    await expect(el).to.be.accessible();
    button(el, 'Undo').click();
    await waitUntil(() => el.notes.length === 2, 'restored');
    await el.updateComplete;
    expect(quotes(el)).to.deep.equal(['twelve weeks', 'kidney function']);
    expect(el.shadowRoot!.activeElement?.getAttribute('data-id')).to.equal(first!.id);
    expect(() => button(el, 'Undo')).to.throw();
    // Kept in IndexedDB: a fresh element on the same key finds it.
    const again = await fixture<TrialNotes>(html`<trial-notes storage-key=${el.storageKey!}>${ARTICLE}</trial-notes>`);
    await again.whenLoaded();
    expect(again.notes.map((n) => n.body)).to.include('Can I start later?');
  });

  it('searches the list by quote and note text, and says how many are shown', async () => {
    const el = await mountWithNotes();
    const search = el.shadowRoot!.querySelector<HTMLInputElement>('#notes-search')!;
    expect(el.shadowRoot!.querySelector('label[for="notes-search"]')!.textContent).to.equal('Search my notes');
    search.value = 'KIDNEY';
    search.dispatchEvent(new Event('input'));
    await el.updateComplete;
    expect(quotes(el)).to.deep.equal(['kidney function']);
    expect(el.shadowRoot!.querySelector('.search .meta')!.textContent).to.equal('1 of 2 shown');
    search.value = 'start later';
    search.dispatchEvent(new Event('input'));
    await el.updateComplete;
    expect(quotes(el)).to.deep.equal(['twelve weeks']);
    await expect(el).to.be.accessible();
  });

  it('downloads CSV (formulas disarmed) and Markdown', async () => {
    const el = await mountWithNotes();
    let file = nextDownload();
    button(el, 'Download as spreadsheet (CSV)').click();
    const csv = await file;
    expect(csv.name).to.equal('notes.csv');
    const lines = csv.text.split('\r\n');
    expect(lines[0]).to.equal('Quote,Note,State,Created');
    expect(lines[2]).to.match(/^kidney function,"'=HYPERLINK\(""x""\) which tests",Found,/);
    file = nextDownload();
    button(el, 'Download as text (Markdown)').click();
    const md = await file;
    expect(md.name).to.equal('notes.md');
    expect(md.text).to.contain('> twelve weeks\n\nCan I start later?');
  });

  it('makes the “Questions for the study team” sheet from the notes and the “Not sure” answers', async () => {
    const el = await mountWithNotes();
    // As <trial-eligibility prescreen> inside would: the event bubbles out of the content.
    el.querySelector('#one')!.dispatchEvent(
      new TrialPrescreenChangeEvent({
        answers: [
          { criterionId: 'inclusion-1', section: 'inclusion', criterion: 'Adults aged 18 or over', answer: 'yes' },
          { criterionId: 'exclusion-1', section: 'exclusion', criterion: 'Kidney disease', answer: 'unsure' },
        ],
        criterionId: 'exclusion-1',
        answer: 'unsure',
      }),
    );
    const toggle = button(el, 'Questions for the study team');
    toggle.click();
    await el.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    const sheet = el.shadowRoot!.querySelector('#sheet')!;
    expect([...sheet.querySelectorAll('ul li')].map((li) => li.textContent)).to.deep.equal(['Kidney disease']);
    expect([...sheet.querySelectorAll('ol .quote')].map((q) => q.textContent)).to.deep.equal(['twelve weeks', 'kidney function']);
    await expect(el).to.be.accessible();

    // "Open to print" opens the sheet as a document of its own.
    const opened: string[] = [];
    const original = window.open;
    window.open = ((url?: string | URL) => {
      opened.push(String(url));
      return { opener: window } as unknown as Window;
    }) as typeof window.open;
    try {
      button(el, 'Open to print').click();
    } finally {
      window.open = original;
    }
    expect(opened).to.have.length(1);
    const printed = await (await fetch(opened[0]!)).text();
    const doc = new DOMParser().parseFromString(printed, 'text/html');
    expect(doc.querySelector('h1')!.textContent).to.equal('Questions for the study team');
    expect([...doc.querySelectorAll('ul li')].map((li) => li.textContent)).to.deep.equal(['Kidney disease']);
    expect(doc.querySelectorAll('ol li blockquote')).to.have.length(2);
    expect(doc.querySelector('script')).to.equal(null);
  });
});

describe('trial-notes with a damaged saved note', () => {
  it('shows the good notes and says how many could not be read', async () => {
    const key = `test:damaged:${Date.now()}`;
    const first = await fixture<TrialNotes>(html`<trial-notes storage-key=${key}>${ARTICLE}</trial-notes>`);
    await first.whenLoaded();
    await first.addNote(rangeIn(first.querySelector('#one')!, 'twelve weeks'), 'good');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('trialkit-notes', 1);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const tx = db.transaction('notes', 'readwrite');
    tx.objectStore('notes').put({ key, id: 'urn:uuid:broken', note: { id: 'urn:uuid:broken', body: 42 } });
    await new Promise((resolve) => (tx.oncomplete = resolve));
    db.close();
    first.remove();

    const el = await fixture<TrialNotes>(html`<trial-notes storage-key=${key} panel-open>${ARTICLE}</trial-notes>`);
    await el.whenLoaded();
    await el.updateComplete;
    expect(el.notes.map((n) => n.body)).to.deep.equal(['good']);
    expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).to.contain('1 saved note could not be read and is not shown.');
    await expect(el).to.be.accessible();
  });
});

describe('trial-notes panel placement', () => {
  // Layout is measured: a tab in the background gets no frames while another test file runs.
  beforeEach(() => executeServerCommand('bring-to-front'));

  async function mount(width: string, panel?: string): Promise<TrialNotes> {
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    wrapper.style.width = width;
    const el = document.createElement('trial-notes') as TrialNotes;
    el.storageKey = `test:placement:${Date.now()}:${++keys}`;
    if (panel) el.setAttribute('panel', panel);
    el.append(document.createRange().createContextualFragment('<p>Participants take the study medicine once a day for twelve weeks.</p>'));
    wrapper.append(el);
    await el.whenLoaded();
    el.panelOpen = true;
    await el.updateComplete;
    return el;
  }

  const rect = (el: TrialNotes, selector: string) => el.shadowRoot!.querySelector(selector)!.getBoundingClientRect();

  it('opens inline by default: the panel between the launcher and the content, in the flow', async () => {
    const el = await mount('900px');
    expect(el.panel).to.equal('inline');
    expect(rect(el, '.panel').top).to.be.at.least(rect(el, '.launcher').bottom);
    expect(rect(el, '.content').top).to.be.at.least(rect(el, '.panel').bottom);
    await expect(el).to.be.accessible();
  });

  it('with panel="sheet" opens beside the content on a wide host, and inline on a narrow one', async () => {
    const wide = await mount('900px', 'sheet');
    expect(rect(wide, '.panel').left).to.be.at.least(rect(wide, '.content').right);
    expect(getComputedStyle(wide.shadowRoot!.querySelector('.panel')!).position).to.equal('sticky');
    await expect(wide).to.be.accessible();
    const narrow = await mount('320px', 'sheet');
    expect(rect(narrow, '.content').top).to.be.at.least(rect(narrow, '.panel').bottom);
  });
});
