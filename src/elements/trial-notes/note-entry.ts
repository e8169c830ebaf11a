/**
 * A note as the engine keeps it: the stored note with where it stands in the content now, and
 * the read-only snapshot host pages get of it (`TrialNotes.notes`, the events).
 */
import type { Anchor } from '../../notes/anchoring.ts';
import type { StoredNote } from '../../notes/note-store.ts';
import type { SelectedText } from '../../notes/selection-toolbar.ts';
import type { TrialNote } from './trial-note.ts';

export interface Entry {
  note: StoredNote;
  anchor: Anchor;
  /** Live ranges kept for a note being edited, so re-anchoring does not move it. */
  frozen?: Range[];
}

/** The open editor: for a note on the text just selected, or for an existing note. */
export type Editor = { kind: 'new'; selected: SelectedText; ranges: Range[] } | { kind: 'edit'; id: string };

export function toTrialNote(entry: Entry): TrialNote {
  const { note, anchor } = entry;
  return Object.freeze({
    id: note.id,
    body: note.body,
    quote: note.selectors.quote.exact,
    created: note.created,
    modified: note.modified,
    state: anchor.state,
    range: anchor.range,
    selectors: note.selectors,
  });
}
