import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { ANNOTATION_CONTEXT } from '../../model/annotation.ts';
import { rangeIn } from '../../../test/helpers/ranges.ts';
import './define.ts';
import { EMPTY_EXPORT_CONTEXT, type TrialNotes } from './trial-notes.ts';

/**
 * `<trial-notes>` before its engine has loaded (notes-engine.ts, imported on first use): what
 * the reader started meanwhile is not lost, and the public API waits for it. The order matters:
 * the first case runs before anything on this page has loaded the engine's module. The built
 * chunks and each path that loads them: engine-on-demand-built.test.ts.
 */

let keys = 0;
function uniqueKey(): string {
  return `test:on-demand:${Date.now()}:${++keys}:${Math.random()}`;
}

const ARTICLE = html`<article>
  <h2>About this study</h2>
  <p id="one">Participants take the study medicine once a day. The main phase lasts twelve weeks.</p>
  <p id="two">Blood samples are taken at each visit. They measure kidney function.</p>
</article>`;

async function mount(): Promise<TrialNotes> {
  return fixture<TrialNotes>(html`<trial-notes storage-key=${uniqueKey()}>${ARTICLE}</trial-notes>`);
}

function engineRequested(): boolean {
  return performance.getEntriesByType('resource').some((entry) => new URL(entry.name).pathname.endsWith('/notes-engine.ts'));
}

describe('<trial-notes> before its engine has loaded', () => {
  afterEach(() => document.getSelection()?.removeAllRanges());

  it('a selection made before the engine loaded still gets its toolbar, and becomes a note', async () => {
    const el = await mount();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(engineRequested(), 'the engine was requested before any use').to.equal(false);
    expect(el.shadowRoot!.querySelector('.toolbar')).to.equal(null);
    const range = rangeIn(el.querySelector('#two')!, 'kidney function');
    document.getSelection()!.setBaseAndExtent(range.startContainer, range.startOffset, range.endContainer, range.endOffset);
    // Cold, the dev server transforms the engine's modules first.
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="add-button"]'), 'no toolbar for the selection that loaded the engine', { timeout: 10000 });
    expect(engineRequested()).to.equal(true);
    expect(el.shadowRoot!.querySelector('[part~="add-button"]')!.textContent!.trim()).to.equal('Add note');
    await expect(el).to.be.accessible();
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="add-button"]')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('.editor textarea'), 'no editor');
    const added = oneEvent(el, 'trial-note-add') as unknown as Promise<{ note: { quote: string } }>;
    el.shadowRoot!.querySelector<HTMLFormElement>('.editor')!.requestSubmit();
    expect((await added).note.quote).to.equal('kidney function');
  });

  it('a method called first waits for the engine and the saved notes', async () => {
    const el = await mount();
    expect(el.notes).to.deep.equal([]);
    const note = await el.addNote(rangeIn(el.querySelector('#one')!, 'twelve weeks'), 'first call');
    expect(note.state).to.equal('exact');
    expect(el.notes.map((n) => n.body)).to.deep.equal(['first call']);
    expect(el.exportNotes().first.items).to.have.length(1);
    // A fresh element on the same key finds it, once asked.
    const again = await fixture<TrialNotes>(html`<trial-notes storage-key=${el.storageKey!}>${ARTICLE}</trial-notes>`);
    await again.whenLoaded();
    expect(again.notes.map((n) => n.body)).to.deep.equal(['first call']);
  });

  it('exports an empty Web Annotation collection before the engine has loaded', async () => {
    expect(EMPTY_EXPORT_CONTEXT).to.equal(ANNOTATION_CONTEXT);
    const el = await mount();
    expect(el.exportNotes()).to.deep.equal({ '@context': ANNOTATION_CONTEXT, type: 'AnnotationCollection', total: 0, first: { type: 'AnnotationPage', items: [] } });
  });

  it('“Add note…” by keyboard on a fresh element starts choosing text, focus on “Next”', async () => {
    const el = await mount();
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="pick-button"]')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.shadowRoot!.activeElement?.textContent?.trim() === 'Next', 'the picker did not take focus', { timeout: 5000 });
    expect(el.shadowRoot!.querySelector('.picker')!.getAttribute('aria-label')).to.equal('Choose text for a note');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => el.shadowRoot!.activeElement?.textContent?.trim() === 'Add note…', 'focus did not come back');
  });

  it('opening the panel before the engine loaded shows the hint, then the panel’s tools', async () => {
    const el = await mount();
    el.shadowRoot!.querySelector<HTMLButtonElement>('.toggle')!.click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="hint"]')).to.exist;
    await waitUntil(() => el.shadowRoot!.querySelector('#notes-body .transfer'), 'the panel never filled', { timeout: 5000 });
    expect(el.shadowRoot!.querySelector('#notes-panel')!.getAttribute('aria-busy')).to.equal('false');
    await expect(el).to.be.accessible();
  });
});
