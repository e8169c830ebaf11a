/**
 * The share part of `<trial-notes>`, loaded on demand: a stand-in "Share notes…" button until
 * the reader asks to share (or the address holds a share link), then `<trial-notes-share>` from
 * share-define.ts with its dialogs and crypto. Neither is part of the first load.
 */
import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { msg } from '@lit/localize';
import type { DistinctNames } from './notes-names.ts';
import type { NoteImportResult, TrialNote } from './trial-note.ts';

/**
 * The fragment key of a share link (`SHARE_FRAGMENT_KEY` in src/model/share.ts, which a test
 * keeps equal); repeated here so that noticing a link does not load the share code.
 */
export const SHARE_LINK_MARK = 'trialkit-share=';

export function hasShareLink(address: string | undefined): boolean {
  const hash = address?.split('#')[1];
  return hash !== undefined && (hash.startsWith(SHARE_LINK_MARK) || hash.includes(`&${SHARE_LINK_MARK}`));
}

/** What the share part needs of `<trial-notes>`: its public API. */
export interface ShareHost extends ReactiveControllerHost, HTMLElement {
  readonly notes: readonly TrialNote[];
  importNotes(data: unknown): Promise<NoteImportResult>;
  readonly shareEndpoint: string | undefined;
  panelOpen: boolean;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

export interface ShareOptions {
  /** Tells the reader that the share code could not load. */
  failed(text: string): void;
  /** The trial id or page key the notes belong to. */
  trialId(): string;
  /** Names kept unique when the page has several `<trial-notes>`. */
  names: DistinctNames;
}

type ShareElement = HTMLElement & { updateComplete: Promise<unknown>; showShareDialog(): Promise<void> };

export class ShareOnDemand implements ReactiveController {
  readonly #host: ShareHost;
  readonly #options: ShareOptions;
  #loading: Promise<void> | undefined;
  /** Whether `<trial-notes-share>` is defined (by this element or another one on the page). */
  loaded: boolean;

  constructor(host: ShareHost, options: ShareOptions) {
    this.#host = host;
    this.#options = options;
    this.loaded = customElements.get('trial-notes-share') !== undefined;
    host.addController(this);
  }

  hostConnected(): void {
    // Another <trial-notes> may load the share dialog first; this one then shows it too.
    void customElements.whenDefined('trial-notes-share').then(() => {
      this.loaded = true;
      this.#host.requestUpdate();
    });
    // A received link: the panel opens, so that the dialog inside it shows and the notes can be read.
    if (hasShareLink(globalThis.location?.href)) this.#openLink();
    globalThis.addEventListener?.('hashchange', this.#onHashChange);
    this.#host.addEventListener('trial-share-open', this.#onShareOpened);
  }

  hostDisconnected(): void {
    globalThis.removeEventListener?.('hashchange', this.#onHashChange);
    this.#host.removeEventListener('trial-share-open', this.#onShareOpened);
  }

  /** Loads the share dialog once; a failed load can be tried again. */
  load(): Promise<void> {
    this.#loading ??= import('./share-define.ts').then(
      () => {
        this.loaded = true;
        this.#host.requestUpdate();
      },
      () => {
        this.#loading = undefined;
        this.#options.failed(msg('Sharing could not be loaded. Check your connection and try again.'));
      },
    );
    return this.#loading;
  }

  #openLink(): void {
    this.#host.panelOpen = true;
    if (!this.loaded) void this.load();
  }

  readonly #onHashChange = (): void => {
    if (hasShareLink(globalThis.location?.href)) this.#openLink();
  };

  /** Notes from a link were merged: show them. */
  readonly #onShareOpened = (): void => {
    this.#host.panelOpen = true;
  };

  /** The stand-in "Share notes…" button: load the dialog, then open it from its own button. */
  readonly #openOnDemand = async (): Promise<void> => {
    await this.load();
    if (!this.loaded) return;
    await this.#host.updateComplete;
    const share = this.#host.renderRoot.querySelector<ShareElement>('trial-notes-share');
    if (!share) return;
    await share.updateComplete;
    // Focus returns here when the dialog closes, so it must be the button that now exists.
    share.shadowRoot?.querySelector<HTMLElement>('[part="share-button"]')?.focus();
    await share.showShareDialog();
  };

  /** The received link's dialog closed with nowhere to return to: the first note, else the launcher. */
  readonly #afterReceivedShare = (): void => {
    const root = this.#host.renderRoot;
    const target = this.#host.panelOpen ? root.querySelector<HTMLElement>('.note') : undefined;
    (target ?? root.querySelector<HTMLElement>('.toggle'))?.focus();
  };

  render(): TemplateResult {
    const host = this.#host;
    const { names } = this.#options;
    if (this.loaded) {
      return html`<trial-notes-share
        .notes=${host.notes}
        .importer=${(data: unknown) => host.importNotes(data)}
        .shareEndpoint=${host.shareEndpoint}
        .trialId=${this.#options.trialId()}
        .context=${names.context()}
        .returnFocus=${this.#afterReceivedShare}
      ></trial-notes-share>`;
    }
    const label = msg('Share notes…');
    return html`<button
      type="button"
      class="button secondary"
      part="share-button"
      aria-label=${ifDefined(names.ariaLabel(label))}
      ?disabled=${!host.notes.length}
      @click=${this.#openOnDemand}
    >
      ${label}
    </button>`;
  }
}
