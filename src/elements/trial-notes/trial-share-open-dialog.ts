import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import { parseAnnotations, type Annotation } from '../../model/annotation.ts';
import { shareValueOf, withoutShareValue, type ShareHeader } from '../../model/share.ts';
import { followLocale } from '../../internal/localize.ts';
import { buttonStyles, tokens } from '../../internal/tokens.styles.ts';
import { ShareUnreachableError, fetchShareHeader, openShareLink } from '../../notes/share-client.ts';
import { ShareDamagedError, ShareError, checkShareApplies, readShare, type LockedShare } from '../../notes/share-crypto.ts';
import type { NoteImportResult } from './trial-note.ts';
import { TrialShareOpenEvent, type ShareImporter } from './trial-notes.events.ts';
import { isOne, shareDate, sharePageName, shareProblemText } from './share-messages.ts';
import { shareStyles } from './trial-notes-share.styles.ts';

type Incoming =
  | { stage: 'locked'; link: string; locked: LockedShare; header: ShareHeader }
  | { stage: 'refused'; problem: string }
  | { stage: 'opened'; result: NoteImportResult };

/**
 * @summary The dialog that opens a share link: says what the link holds and which page it is
 * for, asks for the passcode (with a show/hide toggle), warns how many tries are left, merges the
 * notes through `importer` and sums up how they anchored. Part of the on-demand share chunk.
 *
 * @tag trial-share-open-dialog
 *
 * @csspart dialog - The dialog.
 *
 * @fires trial-share-open - Shared notes were merged (`result` with counts per anchoring state).
 */
export class TrialShareOpenDialog extends LitElement {
  static override styles = [tokens, buttonStyles, shareStyles];

  static override properties = {
    importer: { attribute: false },
    shareEndpoint: { type: String, attribute: 'share-endpoint' },
    trialId: { type: String, attribute: 'trial-id' },
    returnFocus: { attribute: false },
    _incoming: { state: true },
    _openPasscode: { state: true },
    _openError: { state: true },
    _busy: { state: true },
    _showPasscode: { state: true },
  };

  /** Merges opened notes into the reader's; without it, nothing is offered. */
  declare importer: ShareImporter | undefined;
  /** URL of the share server's collection; server-mode links need it. */
  declare shareEndpoint: string | undefined;
  /** The trial id or page key the reader's notes belong to; a link for another is refused. */
  declare trialId: string;
  /** Where focus goes when the dialog closes with nothing focused before it opened. */
  declare returnFocus: (() => void) | undefined;

  declare _incoming: Incoming | undefined;
  declare _openPasscode: string;
  declare _openError: string;
  declare _busy: boolean;
  declare _showPasscode: boolean;

  constructor() {
    super();
    followLocale(this);
    this.importer = undefined;
    this.shareEndpoint = undefined;
    this.trialId = '';
    this.returnFocus = undefined;
    this._incoming = undefined;
    this._openPasscode = '';
    this._openError = '';
    this._busy = false;
    this._showPasscode = false;
  }

  #dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector<HTMLDialogElement>('dialog.open');
  }

  /**
   * Looks for a share link in `address` (the page address by default) and, when there is one,
   * asks for its passcode. A link that cannot open here (damaged, expired, another page) is
   * explained at once, before any passcode is typed.
   */
  async checkAddress(address: string = globalThis.location?.href ?? ''): Promise<void> {
    if (shareValueOf(address) === undefined || !this.importer) return;
    try {
      const locked = await readShare(address);
      if (!locked) return;
      const header = locked.mode === 'fragment' ? locked.header : await this.#fetchHeader(locked.id);
      checkShareApplies(header, { expectedTrialId: this.trialId || undefined });
      this._incoming = { stage: 'locked', link: address, locked, header };
    } catch (error) {
      this._incoming = { stage: 'refused', problem: shareProblemText(error) };
    }
    this._openError = '';
    await this.updateComplete;
    const dialog = this.#dialog();
    if (dialog && !dialog.open) dialog.showModal();
  }

  async #fetchHeader(id: string): Promise<ShareHeader> {
    // A server-mode link on a page without the server: nothing here can fetch the notes.
    if (!this.shareEndpoint) throw new ShareUnreachableError();
    return (await fetchShareHeader(this.shareEndpoint, id)).header;
  }

  async #open(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const incoming = this._incoming;
    if (incoming?.stage !== 'locked' || !this.importer) return;
    this._openError = '';
    this._busy = true;
    try {
      // The passcode is used exactly as typed: no trimming. One opener for both kinds of link.
      const opened = await openShareLink(incoming.link, this._openPasscode, {
        expectedTrialId: this.trialId || undefined,
        ...(this.shareEndpoint ? { endpoint: this.shareEndpoint } : {}),
      });
      let annotations: Annotation[];
      try {
        annotations = parseAnnotations(opened.notes);
      } catch {
        throw new ShareDamagedError();
      }
      const result = await this.importer(annotations);
      this._incoming = { stage: 'opened', result };
      this._openPasscode = '';
      this.#clearAddress();
      this.dispatchEvent(new TrialShareOpenEvent(result));
    } catch (error) {
      this._openError = shareProblemText(error);
      const retry = error instanceof ShareError && (error.problem === 'wrong-passcode' || error.problem === 'unreachable' || error.problem === 'too-many-attempts');
      if (!retry) this._incoming = { stage: 'refused', problem: this._openError };
    } finally {
      this._busy = false;
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#open-passcode, .open-done')?.focus();
  }

  /** Takes the share out of the address bar so a reload does not ask again. */
  #clearAddress(): void {
    try {
      if (shareValueOf(location.href) !== undefined) history.replaceState(history.state, '', withoutShareValue(location.href));
    } catch {
      // Sandboxed frames may refuse; the link simply stays.
    }
  }

  #closeOpen(): void {
    this.#dialog()?.close();
    // At once rather than on the (later) close event, so focus never rests on the closed dialog.
    this.#onOpenClosed();
  }

  /** After the received link's dialog closes (by a button or Escape), focus lands somewhere useful. */
  readonly #onOpenClosed = (): void => {
    let focused = document.activeElement;
    while (focused?.shadowRoot?.activeElement) focused = focused.shadowRoot.activeElement;
    // With nothing focused before it opened, the closed dialog keeps focus on its own button.
    if (focused && focused !== document.body && !focused.closest('dialog:not([open])')) return;
    this.returnFocus?.();
  };

  override render(): TemplateResult {
    return html`<dialog class="open" part="dialog" aria-labelledby="open-title" @close=${this.#onOpenClosed}>${this.#renderIncoming()}</dialog>`;
  }

  /** The show/hide toggle of a passcode field; in this dialog. */
  #renderShowPasscode(controls: string): TemplateResult {
    return html`<button
      type="button"
      class="link-button show-passcode"
      aria-controls=${controls}
      aria-pressed=${this._showPasscode ? 'true' : 'false'}
      @click=${() => (this._showPasscode = !this._showPasscode)}
    >
      ${msg('Show passcode')}
    </button>`;
  }

  #renderIncoming(): TemplateResult {
    const incoming = this._incoming;
    const title = html`<h2 id="open-title">${msg('Notes shared with you')}</h2>`;
    if (!incoming) return title;
    if (incoming.stage === 'refused') {
      return html`${title}
        <p class="share-error" role="alert">${incoming.problem}</p>
        <div class="actions"><button type="button" class="button open-done" @click=${this.#closeOpen}>${msg('Close')}</button></div>`;
    }
    if (incoming.stage === 'opened') {
      const r = incoming.result;
      return html`${title}
        <div role="status" class="summary">
          <p>${isOne(r.added) ? msg(str`${r.added} note added to yours.`) : msg(str`${r.added} notes added to yours.`)}${r.skipped ? html` ${msg(str`${r.skipped} were already here.`)}` : nothing}</p>
          <ul>
            <li>${msg(str`${r.exact} found exactly where they were made`)}</li>
            <li>${msg(str`${r.fuzzy} found in slightly changed text`)}</li>
            <li>${msg(str`${r.ambiguous} found in more than one place`)}</li>
            <li>${msg(str`${r.orphan} not found on this page (kept in the list)`)}</li>
          </ul>
        </div>
        <div class="actions"><button type="button" class="button open-done" @click=${this.#closeOpen}>${msg('Close')}</button></div>`;
    }
    return html`${title}
      <form @submit=${this.#open} novalidate>
        <p>
          ${isOne(incoming.header.noteCount)
            ? msg(str`Someone shared ${incoming.header.noteCount} note about this page with you. The link works until ${shareDate(incoming.header.expiresAt)}.`)
            : msg(str`Someone shared ${incoming.header.noteCount} notes about this page with you. The link works until ${shareDate(incoming.header.expiresAt)}.`)}
        </p>
        <p class="for-page">${msg(str`The notes are for: ${sharePageName(incoming.header.trialId)}`)}</p>
        ${this._openError ? html`<p class="share-error" role="alert">${this._openError}</p>` : nothing}
        <div class="field">
          <label for="open-passcode">${msg('Passcode')}</label>
          <input
            id="open-passcode"
            type=${this._showPasscode ? 'text' : 'password'}
            autocomplete="off"
            autocapitalize="off"
            spellcheck="false"
            aria-invalid=${this._openError ? 'true' : 'false'}
            .value=${this._openPasscode}
            @input=${(e: Event) => (this._openPasscode = (e.target as HTMLInputElement).value)}
          />
          ${this.#renderShowPasscode('open-passcode')}
        </div>
        <div class="actions">
          <button type="submit" class="button" ?disabled=${this._busy}>${this._busy ? msg('Opening…') : msg('Open')}</button>
          <button type="button" class="button secondary" @click=${this.#closeOpen}>${msg('Not now')}</button>
        </div>
      </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'trial-share-open-dialog': TrialShareOpenDialog;
  }
}
