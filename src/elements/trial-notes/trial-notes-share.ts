import { LitElement, html, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { msg } from '@lit/localize';
import { followLocale } from '../../internal/localize.ts';
import { buttonStyles, tokens } from '../../internal/tokens.styles.ts';
import type { ShareImporter } from './trial-notes.events.ts';
import { shareStyles } from './trial-notes-share.styles.ts';
import type { TrialShareOpenDialog } from './trial-share-open-dialog.ts';
import type { ShareableNote, TrialShareSendDialog } from './trial-share-send-dialog.ts';

export { TrialShareCreateEvent, TrialShareOpenEvent, type ShareImporter } from './trial-notes.events.ts';
export type { ShareableNote } from './trial-share-send-dialog.ts';

/**
 * @summary The share part of `<trial-notes>`: the "Share notes…" button with
 * `<trial-share-send-dialog>`, and `<trial-share-open-dialog>` for a share link found in the
 * page address. All three load on demand (share-define.ts).
 *
 * @tag trial-notes-share
 *
 * @csspart share-button - The button that opens the send dialog.
 *
 * @fires trial-share-create - A link was made (from the send dialog).
 * @fires trial-share-open - Shared notes were merged (from the open dialog).
 */
export class TrialNotesShare extends LitElement {
  static override styles = [tokens, buttonStyles, shareStyles];

  static override properties = {
    notes: { attribute: false },
    importer: { attribute: false },
    shareEndpoint: { type: String, attribute: 'share-endpoint' },
    trialId: { type: String, attribute: 'trial-id' },
    pageUrl: { type: String, attribute: 'page-url' },
    noAutoOpen: { type: Boolean, attribute: 'no-auto-open' },
    returnFocus: { attribute: false },
    context: { attribute: false },
  };

  /** The reader's notes, to choose from. */
  declare notes: readonly ShareableNote[];
  /** Merges opened notes into the reader's; without it, opening is not offered. */
  declare importer: ShareImporter | undefined;
  /** URL of the share server's collection (`…/api/shares`); without it links carry the notes. */
  declare shareEndpoint: string | undefined;
  /** The trial id or page key the notes belong to. */
  declare trialId: string;
  /** The page address links point to; the current address by default. */
  declare pageUrl: string | undefined;
  /** Do not look for a share link in the address on connect. */
  declare noAutoOpen: boolean;
  /**
   * Where focus goes when the dialog of a received link closes. That dialog opens by itself
   * on load, so there is often no element to give focus back to; without this, the share
   * button takes it.
   */
  declare returnFocus: (() => void) | undefined;
  /**
   * What these notes are on, added to the share button's name when a page has several sets of
   * notes (each `<trial-notes>` sets it), so that the buttons can be told apart.
   */
  declare context: string | undefined;

  constructor() {
    super();
    followLocale(this);
    this.notes = [];
    this.importer = undefined;
    this.shareEndpoint = undefined;
    this.trialId = '';
    this.pageUrl = undefined;
    this.noAutoOpen = false;
    this.returnFocus = undefined;
    this.context = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    globalThis.addEventListener?.('hashchange', this.#onHashChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    globalThis.removeEventListener?.('hashchange', this.#onHashChange);
  }

  protected override firstUpdated(): void {
    if (!this.noAutoOpen) void this.checkAddress();
  }

  /** A link pasted into the address bar of a page already open changes only the fragment. */
  readonly #onHashChange = (): void => {
    if (!this.noAutoOpen) void this.checkAddress();
  };

  /** Opens the send dialog. */
  async showShareDialog(): Promise<void> {
    await this.updateComplete;
    await this.renderRoot.querySelector<TrialShareSendDialog>('trial-share-send-dialog')?.show();
  }

  /**
   * Looks for a share link in `address` (the page address by default) and, when there is one,
   * asks for its passcode in `<trial-share-open-dialog>`. A link that cannot open here
   * (damaged, expired, another page) is explained at once, before any passcode is typed.
   */
  async checkAddress(address: string = globalThis.location?.href ?? ''): Promise<void> {
    await this.updateComplete;
    const dialog = this.renderRoot.querySelector<TrialShareOpenDialog>('trial-share-open-dialog');
    if (!dialog) return;
    await dialog.updateComplete;
    await dialog.checkAddress(address);
  }

  readonly #focusShareButton = (): void => {
    this.renderRoot.querySelector<HTMLElement>('[part="share-button"]')?.focus();
  };

  override render(): TemplateResult {
    const label = msg('Share notes…');
    return html`
      <button
        type="button"
        class="button secondary"
        part="share-button"
        aria-label=${ifDefined(this.context ? `${label} — ${this.context}` : undefined)}
        ?disabled=${!this.notes.length}
        @click=${() => this.showShareDialog()}
      >
        ${label}
      </button>
      <trial-share-send-dialog
        .notes=${this.notes}
        .shareEndpoint=${this.shareEndpoint}
        .trialId=${this.trialId}
        .pageUrl=${this.pageUrl}
      ></trial-share-send-dialog>
      <trial-share-open-dialog
        .importer=${this.importer}
        .shareEndpoint=${this.shareEndpoint}
        .trialId=${this.trialId}
        .returnFocus=${this.returnFocus ?? this.#focusShareButton}
      ></trial-share-open-dialog>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'trial-notes-share': TrialNotesShare;
  }
}
