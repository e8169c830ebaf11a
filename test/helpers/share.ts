/**
 * The share dialogs' test setup: the three share elements registered on their own (as the
 * on-demand chunk does), the trial and page a share is made for, and a note to share.
 */
import { defineElement } from '../../src/internal/define.ts';
import { TrialShareOpenDialog } from '../../src/elements/trial-notes/trial-share-open-dialog.ts';
import { TrialShareSendDialog } from '../../src/elements/trial-notes/trial-share-send-dialog.ts';
import { TrialNotesShare, type ShareableNote } from '../../src/elements/trial-notes/trial-notes-share.ts';

defineElement('trial-share-send-dialog', TrialShareSendDialog);
defineElement('trial-share-open-dialog', TrialShareOpenDialog);
defineElement('trial-notes-share', TrialNotesShare);

export const TRIAL = 'NCT06801119';
export const PAGE = 'https://hospital.example/trials/NCT06801119';

/** A note on `quote`, written as `body`, as the notes panel hands it to the share button. */
export function note(id: string, quote: string, body: string): ShareableNote {
  return {
    id: `urn:uuid:${id}`,
    body,
    quote,
    created: '2026-11-20T10:00:00.000Z',
    modified: '2026-11-20T10:00:00.000Z',
    selectors: { quote: { type: 'TextQuoteSelector', exact: quote, prefix: 'before ', suffix: ' after' }, position: { type: 'TextPositionSelector', start: 7, end: 7 + quote.length } },
  };
}
