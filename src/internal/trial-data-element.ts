/**
 * Base for every element that shows one trial. It resolves the data source with the
 * precedence of DESIGN.md §1 (property `trial`/`study`, inline JSON, `src`, `nct-id`), renders
 * the loading, not-found and error states, and never lets bad data throw out of the element.
 */
import { LitElement, html, isServer, type PropertyValues, type TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import { DEFAULT_API_BASE, loadTrial, studyUrl, trialFromJson, TrialLoadError } from '../data/trial-source.ts';
import type { Trial } from '../model/trial.ts';
import { TrialErrorEvent } from './trial-error-event.ts';
import { followLocale } from './localize.ts';
import { prepareLabelFormats } from './trial-labels.ts';

export type TrialLoadState =
  | { kind: 'empty' }
  | { kind: 'loading' }
  | { kind: 'ready'; trial: Trial }
  | { kind: 'error'; error: TrialLoadError };

const SOURCE_PROPERTIES = ['trial', 'study', 'src', 'nctId', 'apiBase'] as const;

// Once the code is here, the date formatter is made when the page is next idle, so that a trial
// that comes later (from the network, or an element a framework adds after load) renders
// without paying for the browser's first Intl formatter.
prepareLabelFormats();

export class TrialDataElement extends LitElement {
  static override properties = {
    trial: { attribute: false },
    study: { attribute: false },
    src: { type: String },
    nctId: { type: String, attribute: 'nct-id' },
    apiBase: { type: String, attribute: 'api-base' },
    loadState: { state: true },
  };

  /** A normalized Trial (checked against the schema). Takes precedence over every other source. */
  declare trial: unknown;
  /** A ClinicalTrials.gov v2 study record. */
  declare study: unknown;
  /** URL of one study as JSON, in either shape. */
  declare src: string | undefined;
  /** NCT number fetched from `api-base`. */
  declare nctId: string | undefined;
  /** Base of a ClinicalTrials.gov v2 compatible API; point it at a first-party proxy. */
  declare apiBase: string | undefined;
  /** Where loading stands; subclasses render from it. */
  declare protected loadState: TrialLoadState;

  #inlineJson: string | undefined;
  #request = 0;
  #childObserver: MutationObserver | undefined;
  /** Rendered by a server (declarative shadow DOM), so the first render must match its HTML. */
  #serverRendered: boolean;

  constructor() {
    super();
    this.loadState = { kind: 'empty' };
    this.#serverRendered = !isServer && this.shadowRoot !== null;
    followLocale(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // A CMS may insert the inline JSON after the element upgrades.
    this.#childObserver = new MutationObserver(() => this.#readInline());
    this.#childObserver.observe(this, { childList: true, subtree: true, characterData: true });
    this.#readInline();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#childObserver?.disconnect();
  }

  /** The trial once it is ready, else undefined. */
  get currentTrial(): Trial | undefined {
    return this.loadState.kind === 'ready' ? this.loadState.trial : undefined;
  }

  /** Loads the data source again, e.g. after a network error. */
  retry(): void {
    void this.#resolve();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (SOURCE_PROPERTIES.some((name) => (changed as PropertyValues).has(name))) void this.#resolve();
  }

  #readInline(): void {
    const script = this.querySelector(':scope > script[type="application/json"]');
    const text = script?.textContent ?? undefined;
    if (text === this.#inlineJson) return;
    this.#inlineJson = text;
    void this.#resolve();
  }

  async #resolve(): Promise<void> {
    const request = ++this.#request;
    const settle = (state: TrialLoadState) => {
      if (request !== this.#request) return; // a newer source won
      this.loadState = state;
      if (state.kind === 'error') this.dispatchEvent(new TrialErrorEvent(state.error));
    };
    try {
      if (this.trial !== undefined && this.trial !== null) return settle({ kind: 'ready', trial: trialFromJson(this.trial) });
      if (this.study !== undefined && this.study !== null) return settle({ kind: 'ready', trial: trialFromJson(this.study) });
      if (this.#inlineJson !== undefined) {
        let json: unknown;
        try {
          json = JSON.parse(this.#inlineJson);
        } catch {
          throw new TrialLoadError('parse', 'The inline trial data is not valid JSON.');
        }
        return settle({ kind: 'ready', trial: trialFromJson(json) });
      }
      const url = this.src || (this.nctId ? studyUrl(this.apiBase || DEFAULT_API_BASE, this.nctId) : undefined);
      if (!url) return settle({ kind: 'empty' });
      // A server render never fetches (relative URLs mean the page's, and the render is
      // synchronous): it shows the host's fallback content, and the browser loads.
      if (isServer) return settle({ kind: 'empty' });
      if (this.#serverRendered && !this.hasUpdated) {
        // Hydrate the server's fallback first, then show loading.
        await this.updateComplete;
        if (request !== this.#request) return;
      }
      settle({ kind: 'loading' });
      const trial = await loadTrial(url);
      settle({ kind: 'ready', trial });
    } catch (error) {
      settle({
        kind: 'error',
        error: error instanceof TrialLoadError ? error : new TrialLoadError('shape', 'The trial data could not be read.'),
      });
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if ((changed as PropertyValues).has('loadState')) {
      if (this.loadState.kind === 'loading') this.setAttribute('aria-busy', 'true');
      else this.removeAttribute('aria-busy');
    }
  }

  /** Renders the non-ready states, or `ready(trial)` once the trial is there. */
  protected renderLoadState(ready: (trial: Trial) => unknown): unknown {
    const state = this.loadState;
    switch (state.kind) {
      case 'ready':
        return ready(state.trial);
      case 'empty':
        return html`<slot></slot>`;
      case 'loading':
        return html`<div class="skeleton" part="skeleton" role="status">
          <span class="visually-hidden">${msg('Loading trial…')}</span>
          <span></span><span></span><span></span>
        </div>`;
      case 'error':
        return this.renderError(state.error);
    }
  }

  protected renderError(error: TrialLoadError): TemplateResult {
    if (error.kind === 'not-found') {
      return html`<div class="state not-found" part="state" role="status">
        <p>${msg('This trial was not found. It may have been withdrawn or its number may be wrong.')}</p>
      </div>`;
    }
    const retryable = error.kind === 'network' || error.kind === 'http';
    return html`<div class="state error" part="state error" role="alert">
      <p>${error.message}</p>
      ${retryable
        ? html`<button class="button secondary" part="retry" type="button" @click=${() => this.retry()}>${msg('Try again')}</button>`
        : html`<p>${msg('Please tell the owner of this page.')}</p>`}
    </div>`;
  }
}
