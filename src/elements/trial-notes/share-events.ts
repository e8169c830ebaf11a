/** The share dialogs' events and the importer they call, shared by both dialogs. */
import type { Annotation } from '../../model/annotation.ts';
import type { NoteImportResult } from './trial-note.ts';

/** Merges received notes into the reader's own (never overwriting) and says how they anchored. */
export type ShareImporter = (annotations: Annotation[]) => Promise<NoteImportResult> | NoteImportResult;

/** A share link was made. `id` is set in server mode. */
export class TrialShareCreateEvent extends Event {
  constructor(
    readonly mode: 'server' | 'fragment',
    readonly noteCount: number,
    readonly expiresAt: string,
    readonly id: string | undefined,
  ) {
    super('trial-share-create', { bubbles: true, composed: true });
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
    'trial-share-create': TrialShareCreateEvent;
    'trial-share-open': TrialShareOpenEvent;
  }
}

