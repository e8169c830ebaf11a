/**
 * The notes engine of `<trial-notes>`, loaded on first use (trial-notes.ts imports it on
 * demand, so a page that only shows the launcher downloads none of this): the text map of the
 * content and its re-anchoring, the highlights, the note store, the selection toolbar, the
 * keyboard picker, and the panel with its tools. It holds the notes and the state of the
 * interface and draws everything below the launcher; the element keeps its public API and
 * forwards it here.
 */
import { adoptStyles, supportsAdoptingStyleSheets, type ReactiveController, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import { anchorAll, describeRange, type Anchor, type AnchorState, type NoteSelectors } from '../../notes/anchoring.ts';
import { NoteHighlighter, type HighlightSpan } from '../../notes/highlights.ts';
import { MAX_NOTES, NoteStore, newNoteId, notesFromJson, toAnnotationCollection, type StoredNote } from '../../notes/note-store.ts';
import type { TextMap } from '../../notes/text-map.ts';
import { ContentAnchorsController } from '../../notes/content-anchors.ts';
import { SelectionToolbarController } from '../../notes/selection-toolbar.ts';
import { MAX_NOTE_CHARS, type AnnotationCollection } from '../../model/annotation.ts';
import { pluralCategory } from '../../internal/intl-formats.ts';
import { formatLocale } from '../../internal/localize.ts';
import { engineStyles } from './notes-engine.styles.ts';
import { NoteEditing } from './note-editing.ts';
import { KeyboardPicking } from './keyboard-picking.ts';
import { NotesTools } from './notes-tools.ts';
import { renderPanelBody, renderSelectionToolbar, renderUndo } from './notes-panel-view.ts';
import { toTrialNote, type Editor, type Entry } from './note-entry.ts';
import type { DistinctNames } from './notes-names.ts';
import type { TrialNotes } from './trial-notes.ts';
import type { NoteImportResult, TrialNote } from './trial-note.ts';

/** A short status for the reader, shown in the launcher and announced. */
export interface StatusMessage {
  text: string;
  error?: boolean;
}

/** What the engine gets from its element besides the element's public API. */
export interface EngineLink {
  /** Sets the launcher's status line. */
  say(message: StatusMessage | undefined): void;
  /** Accessible names kept unique when the page has several `<trial-notes>`. */
  readonly names: DistinctNames;
}

/** The state of the interface; every change re-renders the element. */
export interface EngineState {
  entries: Entry[];
  editor: Editor | undefined;
  /** Where the selection toolbar shows (px from the host's top left), or undefined when hidden. */
  toolbar: { x: number; y: number } | undefined;
  activeId: string | undefined;
  /** An orphan waiting for the reader to select the text it belongs to. */
  attachingId: string | undefined;
  /** Said once by screen readers, not shown: what the toolbar that just appeared is for. */
  announcement: string;
  /** What the reader typed in the list's search box. */
  filter: string;
  /** The note just deleted, while "Undo" is offered. */
  undoable: { note: StoredNote; index: number } | undefined;
  /** Whether "Questions for the study team" is open. */
  sheetOpen: boolean;
}

/** An object whose property writes re-render the host: a small stand-in for Lit's `state: true`. */
function watched<T extends object>(initial: T, changed: () => void): T {
  return new Proxy(initial, {
    set(target, key, value) {
      if (!Object.is(Reflect.get(target, key), value)) {
        Reflect.set(target, key, value);
        changed();
      }
      return true;
    },
  });
}

export class NotesEngine implements ReactiveController {
  readonly host: TrialNotes;
  readonly link: EngineLink;
  readonly state: EngineState;
  readonly highlighter = new NoteHighlighter();
  /** The content's text map, its observation and re-anchoring (src/notes/content-anchors.ts). */
  readonly anchors: ContentAnchorsController;
  /** The reader's selection in the content, and where its toolbar goes (src/notes/selection-toolbar.ts). */
  readonly selection: SelectionToolbarController;
  readonly editing: NoteEditing;
  readonly picking: KeyboardPicking;
  readonly tools: NotesTools;
  #store: NoteStore | undefined;
  #loaded: Promise<void>;
  #connectedBefore = false;
  #styled = false;

  constructor(host: TrialNotes, link: EngineLink) {
    this.host = host;
    this.link = link;
    this.state = watched<EngineState>(
      { entries: [], editor: undefined, toolbar: undefined, activeId: undefined, attachingId: undefined, announcement: '', filter: '', undoable: undefined, sheetOpen: false },
      () => host.requestUpdate(),
    );
    this.anchors = new ContentAnchorsController(host, (map) => this.#anchorOn(map));
    this.editing = new NoteEditing(this);
    this.picking = new KeyboardPicking(this);
    this.tools = new NotesTools(this);
    this.selection = new SelectionToolbarController(host, { map: () => this.anchors.currentMap(), onSelection: (selected) => this.editing.onSelection(selected) });
    host.addController(this);
    this.#loaded = this.#load();
    // The selection that made the element load this code gets its toolbar now.
    if (host.isConnected) this.editing.onSelection(this.selection.read());
  }

  hostConnected(): void {
    this.#adoptStyles();
    this.editing.connect();
    if (this.#connectedBefore) this.#loaded = this.#load();
    this.#connectedBefore = true;
  }

  hostDisconnected(): void {
    this.editing.disconnect();
    this.highlighter.clear();
  }

  /** Dynamic positions go in custom properties (no inline styles under a strict CSP). */
  hostUpdated(): void {
    const toolbar = this.host.renderRoot.querySelector<HTMLElement>('.toolbar');
    if (!toolbar) return;
    const at = this.picking.active ? this.picking.placeToolbar(toolbar) : this.state.toolbar;
    if (!at) return;
    toolbar.style.setProperty('--_x', `${at.x}px`);
    toolbar.style.setProperty('--_y', `${at.y}px`);
  }

  /** The panel's styles join the launcher's, which the element had from the start. */
  #adoptStyles(): void {
    const root = this.host.renderRoot;
    if (this.#styled || !(root instanceof ShadowRoot)) return;
    this.#styled = true;
    if (supportsAdoptingStyleSheets && engineStyles.styleSheet) root.adoptedStyleSheets = [...root.adoptedStyleSheets, engineStyles.styleSheet];
    else adoptStyles(root, [engineStyles]);
  }

  // ── what the element forwards ─────────────────────────────────────────────────────────────

  get loaded(): Promise<void> {
    return this.#loaded;
  }

  get count(): number {
    return this.state.entries.length;
  }

  get storeKey(): string | undefined {
    return this.#store?.key;
  }

  get notes(): readonly TrialNote[] {
    return Object.freeze(this.state.entries.map(toTrialNote));
  }

  /** What the live region says: nothing while choosing text, whose toolbar speaks for itself. */
  get liveText(): string {
    return this.picking.active ? '' : this.state.announcement;
  }

  async addNote(range: AbstractRange, body: string): Promise<TrialNote> {
    await this.#loaded;
    const selectors = describeRange(this.anchors.currentMap(), range);
    if (!selectors) throw new RangeError('The range holds no text of this content.');
    if (this.state.entries.length >= MAX_NOTES) throw new RangeError(`At most ${MAX_NOTES} notes can be kept here.`);
    return this.add(selectors, body);
  }

  async removeNote(id: string): Promise<boolean> {
    await this.#loaded;
    const { state } = this;
    const entry = state.entries.find((e) => e.note.id === id);
    if (!entry) return false;
    state.entries = state.entries.filter((e) => e !== entry);
    if (state.editor?.kind === 'edit' && state.editor.id === id) state.editor = undefined;
    if (state.activeId === id) state.activeId = undefined;
    await this.#store?.remove(id);
    this.paint();
    return true;
  }

  exportNotes(ids?: readonly string[]): AnnotationCollection {
    const { entries } = this.state;
    const chosen = ids ? entries.filter((e) => ids.includes(e.note.id)) : entries;
    return toAnnotationCollection(
      chosen.map((e) => e.note),
      typeof location === 'undefined' ? undefined : location.href.split('#')[0],
    );
  }

  async importNotes(data: unknown): Promise<NoteImportResult> {
    await this.#loaded;
    const incoming = notesFromJson(data);
    const { state } = this;
    const known = new Set(state.entries.map((e) => e.note.id));
    const fresh: StoredNote[] = [];
    let skipped = 0;
    for (const note of incoming) {
      if (known.has(note.id) || state.entries.length + fresh.length >= MAX_NOTES) skipped++;
      else {
        known.add(note.id);
        fresh.push(note);
      }
    }
    const anchors = await anchorAll(
      await this.anchors.sync(),
      fresh.map((note) => note.selectors),
    );
    const added = fresh.map((note, i) => ({ note, anchor: anchors[i]! }));
    state.entries = [...state.entries, ...added].sort((a, b) => a.note.created.localeCompare(b.note.created));
    if (fresh.length) await this.#store?.put(...fresh);
    this.paint();
    const result: NoteImportResult = { added: fresh.length, skipped, exact: 0, fuzzy: 0, ambiguous: 0, orphan: 0 };
    for (const { anchor } of added) result[anchor.state]++;
    return result;
  }

  async reanchor(): Promise<void> {
    await this.#loaded;
    this.anchors.markStale();
    await this.anchors.reanchor();
  }

  /** The element's storage key changed: read the notes kept under the new one. */
  storageKeyChanged(): void {
    if (this.host.resolvedStorageKey !== this.#store?.key) this.#loaded = this.#load();
  }

  // ── loading, storing, anchoring ───────────────────────────────────────────────────────────

  async #load(): Promise<void> {
    const store = new NoteStore(this.host.resolvedStorageKey);
    this.#store = store;
    let stored: StoredNote[] = [];
    let damaged = 0;
    try {
      ({ notes: stored, damaged } = await store.read());
    } catch {
      this.link.say({ text: msg('Your notes could not be loaded from this browser.'), error: true });
    }
    if (this.#store !== store) return; // the key changed meanwhile
    if (damaged) {
      // Left in storage untouched; the reader is told rather than shown nothing.
      this.link.say({
        text:
          pluralCategory(formatLocale(), damaged) === 'one'
            ? msg(str`${damaged} saved note could not be read and is not shown.`)
            : msg(str`${damaged} saved notes could not be read and are not shown.`),
        error: true,
      });
    }
    this.state.entries = stored.map((note) => ({ note, anchor: { state: 'orphan' } }));
    this.anchors.markStale();
    await this.anchors.reanchor();
  }

  /** Anchors every note but the one being edited on `map`; what it returns applies the result. */
  async #anchorOn(map: TextMap): Promise<() => void> {
    const { state } = this;
    const editingId = state.editor?.kind === 'edit' ? state.editor.id : undefined;
    const targets = state.entries.filter((e) => e.note.id !== editingId);
    const anchors = await anchorAll(
      map,
      targets.map((e) => e.note.selectors),
    );
    return () => {
      const byId = new Map(targets.map((e, i) => [e.note.id, anchors[i]!]));
      state.entries = state.entries.map((entry) => {
        const anchor = byId.get(entry.note.id);
        if (anchor) return { note: entry.note, anchor };
        // The note being edited keeps its live ranges (the DOM keeps them on the same text).
        return { ...entry, frozen: entry.frozen ?? this.highlighter.rangesOf(entry.note.id) };
      });
      this.paint();
    };
  }

  /** Draws every highlight again: the notes, the active one, and the text being chosen. */
  paint(): void {
    const map = this.anchors.anchoredMap;
    if (!map) return;
    const spans: HighlightSpan[] = [];
    const frozen: { id: string; ranges: Range[]; state: AnchorState }[] = [];
    for (const { note, anchor, frozen: ranges } of this.state.entries) {
      if (ranges) frozen.push({ id: note.id, ranges, state: anchor.state });
      else if (anchor.start !== undefined && anchor.end !== undefined)
        spans.push({ id: note.id, start: anchor.start, end: anchor.end, state: anchor.state });
    }
    const editor = this.state.editor;
    const draft = editor?.kind === 'new' ? editor.ranges : this.picking.pickedRanges();
    this.highlighter.paint(map, spans, this.state.activeId, draft, frozen);
  }

  /** Where `selectors` are in the content now, on the map every other note refers to. */
  async anchorOne(selectors: NoteSelectors): Promise<Anchor> {
    const [anchor] = await anchorAll(await this.anchors.sync(), [selectors]);
    return anchor!;
  }

  async add(selectors: NoteSelectors, body: string): Promise<TrialNote> {
    const now = new Date().toISOString();
    const note: StoredNote = { id: newNoteId(), body: body.slice(0, MAX_NOTE_CHARS), created: now, modified: now, selectors };
    const entry: Entry = { note, anchor: await this.anchorOne(selectors) };
    this.state.entries = [...this.state.entries, entry];
    this.paint();
    try {
      await this.#store?.put(note);
    } catch {
      this.link.say({ text: msg('This note could not be saved in this browser.'), error: true });
    }
    return toTrialNote(entry);
  }

  /** Puts a note back at `index` (undo of a delete); false when it could not be saved. */
  async restore(note: StoredNote, index: number): Promise<Entry | undefined> {
    const entry: Entry = { note, anchor: await this.anchorOne(note.selectors) };
    const entries = [...this.state.entries];
    entries.splice(Math.min(index, entries.length), 0, entry);
    this.state.entries = entries;
    this.paint();
    try {
      await this.#store?.put(note);
    } catch {
      this.link.say({ text: msg('This note could not be saved in this browser.'), error: true });
      return undefined;
    }
    return entry;
  }

  async update(id: string, change: (note: StoredNote) => StoredNote, anchor?: Anchor): Promise<Entry | undefined> {
    const { state } = this;
    const index = state.entries.findIndex((e) => e.note.id === id);
    if (index === -1) return undefined;
    const old = state.entries[index]!;
    const note = change(old.note);
    const entry: Entry = { note, anchor: anchor ?? old.anchor, ...(anchor ? {} : old.frozen ? { frozen: old.frozen } : {}) };
    state.entries = state.entries.map((e, i) => (i === index ? entry : e));
    this.paint();
    await this.#store?.put(note);
    return entry;
  }

  // ── rendering ─────────────────────────────────────────────────────────────────────────────

  /** What joins the launcher: "Undo" after a delete. */
  renderLauncherExtras(): TemplateResult | undefined {
    return renderUndo(this);
  }

  renderPanelBody(): TemplateResult {
    return renderPanelBody(this);
  }

  /** The toolbar beside the selected text, or the keyboard picker's. */
  renderToolbar(): TemplateResult | undefined {
    if (this.picking.active) return this.picking.render();
    return this.state.toolbar ? renderSelectionToolbar(this) : undefined;
  }
}
