import type { AnchorState, NoteSelectors } from '../../notes/anchoring.ts';

/** A note as host pages see it (`TrialNotes.notes`): read-only, with where it stands now. */
export interface TrialNote {
  readonly id: string;
  /** The reader's text; plain text, never markup. */
  readonly body: string;
  /** The text the note was made on. */
  readonly quote: string;
  /** ISO 8601 times. */
  readonly created: string;
  readonly modified: string;
  /** How the note was found in the current content. */
  readonly state: AnchorState;
  /** The anchored text now (a StaticRange when it crosses a shadow boundary); absent for orphans. */
  readonly range: AbstractRange | undefined;
  readonly selectors: NoteSelectors;
}

/** What `importNotes` did: notes added, skipped (an id already here), and how the added ones anchored. */
export interface NoteImportResult {
  added: number;
  skipped: number;
  exact: number;
  fuzzy: number;
  ambiguous: number;
  orphan: number;
}
