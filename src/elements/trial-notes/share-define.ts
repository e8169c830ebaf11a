/**
 * Registers the share dialog. `<trial-notes>` imports this on demand (the reader asks to share,
 * or the address holds a share link), so its crypto and dialog are not part of the first load.
 */
import { defineElement } from '../../internal/define.ts';
import { TrialNotesShare } from './trial-notes-share.ts';

defineElement('trial-notes-share', TrialNotesShare);

export { TrialNotesShare };
