import { html, nothing, type TemplateResult } from 'lit';
import type { Trial } from '../../model/trial.ts';
import { clampHeadingLevel, subheadingLevel } from '../../internal/heading.ts';
import { trialContextLabel } from '../../internal/trial-context.ts';
import { TrialDataElement } from '../../internal/trial-data-element.ts';
import { buttonStyles, stateStyles, tokens } from '../../internal/tokens.styles.ts';
import type { PrescreenAnswer } from '../../model/contact.ts';
import type { TrialPrescreenChangeEvent } from '../trial-eligibility/trial-eligibility.events.ts';
import type { FaqEntry } from '../trial-faq/faq-content.ts';
import { widgetStyles } from './trial-widget.styles.ts';

/**
 * @summary The whole trial page from one data source: card, eligibility, contact form and FAQ,
 * all inside `<trial-notes>` so a reader can add private notes to any of it.
 *
 * @tag trial-widget
 *
 * @slot - The host page's own content, e.g. "call our research office on 555 0100": shown while the trial loads, then under the contact form's "More ways to reach us" (or after the sections with `no-contact`).
 *
 * @csspart sections - The grid holding the sections.
 * @csspart card - The `<trial-card>`.
 * @csspart eligibility - The `<trial-eligibility>`.
 * @csspart involvement - The `<trial-involvement>`: what taking part involves.
 * @csspart contact - The `<trial-contact-form>`.
 * @csspart faq - The `<trial-faq>`.
 * @csspart notes - The `<trial-notes>` wrapper.
 * @csspart skeleton - The loading placeholder.
 * @csspart state - The not-found or error message.
 * @csspart retry - The retry button of the error state.
 *
 * @cssprop --trial-widget-gap - Space between sections.
 *
 * @fires trial-error - The trial could not be loaded or read; `event.cause` says why.
 */
export class TrialWidget extends TrialDataElement {
  static override styles = [tokens, buttonStyles, stateStyles, widgetStyles];

  static override properties = {
    ...TrialDataElement.properties,
    headingLevel: { type: Number, attribute: 'heading-level' },
    contactEndpoint: { type: String, attribute: 'contact-endpoint' },
    notifyEndpoint: { type: String, attribute: 'notify-endpoint' },
    geocodeEndpoint: { type: String, attribute: 'geocode-endpoint' },
    shareEndpoint: { type: String, attribute: 'share-endpoint' },
    languages: { type: String },
    successTemplate: { type: String, attribute: 'success-template' },
    consentText: { type: String, attribute: 'consent-text' },
    distanceUnit: { type: String, attribute: 'distance-unit' },
    storageKey: { type: String, attribute: 'storage-key' },
    prescreen: { type: Boolean },
    noCard: { type: Boolean, attribute: 'no-card' },
    noEligibility: { type: Boolean, attribute: 'no-eligibility' },
    noInvolvement: { type: Boolean, attribute: 'no-involvement' },
    noContact: { type: Boolean, attribute: 'no-contact' },
    noFaq: { type: Boolean, attribute: 'no-faq' },
    noNotes: { type: Boolean, attribute: 'no-notes' },
    notesPanel: { type: String, attribute: 'notes-panel' },
    faq: { attribute: false },
    prescreenAnswers: { state: true },
  };

  /** Level of the trial title (2–6); section headings are one level below. */
  declare headingLevel: number;
  /** Where the contact form posts (`POST`, JSON). Without it the form shows contacts only. */
  declare contactEndpoint: string | undefined;
  /** Where the "notify me about other trials" sign-up posts. */
  declare notifyEndpoint: string | undefined;
  /** Where the contact form looks up a typed town or postal code, e.g. `/api/geocode`. */
  declare geocodeEndpoint: string | undefined;
  /** Comma-separated languages the study team speaks (the contact form's `languages`). */
  declare languages: string | undefined;
  /** Replaces the contact form's success message (its `success-template`). */
  declare successTemplate: string | undefined;
  /** The wording of the contact form's consent (its `consent-text`). */
  declare consentText: string | undefined;
  /** `km` or `mi` for distances to study centers. */
  declare distanceUnit: string | undefined;
  /** Share server for passcode-protected links; without it links carry the notes themselves. */
  declare shareEndpoint: string | undefined;
  /** Key under which notes are kept in this browser; defaults to the trial id. */
  declare storageKey: string | undefined;
  /** Lets the reader answer each criterion yes / no / not sure before getting in touch. */
  declare prescreen: boolean;
  /** Leave out the card. */
  declare noCard: boolean;
  /** Leave out the eligibility criteria. */
  declare noEligibility: boolean;
  /** Leave out what taking part involves (groups, outcomes, data sharing). */
  declare noInvolvement: boolean;
  /** Leave out the contact form. */
  declare noContact: boolean;
  /** Leave out the FAQ. */
  declare noFaq: boolean;
  /** Leave out private notes. */
  declare noNotes: boolean;
  /** Where the notes panel opens: `inline` (default) or `sheet` (the notes' `panel`). */
  declare notesPanel: string | undefined;
  /** Questions and markdown answers that replace the FAQ's defaults. */
  declare faq: FaqEntry[] | undefined;
  declare private prescreenAnswers: readonly PrescreenAnswer[];

  constructor() {
    super();
    this.headingLevel = 2;
    this.prescreen = false;
    this.noCard = false;
    this.noEligibility = false;
    this.noInvolvement = false;
    this.noContact = false;
    this.noFaq = false;
    this.noNotes = false;
    this.prescreenAnswers = [];
  }

  override render() {
    return this.renderLoadState((trial) => this.#renderSections(trial));
  }

  #onPrescreen = (event: TrialPrescreenChangeEvent) => {
    // The form shows these only behind its own consent tick box; the widget just hands them on.
    this.prescreenAnswers = event.answers;
  };

  #renderSections(trial: Trial): TemplateResult {
    const level = clampHeadingLevel(this.headingLevel, 2);
    const sub = subheadingLevel(level);
    const lang = this.lang || nothing;
    const sections = html`<div class="sections" part="sections">
      ${this.noCard ? nothing : html`<trial-card part="card" lang=${lang} heading-level=${level} .trial=${trial}></trial-card>`}
      ${this.noEligibility
        ? nothing
        : html`<trial-eligibility
            part="eligibility"
            lang=${lang}
            heading-level=${sub}
            ?prescreen=${this.prescreen}
            .trial=${trial}
            @trial-prescreen-change=${this.#onPrescreen}
          ></trial-eligibility>`}
      ${this.noInvolvement
        ? nothing
        : html`<trial-involvement part="involvement" lang=${lang} heading-level=${sub} .trial=${trial}></trial-involvement>`}
      ${this.noContact
        ? html`<div class="host-content"><slot></slot></div>`
        : html`<trial-contact-form
            part="contact"
            lang=${lang}
            heading-level=${sub}
            endpoint=${this.contactEndpoint ?? nothing}
            notify-endpoint=${this.notifyEndpoint ?? nothing}
            geocode-endpoint=${this.geocodeEndpoint ?? nothing}
            languages=${this.languages ?? nothing}
            success-template=${this.successTemplate ?? nothing}
            consent-text=${this.consentText ?? nothing}
            distance-unit=${this.distanceUnit ?? nothing}
            .trial=${trial}
            .prescreenAnswers=${this.prescreenAnswers}
            ><slot></slot
          ></trial-contact-form>`}
      ${this.noFaq ? nothing : html`<trial-faq part="faq" lang=${lang} heading-level=${sub} context=${trialContextLabel(trial)} .items=${this.faq}></trial-faq>`}
    </div>`;
    if (this.noNotes) return sections;
    return html`<trial-notes
      part="notes"
      lang=${lang}
      storage-key=${this.storageKey || trial.id}
      share-endpoint=${this.shareEndpoint ?? nothing}
      panel=${this.notesPanel ?? nothing}
      >${sections}</trial-notes
    >`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'trial-widget': TrialWidget;
  }
}
