import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import './define.ts';
import type { TrialNotes } from './trial-notes.ts';

describe('<trial-notes> with a share link in the address', () => {
  afterEach(() => history.replaceState(null, '', location.pathname + location.search));

  it('loads the share dialog at once and says a damaged link cannot open', async () => {
    history.replaceState(null, '', `${location.pathname}${location.search}#trialkit-share=f1.damaged`);
    expect(customElements.get('trial-notes-share')).to.equal(undefined);
    const el = await fixture<TrialNotes>(html`<trial-notes storage-key=${`on-load-${Math.random()}`}><p>Some text.</p></trial-notes>`);
    // Cold, the dev server transforms the share code and the notes engine (opened with the panel) at once.
    await waitUntil(() => customElements.get('trial-notes-share'), 'the share dialog did not load', { timeout: 10000 });
    const openDialog = () => el.shadowRoot!.querySelector('trial-notes-share')?.shadowRoot?.querySelector('trial-share-open-dialog')?.shadowRoot?.querySelector<HTMLDialogElement>('dialog.open');
    await waitUntil(() => openDialog()?.open, 'no open dialog', { timeout: 5000 });
    const dialog = openDialog()!;
    expect(dialog.textContent).to.match(/damaged|incomplete/i);
    // Shown, not only open: nothing around it is hidden.
    expect(dialog.checkVisibility()).to.equal(true);
    expect(dialog.getBoundingClientRect().height).to.be.greaterThan(0);
  });
});
