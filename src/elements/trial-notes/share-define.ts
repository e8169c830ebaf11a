/**
 * Registers the share dialog. `<trial-notes>` imports this on demand (the reader asks to share,
 * or the address holds a share link), so its crypto and dialog are not part of the first load.
 */
import { defineElement } from '../../internal/define.ts';
import { TrialNotesShare } from './trial-notes-share.ts';
import { TrialShareOpenDialog } from './trial-share-open-dialog.ts';
import { TrialShareSendDialog } from './trial-share-send-dialog.ts';

// The dialogs first: the share element renders them.
defineElement('trial-share-send-dialog', TrialShareSendDialog);
defineElement('trial-share-open-dialog', TrialShareOpenDialog);
defineElement('trial-notes-share', TrialNotesShare);

export { TrialNotesShare, TrialShareOpenDialog, TrialShareSendDialog };
