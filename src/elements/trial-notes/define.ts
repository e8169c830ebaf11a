import { defineElement } from '../../internal/define.ts';
import { TrialNotes } from './trial-notes.ts';

defineElement('trial-notes', TrialNotes);

export { TrialNotes };
