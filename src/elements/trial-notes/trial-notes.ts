import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import { anchorAll, describeRange, describeSpan, type Anchor, type AnchorState, type NoteSelectors } from '../../notes/anchoring.ts';
import { NoteHighlighter, type HighlightSpan } from '../../notes/highlights.ts';
import { MAX_NOTES, NoteStore, newNoteId, notesFromJson, toAnnotationCollection, type StoredNote } from '../../notes/note-store.ts';
import { isBlockElement, type TextMap } from '../../notes/text-map.ts';
import { ContentAnchorsController } from '../../notes/content-anchors.ts';
import { SelectionToolbarController, type SelectedText } from '../../notes/selection-toolbar.ts';
import { SentencePicker } from '../../notes/sentence-picker.ts';
import { notesToCsv, notesToMarkdown, questionSheet, sheetToMarkdown, type ExportedNote, type SheetWords } from '../../notes/note-export.ts';
import type { PrescreenAnswer } from '../../model/contact.ts';
import { copyText, downloadText, openSheet, sheetDocument } from './notes-files.ts';
import { AnnotationImportError, MAX_NOTE_CHARS, type AnnotationCollection } from '../../model/annotation.ts';
import { clampHeadingLevel, renderHeading } from '../../internal/heading.ts';
import { dateTimeFormat, pluralCategory } from '../../internal/intl-formats.ts';
import { followLocale, formatLocale } from '../../internal/localize.ts';
import { recordTextLang } from '../../internal/record-lang.ts';
import { buttonStyles, tokens } from '../../internal/tokens.styles.ts';
import { notesStyles } from './trial-notes.styles.ts';
import { TrialNoteAddEvent, TrialNoteChangeEvent, TrialNoteRemoveEvent } from './trial-note-events.ts';
import type { NoteImportResult, TrialNote } from './trial-note.ts';

/**
 * The fragment key of a share link (`SHARE_FRAGMENT_KEY` in src/model/share.ts, which a test
 * keeps equal); repeated here so that noticing a link does not load the share code.
 */
export const SHARE_LINK_MARK = 'trialkit-share=';

function hasShareLink(address: string | undefined): boolean {
  const hash = address?.split('#')[1];
  return hash !== undefined && (hash.startsWith(SHARE_LINK_MARK) || hash.includes(`&${SHARE_LINK_MARK}`));
}

export type { NoteImportResult, TrialNote } from './trial-note.ts';

/** How long "Undo" is offered after a delete. */
const UNDO_MS = 10_000;

interface Entry {
  note: StoredNote;
  anchor: Anchor;
  /** Live ranges kept for a note being edited, so re-anchoring does not move it. */
  frozen?: Range[];
}

type Editor = { kind: 'new'; selected: SelectedText; ranges: Range[] } | { kind: 'edit'; id: string };

/** Elements a click on a highlight should leave alone. */
const INTERACTIVE = new Set(['A', 'BUTTON', 'INPUT', 'SELECT', 'TEXTAREA', 'LABEL', 'SUMMARY']);

/** Where the open panel goes: in the flow above the content, or a sheet beside it on wide screens. */
export type NotesPanelPlacement = 'inline' | 'sheet';

/** The nearest element around `start` that holds a line of text: what "Show in text" focuses. */
function blockToFocus(start: Element): HTMLElement | undefined {
  for (let current: Element | null = start; current; current = current.parentElement) {
    if (current instanceof HTMLElement && isBlockElement(current)) return current;
  }
  return start instanceof HTMLElement ? start : undefined;
}

/** A quote short enough for an accessible name. */
function shortQuote(quote: string): string {
  const chars = [...quote];
  return chars.length > 80 ? `${chars.slice(0, 79).join('')}…` : quote;
}

function reducedMotion(): boolean {
  return globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
}

function notesCountLabel(count: number): string {
  return msg(str`My notes (${count})`);
}

function toTrialNote(entry: Entry): TrialNote {
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

/**
 * @summary Private notes on any content: select text, add a note, see it highlighted; list,
 * edit, delete and jump to notes. Notes stay in the reader's browser.
 *
 * @tag trial-notes
 *
 * @slot - The content to annotate: any HTML, including trialkit elements (their open shadow
 *   roots are annotatable too).
 * @slot actions - Extra controls in the notes panel header, e.g. a share button. Read the
 *   notes to share with `exportNotes(ids)`; bring notes in with `importNotes(data)`.
 *
 * @csspart pick-button - The launcher's "Add note…" button: choosing text by keyboard.
 * @csspart toolbar - The small toolbar shown next to selected text (or the sentence being chosen).
 * @csspart add-button - Its "Add note" button.
 * @csspart launcher - The one-line bar above the content with the toggle.
 * @csspart panel - The notes panel (inline, or a side sheet with `panel="sheet"`).
 * @csspart toggle - The button that opens and closes the notes panel.
 * @csspart hint - The hint shown until the first note exists.
 * @csspart editor - The note editor form.
 * @csspart list - The list of notes.
 * @csspart note - One note in the list.
 * @csspart quote - A note's quoted text.
 *
 * @cssprop --trial-note-highlight - Background of highlighted text (default #fde68a; #854d0e on dark schemes).
 * @cssprop --trial-note-highlight-text - Colour of highlighted text (default #1b1f24; #fefce8 on dark schemes).
 * @cssprop --trial-note-highlight-overlap - Background where notes overlap (default #fbbf24); `-text` for its text.
 * @cssprop --trial-note-highlight-ambiguous - Background of a note found in several places; `-text` for its text.
 * @cssprop --trial-note-highlight-active - Background of the note being read or edited; `-text` for its text.
 * @cssprop --trial-notes-panel-max-height - Tallest the side sheet gets before it scrolls (default 100vh).
 * @cssprop --trial-color-accent - Buttons and links of the panel.
 *
 * @fires trial-note-add - The reader added a note; `event.note` is it.
 * @fires trial-note-change - The reader edited or re-attached a note; `event.change` says which.
 * @fires trial-note-remove - The reader deleted a note.
 * @fires trial-share-create - The reader made a share link (from `<trial-share-send-dialog>`).
 * @fires trial-share-open - Notes from a share link were merged (from `<trial-share-open-dialog>`).
 */
export class TrialNotes extends LitElement {
  static override styles = [tokens, buttonStyles, notesStyles];

  static override properties = {
    storageKey: { type: String, attribute: 'storage-key' },
    shareEndpoint: { type: String, attribute: 'share-endpoint' },
    headingLevel: { type: Number, attribute: 'heading-level' },
    panelOpen: { type: Boolean, attribute: 'panel-open', reflect: true },
    panel: { type: String, reflect: true },
    entries: { state: true },
    editor: { state: true },
    toolbar: { state: true },
    activeId: { state: true },
    attachingId: { state: true },
    message: { state: true },
    shareLoaded: { state: true },
    picking: { state: true },
    announcement: { state: true },
    prescreenAnswers: { attribute: false },
    filter: { state: true },
    undoable: { state: true },
    sheetOpen: { state: true },
  };

  /**
   * Where notes are kept. Defaults to the trial of the wrapped content (`trial:` + the `nct-id`
   * of an element inside, or the id of a loaded trial element) or else the page path (`page:` +
   * `location.pathname`).
   */
  declare storageKey: string | undefined;
  /** URL of a share server's `/api/shares`; without it share links carry the notes themselves. */
  declare shareEndpoint: string | undefined;
  /** Level of the panel heading (2–6). */
  declare headingLevel: number;
  /** Whether the notes list is open. */
  declare panelOpen: boolean;
  /**
   * Where the open panel goes. `inline` (default): in the flow, between the one-line launcher
   * and the content, so it never covers anything. `sheet`: a column beside the content that
   * stays in view while the reader scrolls, when the element is at least 48rem wide (narrower,
   * it is inline). Neither floats over the page.
   */
  declare panel: NotesPanelPlacement;

  declare protected entries: Entry[];
  declare protected editor: Editor | undefined;
  /** Where the toolbar shows (px from the host's top left), or undefined when hidden. */
  declare protected toolbar: { x: number; y: number } | undefined;
  declare protected activeId: string | undefined;
  /** An orphan waiting for the reader to select the text it belongs to. */
  declare protected attachingId: string | undefined;
  /** A short status for the reader, also announced. */
  declare protected message: { text: string; error?: boolean } | undefined;
  /** Whether the share dialog's module has loaded (it loads on demand). */
  declare protected shareLoaded: boolean;
  /** Whether the reader is choosing text by keyboard, sentence by sentence. */
  declare protected picking: boolean;
  /** Said once by screen readers, not shown: what the toolbar that just appeared is for. */
  declare protected announcement: string;
  /**
   * The reader's pre-screen answers, for the "Questions for the study team" sheet. Set by
   * itself from `trial-prescreen-change` events of a `<trial-eligibility prescreen>` inside;
   * a host page may set it too. Kept in memory only.
   */
  declare prescreenAnswers: readonly PrescreenAnswer[];
  /** What the reader typed in the list's search box. */
  declare protected filter: string;
  /** The note just deleted, while "Undo" is offered. */
  declare protected undoable: { note: StoredNote; index: number } | undefined;
  declare protected sheetOpen: boolean;

  #highlighter = new NoteHighlighter();
  #store: NoteStore | undefined;
  #loaded: Promise<void> = Promise.resolve();
  /** The content's text map, its observation and re-anchoring (src/notes/content-anchors.ts). */
  #anchors = new ContentAnchorsController(this, (map) => this.#anchorOn(map));
  #selected: SelectedText | undefined;
  /** The reader's selection in the content, and where its toolbar goes (src/notes/selection-toolbar.ts). */
  #selection = new SelectionToolbarController(this, { map: () => this.#anchors.currentMap(), onSelection: (selected) => this.#onSelection(selected) });
  #returnFocus: HTMLElement | undefined;
  #picker: SentencePicker | undefined;
  #undoTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set when this element selects text itself, so that selection shows no toolbar. */
  #ignoreSelection = false;

  constructor() {
    super();
    this.headingLevel = 2;
    this.panelOpen = false;
    this.panel = 'inline';
    this.entries = [];
    this.picking = false;
    this.announcement = '';
    this.prescreenAnswers = [];
    this.filter = '';
    this.undoable = undefined;
    this.sheetOpen = false;
    this.shareLoaded = customElements.get('trial-notes-share') !== undefined;
    followLocale(this);
  }

  // ── share dialog, loaded on demand ─────────────────────────────────────────────────────

  #shareLoading: Promise<void> | undefined;

  /** Loads the share dialog once; a failed load can be tried again. */
  #loadShare(): Promise<void> {
    this.#shareLoading ??= import('./share-define.ts').then(
      () => {
        this.shareLoaded = true;
      },
      () => {
        this.#shareLoading = undefined;
        this.message = { text: msg('Sharing could not be loaded. Check your connection and try again.'), error: true };
      },
    );
    return this.#shareLoading;
  }

  readonly #onHashChange = (): void => {
    if (!hasShareLink(globalThis.location?.href)) return;
    this.panelOpen = true;
    if (!this.shareLoaded) void this.#loadShare();
  };

  /** The stand-in "Share notes…" button: load the dialog, then open it from its own button. */
  readonly #shareOnDemand = async (): Promise<void> => {
    await this.#loadShare();
    if (!this.shareLoaded) return;
    await this.updateComplete;
    const share = this.renderRoot.querySelector('trial-notes-share') as (HTMLElement & { updateComplete: Promise<unknown>; showShareDialog(): Promise<void> }) | null;
    if (!share) return;
    await share.updateComplete;
    // Focus returns here when the dialog closes, so it must be the button that now exists.
    share.shadowRoot?.querySelector<HTMLElement>('[part="share-button"]')?.focus();
    await share.showShareDialog();
  };

  readonly #onPrescreen = (event: GlobalEventHandlersEventMap['trial-prescreen-change']): void => {
    this.prescreenAnswers = event.answers;
  };

  /** Notes from a link were merged: show them. */
  readonly #onShareOpened = (): void => {
    this.panelOpen = true;
  };

  /** The received link's dialog closed with nowhere to return to: the first note, else the launcher. */
  readonly #afterReceivedShare = (): void => {
    const target = this.panelOpen ? this.renderRoot.querySelector<HTMLElement>('.note') : undefined;
    (target ?? this.renderRoot.querySelector<HTMLElement>('.toggle'))?.focus();
  };

  // ── public API ────────────────────────────────────────────────────────────────────────────

  /** Every note with its current state, oldest first. Read-only snapshots. */
  get notes(): readonly TrialNote[] {
    return Object.freeze(this.entries.map(toTrialNote));
  }

  /** Resolves once the notes of the storage key are loaded and anchored. */
  whenLoaded(): Promise<void> {
    return this.#loaded;
  }

  /**
   * Adds a note on `range` (a Range or StaticRange inside the wrapped content, light DOM or
   * open shadow root). Throws a RangeError when the range holds no text of the content.
   */
  async addNote(range: AbstractRange, body = ''): Promise<TrialNote> {
    await this.#loaded;
    const map = this.#anchors.currentMap();
    const selectors = describeRange(map, range);
    if (!selectors) throw new RangeError('The range holds no text of this content.');
    if (this.entries.length >= MAX_NOTES) throw new RangeError(`At most ${MAX_NOTES} notes can be kept here.`);
    return this.#add(selectors, body);
  }

  /** Deletes a note; false when there is no note with that id. */
  async removeNote(id: string): Promise<boolean> {
    await this.#loaded;
    const entry = this.entries.find((e) => e.note.id === id);
    if (!entry) return false;
    this.entries = this.entries.filter((e) => e !== entry);
    if (this.editor?.kind === 'edit' && this.editor.id === id) this.editor = undefined;
    if (this.activeId === id) this.activeId = undefined;
    await this.#store?.remove(id);
    this.#paint();
    return true;
  }

  /**
   * The notes (all, or those with the given ids) as a W3C Web Annotation collection: what a
   * file export and a share link carry.
   */
  exportNotes(ids?: readonly string[]): AnnotationCollection {
    const chosen = ids ? this.entries.filter((e) => ids.includes(e.note.id)) : this.entries;
    return toAnnotationCollection(
      chosen.map((e) => e.note),
      typeof location === 'undefined' ? undefined : location.href.split('#')[0],
    );
  }

  /**
   * Merges notes from Web Annotation JSON (text or parsed): notes whose id is already here are
   * skipped, never overwritten. Checked against the schema and capped; throws
   * AnnotationImportError when the data cannot be read.
   */
  async importNotes(data: unknown): Promise<NoteImportResult> {
    await this.#loaded;
    const incoming = notesFromJson(data);
    const known = new Set(this.entries.map((e) => e.note.id));
    const fresh: StoredNote[] = [];
    let skipped = 0;
    for (const note of incoming) {
      if (known.has(note.id) || this.entries.length + fresh.length >= MAX_NOTES) skipped++;
      else {
        known.add(note.id);
        fresh.push(note);
      }
    }
    const anchors = await anchorAll(
      await this.#anchors.sync(),
      fresh.map((note) => note.selectors),
    );
    const added = fresh.map((note, i) => ({ note, anchor: anchors[i]! }));
    this.entries = [...this.entries, ...added].sort((a, b) => a.note.created.localeCompare(b.note.created));
    if (fresh.length) await this.#store?.put(...fresh);
    this.#paint();
    const result: NoteImportResult = { added: fresh.length, skipped, exact: 0, fuzzy: 0, ambiguous: 0, orphan: 0 };
    for (const { anchor } of added) result[anchor.state]++;
    return result;
  }

  /** Finds every note again in the current content (done by itself when the content changes). */
  async reanchor(): Promise<void> {
    await this.#loaded;
    this.#anchors.markStale();
    await this.#anchors.reanchor();
  }

  // ── lifecycle ─────────────────────────────────────────────────────────────────────────────

  override connectedCallback(): void {
    super.connectedCallback();
    // Another <trial-notes> may load the share dialog first; this one then shows it too.
    void customElements.whenDefined('trial-notes-share').then(() => (this.shareLoaded = true));
    // A received link: the panel opens, so that the dialog inside it shows and the notes can be read.
    if (hasShareLink(globalThis.location?.href)) {
      this.panelOpen = true;
      void this.#loadShare();
    }
    globalThis.addEventListener?.('hashchange', this.#onHashChange);
    document.addEventListener('keydown', this.#onDocumentKeydown, true);
    this.addEventListener('click', this.#onContentClick);
    this.addEventListener('trial-share-open', this.#onShareOpened);
    this.addEventListener('trial-prescreen-change', this.#onPrescreen);
    this.#loaded = this.#load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    globalThis.removeEventListener?.('hashchange', this.#onHashChange);
    document.removeEventListener('keydown', this.#onDocumentKeydown, true);
    this.removeEventListener('click', this.#onContentClick);
    this.removeEventListener('trial-share-open', this.#onShareOpened);
    this.removeEventListener('trial-prescreen-change', this.#onPrescreen);
    clearTimeout(this.#undoTimer);
    this.#highlighter.clear();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if ((changed as PropertyValues).has('storageKey') && this.isConnected && this.resolvedStorageKey !== this.#store?.key) {
      this.#loaded = this.#load();
    }
    const toolbar = this.renderRoot.querySelector<HTMLElement>('.toolbar');
    if (toolbar && this.toolbar) {
      toolbar.style.setProperty('--_x', `${this.toolbar.x}px`);
      toolbar.style.setProperty('--_y', `${this.toolbar.y}px`);
    }
  }

  // ── loading, storing, anchoring ───────────────────────────────────────────────────────────

  /** The storage key in use: the attribute, a trial id found in the content, or the page path. */
  get resolvedStorageKey(): string {
    if (this.storageKey) return this.storageKey;
    const withId = this.querySelector('[nct-id]');
    const nctId = withId?.getAttribute('nct-id');
    if (nctId) return `trial:${nctId}`;
    for (const element of this.querySelectorAll('*')) {
      const trial = (element as { currentTrial?: { id?: unknown } }).currentTrial;
      if (trial && typeof trial.id === 'string') return `trial:${trial.id}`;
    }
    return `page:${typeof location === 'undefined' ? '/' : location.pathname}`;
  }

  async #load(): Promise<void> {
    const store = new NoteStore(this.resolvedStorageKey);
    this.#store = store;
    let stored: StoredNote[] = [];
    let damaged = 0;
    try {
      ({ notes: stored, damaged } = await store.read());
    } catch {
      this.message = { text: msg('Your notes could not be loaded from this browser.'), error: true };
    }
    if (this.#store !== store) return; // the key changed meanwhile
    if (damaged) {
      // Left in storage untouched; the reader is told rather than shown nothing.
      this.message = {
        text:
          pluralCategory(formatLocale(), damaged) === 'one'
            ? msg(str`${damaged} saved note could not be read and is not shown.`)
            : msg(str`${damaged} saved notes could not be read and are not shown.`),
        error: true,
      };
    }
    this.entries = stored.map((note) => ({ note, anchor: { state: 'orphan' } }));
    this.#anchors.markStale();
    await this.#anchors.reanchor();
  }

  /** Anchors every note but the one being edited on `map`; what it returns applies the result. */
  async #anchorOn(map: TextMap): Promise<() => void> {
    const editingId = this.editor?.kind === 'edit' ? this.editor.id : undefined;
    const targets = this.entries.filter((e) => e.note.id !== editingId);
    const anchors = await anchorAll(
      map,
      targets.map((e) => e.note.selectors),
    );
    return () => {
      const byId = new Map(targets.map((e, i) => [e.note.id, anchors[i]!]));
      this.entries = this.entries.map((entry) => {
        const anchor = byId.get(entry.note.id);
        if (anchor) return { note: entry.note, anchor };
        // The note being edited keeps its live ranges (the DOM keeps them on the same text).
        return { ...entry, frozen: entry.frozen ?? this.#highlighter.rangesOf(entry.note.id) };
      });
      this.#paint();
    };
  }

  #paint(): void {
    const map = this.#anchors.anchoredMap;
    if (!map) return;
    const spans: HighlightSpan[] = [];
    const frozen: { id: string; ranges: Range[]; state: AnchorState }[] = [];
    for (const { note, anchor, frozen: ranges } of this.entries) {
      if (ranges) frozen.push({ id: note.id, ranges, state: anchor.state });
      else if (anchor.start !== undefined && anchor.end !== undefined)
        spans.push({ id: note.id, start: anchor.start, end: anchor.end, state: anchor.state });
    }
    const draft = this.editor?.kind === 'new' ? this.editor.ranges : this.#pickedRanges();
    this.#highlighter.paint(map, spans, this.activeId, draft, frozen);
  }

  async #add(selectors: NoteSelectors, body: string): Promise<TrialNote> {
    const now = new Date().toISOString();
    const note: StoredNote = { id: newNoteId(), body: body.slice(0, MAX_NOTE_CHARS), created: now, modified: now, selectors };
    const [anchor] = await anchorAll(await this.#anchors.sync(), [selectors]);
    const entry: Entry = { note, anchor: anchor! };
    this.entries = [...this.entries, entry];
    this.#paint();
    try {
      await this.#store?.put(note);
    } catch {
      this.message = { text: msg('This note could not be saved in this browser.'), error: true };
    }
    return toTrialNote(entry);
  }

  async #update(id: string, change: (note: StoredNote) => StoredNote, anchor?: Anchor): Promise<Entry | undefined> {
    const index = this.entries.findIndex((e) => e.note.id === id);
    if (index === -1) return undefined;
    const old = this.entries[index]!;
    const note = change(old.note);
    const entry: Entry = { note, anchor: anchor ?? old.anchor, ...(anchor ? {} : old.frozen ? { frozen: old.frozen } : {}) };
    this.entries = this.entries.map((e, i) => (i === index ? entry : e));
    this.#paint();
    await this.#store?.put(note);
    return entry;
  }

  // ── selection and toolbar ─────────────────────────────────────────────────────────────────

  /** The selection changed: the toolbar follows it, unless the reader is in the toolbar. */
  #onSelection(selected: SelectedText | undefined): void {
    if (this.#ignoreSelection) {
      this.#ignoreSelection = false;
      return;
    }
    if (this.picking) return;
    if (!selected) {
      // Keep the toolbar while the reader is in it (moving focus there may clear the selection).
      if (!this.#focusInToolbar()) this.toolbar = undefined;
      return;
    }
    this.#selected = selected;
    if (!this.toolbar) this.announcement = msg('Text selected. Press Tab to reach “Add note”.');
    this.#showToolbar(selected.map, selected.start, selected.end);
  }

  #showToolbar(map: TextMap, start: number, end: number): void {
    const at = this.#selection.positionFor(map, start, end);
    if (at) this.toolbar = at;
  }

  #focusInToolbar(): boolean {
    const active = this.shadowRoot?.activeElement;
    return !!active && !!active.closest('.toolbar');
  }

  #onDocumentKeydown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      if (this.editor && this.#composedContains(event)) return; // the editor handles it
      if (this.picking) {
        this.#stopPicking();
        return;
      }
      if (this.toolbar) {
        const hadFocus = this.#focusInToolbar();
        this.toolbar = undefined;
        if (hadFocus) this.#restoreFocus();
        return;
      }
      if (this.attachingId) {
        this.attachingId = undefined;
        this.message = undefined;
      }
      return;
    }
    // The toolbar is reachable by keyboard: Tab from a selection goes to it first.
    if (event.key === 'Tab' && !event.shiftKey && this.toolbar && !this.#focusInToolbar() && !this.#composedContains(event)) {
      event.preventDefault();
      this.#returnFocus = this.#deepActiveElement();
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>('.toolbar button')?.focus());
    }
  };

  /**
   * Whether the event comes from this element's own interface. (The composed path of an event
   * from slotted content also passes through this shadow root, so look at where it started.)
   */
  #composedContains(event: Event): boolean {
    const origin = event.composedPath()[0];
    return origin instanceof Node && origin.getRootNode() === this.shadowRoot;
  }

  #deepActiveElement(): HTMLElement | undefined {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active instanceof HTMLElement && active !== document.body ? active : undefined;
  }

  /** Back where the reader was, or else to the launcher: never to the page's <body>. */
  #restoreFocus(): void {
    const target = this.#returnFocus;
    this.#returnFocus = undefined;
    if (target?.isConnected) target.focus();
    if (!target?.isConnected || this.#deepActiveElement() !== target) this.renderRoot.querySelector<HTMLElement>('.toggle')?.focus();
  }

  // ── choosing text by keyboard ─────────────────────────────────────────────────────────────

  #pickedRanges(): Range[] | undefined {
    const piece = this.picking ? this.#picker?.current : undefined;
    return piece && this.#picker!.map.rangesByTree(piece.start, piece.end);
  }

  async #startPicking(): Promise<void> {
    await this.#loaded;
    const picker = new SentencePicker(this.#anchors.currentMap(), this, formatLocale());
    if (picker.empty) {
      this.message = { text: msg('There is no text here to add a note to.'), error: true };
      return;
    }
    // Begin with the first block on screen, so the reader starts where they are reading.
    const onScreen = picker.blocks.find((block) => (picker.map.rangeOf(block.start, block.end)?.getBoundingClientRect().bottom ?? 0) > 0);
    picker.startAt(onScreen?.start ?? 0);
    this.#picker = picker;
    this.#returnFocus = this.#deepActiveElement();
    this.picking = true;
    this.#showPicked();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.picker [data-step="1"]')?.focus();
  }

  #showPicked(): void {
    const picker = this.#picker;
    const piece = picker?.current;
    if (!picker || !piece) return;
    this.#showToolbar(picker.map, piece.start, piece.end);
    this.#paint();
    const first = picker.map.rangeOf(piece.start, piece.end);
    const target = first && (first.startContainer instanceof Element ? first.startContainer : first.startContainer.parentElement);
    target?.scrollIntoView({ block: 'nearest', behavior: reducedMotion() ? 'auto' : 'smooth' });
  }

  #movePicked(step: 1 | -1): void {
    const picker = this.#picker;
    if (!picker) return;
    if (!picker.move(step)) {
      this.announcement = step === 1 ? msg('This is the last of the text.') : msg('This is the first of the text.');
      return;
    }
    this.announcement = '';
    this.#showPicked();
    this.requestUpdate();
  }

  #toggleWhole(): void {
    const picker = this.#picker;
    if (!picker) return;
    picker.whole = !picker.whole;
    this.#showPicked();
    this.requestUpdate();
  }

  #addPicked(): void {
    const picker = this.#picker;
    const piece = picker?.current;
    if (!picker || !piece) return;
    const selectors = describeSpan(picker.map, piece.start, piece.end);
    if (!selectors) return;
    this.#selected = { selectors, start: piece.start, end: piece.end, map: picker.map };
    this.picking = false;
    this.#picker = undefined;
    this.#onToolbarAdd();
  }

  #stopPicking(): void {
    this.picking = false;
    this.#picker = undefined;
    this.toolbar = undefined;
    this.announcement = '';
    this.#paint();
    void this.updateComplete.then(() => this.#restoreFocus());
  }

  #onPickerKeydown(event: KeyboardEvent): void {
    const rtl = getComputedStyle(this).direction === 'rtl';
    const forward = event.key === 'ArrowDown' || event.key === (rtl ? 'ArrowLeft' : 'ArrowRight');
    const back = event.key === 'ArrowUp' || event.key === (rtl ? 'ArrowRight' : 'ArrowLeft');
    if (!forward && !back) return;
    event.preventDefault();
    this.#movePicked(forward ? 1 : -1);
  }

  #renderPicker(): TemplateResult {
    const picker = this.#picker!;
    const { sentence, sentences, block, blocks } = picker.position;
    const where = picker.whole ? msg(str`Paragraph ${block} of ${blocks}`) : msg(str`Sentence ${sentence} of ${sentences}, paragraph ${block} of ${blocks}`);
    return html`<div
      class="toolbar picker ui"
      part="toolbar"
      role="toolbar"
      aria-label=${msg('Choose text for a note')}
      aria-describedby="picker-help"
      @keydown=${this.#onPickerKeydown}
    >
      <p id="picker-help" class="picker-help">${msg('Arrow keys or these buttons move through the text; Escape stops.')}</p>
      <p class="picker-where" aria-live="polite">${where}${this.announcement ? html` — ${this.announcement}` : nothing}</p>
      <button class="button secondary" type="button" data-step="-1" @click=${() => this.#movePicked(-1)}>${msg('Previous')}</button>
      <button class="button secondary" type="button" data-step="1" @click=${() => this.#movePicked(1)}>${msg('Next')}</button>
      <button class="button secondary" type="button" aria-pressed=${picker.whole ? 'true' : 'false'} @click=${() => this.#toggleWhole()}>
        ${msg('Whole paragraph')}
      </button>
      <button class="button" part="add-button" type="button" @click=${() => this.#addPicked()}>${msg('Add note')}</button>
      <button class="button secondary" type="button" @click=${() => this.#stopPicking()}>${msg('Stop')}</button>
    </div>`;
  }

  #onToolbarAdd(): void {
    const selected = this.#selected;
    if (!selected) return;
    this.toolbar = undefined;
    if (this.attachingId) {
      void this.#attach(this.attachingId, selected);
      return;
    }
    this.#returnFocus ??= this.#deepActiveElement();
    this.editor = { kind: 'new', selected, ranges: selected.map.rangesByTree(selected.start, selected.end) };
    this.panelOpen = true;
    this.#paint();
    void this.#focusEditor();
  }

  async #focusEditor(): Promise<void> {
    await this.updateComplete;
    const textarea = this.renderRoot.querySelector<HTMLTextAreaElement>('.editor textarea');
    textarea?.focus();
    textarea?.scrollIntoView({ block: 'nearest' });
  }

  async #attach(id: string, selected: SelectedText): Promise<void> {
    this.attachingId = undefined;
    const [anchor] = await anchorAll(await this.#anchors.sync(), [selected.selectors]);
    const entry = await this.#update(id, (note) => ({ ...note, selectors: selected.selectors, modified: new Date().toISOString() }), anchor);
    if (!entry) return;
    this.message = { text: msg('The note is attached to the selected text.') };
    this.dispatchEvent(new TrialNoteChangeEvent(toTrialNote(entry), 'reattach'));
    await this.#focusNote(id);
  }

  // ── panel actions ─────────────────────────────────────────────────────────────────────────

  #onContentClick = (event: MouseEvent) => {
    if (this.#composedContains(event)) return;
    if (event.composedPath().some((node) => node instanceof Element && INTERACTIVE.has(node.tagName))) return;
    const selection = document.getSelection();
    if (selection && !selection.isCollapsed && selection.toString().trim()) return; // the end of a drag-select
    const [id] = this.#highlighter.notesAt(event.clientX, event.clientY);
    if (!id) return;
    this.activeId = id;
    this.panelOpen = true;
    this.#paint();
    void this.#focusNote(id);
  };

  async #focusNote(id: string): Promise<void> {
    await this.updateComplete;
    const item = [...this.renderRoot.querySelectorAll<HTMLElement>('.note')].find((el) => el.dataset.id === id);
    item?.focus();
  }

  /**
   * Scrolls to the note's text and moves focus and the reading position there: the block
   * holding it takes focus for as long as it keeps it (a `tabindex` removed on blur), and the
   * text is selected, so a screen reader reads on from the note.
   */
  #jumpTo(id: string): void {
    const ranges = this.#highlighter.rangesOf(id);
    const first = ranges[0];
    if (!first) return;
    this.activeId = id;
    this.#paint();
    const start = first.startContainer instanceof Element ? first.startContainer : first.startContainer.parentElement;
    const block = start && blockToFocus(start);
    if (block) {
      if (!block.hasAttribute('tabindex')) {
        block.setAttribute('tabindex', '-1');
        block.addEventListener('blur', () => block.removeAttribute('tabindex'), { once: true });
      }
      block.focus({ preventScroll: true });
    }
    start?.scrollIntoView({ block: 'center', behavior: reducedMotion() ? 'auto' : 'smooth' });
    this.#ignoreSelection = true;
    document.getSelection()?.setBaseAndExtent(first.startContainer, first.startOffset, first.endContainer, first.endOffset);
  }

  #edit(id: string): void {
    this.#returnFocus = undefined;
    this.editor = { kind: 'edit', id };
    this.activeId = id;
    this.#paint();
    void this.#focusEditor();
  }

  async #delete(entry: Entry): Promise<void> {
    const index = this.entries.indexOf(entry);
    await this.removeNote(entry.note.id);
    this.message = { text: msg('Note deleted. “Undo” at the top of the notes brings it back for a few seconds.') };
    this.undoable = { note: entry.note, index };
    clearTimeout(this.#undoTimer);
    this.#undoTimer = setTimeout(() => (this.undoable = undefined), UNDO_MS);
    this.dispatchEvent(new TrialNoteRemoveEvent(toTrialNote(entry)));
    await this.updateComplete;
    const items = [...this.renderRoot.querySelectorAll<HTMLElement>('.note')];
    (items[Math.min(index, items.length - 1)] ?? this.renderRoot.querySelector<HTMLElement>('.toggle'))?.focus();
  }

  /** Brings the note just deleted back, where it was. */
  async #undoDelete(): Promise<void> {
    const undoable = this.undoable;
    this.undoable = undefined;
    clearTimeout(this.#undoTimer);
    if (!undoable || this.entries.some((e) => e.note.id === undoable.note.id)) return;
    const [anchor] = await anchorAll(await this.#anchors.sync(), [undoable.note.selectors]);
    const entry: Entry = { note: undoable.note, anchor: anchor! };
    const entries = [...this.entries];
    entries.splice(Math.min(undoable.index, entries.length), 0, entry);
    this.entries = entries;
    this.#paint();
    try {
      await this.#store?.put(undoable.note);
    } catch {
      this.message = { text: msg('This note could not be saved in this browser.'), error: true };
      return;
    }
    this.message = { text: msg('Note restored.') };
    this.dispatchEvent(new TrialNoteAddEvent(toTrialNote(entry)));
    await this.#focusNote(undoable.note.id);
  }

  #reattach(id: string): void {
    this.attachingId = id;
    this.message = { text: msg('Select the text this note belongs to, then choose “Attach note”.') };
  }

  async #onEditorSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const editor = this.editor;
    if (!editor) return;
    const textarea = (event.currentTarget as HTMLFormElement).querySelector('textarea')!;
    const body = textarea.value;
    this.editor = undefined;
    if (editor.kind === 'new') {
      const note = await this.#add(editor.selected.selectors, body);
      this.message = { text: msg('Note added.') };
      this.dispatchEvent(new TrialNoteAddEvent(note));
      this.activeId = note.id;
      this.#paint();
      await this.#focusNote(note.id);
    } else {
      const entry = await this.#update(editor.id, (note) => ({ ...note, body: body.slice(0, MAX_NOTE_CHARS), modified: new Date().toISOString() }));
      if (entry) {
        this.message = { text: msg('Note saved.') };
        this.dispatchEvent(new TrialNoteChangeEvent(toTrialNote(entry), 'edit'));
      }
      // Now that it is no longer edited, the note may move with the content.
      this.#anchors.contentChanged();
      await this.#focusNote(editor.id);
    }
  }

  #cancelEditor(): void {
    const editor = this.editor;
    this.editor = undefined;
    this.#paint();
    if (editor?.kind === 'edit') {
      this.#anchors.contentChanged();
      void this.#focusNote(editor.id);
    } else this.#restoreFocus();
  }

  #onEditorKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      this.#cancelEditor();
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      (event.currentTarget as HTMLFormElement).requestSubmit();
    }
  }

  #download(): void {
    downloadText('notes.jsonld', 'application/ld+json', JSON.stringify(this.exportNotes(), null, 2));
  }

  #exported(): ExportedNote[] {
    return this.entries.map(({ note, anchor }) => ({ quote: note.selectors.quote.exact, body: note.body, created: note.created, state: this.#stateLabel(anchor.state) }));
  }

  #markdown(): string {
    return notesToMarkdown(this.#exported(), { title: msg('My notes'), empty: msg('(no text)') });
  }

  #downloadCsv(): void {
    downloadText('notes.csv', 'text/csv;charset=utf-8', notesToCsv(this.#exported(), [msg('Quote'), msg('Note'), msg('State'), msg('Created')]));
  }

  async #copyNotes(text: string): Promise<void> {
    this.message = (await copyText(text))
      ? { text: msg('Copied. Paste it into an email or a document.') }
      : { text: msg('Copying is not allowed on this page. Download the notes instead.'), error: true };
  }

  #sheetWords(): SheetWords {
    return {
      title: msg('Questions for the study team'),
      notesHeading: msg('My notes on the study'),
      unsureHeading: msg('Criteria I was not sure about'),
      empty: msg('(no text)'),
    };
  }

  #printSheet(): void {
    const sheet = questionSheet(this.#exported(), this.prescreenAnswers);
    const context = typeof document === 'undefined' ? '' : document.title;
    const doc = sheetDocument(sheet, { ...this.#sheetWords(), context, quoteLabel: msg('Highlighted text:') }, formatLocale());
    if (!openSheet(doc)) this.message = { text: msg('The sheet could not open in a new tab. Allow pop-ups for this page, or copy it instead.'), error: true };
  }

  async #onImportFile(event: Event): Promise<void> {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    try {
      const result = await this.importNotes(await file.text());
      const { added, skipped } = result;
      this.message = {
        text:
          pluralCategory(formatLocale(), added) === 'one'
            ? msg(str`${added} note imported, ${skipped} already here.`)
            : msg(str`${added} notes imported, ${skipped} already here.`),
      };
    } catch (error) {
      this.message = {
        text: error instanceof AnnotationImportError ? msg('This file does not hold notes that can be imported.') : msg('The file could not be read.'),
        error: true,
      };
    }
  }

  // ── rendering ─────────────────────────────────────────────────────────────────────────────

  #stateLabel(state: AnchorState): string {
    switch (state) {
      case 'exact':
        return msg('Found');
      case 'fuzzy':
        return msg('Text changed, closest match shown');
      case 'ambiguous':
        return msg('Found in several places');
      case 'orphan':
        return msg('Text not found');
    }
  }

  #formatTime(iso: string): string {
    try {
      return dateTimeFormat(formatLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
    } catch {
      return new Date(iso).toLocaleString();
    }
  }

  override render() {
    const count = this.entries.length;
    const level = clampHeadingLevel(this.headingLevel, 2);
    return html`<div class="layout ${this.panelOpen ? 'open' : ''}">
      <div class="launcher ui" part="launcher">
        ${renderHeading(
          level,
          html`<button
            class="toggle"
            part="toggle"
            type="button"
            aria-expanded=${this.panelOpen ? 'true' : 'false'}
            aria-controls="notes-panel"
            @click=${() => (this.panelOpen = !this.panelOpen)}
          >
            <span class="chevron" aria-hidden="true"></span>${count ? notesCountLabel(count) : msg('My notes')}
          </button>`,
          { id: 'notes-heading' },
        )}
        <button class="button secondary pick" part="pick-button" type="button" ?disabled=${this.picking} @click=${() => this.#startPicking()}>
          ${msg('Add note…')}
        </button>
        <div role="status" class=${this.message && this.panelOpen ? `message${this.message.error ? ' error' : ''}` : 'visually-hidden'}>
          ${this.message?.text ?? ''}
        </div>
        ${this.undoable
          ? html`<button class="button secondary undo" type="button" @click=${() => this.#undoDelete()}>${msg('Undo')}</button>`
          : nothing}
      </div>
      <section id="notes-panel" class="panel ui" part="panel" aria-labelledby="notes-heading" ?hidden=${!this.panelOpen}>
        <div class="panel-header">
          ${this.shareLoaded
            ? html`<trial-notes-share
                .notes=${this.notes}
                .importer=${(data: unknown) => this.importNotes(data)}
                .shareEndpoint=${this.shareEndpoint}
                .trialId=${this.#store?.key ?? this.resolvedStorageKey}
                .returnFocus=${this.#afterReceivedShare}
              ></trial-notes-share>`
            : html`<button type="button" class="button secondary" part="share-button" ?disabled=${!count} @click=${this.#shareOnDemand}>
                ${msg('Share notes…')}
              </button>`}
          <slot name="actions"></slot>
        </div>
        ${count === 0 && !this.editor
          ? html`<p class="hint" part="hint">
              <strong>${msg('Add a private note')}</strong>
              ${msg('Select a piece of text. Add notes visible only to you. Send it to people through a passcode protected link.')}
              ${msg('By keyboard: choose “Add note…”, move to the sentence with the arrow keys, then choose “Add note”.')}
            </p>`
          : nothing}
        <div id="notes-body" class="body">
          ${this.#renderEditor()}
          ${count > 1 ? this.#renderSearch() : nothing}
          ${count
            ? html`<ol class="list" part="list" aria-label=${msg('Notes')}>
                ${this.#shownEntries().map((entry) => this.#renderNote(entry))}
              </ol>`
            : nothing}
          ${this.sheetOpen ? this.#renderSheet() : nothing}
          <div class="transfer">
            <button class="button secondary" type="button" aria-expanded=${this.sheetOpen ? 'true' : 'false'} aria-controls="sheet" @click=${() => (this.sheetOpen = !this.sheetOpen)}>
              ${msg('Questions for the study team')}
            </button>
            <button class="button secondary" type="button" ?disabled=${!count} @click=${() => this.#copyNotes(this.#markdown())}>${msg('Copy notes')}</button>
            <button class="button secondary" type="button" ?disabled=${!count} @click=${() => downloadText('notes.md', 'text/markdown;charset=utf-8', this.#markdown())}>
              ${msg('Download as text (Markdown)')}
            </button>
            <button class="button secondary" type="button" ?disabled=${!count} @click=${() => this.#downloadCsv()}>${msg('Download as spreadsheet (CSV)')}</button>
            <button class="button secondary" type="button" ?disabled=${!count} @click=${() => this.#download()}>${msg('Download notes')}</button>
            <label class="file-label"
              >${msg('Import notes')}<input class="visually-hidden" type="file" accept=".json,.jsonld,application/json,application/ld+json" @change=${this.#onImportFile}
            /></label>
          </div>
        </div>
      </section>
      <div class="content"><slot></slot></div>
      <div class="visually-hidden" aria-live="polite">${this.picking ? '' : this.announcement}</div>
      ${this.toolbar && this.picking && this.#picker
        ? this.#renderPicker()
        : this.toolbar
        ? html`<div class="toolbar ui" part="toolbar" role="toolbar" aria-label=${msg('Selected text')}>
            <button
              class="button"
              part="add-button"
              type="button"
              @pointerdown=${(event: PointerEvent) => event.preventDefault()}
              @click=${() => this.#onToolbarAdd()}
            >
              ${this.attachingId ? msg('Attach note') : msg('Add note')}
            </button>
          </div>`
        : nothing}
    </div>`;
  }

  /** The notes whose quote or text holds every word typed in the search box. */
  #shownEntries(): Entry[] {
    const words = this.filter.toLocaleLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length) return this.entries;
    return this.entries.filter(({ note }) => {
      const haystack = `${note.selectors.quote.exact} ${note.body}`.toLocaleLowerCase();
      return words.every((word) => haystack.includes(word));
    });
  }

  #renderSearch(): TemplateResult {
    const shown = this.#shownEntries().length;
    const total = this.entries.length;
    return html`<div class="search" role="search">
      <label for="notes-search">${msg('Search my notes')}</label>
      <input id="notes-search" type="search" .value=${this.filter} @input=${(e: Event) => (this.filter = (e.target as HTMLInputElement).value)} />
      <p class="meta" aria-live="polite">${this.filter.trim() ? msg(str`${shown} of ${total} shown`) : ''}</p>
    </div>`;
  }

  #renderSheet(): TemplateResult {
    const words = this.#sheetWords();
    const sheet = questionSheet(this.#exported(), this.prescreenAnswers);
    const lang = recordTextLang(this) ?? nothing;
    return html`<section id="sheet" class="sheet" aria-labelledby="sheet-title">
      <h3 id="sheet-title">${words.title}</h3>
      <p class="meta">${msg('Take it to your appointment, or send it before: your notes and the criteria you answered “Not sure”.')}</p>
      ${sheet.unsure.length
        ? html`<h4>${words.unsureHeading}</h4>
            <ul lang=${lang}>
              ${sheet.unsure.map((answer) => html`<li>${answer.criterion}</li>`)}
            </ul>`
        : html`<p class="meta">${msg('Answer “Not sure” in the pre-screen to add a criterion here.')}</p>`}
      ${sheet.notes.length
        ? html`<h4>${words.notesHeading}</h4>
            <ol>
              ${sheet.notes.map((note) => html`<li><blockquote class="quote">${note.quote}</blockquote><p class="note-text">${note.body || words.empty}</p></li>`)}
            </ol>`
        : nothing}
      <div class="row">
        <button class="button" type="button" @click=${() => this.#printSheet()}>${msg('Open to print')}</button>
        <button class="button secondary" type="button" @click=${() => this.#copyNotes(sheetToMarkdown(sheet, words))}>${msg('Copy the questions')}</button>
      </div>
    </section>`;
  }

  #renderEditor(): TemplateResult | typeof nothing {
    const editor = this.editor;
    if (!editor) return nothing;
    const entry = editor.kind === 'edit' ? this.entries.find((e) => e.note.id === editor.id) : undefined;
    if (editor.kind === 'edit' && !entry) return nothing;
    const quote = editor.kind === 'new' ? editor.selected.selectors.quote.exact : entry!.note.selectors.quote.exact;
    return html`<form class="editor" part="editor" @submit=${this.#onEditorSubmit} @keydown=${this.#onEditorKeydown}>
      <blockquote class="quote" id="editor-quote">${quote}</blockquote>
      <label for="note-text">${editor.kind === 'new' ? msg('Your note') : msg('Edit your note')}</label>
      <textarea id="note-text" maxlength=${MAX_NOTE_CHARS} aria-describedby="editor-quote" .value=${entry?.note.body ?? ''}></textarea>
      <div class="row">
        <button class="button" type="submit">${msg('Save note')}</button>
        <button class="button secondary" type="button" @click=${() => this.#cancelEditor()}>${msg('Cancel')}</button>
      </div>
    </form>`;
  }

  #renderNote(entry: Entry): TemplateResult {
    const { note, anchor } = entry;
    const quoteId = `quote-${note.id.replace(/[^a-zA-Z0-9-]/g, '')}`;
    const orphan = anchor.state === 'orphan';
    // Highlights mean nothing to a screen reader: the list says what each one is, and every
    // button names the text it acts on, so a list of buttons tells the notes apart.
    const quote = shortQuote(note.selectors.quote.exact);
    return html`<li class="note ${this.activeId === note.id ? 'active' : ''}" part="note" data-id=${note.id} tabindex="-1" aria-describedby=${quoteId}>
      <span class="visually-hidden">${msg('Highlighted text:')}</span>
      <blockquote class="quote" part="quote" id=${quoteId}>${note.selectors.quote.exact}</blockquote>
      <p class="note-text ${note.body ? '' : 'empty'}">${note.body || msg('(no text)')}</p>
      <p class="meta">
        <span class="state ${anchor.state}">${this.#stateLabel(anchor.state)}</span> ·
        <time datetime=${note.created}>${this.#formatTime(note.created)}</time>
      </p>
      <div class="actions">
        ${orphan
          ? html`<button class="link-button" type="button" aria-label=${msg(str`Attach to new text: “${quote}”`)} @click=${() => this.#reattach(note.id)}>
              ${msg('Attach to new text')}
            </button>`
          : html`<button class="link-button" type="button" aria-label=${msg(str`Show in text: “${quote}”`)} @click=${() => this.#jumpTo(note.id)}>
              ${msg('Show in text')}
            </button>`}
        <button class="link-button" type="button" aria-label=${msg(str`Edit the note on “${quote}”`)} @click=${() => this.#edit(note.id)}>${msg('Edit')}</button>
        <button class="link-button danger" type="button" aria-label=${msg(str`Delete the note on “${quote}”`)} @click=${() => this.#delete(entry)}>
          ${msg('Delete')}
        </button>
      </div>
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'trial-notes': TrialNotes;
  }
}
