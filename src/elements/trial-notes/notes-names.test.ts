import { expect, html, waitUntil } from '@open-wc/testing';
import { render, type TemplateResult } from 'lit';
import { rangeIn } from '../../../test/helpers/ranges.ts';
import './define.ts';
import type { TrialNotes } from './trial-notes.ts';

/**
 * Two `<trial-notes>` on one page: every landmark, list, toolbar and panel-wide button of one
 * has a name the other's does not, made of its usual name and what it annotates. Names are
 * computed by axe-core (through the shadow roots), as assistive technology would.
 */

interface Axe {
  setup(node: Node): unknown;
  teardown(): void;
  utils: { getNodeFromTree(node: Node): unknown };
  commons: { text: { accessibleTextVirtual(node: unknown): string } };
}

let keys = 0;
const key = () => `test:names:${Date.now()}:${++keys}:${Math.random()}`;

function article(heading: string) {
  return html`<article>
    <h2>${heading}</h2>
    <p>Participants take the study medicine once a day. The main phase lasts twelve weeks.</p>
    <p>Blood samples are taken at each visit. They measure kidney function.</p>
  </article>`;
}

/** The notes open, with two notes (so the search box shows) and the question sheet open. */
async function prepare(el: TrialNotes): Promise<void> {
  await el.whenLoaded();
  await el.addNote(rangeIn(el, 'twelve weeks'), 'one');
  await el.addNote(rangeIn(el, 'kidney function'), 'two');
  el.panelOpen = true;
  await el.updateComplete;
  [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Questions for the study team')!.click();
  await el.updateComplete;
}

/** What each named thing of one element is called, by what it is. */
function names(axe: Axe, el: TrialNotes): Record<string, string> {
  const root = el.shadowRoot!;
  const name = (node: Element | null | undefined) => (node ? axe.commons.text.accessibleTextVirtual(axe.utils.getNodeFromTree(node)).trim() : '(missing)');
  const button = (label: string) => [...root.querySelectorAll('button')].find((b) => b.textContent!.trim() === label);
  return {
    region: name(root.querySelector('#notes-panel')),
    toggle: name(root.querySelector('.toggle')),
    pick: name(root.querySelector('[part="pick-button"]')),
    list: name(root.querySelector('.list')),
    search: name(root.querySelector('[role="search"]')),
    searchBox: name(root.querySelector('#notes-search')),
    sheet: name(root.querySelector('#sheet')),
    share: name(root.querySelector('[part="share-button"]')),
    sheetButton: name(button('Questions for the study team')),
    copy: name(button('Copy notes')),
    csv: name(button('Download as spreadsheet (CSV)')),
    markdown: name(button('Download as text (Markdown)')),
    download: name(button('Download notes')),
    importFile: name(root.querySelector('input[type="file"]')),
  };
}

const wrappers: HTMLElement[] = [];
afterEach(() => {
  for (const wrapper of wrappers.splice(0)) wrapper.remove();
});

/**
 * Both elements in one wrapper. Not fixture(): for a plain <div> it waits for an animation
 * frame, which a background tab never gets while another test file runs in front.
 */
async function mountTwo(content: TemplateResult): Promise<[HTMLDivElement, TrialNotes, TrialNotes]> {
  const wrapper = document.createElement('div');
  document.body.append(wrapper);
  wrappers.push(wrapper);
  render(content, wrapper);
  const [first, second] = [...wrapper.querySelectorAll('trial-notes')];
  await Promise.all([first!.updateComplete, second!.updateComplete]);
  return [wrapper, first!, second!];
}

async function axe(): Promise<Axe> {
  await import('axe-core/axe.min.js' as string);
  return (window as unknown as { axe: Axe }).axe;
}

describe('names of two <trial-notes> on one page', () => {
  it('tell the two apart by what each annotates, and keep the visible words first', async () => {
    const [wrapper, first, second] = await mountTwo(
      html`<trial-notes storage-key=${key()}>${article('About this study')}</trial-notes>
        <trial-notes storage-key=${key()}>${article('Costs and travel')}</trial-notes>`,
    );
    await prepare(first);
    await prepare(second);
    const a = await axe();
    a.setup(wrapper);
    let one: Record<string, string>;
    let two: Record<string, string>;
    try {
      one = names(a, first);
      two = names(a, second);
    } finally {
      a.teardown();
    }
    expect(one.region).to.equal('My notes (2) — About this study');
    expect(two.region).to.equal('My notes (2) — Costs and travel');
    expect(one.list).to.equal('Notes — About this study');
    expect(two.search).to.equal('Search my notes — Costs and travel');
    for (const [what, name] of Object.entries(one)) {
      expect(name, what).to.match(/ — About this study$/);
      expect(two[what], what).to.equal(name.replace('About this study', 'Costs and travel'));
    }
    // axe's own check: no two landmarks of the same role share a name.
    await expect(wrapper).to.be.accessible();

    // Alone again, the names are the plain ones.
    second.remove();
    await first.updateComplete;
    const b = await axe();
    b.setup(wrapper);
    try {
      const alone = names(b, first);
      expect(alone.region).to.equal('My notes (2)');
      expect(alone.list).to.equal('Notes');
      expect(alone.pick).to.equal('Add note…');
    } finally {
      b.teardown();
    }
    expect(first.shadowRoot!.querySelector('.toggle')!.hasAttribute('aria-label')).to.equal(false);
  });

  it('number two that annotate the same thing, and name the toolbars too', async () => {
    const [wrapper, first, second] = await mountTwo(
      html`<trial-notes storage-key=${key()}>${article('Side effects')}</trial-notes>
        <trial-notes storage-key=${key()}>${article('Side effects')}</trial-notes>`,
    );
    await first.whenLoaded();
    await second.whenLoaded();
    expect(first.shadowRoot!.querySelector('.toggle')!.getAttribute('aria-label')).to.equal('My notes — Side effects (1)');
    expect(second.shadowRoot!.querySelector('.toggle')!.getAttribute('aria-label')).to.equal('My notes — Side effects (2)');
    second.shadowRoot!.querySelector<HTMLButtonElement>('[part="pick-button"]')!.click();
    await waitUntil(() => second.shadowRoot!.querySelector('.picker'), 'the picker did not start');
    expect(second.shadowRoot!.querySelector('.picker')!.getAttribute('aria-label')).to.equal('Choose text for a note — Side effects (2)');
    second.shadowRoot!.querySelector<HTMLButtonElement>('.picker button:last-of-type')!.click();
    const range = rangeIn(first, 'kidney function');
    document.getSelection()!.setBaseAndExtent(range.startContainer, range.startOffset, range.endContainer, range.endOffset);
    await waitUntil(() => first.shadowRoot!.querySelector('.toolbar'), 'no toolbar');
    expect(first.shadowRoot!.querySelector('.toolbar')!.getAttribute('aria-label')).to.equal('Selected text — Side effects (1)');
    document.getSelection()!.removeAllRanges();
    await expect(wrapper).to.be.accessible();
  });
});
