/**
 * What the reader does with notes, and where focus goes after each step: the toolbar that
 * follows a selection (reachable with Tab, closed with Escape), the editor for a new or an
 * existing note, "Show in text", re-attaching an orphan, delete with undo, and a click on a
 * highlight. Focus never drops to the page's <body>: it goes back where the reader was, or to
 * the launcher.
 */
import { msg } from '@lit/localize';
import { isBlockElement, type TextMap } from '../../notes/text-map.ts';
import type { SelectedText } from '../../notes/selection-toolbar.ts';
import { MAX_NOTE_CHARS } from '../../model/annotation.ts';
import { TrialNoteAddEvent, TrialNoteChangeEvent, TrialNoteRemoveEvent } from './trial-notes.events.ts';
import { toTrialNote, type Entry } from './note-entry.ts';
import type { NotesEngine } from './notes-engine.ts';

/** How long "Undo" is offered after a delete. */
const UNDO_MS = 10_000;

/** Elements a click on a highlight should leave alone. */
const INTERACTIVE = new Set(['A', 'BUTTON', 'INPUT', 'SELECT', 'TEXTAREA', 'LABEL', 'SUMMARY']);

/** The nearest element around `start` that holds a line of text: what "Show in text" focuses. */
function blockToFocus(start: Element): HTMLElement | undefined {
  for (let current: Element | null = start; current; current = current.parentElement) {
    if (current instanceof HTMLElement && isBlockElement(current)) return current;
  }
  return start instanceof HTMLElement ? start : undefined;
}

export function reducedMotion(): boolean {
  return globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
}

export class NoteEditing {
  readonly #engine: NotesEngine;
  #selected: SelectedText | undefined;
  /** Where focus goes back to when the toolbar or the editor closes. */
  returnFocus: HTMLElement | undefined;
  #undoTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set when this element selects text itself, so that selection shows no toolbar. */
  #ignoreSelection = false;

  constructor(engine: NotesEngine) {
    this.#engine = engine;
  }

  /** Whether the note editor is open. */
  get open(): boolean {
    return this.#engine.state.editor !== undefined;
  }

  connect(): void {
    document.addEventListener('keydown', this.#onDocumentKeydown, true);
    this.#engine.host.addEventListener('click', this.#onContentClick);
  }

  disconnect(): void {
    document.removeEventListener('keydown', this.#onDocumentKeydown, true);
    this.#engine.host.removeEventListener('click', this.#onContentClick);
    clearTimeout(this.#undoTimer);
  }

  #root(): HTMLElement | DocumentFragment {
    return this.#engine.host.renderRoot;
  }

  // ── selection and toolbar ─────────────────────────────────────────────────────────────────

  /** The selection changed: the toolbar follows it, unless the reader is in the toolbar. */
  onSelection(selected: SelectedText | undefined): void {
    const { state } = this.#engine;
    if (this.#ignoreSelection) {
      this.#ignoreSelection = false;
      return;
    }
    if (this.#engine.picking.active) return;
    if (!selected) {
      // Keep the toolbar while the reader is in it (moving focus there may clear the selection).
      if (!this.#focusInToolbar()) state.toolbar = undefined;
      return;
    }
    this.#selected = selected;
    if (!state.toolbar) state.announcement = msg('Text selected. Press Tab to reach “Add note”.');
    this.#showToolbar(selected.map, selected.start, selected.end);
  }

  #showToolbar(map: TextMap, start: number, end: number): void {
    const at = this.#engine.selection.positionFor(map, start, end);
    if (at) this.#engine.state.toolbar = at;
  }

  #focusInToolbar(): boolean {
    const active = this.#engine.host.shadowRoot?.activeElement;
    return !!active && !!active.closest('.toolbar');
  }

  readonly #onDocumentKeydown = (event: KeyboardEvent): void => {
    const { state, picking } = this.#engine;
    if (event.key === 'Escape') {
      if (state.editor && this.#composedContains(event)) return; // the editor handles it
      if (picking.active) {
        picking.stop();
        return;
      }
      if (state.toolbar) {
        const hadFocus = this.#focusInToolbar();
        state.toolbar = undefined;
        if (hadFocus) this.restoreFocus();
        return;
      }
      if (state.attachingId) {
        state.attachingId = undefined;
        this.#engine.link.say(undefined);
      }
      return;
    }
    // The toolbar is reachable by keyboard: Tab from a selection goes to it first.
    if (event.key === 'Tab' && !event.shiftKey && state.toolbar && !this.#focusInToolbar() && !this.#composedContains(event)) {
      event.preventDefault();
      this.returnFocus = this.deepActiveElement();
      void this.#engine.host.updateComplete.then(() => this.#root().querySelector<HTMLButtonElement>('.toolbar button')?.focus());
    }
  };

  /**
   * Whether the event comes from this element's own interface. (The composed path of an event
   * from slotted content also passes through this shadow root, so look at where it started.)
   */
  #composedContains(event: Event): boolean {
    const origin = event.composedPath()[0];
    return origin instanceof Node && origin.getRootNode() === this.#engine.host.shadowRoot;
  }

  deepActiveElement(): HTMLElement | undefined {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active instanceof HTMLElement && active !== document.body ? active : undefined;
  }

  /** Back where the reader was, or else to the launcher: never to the page's <body>. */
  restoreFocus(): void {
    const target = this.returnFocus;
    this.returnFocus = undefined;
    if (target?.isConnected) target.focus();
    if (!target?.isConnected || this.deepActiveElement() !== target) this.#root().querySelector<HTMLElement>('.toggle')?.focus();
  }

  /** "Add note" (or "Attach note") on the toolbar; `selected` is the keyboard picker's choice. */
  addFromToolbar(selected = this.#selected): void {
    const { state, host } = this.#engine;
    this.#selected = selected;
    if (!selected) return;
    state.toolbar = undefined;
    if (state.attachingId) {
      void this.#attach(state.attachingId, selected);
      return;
    }
    this.returnFocus ??= this.deepActiveElement();
    state.editor = { kind: 'new', selected, ranges: selected.map.rangesByTree(selected.start, selected.end) };
    host.panelOpen = true;
    this.#engine.paint();
    void this.#focusEditor();
  }

  async #focusEditor(): Promise<void> {
    await this.#engine.host.updateComplete;
    const textarea = this.#root().querySelector<HTMLTextAreaElement>('.editor textarea');
    textarea?.focus();
    textarea?.scrollIntoView({ block: 'nearest' });
  }

  async #attach(id: string, selected: SelectedText): Promise<void> {
    const engine = this.#engine;
    engine.state.attachingId = undefined;
    const anchor = await engine.anchorOne(selected.selectors);
    const entry = await engine.update(id, (note) => ({ ...note, selectors: selected.selectors, modified: new Date().toISOString() }), anchor);
    if (!entry) return;
    engine.link.say({ text: msg('The note is attached to the selected text.') });
    engine.host.dispatchEvent(new TrialNoteChangeEvent({ note: toTrialNote(entry), change: 'reattach' }));
    await this.focusNote(id);
  }

  // ── panel actions ─────────────────────────────────────────────────────────────────────────

  readonly #onContentClick = (event: MouseEvent): void => {
    if (this.#composedContains(event)) return;
    if (event.composedPath().some((node) => node instanceof Element && INTERACTIVE.has(node.tagName))) return;
    const selection = document.getSelection();
    if (selection && !selection.isCollapsed && selection.toString().trim()) return; // the end of a drag-select
    const [id] = this.#engine.highlighter.notesAt(event.clientX, event.clientY);
    if (!id) return;
    this.#engine.state.activeId = id;
    this.#engine.host.panelOpen = true;
    this.#engine.paint();
    void this.focusNote(id);
  };

  async focusNote(id: string): Promise<void> {
    await this.#engine.host.updateComplete;
    const item = [...this.#root().querySelectorAll<HTMLElement>('.note')].find((el) => el.dataset.id === id);
    item?.focus();
  }

  /**
   * Scrolls to the note's text and moves focus and the reading position there: the block
   * holding it takes focus for as long as it keeps it (a `tabindex` removed on blur), and the
   * text is selected, so a screen reader reads on from the note.
   */
  jumpTo(id: string): void {
    const ranges = this.#engine.highlighter.rangesOf(id);
    const first = ranges[0];
    if (!first) return;
    this.#engine.state.activeId = id;
    this.#engine.paint();
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

  edit(id: string): void {
    this.returnFocus = undefined;
    this.#engine.state.editor = { kind: 'edit', id };
    this.#engine.state.activeId = id;
    this.#engine.paint();
    void this.#focusEditor();
  }

  async delete(entry: Entry): Promise<void> {
    const { state, host } = this.#engine;
    const index = state.entries.indexOf(entry);
    await this.#engine.removeNote(entry.note.id);
    this.#engine.link.say({ text: msg('Note deleted. “Undo” at the top of the notes brings it back for a few seconds.') });
    state.undoable = { note: entry.note, index };
    clearTimeout(this.#undoTimer);
    this.#undoTimer = setTimeout(() => (state.undoable = undefined), UNDO_MS);
    host.dispatchEvent(new TrialNoteRemoveEvent(toTrialNote(entry)));
    await host.updateComplete;
    const items = [...this.#root().querySelectorAll<HTMLElement>('.note')];
    (items[Math.min(index, items.length - 1)] ?? this.#root().querySelector<HTMLElement>('.toggle'))?.focus();
  }

  /** Brings the note just deleted back, where it was. */
  async undoDelete(): Promise<void> {
    const { state, host } = this.#engine;
    const undoable = state.undoable;
    state.undoable = undefined;
    clearTimeout(this.#undoTimer);
    if (!undoable || state.entries.some((e) => e.note.id === undoable.note.id)) return;
    const entry = await this.#engine.restore(undoable.note, undoable.index);
    if (!entry) return;
    this.#engine.link.say({ text: msg('Note restored.') });
    host.dispatchEvent(new TrialNoteAddEvent(toTrialNote(entry)));
    await this.focusNote(undoable.note.id);
  }

  reattach(id: string): void {
    this.#engine.state.attachingId = id;
    this.#engine.link.say({ text: msg('Select the text this note belongs to, then choose “Attach note”.') });
  }

  // ── the editor ────────────────────────────────────────────────────────────────────────────

  async submitEditor(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const engine = this.#engine;
    const { state, host } = engine;
    const editor = state.editor;
    if (!editor) return;
    const textarea = (event.currentTarget as HTMLFormElement).querySelector('textarea')!;
    const body = textarea.value;
    state.editor = undefined;
    if (editor.kind === 'new') {
      const note = await engine.add(editor.selected.selectors, body);
      engine.link.say({ text: msg('Note added.') });
      host.dispatchEvent(new TrialNoteAddEvent(note));
      state.activeId = note.id;
      engine.paint();
      await this.focusNote(note.id);
    } else {
      const entry = await engine.update(editor.id, (note) => ({ ...note, body: body.slice(0, MAX_NOTE_CHARS), modified: new Date().toISOString() }));
      if (entry) {
        engine.link.say({ text: msg('Note saved.') });
        host.dispatchEvent(new TrialNoteChangeEvent({ note: toTrialNote(entry), change: 'edit' }));
      }
      // Now that it is no longer edited, the note may move with the content.
      engine.anchors.contentChanged();
      await this.focusNote(editor.id);
    }
  }

  cancelEditor(): void {
    const engine = this.#engine;
    const editor = engine.state.editor;
    engine.state.editor = undefined;
    engine.paint();
    if (editor?.kind === 'edit') {
      engine.anchors.contentChanged();
      void this.focusNote(editor.id);
    } else this.restoreFocus();
  }

  onEditorKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      this.cancelEditor();
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      (event.currentTarget as HTMLFormElement).requestSubmit();
    }
  }
}
