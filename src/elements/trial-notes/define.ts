import { defineElement } from '../../internal/define.ts';
import { TrialNotes } from './trial-notes.ts';
import { TrialNotesShare } from './trial-notes-share.ts';

defineElement('trial-notes', TrialNotes);
defineElement('trial-notes-share', TrialNotesShare);

export { TrialNotes };
