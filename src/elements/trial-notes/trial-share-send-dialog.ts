import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import {
  DAY_MS,
  SHARE_DEFAULT_EXPIRY_DAYS,
  SHARE_MAX_EXPIRY_DAYS,
  SHARE_MAX_VIEWS,
  shareUrl,
  withoutShareValue,
} from '../../model/share.ts';
import { followLocale } from '../../internal/localize.ts';
import { buttonStyles, tokens } from '../../internal/tokens.styles.ts';
import { toAnnotation } from '../../notes/note-store.ts';
import { createServerShare, revokeServerShare } from '../../notes/share-client.ts';
import { sealShare } from '../../notes/share-crypto.ts';
import { checkPasscodeStrength, generatePasscode, type PasscodeStrength } from '../../notes/share-passcode.ts';
import { forgetSentShare, listSentShares, rememberSentShare, type SentShare } from '../../notes/share-sent.ts';
import type { TrialNote } from './trial-note.ts';
import { shareStyles } from './trial-notes-share.styles.ts';
import { isOne, shareDate, shareProblemText } from './share-messages.ts';
import { TrialShareCreateEvent } from './trial-notes.events.ts';

/** What the share element needs of a note: what `<trial-notes>` exposes as `notes`. */
export type ShareableNote = Pick<TrialNote, 'id' | 'body' | 'quote' | 'created' | 'modified' | 'selectors'>;

declare global {
  interface HTMLElementTagNameMap {
    'trial-share-send-dialog': TrialShareSendDialog;
  }
}

interface Created {
  url: string;
  passcode: string;
  mode: 'server' | 'fragment';
  expiresAt: string;
  noteCount: number;
}

/**
 * @summary The dialog that sends chosen notes through a passcode-protected link (generated or
 * own passcode with show/hide, expiry, view limit), shows the link and passcode with copy
 * buttons, and lists the sender's links with "revoke". Part of the on-demand share chunk.
 *
 * @tag trial-share-send-dialog
 *
 * @csspart dialog - The dialog.
 *
 * @fires trial-share-create - A link was made (`mode`, `noteCount`, `expiresAt`, `id`).
 */
export class TrialShareSendDialog extends LitElement {
  static override styles = [tokens, buttonStyles, shareStyles];

  static override properties = {
    notes: { attribute: false },
    shareEndpoint: { type: String, attribute: 'share-endpoint' },
    trialId: { type: String, attribute: 'trial-id' },
    pageUrl: { type: String, attribute: 'page-url' },
    _pickAll: { state: true },
    _picked: { state: true },
    _ownPasscode: { state: true },
    _generated: { state: true },
    _passcode: { state: true },
    _days: { state: true },
    _limitViews: { state: true },
    _maxViews: { state: true },
    _busy: { state: true },
    _error: { state: true },
    _created: { state: true },
    _copied: { state: true },
    _sent: { state: true },
    _revokeMessage: { state: true },
    _submitted: { state: true },
    _showPasscode: { state: true },
  };

  /** The reader's notes, to choose from. */
  declare notes: readonly ShareableNote[];
  /** URL of the share server's collection (`…/api/shares`); without it links carry the notes. */
  declare shareEndpoint: string | undefined;
  /** The trial id or page key the notes belong to. */
  declare trialId: string;
  /** The page address links point to; the current address by default. */
  declare pageUrl: string | undefined;
  declare _pickAll: boolean;
  declare _picked: ReadonlySet<string>;
  declare _ownPasscode: boolean;
  declare _generated: string;
  declare _passcode: string;
  declare _days: number;
  declare _limitViews: boolean;
  declare _maxViews: number;
  declare _busy: boolean;
  declare _error: string;
  declare _created: Created | undefined;
  declare _copied: string;
  declare _sent: SentShare[];
  declare _revokeMessage: string;
  declare _submitted: boolean;
  /** Whether passcode fields show what is typed (they hide it by default, like passwords). */
  declare _showPasscode: boolean;

  constructor() {
    super();
    followLocale(this);
    this.notes = [];
    this.shareEndpoint = undefined;
    this.trialId = '';
    this.pageUrl = undefined;
    this._pickAll = true;
    this._picked = new Set();
    this._ownPasscode = false;
    this._generated = generatePasscode();
    this._passcode = '';
    this._days = SHARE_DEFAULT_EXPIRY_DAYS;
    this._limitViews = false;
    this._maxViews = 1;
    this._busy = false;
    this._error = '';
    this._created = undefined;
    this._copied = '';
    this._sent = [];
    this._revokeMessage = '';
    this._submitted = false;
    this._showPasscode = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('trialId') || changed.has('shareEndpoint')) this._sent = this.#listSent();
  }

  get #mode(): 'server' | 'fragment' {
    return this.shareEndpoint ? 'server' : 'fragment';
  }

  #dialog(name: 'share'): HTMLDialogElement | null {
    return this.renderRoot.querySelector<HTMLDialogElement>(`dialog.${name}`);
  }

  #listSent(): SentShare[] {
    return this.shareEndpoint ? listSentShares(this.trialId).filter((entry) => entry.endpoint === this.shareEndpoint) : [];
  }

  // ── public API ──────────────────────────────────────────────────────────────────────────

  /** Opens the dialog, with a fresh form. */
  async show(): Promise<void> {
    this._created = undefined;
    this._error = '';
    this._submitted = false;
    this._copied = '';
    this._sent = this.#listSent();
    await this.updateComplete;
    const dialog = this.#dialog('share');
    if (dialog && !dialog.open) dialog.showModal();
  }

  // ── messages ────────────────────────────────────────────────────────────────────────────

  #strengthText(strength: PasscodeStrength): string {
    switch (strength.weakness) {
      case 'empty':
        return msg('Enter a passcode.');
      case 'too-short':
        return msg(str`Use at least ${strength.minLength} characters.`);
      case 'common':
        return msg('This passcode contains a word that guessers try first. Choose another.');
      case 'too-predictable':
        return msg('This passcode is too easy to guess. Make it longer, for example a few unrelated words.');
      default:
        return msg('Strong enough.');
    }
  }

  // ── sending ─────────────────────────────────────────────────────────────────────────────

  get #chosen(): ShareableNote[] {
    return this._pickAll ? [...this.notes] : this.notes.filter((note) => this._picked.has(note.id));
  }

  get #strength(): PasscodeStrength {
    return checkPasscodeStrength(this._passcode, this.#mode, this.#pageWords);
  }

  /** What anyone holding the link can read off the page: credited as one guess each. */
  get #pageWords(): string[] {
    let host: string | undefined;
    try {
      host = new URL(this.pageUrl ?? globalThis.location?.href ?? '').hostname;
    } catch {
      host = undefined;
    }
    return [this.trialId, globalThis.document?.title, host].filter((word): word is string => !!word);
  }

  async #create(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    this._submitted = true;
    this._error = '';
    const chosen = this.#chosen;
    if (!chosen.length) {
      this._error = msg('Choose at least one note to share.');
      return this.#focusFirstInvalid();
    }
    if (this._ownPasscode && !this.#strength.ok) {
      this._error = this.#strengthText(this.#strength);
      return this.#focusFirstInvalid();
    }
    const passcode = this._ownPasscode ? this._passcode : this._generated;
    const days = Math.min(SHARE_MAX_EXPIRY_DAYS, Math.max(1, Math.round(this._days) || SHARE_DEFAULT_EXPIRY_DAYS));
    const expiresAt = Date.now() + days * DAY_MS;
    const pageUrl = withoutShareValue(this.pageUrl ?? globalThis.location?.href ?? '');
    const source = pageUrl || undefined;
    const annotations = chosen.map((note) =>
      toAnnotation({ id: note.id, body: note.body, created: note.created, modified: note.modified, selectors: note.selectors }, source),
    );
    this._busy = true;
    try {
      const trialId = this.trialId || pageUrl;
      if (this.shareEndpoint) {
        const maxViews = this._limitViews ? Math.min(SHARE_MAX_VIEWS, Math.max(1, Math.round(this._maxViews) || 1)) : undefined;
        const created = await createServerShare(this.shareEndpoint, pageUrl, annotations, { passcode, trialId, expiresAt, maxViews });
        rememberSentShare({
          id: created.id,
          endpoint: this.shareEndpoint,
          deleteToken: created.deleteToken,
          trialId: this.trialId,
          noteCount: annotations.length,
          createdAt: new Date().toISOString(),
          expiresAt: created.expiresAt,
          ...(maxViews ? { maxViews } : {}),
        });
        this._created = { url: created.url, passcode, mode: 'server', expiresAt: created.expiresAt, noteCount: annotations.length };
        this.dispatchEvent(new TrialShareCreateEvent({ mode: 'server', noteCount: annotations.length, expiresAt: created.expiresAt, id: created.id }));
      } else {
        const sealed = await sealShare(annotations, { passcode, trialId, expiresAt, mode: 'fragment' });
        const expiry = sealed.envelope.header.expiresAt;
        this._created = { url: shareUrl(pageUrl, sealed.fragmentValue!), passcode, mode: 'fragment', expiresAt: expiry, noteCount: annotations.length };
        this.dispatchEvent(new TrialShareCreateEvent({ mode: 'fragment', noteCount: annotations.length, expiresAt: expiry }));
      }
      this._sent = this.#listSent();
      this._generated = generatePasscode();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('#share-link')?.focus();
    } catch (error) {
      this._error = shareProblemText(error);
    } finally {
      this._busy = false;
    }
  }

  async #focusFirstInvalid(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"], .share-error')?.focus();
  }

  async #copy(what: 'link' | 'passcode'): Promise<void> {
    const created = this._created;
    if (!created) return;
    try {
      await navigator.clipboard.writeText(what === 'link' ? created.url : created.passcode);
      this._copied = what === 'link' ? msg('Link copied.') : msg('Passcode copied.');
    } catch {
      if (what === 'link') {
        this.renderRoot.querySelector<HTMLInputElement>('#share-link')?.select();
        this._copied = msg('The link is selected: press Ctrl+C (or ⌘C) to copy it.');
      } else this._copied = msg('The passcode could not be copied here: write it down or read it out.');
    }
  }

  /** The show/hide toggle of a passcode field; one state for both dialogs. */
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

  async #revoke(entry: SentShare): Promise<void> {
    this._revokeMessage = '';
    try {
      const gone = await revokeServerShare(entry.endpoint, entry.id, entry.deleteToken);
      forgetSentShare(entry.id);
      this._sent = this.#listSent();
      this._revokeMessage = gone
        ? isOne(entry.noteCount)
          ? msg(str`The link with ${entry.noteCount} note no longer opens.`)
          : msg(str`The link with ${entry.noteCount} notes no longer opens.`)
        : msg('The server did not accept the revoke key for this link.');
    } catch (error) {
      this._revokeMessage = shareProblemText(error);
    }
  }

  #togglePick(id: string, on: boolean): void {
    const next = new Set(this._picked);
    if (on) next.add(id);
    else next.delete(id);
    this._picked = next;
  }

  // ── rendering ───────────────────────────────────────────────────────────────────────────

  override render(): TemplateResult {
    return html`
      <dialog class="share" part="dialog" aria-labelledby="share-title" @close=${() => (this._created = undefined)}>
        <h2 id="share-title">${msg('Share notes')}</h2>
        ${this._created ? this.#renderCreated(this._created) : this.#renderShareForm()} ${this.#renderSent()}
        <div class="actions">
          <button type="button" class="button secondary" @click=${() => this.#dialog('share')?.close()}>${msg('Close')}</button>
        </div>
      </dialog>
    `;
  }

  #renderShareForm(): TemplateResult {
    const mode = this.#mode;
    const strength = this.#strength;
    const passcodeInvalid = this._submitted && this._ownPasscode && !strength.ok;
    const pickInvalid = this._submitted && !this.#chosen.length;
    return html`<form @submit=${this.#create} novalidate>
      ${mode === 'fragment'
        ? html`<p class="notice" id="fragment-notice">
            ${msg(
              'This page has no share server, so the notes travel inside the link itself. Such a link cannot be revoked, its expiry cannot be enforced against someone who keeps a copy, and passcode guesses cannot be limited, so it needs a strong passcode.',
            )}
          </p>`
        : nothing}
      ${this._error ? html`<p class="share-error" role="alert" tabindex="-1">${this._error}</p>` : nothing}
      <fieldset aria-invalid=${pickInvalid ? 'true' : 'false'}>
        <legend>${msg('Notes to share')}</legend>
        <label class="choice"
          ><input type="radio" name="pick" .checked=${this._pickAll} @change=${() => (this._pickAll = true)} />
          ${msg(str`All notes (${this.notes.length})`)}</label
        >
        <label class="choice"
          ><input type="radio" name="pick" .checked=${!this._pickAll} @change=${() => (this._pickAll = false)} />
          ${msg('Only the notes I choose')}</label
        >
        ${this._pickAll
          ? nothing
          : html`<ul class="pick-list">
              ${this.notes.map(
                (note) => html`<li>
                  <label class="choice"
                    ><input
                      type="checkbox"
                      .checked=${this._picked.has(note.id)}
                      @change=${(e: Event) => this.#togglePick(note.id, (e.target as HTMLInputElement).checked)}
                    />
                    <span class="quote">“${note.quote}”</span> <span class="body">${note.body}</span></label
                  >
                </li>`,
              )}
            </ul>`}
      </fieldset>
      <fieldset>
        <legend>${msg('Passcode')}</legend>
        <label class="choice"
          ><input type="radio" name="passcode" .checked=${!this._ownPasscode} @change=${() => (this._ownPasscode = false)} />
          ${msg('Use this passcode:')} <code class="passcode">${this._generated}</code></label
        >
        ${this._ownPasscode
          ? nothing
          : html`<button type="button" class="link-button" @click=${() => (this._generated = generatePasscode())}>
              ${msg('Make another')}
            </button>`}
        <label class="choice"
          ><input type="radio" name="passcode" .checked=${this._ownPasscode} @change=${() => (this._ownPasscode = true)} />
          ${msg('Choose my own')}</label
        >
        ${this._ownPasscode
          ? html`<div class="field">
              <label for="own-passcode">${msg('Your passcode')}</label>
              <input
                id="own-passcode"
                type=${this._showPasscode ? 'text' : 'password'}
                autocomplete="off"
                autocapitalize="off"
                spellcheck="false"
                aria-describedby="own-passcode-hint"
                aria-invalid=${passcodeInvalid ? 'true' : 'false'}
                .value=${this._passcode}
                @input=${(e: Event) => (this._passcode = (e.target as HTMLInputElement).value)}
              />
              ${this.#renderShowPasscode('own-passcode')}
              <p id="own-passcode-hint" class=${strength.ok ? 'hint ok' : 'hint'} aria-live="polite">
                ${this._passcode || this._submitted ? this.#strengthText(strength) : msg(str`At least ${strength.minLength} characters; a few unrelated words work well.`)}
              </p>
            </div>`
          : nothing}
      </fieldset>
      <div class="field">
        <label for="expiry-days">${msg(str`Stops working after (days, at most ${SHARE_MAX_EXPIRY_DAYS})`)}</label>
        <input
          id="expiry-days"
          type="number"
          inputmode="numeric"
          min="1"
          max=${SHARE_MAX_EXPIRY_DAYS}
          .value=${String(this._days)}
          @input=${(e: Event) => (this._days = Number((e.target as HTMLInputElement).value))}
        />
      </div>
      ${mode === 'server'
        ? html`<div class="field">
            <label class="choice"
              ><input type="checkbox" .checked=${this._limitViews} @change=${(e: Event) => (this._limitViews = (e.target as HTMLInputElement).checked)} />
              ${msg('Limit how many times it can be opened')}</label
            >
            ${this._limitViews
              ? html`<label for="max-views">${msg('Times it can be opened')}</label>
                  <input
                    id="max-views"
                    type="number"
                    inputmode="numeric"
                    min="1"
                    max=${SHARE_MAX_VIEWS}
                    .value=${String(this._maxViews)}
                    @input=${(e: Event) => (this._maxViews = Number((e.target as HTMLInputElement).value))}
                  />`
              : nothing}
          </div>`
        : nothing}
      <div class="actions">
        <button type="submit" class="button" ?disabled=${this._busy} aria-describedby=${mode === 'fragment' ? 'fragment-notice' : nothing}>
          ${this._busy ? msg('Making the link…') : msg('Make the link')}
        </button>
      </div>
    </form>`;
  }

  #renderCreated(created: Created): TemplateResult {
    return html`<div class="created">
      <p role="status">
        ${isOne(created.noteCount)
          ? msg(str`Link made for ${created.noteCount} note. It stops working on ${shareDate(created.expiresAt)}.`)
          : msg(str`Link made for ${created.noteCount} notes. It stops working on ${shareDate(created.expiresAt)}.`)}
      </p>
      <div class="field">
        <label for="share-link">${msg('Link')}</label>
        <div class="copy-row">
          <input id="share-link" type="text" readonly .value=${created.url} @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />
          <button type="button" class="button" @click=${() => this.#copy('link')}>${msg('Copy link')}</button>
        </div>
        <p class="hint" role="status">${this._copied}</p>
      </div>
      <div class="copy-row wrap">
        <p>${msg('Passcode:')} <code class="passcode">${created.passcode}</code></p>
        <button type="button" class="button secondary" @click=${() => this.#copy('passcode')}>${msg('Copy passcode')}</button>
      </div>
      <p class="notice">
        ${msg('Send the passcode another way than the link: say it on the phone, or send it in a different app. Anyone with both can read these notes.')}
      </p>
      ${created.mode === 'fragment'
        ? html`<p class="notice">${msg('This link carries the notes itself: it cannot be revoked, and passcode guesses are not limited.')}</p>`
        : nothing}
      <button type="button" class="button secondary" @click=${() => (this._created = undefined)}>${msg('Share other notes')}</button>
    </div>`;
  }

  #renderSent(): TemplateResult | typeof nothing {
    if (!this.shareEndpoint) return nothing;
    return html`<section class="sent" aria-labelledby="sent-title">
      <h3 id="sent-title">${msg('Your shared links')}</h3>
      ${this._sent.length
        ? html`<ul>
            ${this._sent.map(
              (entry) => html`<li>
                <span
                  >${msg(str`${entry.noteCount} notes, made ${shareDate(entry.createdAt)}, stops working ${shareDate(entry.expiresAt)}`)}${entry.maxViews
                    ? msg(str`, at most ${entry.maxViews} views`)
                    : nothing}</span
                >
                <button
                  type="button"
                  class="button secondary"
                  aria-label=${msg(str`Revoke the link made ${shareDate(entry.createdAt)}`)}
                  @click=${() => this.#revoke(entry)}
                >
                  ${msg('Revoke')}
                </button>
              </li>`,
            )}
          </ul>`
        : html`<p>${msg('No links that still work.')}</p>`}
      <p class="hint" role="status">${this._revokeMessage}</p>
    </section>`;
  }
}
