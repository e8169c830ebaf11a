/**
 * Events of `<trial-notes>`. They bubble and are composed, and fire on the reader's actions
 * (adding, editing, re-attaching, deleting a note), not on JS API calls, imports or re-anchoring.
 */
import type { TrialNote } from './trial-note.ts';

/** A reader added a note. */
export class TrialNoteAddEvent extends Event {
  constructor(readonly note: TrialNote) {
    super('trial-note-add', { bubbles: true, composed: true });
  }
}

/** A reader changed a note: its text (`edit`) or the text it is attached to (`reattach`). */
export class TrialNoteChangeEvent extends Event {
  constructor(
    readonly note: TrialNote,
    readonly change: 'edit' | 'reattach',
  ) {
    super('trial-note-change', { bubbles: true, composed: true });
  }
}

/** A reader deleted a note. */
export class TrialNoteRemoveEvent extends Event {
  constructor(readonly note: TrialNote) {
    super('trial-note-remove', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'trial-note-add': TrialNoteAddEvent;
    'trial-note-change': TrialNoteChangeEvent;
    'trial-note-remove': TrialNoteRemoveEvent;
  }
}
