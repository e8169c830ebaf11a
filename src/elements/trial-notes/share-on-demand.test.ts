import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { SHARE_FRAGMENT_KEY } from '../../model/share.ts';
import { rangeIn } from '../../../test/helpers/ranges.ts';
import './define.ts';
import { SHARE_LINK_MARK, type TrialNotes } from './trial-notes.ts';

/**
 * The share dialog and its crypto are not part of the first load: they load when the reader
 * asks to share. (A share link in the address loads them at once: share-link-on-load.test.ts,
 * in a page of its own so that nothing has loaded them before.)
 */
describe('<trial-notes> share dialog on demand', () => {
  it('marks share links with the same key the share format uses', () => {
    expect(SHARE_LINK_MARK).to.equal(`${SHARE_FRAGMENT_KEY}=`);
  });

  it('loads the dialog only when the reader asks to share, then opens it', async () => {
    const el = await fixture<TrialNotes>(
      html`<trial-notes storage-key=${`on-demand-${Math.random()}`}><p>Participants take the study medicine once a day for twelve weeks.</p></trial-notes>`,
    );
    await el.whenLoaded();
    expect(customElements.get('trial-notes-share')).to.equal(undefined);
    const standIn = () => el.shadowRoot!.querySelector<HTMLButtonElement>('button[part="share-button"]');
    expect(standIn()!.disabled, 'nothing to share yet').to.equal(true);

    await el.addNote(rangeIn(el, 'twelve weeks'), 'Ask about the holidays');
    await el.updateComplete;
    expect(standIn()!.disabled).to.equal(false);
    await expect(el).to.be.accessible();

    standIn()!.click();
    const sendDialog = () =>
      el.shadowRoot!.querySelector('trial-notes-share')?.shadowRoot?.querySelector('trial-share-send-dialog')?.shadowRoot?.querySelector<HTMLDialogElement>('dialog.share');
    await waitUntil(() => sendDialog()?.open, 'the share dialog did not open');
    expect(customElements.get('trial-notes-share')).to.exist;
    const share = el.shadowRoot!.querySelector('trial-notes-share')!;
    // Focus comes back to the real share button when the dialog closes.
    expect(share.shadowRoot!.querySelector('[part="share-button"]')).to.exist;
    sendDialog()!.close();
  });
});
