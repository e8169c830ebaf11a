import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './define.ts';
import type { TrialNotes } from './trial-notes.ts';
import { rangeIn } from '../../../test/helpers/ranges.ts';

/** Keyboard paths that need no pointer and no caret browsing, and where focus goes after each. */

let keys = 0;
function uniqueKey(): string {
  return `test:keyboard:${Date.now()}:${++keys}:${Math.random()}`;
}

const ARTICLE = html`<article>
  <h2>About this study</h2>
  <p id="one">Participants take the study medicine once a day. The main phase lasts twelve weeks.</p>
  <p id="two">Blood samples are taken at each visit. They measure kidney function.</p>
</article>`;

/** The notes, after a button outside them (where Tab starts). Each test's own fixture. */
async function mountNotes(): Promise<TrialNotes> {
  const notes = await fixture<TrialNotes>(html`<trial-notes storage-key=${uniqueKey()}>${ARTICLE}</trial-notes>`);
  const before = document.createElement('button');
  before.id = 'before';
  before.textContent = 'Before';
  notes.before(before);
  await notes.whenLoaded();
  return notes;
}

function active(el: TrialNotes): Element | null {
  return el.shadowRoot!.activeElement;
}

function drafted(): string[] {
  return [...CSS.highlights.values()].flatMap((h) => [...h].map((range) => (range as Range).toString()));
}

function button(el: TrialNotes, name: string): HTMLButtonElement {
  const found = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === name);
  if (!found) throw new Error(`no button “${name}”`);
  return found;
}

describe('trial-notes by keyboard', () => {
  afterEach(() => document.getSelection()?.removeAllRanges());

  it('adds a note to a chosen sentence, or the whole paragraph, with Tab, arrows and Enter', async () => {
    const el = await mountNotes();
    const picker = () => el.shadowRoot!.querySelector<HTMLElement>('.picker');
    document.querySelector<HTMLButtonElement>('#before')!.focus();
    await sendKeys({ press: 'Tab' }); // the launcher's toggle
    await sendKeys({ press: 'Tab' }); // "Add note…"
    expect(active(el)?.textContent?.trim()).to.equal('Add note…');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => picker(), 'the picker toolbar shows');
    expect(picker()!.getAttribute('role')).to.equal('toolbar');
    expect(picker()!.getAttribute('aria-label')).to.equal('Choose text for a note');
    expect(active(el)?.textContent?.trim()).to.equal('Next');
    // The heading is the first block on screen.
    expect(drafted()).to.include('About this study');
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(drafted()).to.include('Participants take the study medicine once a day.');
    expect(picker()!.querySelector('.picker-where')!.textContent).to.contain('Sentence 1 of 2, paragraph 2 of 3');
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(drafted()).to.include('The main phase lasts twelve weeks.');
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' }); // into the next paragraph
    await el.updateComplete;
    expect(drafted()).to.include('Blood samples are taken at each visit.');

    // Whole paragraph, then Add note: the editor has focus; Ctrl+Enter saves.
    button(el, 'Whole paragraph').focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(button(el, 'Whole paragraph').getAttribute('aria-pressed')).to.equal('true');
    expect(drafted()).to.include('Blood samples are taken at each visit. They measure kidney function.');
    await expect(el).to.be.accessible();
    button(el, 'Add note').focus();
    const added = oneEvent(el, 'trial-note-add') as unknown as Promise<{ note: { quote: string; body: string } }>;
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => active(el)?.localName === 'textarea', 'the editor has focus');
    await sendKeys({ type: 'Ask how often' });
    await sendKeys({ down: 'Control' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ up: 'Control' });
    const { note } = await added;
    expect(note.quote).to.equal('Blood samples are taken at each visit. They measure kidney function.');
    expect(note.body).to.equal('Ask how often');
    await el.updateComplete;
    expect(active(el)?.classList.contains('note')).to.equal(true);
  });

  it('stops choosing on Escape and gives focus back to the button that started it', async () => {
    const el = await mountNotes();
    button(el, 'Add note…').focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.shadowRoot!.querySelector('.picker'), 'the picker shows');
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    await waitUntil(() => active(el)?.textContent?.trim() === 'Add note…', 'focus is back on the button');
    expect(el.shadowRoot!.querySelector('.picker')).to.equal(null);
    expect(drafted()).not.to.include('Participants take the study medicine once a day.');
  });

  it('says at the ends of the text that there is no further to go', async () => {
    const el = await mountNotes();
    button(el, 'Add note…').click();
    await waitUntil(() => el.shadowRoot!.querySelector('.picker'), 'the picker shows');
    button(el, 'Previous').click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.picker-where')!.textContent).to.contain('This is the first of the text.');
  });

  it('announces the selection toolbar, and Escape on it never drops focus to the page body', async () => {
    const el = await mountNotes();
    const range = rangeIn(el.querySelector('#one')!, 'study medicine');
    document.getSelection()!.setBaseAndExtent(range.startContainer, range.startOffset, range.endContainer, range.endOffset);
    await waitUntil(() => el.shadowRoot!.querySelector('.toolbar'), 'toolbar shows');
    await el.updateComplete;
    const live = [...el.shadowRoot!.querySelectorAll('[aria-live]')].map((node) => node.textContent!.trim());
    expect(live).to.include('Text selected. Press Tab to reach “Add note”.');
    // Reached by pointer: no element to go back to, so focus goes to the launcher.
    el.shadowRoot!.querySelector<HTMLButtonElement>('.toolbar button')!.focus();
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.toolbar')).to.equal(null);
    expect(active(el)).to.equal(el.shadowRoot!.querySelector('.toggle'));
  });

  it('“Show in text” moves focus and the selection to the note’s text', async () => {
    const el = await mountNotes();
    await el.addNote(rangeIn(el.querySelector('#two')!, 'kidney function'), 'check');
    el.panelOpen = true;
    await el.updateComplete;
    button(el, 'Show in text').click();
    const paragraph = el.querySelector<HTMLElement>('#two')!;
    expect(document.activeElement).to.equal(paragraph);
    expect(document.getSelection()!.toString()).to.equal('kidney function');
    // No toolbar for a selection the element made itself.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(el.shadowRoot!.querySelector('.toolbar')).to.equal(null);
    // The paragraph is focusable only while it has focus.
    document.querySelector<HTMLButtonElement>('#before')!.focus();
    expect(paragraph.hasAttribute('tabindex')).to.equal(false);
  });
});

describe('trial-notes for screen readers', () => {
  it('names every highlighted quote in the list and in each note’s buttons', async () => {
    const el = await mountNotes();
    await el.addNote(rangeIn(el.querySelector('#one')!, 'study medicine'), 'first');
    await el.addNote(rangeIn(el.querySelector('#two')!, 'kidney function'), 'second');
    el.panelOpen = true;
    await el.updateComplete;
    const items = [...el.shadowRoot!.querySelectorAll('.note')];
    expect(items.map((item) => item.querySelector('.quote')!.textContent)).to.deep.equal(['study medicine', 'kidney function']);
    expect(items[0]!.querySelector('.visually-hidden')!.textContent).to.equal('Highlighted text:');
    const names = [...el.shadowRoot!.querySelectorAll('.note button')].map((b) => b.getAttribute('aria-label'));
    expect(names).to.deep.equal([
      'Show in text: “study medicine”',
      'Edit the note on “study medicine”',
      'Delete the note on “study medicine”',
      'Show in text: “kidney function”',
      'Edit the note on “kidney function”',
      'Delete the note on “kidney function”',
    ]);
    // Every name begins with the words on the button (WCAG 2.5.3).
    for (const b of el.shadowRoot!.querySelectorAll('.note button')) expect(b.getAttribute('aria-label')!.startsWith(b.textContent!.trim())).to.equal(true);
    await expect(el).to.be.accessible();
  });
});
