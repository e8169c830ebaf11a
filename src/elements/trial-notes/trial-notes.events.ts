/**
 * Events of `<trial-notes>` and its share dialogs. They bubble and are composed, and fire on the
 * reader's actions (adding, editing, re-attaching, deleting a note, making or opening a share),
 * not on JS API calls, imports or re-anchoring.
 */
import type { Annotation } from '../../model/annotation.ts';
import type { NoteImportResult, TrialNote } from './trial-note.ts';

/** A reader added a note. */
export class TrialNoteAddEvent extends Event {
  constructor(readonly note: TrialNote) {
    super('trial-note-add', { bubbles: true, composed: true });
  }
}

/** A reader changed a note: its text (`edit`) or the text it is attached to (`reattach`). */
export class TrialNoteChangeEvent extends Event {
  readonly note: TrialNote;
  readonly change: 'edit' | 'reattach';

  constructor(init: { note: TrialNote; change: 'edit' | 'reattach' }) {
    super('trial-note-change', { bubbles: true, composed: true });
    this.note = init.note;
    this.change = init.change;
  }
}

/** A reader deleted a note. */
export class TrialNoteRemoveEvent extends Event {
  constructor(readonly note: TrialNote) {
    super('trial-note-remove', { bubbles: true, composed: true });
  }
}

/** Merges received notes into the reader's own (never overwriting) and says how they anchored. */
export type ShareImporter = (annotations: Annotation[]) => Promise<NoteImportResult> | NoteImportResult;

/** A share link was made. `id` is set in server mode. */
export class TrialShareCreateEvent extends Event {
  readonly mode: 'server' | 'fragment';
  readonly noteCount: number;
  /** When the link stops opening (ISO 8601). */
  readonly expiresAt: string;
  readonly id: string | undefined;

  constructor(init: { mode: 'server' | 'fragment'; noteCount: number; expiresAt: string; id?: string }) {
    super('trial-share-create', { bubbles: true, composed: true });
    this.mode = init.mode;
    this.noteCount = init.noteCount;
    this.expiresAt = init.expiresAt;
    this.id = init.id;
  }
}

/** Shared notes were opened and merged; `result` counts them by anchoring state. */
export class TrialShareOpenEvent extends Event {
  constructor(readonly result: NoteImportResult) {
    super('trial-share-open', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'trial-note-add': TrialNoteAddEvent;
    'trial-note-change': TrialNoteChangeEvent;
    'trial-note-remove': TrialNoteRemoveEvent;
    'trial-share-create': TrialShareCreateEvent;
    'trial-share-open': TrialShareOpenEvent;
  }
}
