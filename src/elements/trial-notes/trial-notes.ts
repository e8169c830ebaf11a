import { LitElement, html, isServer, nothing, type PropertyValues } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { msg, str } from '@lit/localize';
import type { PrescreenAnswer } from '../../model/contact.ts';
import type { AnnotationCollection } from '../../model/annotation.ts';
import { clampHeadingLevel, renderHeading } from '../../internal/heading.ts';
import { followLocale } from '../../internal/localize.ts';
import { buttonStyles, tokens } from '../../internal/tokens.styles.ts';
import { hasStoredNotes } from '../../notes/stored-notes-probe.ts';
import { selectionWithin } from '../../notes/selection-within.ts';
import { notesStyles } from './trial-notes.styles.ts';
import { DistinctNames } from './notes-names.ts';
import { ShareOnDemand } from './share-on-demand.ts';
import { loadNotesEngine } from './notes-engine-loader.ts';
import type { NotesEngine, StatusMessage } from './notes-engine.ts';
import type { NoteImportResult, TrialNote } from './trial-note.ts';

export { SHARE_LINK_MARK } from './share-on-demand.ts';
export type { NoteImportResult, TrialNote } from './trial-note.ts';

/** Where the open panel goes: in the flow above the content, or a sheet beside it on wide screens. */
export type NotesPanelPlacement = 'inline' | 'sheet';

/**
 * The `@context` of an empty Web Annotation collection (`ANNOTATION_CONTEXT` in
 * src/model/annotation.ts, which a test keeps equal); repeated here so that exporting before the
 * engine has loaded does not load the schemas.
 */
export const EMPTY_EXPORT_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

/**
 * `trial-error` for a chunk of the notes engine that did not load: `cause` is a TrialLoadError
 * of kind `load`, as the autoloader reports an element's chunk. Made here, in the shape of
 * TrialErrorEvent (src/internal/trial-error-event.ts), rather than with that class: sharing
 * it with the data elements would split it into a chunk of its own, one more request on every
 * page with a card.
 */
function loadErrorEvent(message: string): Event {
  const cause = Object.assign(new Error(message), { name: 'TrialLoadError', kind: 'load' as const, url: undefined, status: undefined });
  const event = new Event('trial-error', { bubbles: true, composed: true });
  Object.defineProperty(event, 'cause', { value: cause });
  return event;
}

function notesCountLabel(count: number): string {
  return msg(str`My notes (${count})`);
}

/**
 * @summary Private notes on any content: select text, add a note, see it highlighted; list,
 * edit, delete and jump to notes. Notes stay in the reader's browser.
 *
 * The element first draws only its one-line launcher. The rest (text map, anchoring,
 * highlights, storage, toolbar, panel) loads when the reader first selects text in the content,
 * moves to the launcher or opens the panel, when notes are already kept for this content, or
 * when a method asks for it.
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
 * @fires trial-error - The notes could not be loaded (`cause.kind` is `load`); the content stays as it is, and the next use tries again.
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
    message: { state: true },
    prescreenAnswers: { attribute: false },
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
  /** A short status for the reader, also announced. */
  declare protected message: StatusMessage | undefined;
  /**
   * The reader's pre-screen answers, for the "Questions for the study team" sheet. Set by
   * itself from `trial-prescreen-change` events of a `<trial-eligibility prescreen>` inside;
   * a host page may set it too. Kept in memory only.
   */
  declare prescreenAnswers: readonly PrescreenAnswer[];

  /** The engine, once loaded: everything past the launcher (notes-engine.ts). */
  #engine: NotesEngine | undefined;
  #engineLoading: Promise<NotesEngine> | undefined;
  /** Whether the reader's selection was in the content at the last `selectionchange`. */
  #selecting = false;
  /** The storage key last looked up in the browser's storage. */
  #probedKey: string | undefined;
  readonly #names = new DistinctNames(this);
  readonly #share = new ShareOnDemand(this, {
    failed: (text) => (this.message = { text, error: true }),
    trialId: () => this.#engine?.storeKey ?? this.resolvedStorageKey,
    names: this.#names,
  });

  constructor() {
    super();
    this.headingLevel = 2;
    this.panelOpen = false;
    this.panel = 'inline';
    this.prescreenAnswers = [];
    followLocale(this);
  }

  // ── the engine, loaded on first use ──────────────────────────────────────────────────────

  /**
   * Loads the engine once. A failed load says so, fires `trial-error` (kind `load`) and is
   * tried again on the reader's next use; the content stays readable meanwhile.
   */
  #useEngine(): Promise<NotesEngine> {
    this.#engineLoading ??= loadNotesEngine().then(
      ({ NotesEngine }) => {
        const engine = new NotesEngine(this, {
          say: (message) => (this.message = message),
          names: this.#names,
        });
        this.#engine = engine;
        document.removeEventListener('selectionchange', this.#onSelectionChange);
        if (this.message?.text === this.#loadFailedText()) this.message = undefined;
        this.requestUpdate();
        return engine;
      },
      (error: unknown) => {
        this.#engineLoading = undefined;
        this.message = { text: this.#loadFailedText(), error: true };
        console.warn(`trialkit: <trial-notes> could not load its notes: ${(error as Error)?.message ?? String(error)}`);
        this.dispatchEvent(loadErrorEvent('The notes of <trial-notes> could not be loaded.'));
        throw error;
      },
    );
    return this.#engineLoading;
  }

  #loadFailedText(): string {
    return msg('Your notes could not be loaded. Check your connection and try again.');
  }

  /** Starts loading the engine where the reader is about to need it; a failure is reported, not thrown. */
  readonly #prepare = (): void => {
    if (!this.#engine) this.#useEngine().catch(() => undefined);
  };

  /** A selection that reaches into the content loads the engine, which then shows its toolbar. */
  readonly #onSelectionChange = (): void => {
    const selecting = selectionWithin(this);
    // Only a new selection starts a load: a failed one is not retried on every drag step.
    if (selecting && !this.#selecting) this.#prepare();
    this.#selecting = selecting;
  };

  async #startPicking(): Promise<void> {
    try {
      await (await this.#useEngine()).picking.start();
    } catch {
      // Reported by #useEngine; the button stays for another try.
    }
  }

  /** Whether the page already keeps notes for this content: then they are shown at once. */
  async #loadIfNotesKept(): Promise<void> {
    const key = this.resolvedStorageKey;
    this.#probedKey = key;
    // Undefined means the browser could not tell: load, so no note goes unseen.
    if ((await hasStoredNotes(key)) !== false && this.isConnected && key === this.resolvedStorageKey) this.#prepare();
  }

  readonly #onPrescreen = (event: GlobalEventHandlersEventMap['trial-prescreen-change']): void => {
    this.prescreenAnswers = event.answers;
  };

  // ── public API ────────────────────────────────────────────────────────────────────────────

  /** Every note with its current state, oldest first. Read-only snapshots; empty until `whenLoaded()` resolves. */
  get notes(): readonly TrialNote[] {
    return this.#engine?.notes ?? Object.freeze([]);
  }

  /**
   * Loads the notes of the storage key (and the code that shows them) if that has not
   * happened yet; resolves once they are loaded and anchored. Rejects when the code could not
   * be loaded (a `trial-error` is fired too).
   */
  async whenLoaded(): Promise<void> {
    await (await this.#useEngine()).loaded;
  }

  /**
   * Adds a note on `range` (a Range or StaticRange inside the wrapped content, light DOM or
   * open shadow root). Throws a RangeError when the range holds no text of the content.
   */
  async addNote(range: AbstractRange, body = ''): Promise<TrialNote> {
    return (await this.#useEngine()).addNote(range, body);
  }

  /** Deletes a note; false when there is no note with that id. */
  async removeNote(id: string): Promise<boolean> {
    return (await this.#useEngine()).removeNote(id);
  }

  /**
   * The notes (all, or those with the given ids) as a W3C Web Annotation collection: what a
   * file export and a share link carry. Empty until `whenLoaded()` resolves.
   */
  exportNotes(ids?: readonly string[]): AnnotationCollection {
    if (this.#engine) return this.#engine.exportNotes(ids);
    return { '@context': EMPTY_EXPORT_CONTEXT, type: 'AnnotationCollection', total: 0, first: { type: 'AnnotationPage', items: [] } };
  }

  /**
   * Merges notes from Web Annotation JSON (text or parsed): notes whose id is already here are
   * skipped, never overwritten. Checked against the schema and capped; throws
   * AnnotationImportError when the data cannot be read.
   */
  async importNotes(data: unknown): Promise<NoteImportResult> {
    return (await this.#useEngine()).importNotes(data);
  }

  /** Finds every note again in the current content (done by itself when the content changes). */
  async reanchor(): Promise<void> {
    await (await this.#useEngine()).reanchor();
  }

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

  // ── lifecycle ─────────────────────────────────────────────────────────────────────────────

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('trial-prescreen-change', this.#onPrescreen);
    if (this.#engine) return;
    document.addEventListener('selectionchange', this.#onSelectionChange);
    this.#selecting = false;
    void this.#loadIfNotesKept();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('trial-prescreen-change', this.#onPrescreen);
    document.removeEventListener('selectionchange', this.#onSelectionChange);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // Opening the panel (attribute, property or toggle) needs the notes in it.
    if (!isServer && changed.has('panelOpen') && this.panelOpen) this.#prepare();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (!changed.has('storageKey') || !this.isConnected) return;
    if (this.#engine) this.#engine.storageKeyChanged();
    else if (this.resolvedStorageKey !== this.#probedKey) void this.#loadIfNotesKept();
  }

  // ── rendering ─────────────────────────────────────────────────────────────────────────────

  override render() {
    const engine = this.#engine;
    const count = engine?.count ?? 0;
    const level = clampHeadingLevel(this.headingLevel, 2);
    const names = this.#names;
    const toggleLabel = count ? notesCountLabel(count) : msg('My notes');
    const pickLabel = msg('Add note…');
    return html`<div class="layout ${this.panelOpen ? 'open' : ''}">
      <div class="launcher ui" part="launcher" @focusin=${this.#prepare} @pointerdown=${this.#prepare}>
        ${renderHeading(
          level,
          html`<button
            class="toggle"
            part="toggle"
            type="button"
            aria-expanded=${this.panelOpen ? 'true' : 'false'}
            aria-controls="notes-panel"
            aria-label=${ifDefined(names.ariaLabel(toggleLabel))}
            @click=${() => (this.panelOpen = !this.panelOpen)}
          >
            <span class="chevron" aria-hidden="true"></span>${toggleLabel}
          </button>`,
          { id: 'notes-heading' },
        )}
        <button
          class="button secondary pick"
          part="pick-button"
          type="button"
          aria-label=${ifDefined(names.ariaLabel(pickLabel))}
          ?disabled=${engine?.picking.active ?? false}
          @click=${() => this.#startPicking()}
        >
          ${pickLabel}
        </button>
        <div role="status" class=${this.message && this.panelOpen ? `message${this.message.error ? ' error' : ''}` : 'visually-hidden'}>
          ${this.message?.text ?? ''}
        </div>
        ${engine?.renderLauncherExtras() ?? nothing}
      </div>
      <section
        id="notes-panel"
        class="panel ui"
        part="panel"
        aria-labelledby="notes-heading"
        aria-busy=${this.panelOpen && !engine && this.#engineLoading ? 'true' : 'false'}
        ?hidden=${!this.panelOpen}
        @focusin=${this.#prepare}
      >
        <div class="panel-header">${this.#share.render()}<slot name="actions"></slot></div>
        ${count === 0 && !engine?.editing.open
          ? html`<p class="hint" part="hint">
              <strong>${msg('Add a private note')}</strong>
              ${msg('Select a piece of text. Add notes visible only to you. Send it to people through a passcode protected link.')}
              ${msg('By keyboard: choose “Add note…”, move to the sentence with the arrow keys, then choose “Add note”.')}
            </p>`
          : nothing}
        ${engine ? engine.renderPanelBody() : nothing}
      </section>
      <div class="content"><slot></slot></div>
      <div class="visually-hidden" aria-live="polite">${engine?.liveText ?? ''}</div>
      ${engine?.renderToolbar() ?? nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'trial-notes': TrialNotes;
  }
}
