import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import {
  CONTACT_FIELDS,
  CONTACT_LIMITS,
  ContactSubmissionSchema,
  contactFieldErrors,
  NotifySignupSchema,
  type ChosenSite,
  type ContactField,
  type ContactSubmission,
  type FieldErrorCode,
  type PrescreenAnswer,
} from '../../model/contact.ts';
import { ctgovStudyUrl, isNctId, type Contact, type Site, type Trial } from '../../model/trial.ts';
import { deliver, newIdempotencyKey, type DeliveryOptions, type DeliveryResult } from '../../data/delivery.ts';
import {
  chooseContact,
  distanceUnitFor,
  formatDistance,
  initials,
  rankOpenSites,
  type ContactChoice,
  type RankedSite,
  type ReaderPlace,
} from '../../data/nearest-site.ts';
import { keepOutboxFlowing, Outbox, OutboxChangeEvent, pageOutbox, type OutboxEntry } from '../../data/outbox.ts';
import { clampHeadingLevel, renderHeading } from '../../internal/heading.ts';
import { dateTimeFormat } from '../../internal/intl-formats.ts';
import { formatLocale } from '../../internal/localize.ts';
import { TrialDataElement } from '../../internal/trial-data-element.ts';
import { statusLabel } from '../../internal/trial-labels.ts';
import { buttonStyles, stateStyles, tokens } from '../../internal/tokens.styles.ts';
import { contactFormStyles } from './trial-contact-form.styles.ts';
import {
  TrialContactBeforeSubmitEvent,
  TrialContactErrorEvent,
  TrialContactQueuedEvent,
  TrialContactSuccessEvent,
} from './trial-contact-form.events.ts';

export {
  TrialContactBeforeSubmitEvent,
  TrialContactErrorEvent,
  TrialContactQueuedEvent,
  TrialContactSuccessEvent,
} from './trial-contact-form.events.ts';

/** Open sites shown before "Show all study centers". */
const SITES_SHOWN = 5;

/** Studies whose readers may ask to take part through the form. */
const FORM_STATUSES = new Set(['RECRUITING', 'NOT_YET_RECRUITING', 'AVAILABLE']);

type Phase = 'form' | 'sending' | 'queued' | 'success';
type NotifyPhase = 'idle' | 'sending' | 'done' | 'error';
type TextField = 'firstName' | 'lastName' | 'email' | 'phone' | 'language' | 'message';
type FieldValues = Record<TextField, string> & { consent: boolean; prescreenConsent: boolean };

const EMPTY_VALUES: FieldValues = {
  firstName: '',
  lastName: '',
  email: '',
  phone: '',
  language: '',
  message: '',
  consent: false,
  prescreenConsent: false,
};

/** `autocomplete` tokens (WHATWG) so browsers and password managers can fill the form. */
const AUTOCOMPLETE: Record<TextField, string> = {
  firstName: 'given-name',
  lastName: 'family-name',
  email: 'email',
  phone: 'tel',
  language: 'language',
  message: 'off',
};

function roleLabel(role: string | undefined): string | undefined {
  switch (role) {
    case 'CONTACT':
      return msg('Study contact');
    case 'PRINCIPAL_INVESTIGATOR':
      return msg('Principal investigator');
    case 'SUB_INVESTIGATOR':
      return msg('Sub-investigator');
    case 'STUDY_DIRECTOR':
      return msg('Study director');
    case 'STUDY_CHAIR':
      return msg('Study chair');
    default:
      return undefined;
  }
}

function fieldMessage(field: ContactField, code: FieldErrorCode): string {
  switch (field) {
    case 'firstName':
      return code === 'too_long' ? msg(str`First name must be ${CONTACT_LIMITS.name} characters or fewer`) : msg('Enter your first name');
    case 'lastName':
      return code === 'too_long' ? msg(str`Last name must be ${CONTACT_LIMITS.name} characters or fewer`) : msg('Enter your last name');
    case 'email':
      if (code === 'required') return msg('Enter your email address');
      if (code === 'too_long') return msg(str`Email address must be ${CONTACT_LIMITS.email} characters or fewer`);
      return msg('Enter an email address in the correct format, like name@example.com');
    case 'phone':
      if (code === 'required') return msg('Enter your phone number');
      if (code === 'too_long') return msg(str`Phone number must be ${CONTACT_LIMITS.phone} characters or fewer`);
      return msg('Enter a phone number, like +1 555 010 0199');
    case 'language':
      return msg(str`Other language must be ${CONTACT_LIMITS.language} characters or fewer`);
    case 'message':
      return msg(str`Message must be ${CONTACT_LIMITS.message} characters or fewer`);
    case 'consent':
      return msg('Tick the box to agree before sending');
    default:
      return msg('Check this answer');
  }
}

function siteText(site: Site): ChosenSite {
  const chosen: ChosenSite = {};
  for (const key of ['facility', 'city', 'state', 'zip', 'country'] as const) {
    const value = site[key]?.slice(0, CONTACT_LIMITS.siteText);
    if (value) chosen[key] = value;
  }
  return chosen;
}

function place(site: Site): string {
  return [site.city, site.state, site.country].filter(Boolean).join(', ');
}

function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*([A-Z_]+)\s*\}\}/g, (whole, name: string) => values[name] ?? whole);
}

/**
 * @summary "Get in touch with the nearest study center": a site picker sorted by distance, the
 * chosen site's contact, and a contact form whose submissions reach the study team exactly once
 * (Idempotency-Key, retries, an outbox in the browser), then a "notify me" sign-up.
 *
 * Decisions worth knowing:
 * - The study center picked by default is the nearest open one with a contact who has an email
 *   address (the only kind a message can reach); a reader may pick another center, and the
 *   message names it. Without such a contact the central contact is shown, then a phone list.
 * - A typed place is matched against the sites' own postal codes, cities, states and countries
 *   (there is no geocoder); "Use my location" asks the browser, only when pressed.
 * - A message that cannot be delivered is saved in this browser's IndexedDB and sent when the
 *   page is online again or next loads; it is deleted once delivered, refused or 7 days old. The
 *   reader sees that it is waiting and can discard it.
 * - Spam guard: a hidden honeypot field (a filled one is answered as sent, and nothing is sent)
 *   and a minimum fill time (`min-fill-ms`; a faster submit is asked to send again).
 *
 * @tag trial-contact-form
 *
 * @slot - Shown while no data source is set, e.g. the host page's own contact details.
 *
 * @csspart base - The outer `<section>`.
 * @csspart heading - The main heading.
 * @csspart locate - The "Use my location" and city / postal code controls.
 * @csspart sites - The study center picker.
 * @csspart contact - The chosen contact: avatar, name, role, phone, email, languages.
 * @csspart avatar - The contact's initials.
 * @csspart phones - The phone list shown when no one can be reached by email.
 * @csspart form - The contact `<form>`.
 * @csspart error-summary - The list of problems shown after a failed submit.
 * @csspart field - One label + input group.
 * @csspart submit - The send button.
 * @csspart outbox - The "saved on this device" status line and its buttons.
 * @csspart success - The message shown after sending.
 * @csspart notify - The "notify me about other trials" sign-up.
 * @csspart state - The not recruiting, invitation-only, not found and error states.
 * @csspart skeleton - The loading placeholder.
 * @csspart retry - The retry button of the error state.
 *
 * @cssprop --trial-contact-avatar-size - Diameter of the initials avatar.
 * @cssprop --trial-color-accent - Buttons, links and the avatar.
 * @cssprop --trial-color-danger - Error text and borders.
 * @cssprop --trial-color-success - The success panel's border.
 * @cssprop --trial-font-family - Font of all text.
 *
 * @fires trial-contact-before-submit - Cancelable; before a valid submission is sent. `event.payload` may be extended (`payload.extra`).
 * @fires trial-contact-success - The server stored the submission.
 * @fires trial-contact-queued - Not delivered yet; saved on this device and retried later.
 * @fires trial-contact-error - Not sent: invalid, refused by the server, failed or not configured.
 * @fires trial-error - The trial could not be loaded or read; `event.cause` says why.
 */
export class TrialContactForm extends TrialDataElement {
  static override styles = [tokens, buttonStyles, stateStyles, contactFormStyles];

  static override properties = {
    ...TrialDataElement.properties,
    endpoint: { type: String },
    notifyEndpoint: { type: String, attribute: 'notify-endpoint' },
    headingLevel: { type: Number, attribute: 'heading-level' },
    consentText: { type: String, attribute: 'consent-text' },
    notifyConsentText: { type: String, attribute: 'notify-consent-text' },
    successTemplate: { type: String, attribute: 'success-template' },
    minFillMs: { type: Number, attribute: 'min-fill-ms' },
    distanceUnit: { type: String, attribute: 'distance-unit' },
    languages: { type: String },
    prescreenAnswers: { attribute: false },
    deliveryOptions: { attribute: false },
    phase: { state: true },
    values: { state: true },
    errors: { state: true },
    touched: { state: true },
    summaryShown: { state: true },
    formError: { state: true },
    readerPlace: { state: true },
    chosenSite: { state: true },
    allSitesShown: { state: true },
    locating: { state: true },
    locateMessage: { state: true },
    announcement: { state: true },
    queued: { state: true },
    notifyPhase: { state: true },
    notifyEmail: { state: true },
    notifyConsent: { state: true },
    notifyError: { state: true },
  };

  /** Where submissions are POSTed as JSON, e.g. `/api/contact`. */
  declare endpoint: string | undefined;
  /** Where the "notify me about other trials" sign-up is POSTed; the offer is hidden without it. */
  declare notifyEndpoint: string | undefined;
  /** Level of the main heading (2–6); sub-headings are one level below. */
  declare headingLevel: number;
  /** The wording of the required consent; stored with each submission. */
  declare consentText: string | undefined;
  /** The wording of the notify sign-up consent. */
  declare notifyConsentText: string | undefined;
  /** Shown after sending; `{{SITE_NAME}}` and `{{TRIAL_TITLE}}` are filled in. Plain text. */
  declare successTemplate: string | undefined;
  /** A submit sooner than this after the form appeared is treated as automated and not sent. */
  declare minFillMs: number;
  /** `km` or `mi`; by default from the locale (miles for the US and the UK). */
  declare distanceUnit: string | undefined;
  /** Comma-separated languages the study team speaks, overriding the trial's `languages`. */
  declare languages: string | undefined;
  /**
   * Answers from a pre-screen checklist (e.g. `<trial-eligibility prescreen>`). Sent only when
   * the reader ticks the separate consent shown when answers are present.
   */
  declare prescreenAnswers: PrescreenAnswer[] | undefined;
  /** Timeout and retry settings for delivery (see `DeliveryOptions`). */
  declare deliveryOptions: DeliveryOptions | undefined;

  declare private phase: Phase;
  declare private values: FieldValues;
  declare private errors: Partial<Record<ContactField, string>>;
  declare private touched: ReadonlySet<ContactField>;
  declare private summaryShown: boolean;
  declare private formError: string | undefined;
  declare private readerPlace: ReaderPlace;
  declare private chosenSite: number | undefined;
  declare private allSitesShown: boolean;
  declare private locating: boolean;
  declare private locateMessage: string;
  declare private announcement: string;
  declare private queued: OutboxEntry | undefined;
  declare private notifyPhase: NotifyPhase;
  declare private notifyEmail: string;
  declare private notifyConsent: boolean;
  declare private notifyError: string | undefined;

  #formShownAt: number | undefined;
  #sent: { site?: ChosenSite; trialTitle: string } | undefined;
  #releaseOutbox: (() => void) | undefined;
  #focusAfterRender: string | undefined;
  readonly #onOutboxChange = (event: Event) => this.#outboxChanged(event as OutboxChangeEvent);

  constructor() {
    super();
    this.headingLevel = 2;
    this.minFillMs = 2500;
    this.phase = 'form';
    this.values = { ...EMPTY_VALUES };
    this.errors = {};
    this.touched = new Set();
    this.summaryShown = false;
    this.readerPlace = {};
    this.allSitesShown = false;
    this.locating = false;
    this.locateMessage = '';
    this.announcement = '';
    this.notifyPhase = 'idle';
    this.notifyEmail = '';
    this.notifyConsent = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (Outbox.isSupported()) {
      pageOutbox().addEventListener('change', this.#onOutboxChange);
      this.#releaseOutbox = keepOutboxFlowing(pageOutbox());
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (Outbox.isSupported()) pageOutbox().removeEventListener('change', this.#onOutboxChange);
    this.#releaseOutbox?.();
    this.#releaseOutbox = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const c = changed as PropertyValues;
    if (c.has('loadState') || c.has('endpoint')) {
      this.chosenSite = undefined;
      void this.#findQueued();
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.#formShownAt === undefined && this.renderRoot.querySelector('form.contact')) this.#formShownAt = performance.now();
    const target = this.#focusAfterRender;
    if (target) {
      this.#focusAfterRender = undefined;
      this.renderRoot.querySelector<HTMLElement>(target)?.focus();
    }
  }

  override render() {
    return this.renderLoadState((trial) => this.#renderTrial(trial));
  }

  // ——— helpers ———

  /** The language the reader sees the form in; also sent so the study team can answer in it. */
  get #locale(): string {
    return formatLocale();
  }

  get #owner(): string {
    return `${this.#absoluteEndpoint ?? ''} ${this.currentTrial?.id ?? ''}`;
  }

  get #absoluteEndpoint(): string | undefined {
    if (!this.endpoint) return undefined;
    try {
      return new URL(this.endpoint, document.baseURI).href;
    } catch {
      return undefined;
    }
  }

  get #levels(): { main: number; sub: number } {
    const main = clampHeadingLevel(this.headingLevel, 2);
    return { main, sub: Math.min(6, main + 1) };
  }

  #languageList(trial: Trial): string[] {
    const raw = this.languages ? this.languages.split(',') : (trial.languages ?? []);
    const names = (() => {
      try {
        return new Intl.DisplayNames(this.#locale ? [this.#locale] : undefined, { type: 'language' });
      } catch {
        return undefined;
      }
    })();
    return raw
      .map((item) => item.trim())
      .filter(Boolean)
      .map((item) => {
        if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(item)) return item;
        try {
          return names?.of(item) ?? item;
        } catch {
          return item;
        }
      });
  }

  #ranking(trial: Trial) {
    return rankOpenSites(trial, this.readerPlace);
  }

  #choice(trial: Trial, ranked: readonly RankedSite[]): ContactChoice {
    return chooseContact(trial, ranked, this.chosenSite);
  }

  /** The site the reader chose, else the fallback chain's site, else the nearest. */
  #selectedSite(ranked: readonly RankedSite[], choice: ContactChoice): RankedSite | undefined {
    if (this.chosenSite !== undefined) return ranked.find((r) => r.index === this.chosenSite);
    return choice.kind === 'site' ? choice.site : ranked[0];
  }

  // ——— rendering ———

  #renderTrial(trial: Trial): TemplateResult {
    const { main } = this.#levels;
    const heading = renderHeading(main, msg('Get in touch with the nearest study center'), { id: 'heading', part: 'heading', className: 'heading' });
    let body: unknown;
    if (trial.status === 'ENROLLING_BY_INVITATION') body = this.#renderInvitationOnly(trial);
    else if (!FORM_STATUSES.has(trial.status)) body = this.#renderNotRecruiting(trial);
    else body = this.#renderOpen(trial);
    return html`<section part="base" aria-labelledby="heading">
      ${heading} ${body}
      <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>
    </section>`;
  }

  #renderNotRecruiting(trial: Trial): TemplateResult {
    const status = statusLabel(trial.status === 'UNKNOWN' && trial.lastKnownStatus ? trial.lastKnownStatus : trial.status);
    return html`<div class="state closed" part="state">
      <p class="state-title"><strong>${msg('This study is not recruiting.')}</strong></p>
      <p>${msg(str`Its status is "${status}", so the study team is not taking requests to join through this form.`)}</p>
      ${isNctId(trial.id)
        ? html`<p>
            <a href=${ctgovStudyUrl(trial.id)} target="_blank" rel="noopener noreferrer"
              >${msg('See this study on ClinicalTrials.gov')}<span class="visually-hidden"> ${msg('(opens in a new tab)')}</span></a
            >
          </p>`
        : nothing}
    </div>`;
  }

  #renderInvitationOnly(trial: Trial): TemplateResult {
    const central = chooseContact(trial, []);
    return html`<div class="state invitation" part="state">
      <p class="state-title"><strong>${msg('This study is enrolling by invitation.')}</strong></p>
      <p>${msg('The study team invites participants, for example from a clinic they already work with, so it does not take requests to join through this form.')}</p>
      ${central.kind === 'central'
        ? html`<p>${msg('For questions about the study:')}</p>
            ${this.#renderContact(central.contact, trial, undefined)}`
        : nothing}
    </div>`;
  }

  #renderOpen(trial: Trial): TemplateResult {
    const ranking = this.#ranking(trial);
    const choice = this.#choice(trial, ranking.sites);
    const selected = this.#selectedSite(ranking.sites, choice);
    return html`${ranking.sites.length > 1 ? this.#renderLocate() : nothing}
    ${ranking.sites.length ? this.#renderSites(ranking.sites, selected) : nothing} ${this.#renderChoice(trial, choice, selected)}
    ${this.#renderPhase(trial, selected)}`;
  }

  #renderLocate(): TemplateResult {
    const canLocate = typeof navigator !== 'undefined' && 'geolocation' in navigator;
    return html`<div class="locate" part="locate">
      ${canLocate
        ? html`<button class="button secondary" type="button" ?disabled=${this.locating} @click=${this.#useLocation}>
            ${msg('Use my location')}
          </button>`
        : nothing}
      <form class="place" role="search" aria-label=${msg('Find the nearest study center')} @submit=${this.#findPlace}>
        <label for="place">${canLocate ? msg('Or enter a city or postal code') : msg('Enter a city or postal code')}</label>
        <span class="place-row">
          <input id="place" name="place" type="text" autocomplete="postal-code" />
          <button class="button secondary" type="submit">${msg('Find')}</button>
        </span>
      </form>
      <p class="locate-status" role="status">${this.locateMessage}</p>
    </div>`;
  }

  #renderSites(sites: readonly RankedSite[], selected: RankedSite | undefined): TemplateResult {
    const unit = this.distanceUnit === 'mi' ? 'mile' : this.distanceUnit === 'km' ? 'kilometer' : distanceUnitFor(this.#locale);
    const shown = this.allSitesShown || sites.length <= SITES_SHOWN ? [...sites] : sites.slice(0, SITES_SHOWN);
    // Keep the chosen site visible even when it is beyond the first few.
    if (selected && !shown.includes(selected)) shown.push(selected);
    return html`<fieldset class="sites" part="sites">
      <legend>${msg('Study center')}</legend>
      <ul>
        ${shown.map(
          (entry) => html`<li>
            <input
              type="radio"
              name="site"
              id="site-${entry.index}"
              .checked=${entry === selected}
              @change=${() => (this.chosenSite = entry.index)}
            />
            <label for="site-${entry.index}">
              <span class="site-name">${entry.site.facility ?? place(entry.site)}</span>
              ${entry.site.facility && place(entry.site) ? html`<span class="site-place">${place(entry.site)}</span>` : nothing}
              ${entry.distanceKm !== undefined
                ? html`<span class="site-distance">${msg(str`${formatDistance(entry.distanceKm, unit, this.#locale)} away`)}</span>`
                : nothing}
              ${entry.site.status === 'NOT_YET_RECRUITING' ? html`<span class="site-status">${msg('Not yet recruiting')}</span>` : nothing}
            </label>
          </li>`,
        )}
      </ul>
      ${sites.length > SITES_SHOWN
        ? html`<button class="link-button" type="button" aria-expanded=${this.allSitesShown ? 'true' : 'false'} @click=${() => (this.allSitesShown = !this.allSitesShown)}>
            ${this.allSitesShown ? msg('Show fewer study centers') : msg(str`Show all ${sites.length} study centers`)}
          </button>`
        : nothing}
    </fieldset>`;
  }

  #renderChoice(trial: Trial, choice: ContactChoice, selected: RankedSite | undefined): unknown {
    switch (choice.kind) {
      case 'site': {
        const other = selected && choice.site !== selected;
        return html`${other
          ? html`<p class="note">${msg('No contact is listed for the center you chose; this is the nearest center with one.')}</p>`
          : nothing}
        ${this.#renderContact(choice.contact, trial, choice.site.site)}`;
      }
      case 'central':
        return html`<p class="note">${msg('No contact is listed at the study centers; the study’s central contact will answer.')}</p>
          ${this.#renderContact(choice.contact, trial, undefined)}`;
      case 'phones':
        return html`<div class="phones" part="phones">
          <p>${msg('No one at the study centers can be reached by email. You can call:')}</p>
          <ul>
            ${choice.phones.map(
              (p) => html`<li>
                ${p.place ? html`<span class="phone-place">${p.place}</span>` : nothing}
                ${p.name ? html`<span>${p.name}</span>` : nothing}
                <a href="tel:${p.phone.replace(/[^\d+]/g, '')}">${p.phone}</a>${p.phoneExt ? html` ${msg(str`extension ${p.phoneExt}`)}` : nothing}
              </li>`,
            )}
          </ul>
        </div>`;
      case 'none':
        return nothing;
    }
  }

  #renderContact(contact: Contact, trial: Trial, site: Site | undefined): TemplateResult {
    const role = roleLabel(contact.role);
    const languages = this.#languageList(trial);
    const letters = initials(contact.name);
    return html`<div class="person" part="contact">
      ${letters ? html`<span class="avatar" part="avatar" aria-hidden="true">${letters}</span>` : nothing}
      <div class="contact-text">
        ${contact.name ? html`<p class="contact-name">${contact.name}</p>` : nothing}
        ${role || site?.facility
          ? html`<p class="contact-role">${[role, site?.facility].filter(Boolean).join(' · ')}</p>`
          : nothing}
        ${contact.phone
          ? html`<p>
              <span class="visually-hidden">${msg('Phone:')}</span>
              <a href="tel:${contact.phone.replace(/[^\d+]/g, '')}">${contact.phone}</a>${contact.phoneExt
                ? html` ${msg(str`extension ${contact.phoneExt}`)}`
                : nothing}
            </p>`
          : nothing}
        ${contact.email
          ? html`<p><span class="visually-hidden">${msg('Email:')}</span> <a href="mailto:${contact.email}">${contact.email}</a></p>`
          : nothing}
        ${languages.length
          ? html`<p class="contact-languages">${msg('Other languages supported:')} ${languages.join(', ')}</p>`
          : nothing}
      </div>
    </div>`;
  }

  #renderPhase(trial: Trial, selected: RankedSite | undefined): unknown {
    switch (this.phase) {
      case 'success':
        return this.#renderSuccess(trial);
      case 'queued':
        return this.#renderQueued();
      default:
        return this.#renderForm(trial, selected);
    }
  }

  #renderForm(trial: Trial, selected: RankedSite | undefined): TemplateResult {
    const { sub } = this.#levels;
    const sending = this.phase === 'sending';
    const shownErrors = CONTACT_FIELDS.filter((f) => this.errors[f] && (this.summaryShown || this.touched.has(f)));
    return html`<div class="message">
      ${renderHeading(sub, msg('Send a message'), { id: 'form-heading' })}
      <p class="intro">${msg('Enter your contact details to connect with study team')}</p>
      ${this.summaryShown && shownErrors.length ? this.#renderSummary(shownErrors) : nothing}
      ${this.formError ? html`<div class="form-error" part="form-error" role="alert">${this.formError}</div>` : nothing}
      <form
        class="contact"
        part="form"
        novalidate
        aria-labelledby="form-heading"
        aria-busy=${sending ? 'true' : 'false'}
        @submit=${(event: SubmitEvent) => this.#submit(event, trial, selected)}
        @focusout=${this.#onFocusOut}
        @input=${this.#onInput}
        @change=${this.#onInput}
      >
        <p class="required-note">${msg('Fields marked * are required.')}</p>
        <div class="name-row">
          ${this.#renderInput('firstName', msg('First name'), { required: true })}
          ${this.#renderInput('lastName', msg('Last name'), { required: true })}
        </div>
        ${this.#renderInput('email', msg('Email'), { required: true, type: 'email', inputmode: 'email' })}
        ${this.#renderInput('phone', msg('Phone number'), { required: true, type: 'tel', inputmode: 'tel' })}
        ${this.#renderInput('language', msg('Other language'), {
          hint: msg('If you would like the study team to speak with you in another language, name it here.'),
        })}
        ${this.#renderMessage()} ${this.#renderConsent()} ${this.#renderPrescreenConsent()}
        <div class="hp" aria-hidden="true">
          <label for="website">${msg('Leave this field empty')}</label>
          <input id="website" name="website" type="text" tabindex="-1" autocomplete="off" />
        </div>
        <button class="button" part="submit" type="submit" ?disabled=${sending}>
          ${sending ? msg('Sending…') : msg('Send message')}
        </button>
      </form>
    </div>`;
  }

  #errorFor(field: ContactField): string | undefined {
    return this.summaryShown || this.touched.has(field) ? this.errors[field] : undefined;
  }

  #renderInput(
    field: Exclude<TextField, 'message'>,
    label: string,
    options: { required?: boolean; type?: string; inputmode?: string; hint?: string } = {},
  ): TemplateResult {
    const error = this.#errorFor(field);
    const describedBy = [options.hint ? `${field}-hint` : '', error ? `${field}-error` : ''].filter(Boolean).join(' ');
    return html`<div class="field ${error ? 'invalid' : ''}" part="field">
      <label for=${field}>${label}${options.required ? html`<span class="required" aria-hidden="true">*</span>` : nothing}</label>
      ${options.hint ? html`<p class="hint" id="${field}-hint">${options.hint}</p>` : nothing}
      ${error ? html`<p class="field-error" id="${field}-error"><span class="visually-hidden">${msg('Error:')}</span> ${error}</p>` : nothing}
      <input
        id=${field}
        name=${field}
        type=${options.type ?? 'text'}
        inputmode=${options.inputmode ?? nothing}
        autocomplete=${AUTOCOMPLETE[field]}
        ?required=${options.required ?? false}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${describedBy || nothing}
        .value=${this.values[field]}
      />
    </div>`;
  }

  #renderMessage(): TemplateResult {
    const error = this.#errorFor('message');
    return html`<div class="field ${error ? 'invalid' : ''}" part="field">
      <label for="message">${msg('Message (optional)')}</label>
      ${error ? html`<p class="field-error" id="message-error"><span class="visually-hidden">${msg('Error:')}</span> ${error}</p>` : nothing}
      <textarea
        id="message"
        name="message"
        rows="4"
        autocomplete="off"
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? 'message-error' : nothing}
        .value=${this.values.message}
      ></textarea>
    </div>`;
  }

  get #consentWording(): string {
    return (
      this.consentText?.trim() ||
      msg('I agree that the study team may contact me about this study and keep the details I give here for that purpose.')
    );
  }

  #renderConsent(): TemplateResult {
    const error = this.#errorFor('consent');
    return html`<div class="field checkbox ${error ? 'invalid' : ''}" part="field">
      ${error ? html`<p class="field-error" id="consent-error"><span class="visually-hidden">${msg('Error:')}</span> ${error}</p>` : nothing}
      <input
        id="consent"
        name="consent"
        type="checkbox"
        required
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? 'consent-error' : nothing}
        .checked=${this.values.consent}
      />
      <label for="consent">${this.#consentWording}<span class="required" aria-hidden="true">*</span></label>
    </div>`;
  }

  #renderPrescreenConsent(): unknown {
    const count = this.prescreenAnswers?.length ?? 0;
    if (!count) return nothing;
    return html`<div class="field checkbox" part="field">
      <input id="prescreenConsent" name="prescreenConsent" type="checkbox" .checked=${this.values.prescreenConsent} />
      <label for="prescreenConsent"
        >${msg(str`Also send my answers to the pre-screening questions (${count}) to the study team.`)}
        <span class="hint">${msg('They help the team prepare; they do not decide whether you can take part.')}</span></label
      >
    </div>`;
  }

  #renderSummary(fields: readonly ContactField[]): TemplateResult {
    const { sub } = this.#levels;
    return html`<div class="error-summary" part="error-summary" tabindex="-1" aria-labelledby="error-summary-title">
      ${renderHeading(sub, msg('There is a problem'), { id: 'error-summary-title' })}
      <ul>
        ${fields.map(
          (field) => html`<li>
            <a href="#${field}" @click=${(event: Event) => this.#focusField(event, field)}>${this.errors[field]}</a>
          </li>`,
        )}
      </ul>
    </div>`;
  }

  #renderQueued(): TemplateResult {
    const entry = this.queued;
    const when = entry
      ? dateTimeFormat(this.#locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(entry.createdAt))
      : '';
    return html`<div class="outbox" part="outbox" tabindex="-1">
      <p>
        <strong>${msg('Your message has not been sent yet.')}</strong>
        ${msg(str`It is saved on this device (since ${when}) and will be sent when you are back online.`)}
      </p>
      <p class="hint">${msg('If it cannot be sent within 7 days it is deleted from this device.')}</p>
      <p class="outbox-actions">
        <button class="button secondary" type="button" @click=${this.#sendQueuedNow}>${msg('Try again now')}</button>
        <button class="button secondary" type="button" @click=${this.#discardQueued}>${msg('Discard message')}</button>
      </p>
    </div>`;
  }

  #renderSuccess(trial: Trial): TemplateResult {
    const { sub } = this.#levels;
    const siteName = this.#sent?.site?.facility || trial.sponsor || msg('the study');
    const template =
      this.successTemplate?.trim() ||
      msg(
        'We have submitted the contact information you provided to the research team at {{SITE_NAME}}. A copy of the message has been sent to your email for your records.',
      );
    const text = fillTemplate(template, { SITE_NAME: siteName, TRIAL_TITLE: this.#sent?.trialTitle ?? trial.title });
    return html`<div class="success" part="success" tabindex="-1">
        ${renderHeading(sub, msg('Message sent'))}
        <p>${text}</p>
      </div>
      ${this.notifyEndpoint ? this.#renderNotify() : nothing}`;
  }

  get #notifyConsentWording(): string {
    return this.notifyConsentText?.trim() || msg('Email me about other trials I may be able to join. I can unsubscribe at any time.');
  }

  #renderNotify(): TemplateResult {
    const { sub } = this.#levels;
    if (this.notifyPhase === 'done') {
      return html`<div class="notify" part="notify" tabindex="-1">
        <p>${msg('You are signed up. We will email you about other trials.')}</p>
      </div>`;
    }
    const sending = this.notifyPhase === 'sending';
    return html`<div class="notify" part="notify">
      ${renderHeading(sub, msg('Would you like to be notified about other trials?'), { id: 'notify-heading' })}
      <p>${msg('Sign up for Patient Notification Services.')}</p>
      ${this.notifyError ? html`<p class="form-error" role="alert">${this.notifyError}</p>` : nothing}
      <form class="notify-form" novalidate aria-labelledby="notify-heading" @submit=${this.#submitNotify}>
        <div class="field" part="field">
          <label for="notify-email">${msg('Email')}</label>
          <input
            id="notify-email"
            type="email"
            autocomplete="email"
            .value=${this.notifyEmail}
            @input=${(e: Event) => (this.notifyEmail = (e.target as HTMLInputElement).value)}
          />
        </div>
        <div class="field checkbox" part="field">
          <input
            id="notify-consent"
            type="checkbox"
            .checked=${this.notifyConsent}
            @change=${(e: Event) => (this.notifyConsent = (e.target as HTMLInputElement).checked)}
          />
          <label for="notify-consent">${this.#notifyConsentWording}</label>
        </div>
        <button class="button" type="submit" ?disabled=${sending}>${sending ? msg('Signing up…') : msg('Sign up')}</button>
      </form>
    </div>`;
  }

  // ——— form behaviour ———

  #readForm(): FieldValues {
    const root = this.renderRoot;
    const text = (id: string) => root.querySelector<HTMLInputElement | HTMLTextAreaElement>(`#${id}`)?.value ?? '';
    const checked = (id: string) => root.querySelector<HTMLInputElement>(`#${id}`)?.checked ?? false;
    return {
      firstName: text('firstName'),
      lastName: text('lastName'),
      email: text('email'),
      phone: text('phone'),
      language: text('language'),
      message: text('message'),
      consent: checked('consent'),
      prescreenConsent: checked('prescreenConsent'),
    };
  }

  #buildPayload(trial: Trial, values: FieldValues, site: Site | undefined): Record<string, unknown> {
    const optional = (value: string) => (value.trim() ? value : undefined);
    const answers = this.prescreenAnswers ?? [];
    const payload: Record<string, unknown> = {
      trialId: trial.id,
      trialTitle: trial.title.slice(0, CONTACT_LIMITS.trialTitle),
      site: site ? siteText(site) : undefined,
      firstName: values.firstName,
      lastName: values.lastName,
      email: values.email,
      phone: values.phone,
      language: optional(values.language),
      message: optional(values.message),
      consent: values.consent,
      consentText: this.#consentWording,
      prescreen: values.prescreenConsent && answers.length ? { consent: true, answers } : undefined,
      locale: this.#locale?.slice(0, 35),
    };
    for (const key of Object.keys(payload)) if (payload[key] === undefined) delete payload[key];
    return payload;
  }

  /** Errors of the reader's own fields, in localized words. */
  #validate(payload: Record<string, unknown>): Partial<Record<ContactField, string>> {
    const parsed = ContactSubmissionSchema.safeParse(payload);
    if (parsed.success) return {};
    const found = contactFieldErrors(parsed.error);
    const errors: Partial<Record<ContactField, string>> = {};
    for (const field of CONTACT_FIELDS) {
      const error = found[field];
      if (error) errors[field] = fieldMessage(field, error.code);
    }
    return errors;
  }

  #revalidate(): void {
    const trial = this.currentTrial;
    if (!trial) return;
    this.values = this.#readForm();
    this.errors = this.#validate(this.#buildPayload(trial, this.values, undefined));
  }

  readonly #onFocusOut = (event: FocusEvent) => {
    const target = event.target as HTMLInputElement;
    const field = target.name as ContactField;
    if (!(CONTACT_FIELDS as readonly string[]).includes(field)) return;
    // A field counts as touched once the reader leaves it having typed something, or on submit.
    if (target.type !== 'checkbox' && !target.value && !this.touched.has(field)) return;
    this.touched = new Set([...this.touched, field]);
    this.#revalidate();
  };

  readonly #onInput = () => {
    this.values = this.#readForm();
    if (this.touched.size || this.summaryShown) this.#revalidate();
  };

  #focusField(event: Event, field: ContactField): void {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLElement>(`#${field}`);
    input?.focus();
    input?.scrollIntoView?.({ block: 'center' });
  }

  #announce(text: string): void {
    // Clearing first makes screen readers announce a repeated message again.
    this.announcement = '';
    void this.updateComplete.then(() => (this.announcement = text));
  }

  async #submit(event: SubmitEvent, trial: Trial, selected: RankedSite | undefined): Promise<void> {
    event.preventDefault();
    if (this.phase === 'sending') return;
    this.formError = undefined;
    const form = event.target as HTMLFormElement;
    const values = this.#readForm();
    this.values = values;

    // Spam guard: a filled honeypot is answered as if sent; nothing leaves the page.
    const honeypot = form.querySelector<HTMLInputElement>('#website')?.value ?? '';
    if (honeypot) {
      this.#sent = { trialTitle: trial.title, ...(selected ? { site: siteText(selected.site) } : {}) };
      this.phase = 'success';
      return;
    }

    const payload = this.#buildPayload(trial, values, selected?.site);
    const errors = this.#validate(payload);
    this.errors = errors;
    this.touched = new Set(CONTACT_FIELDS);
    const problems = Object.keys(errors).length;
    if (problems) {
      this.summaryShown = true;
      this.#focusAfterRender = '.error-summary';
      this.#announce(problems === 1 ? msg('There is 1 problem to fix.') : msg(str`There are ${problems} problems to fix.`));
      this.dispatchEvent(new TrialContactErrorEvent({ kind: 'invalid', fields: Object.keys(errors) }));
      return;
    }
    this.summaryShown = false;

    // A submit sooner than a person could fill the form in is treated as automated.
    if (this.#formShownAt !== undefined && performance.now() - this.#formShownAt < this.minFillMs) {
      this.formError = msg('Please check your details, then send the form again.');
      return;
    }

    const endpoint = this.#absoluteEndpoint;
    if (!endpoint) {
      this.formError = msg('This form cannot send messages yet: no address to send them to is set. Please tell the owner of this page.');
      this.dispatchEvent(new TrialContactErrorEvent({ kind: 'config' }));
      return;
    }

    // Fields the reader cannot fix (pre-screen answers, a long trial id) are the page's problem.
    const whole = ContactSubmissionSchema.safeParse(payload);
    if (!whole.success) {
      this.formError = msg('This message could not be sent because the page added data that is not valid. Please tell the owner of this page.');
      this.dispatchEvent(new TrialContactErrorEvent({ kind: 'invalid', fields: Object.keys(contactFieldErrors(whole.error)) }));
      return;
    }
    const before = new TrialContactBeforeSubmitEvent(whole.data);
    if (!this.dispatchEvent(before)) return;
    const checked = ContactSubmissionSchema.safeParse(before.payload);
    if (!checked.success) {
      this.formError = msg('This message could not be sent because the page added data that is not valid. Please tell the owner of this page.');
      this.dispatchEvent(new TrialContactErrorEvent({ kind: 'invalid', fields: Object.keys(contactFieldErrors(checked.error)) }));
      return;
    }
    await this.#deliver(endpoint, checked.data, trial);
  }

  async #deliver(endpoint: string, payload: ContactSubmission, trial: Trial): Promise<void> {
    const key = newIdempotencyKey();
    const info = { idempotencyKey: key, trialId: payload.trialId, ...(payload.site ? { site: payload.site } : {}) };
    this.phase = 'sending';
    this.#announce(msg('Sending your message…'));
    const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
    const result: DeliveryResult = offline
      ? { kind: 'failed', reason: 'network', attempts: 0 }
      : await deliver(endpoint, payload, key, { timeoutMs: 8000, maxAttempts: 3, ...this.deliveryOptions });

    if (result.kind === 'delivered') {
      const id = (result.body as { id?: unknown } | undefined)?.id;
      this.#succeeded(payload, trial.title);
      this.dispatchEvent(new TrialContactSuccessEvent({ ...info, ...(typeof id === 'string' ? { id } : {}), fromOutbox: false }));
      return;
    }
    if (result.kind === 'rejected') {
      this.phase = 'form';
      this.#showRejection(result.status, result.fieldErrors, result.message);
      return;
    }
    // Not delivered: keep it on this device and say so plainly.
    if (Outbox.isSupported()) {
      try {
        this.queued = await pageOutbox().add({ id: key, kind: 'contact', endpoint, payload, owner: this.#owner });
        this.phase = 'queued';
        this.#focusAfterRender = '.outbox';
        this.#announce(msg('Your message is saved on this device and will be sent when you are back online.'));
        this.dispatchEvent(new TrialContactQueuedEvent(info));
        return;
      } catch {
        // Storage refused (private mode, quota): fall through to "not sent".
      }
    }
    this.phase = 'form';
    this.formError = msg('Your message could not be sent and could not be saved on this device. Please try again later.');
    this.#announce(this.formError);
    this.dispatchEvent(new TrialContactErrorEvent({ kind: 'failed', ...(result.status ? { status: result.status } : {}) }));
  }

  #succeeded(payload: ContactSubmission, trialTitle: string): void {
    this.#sent = { trialTitle, ...(payload.site ? { site: payload.site } : {}) };
    this.phase = 'success';
    this.queued = undefined;
    this.notifyEmail = payload.email;
    this.values = { ...EMPTY_VALUES };
    this.touched = new Set();
    this.errors = {};
    this.#focusAfterRender = '.success';
    this.#announce(msg('Your message was sent.'));
  }

  #showRejection(status: number, fields: Record<string, { code: string; message: string }>, message: string | undefined): void {
    const errors: Partial<Record<ContactField, string>> = {};
    for (const field of CONTACT_FIELDS) {
      const error = fields[field];
      if (error) {
        const code = (['required', 'format', 'too_long', 'invalid'] as const).find((c) => c === error.code) ?? 'format';
        errors[field] = fieldMessage(field, code);
      }
    }
    const named = Object.keys(errors).length;
    if (named) {
      this.errors = errors;
      this.touched = new Set(CONTACT_FIELDS);
      this.summaryShown = true;
      this.#focusAfterRender = '.error-summary';
      this.#announce(named === 1 ? msg('There is 1 problem to fix.') : msg(str`There are ${named} problems to fix.`));
    } else {
      this.formError =
        status === 413
          ? msg('Your message is too long to send. Please shorten it and try again.')
          : msg('The study team’s server did not accept this message. Please check your details or contact the study team by phone.');
      void message; // the server's own wording is for developers; readers get ours
      this.#announce(this.formError);
    }
    this.dispatchEvent(new TrialContactErrorEvent({ kind: 'rejected', status, fields: Object.keys(fields) }));
  }

  // ——— outbox ———

  async #findQueued(): Promise<void> {
    if (!Outbox.isSupported() || !this.currentTrial || !this.#absoluteEndpoint) return;
    const owner = this.#owner;
    try {
      const entry = (await pageOutbox().list()).find((e) => e.kind === 'contact' && e.owner === owner);
      if (entry && this.phase === 'form' && owner === this.#owner) {
        this.queued = entry;
        this.phase = 'queued';
      }
    } catch {
      // No outbox (storage blocked): nothing was saved, nothing to show.
    }
  }

  #outboxChanged(event: OutboxChangeEvent): void {
    const entry = event.entry;
    if (!entry || entry.owner !== this.#owner || entry.kind !== 'contact') return;
    const payload = entry.payload as ContactSubmission;
    const info = { idempotencyKey: entry.id, trialId: payload.trialId, ...(payload.site ? { site: payload.site } : {}) };
    if (event.change === 'delivered') {
      if (this.phase === 'success') return;
      const body = event.result?.kind === 'delivered' ? (event.result.body as { id?: unknown } | undefined) : undefined;
      this.#succeeded(payload, payload.trialTitle ?? this.currentTrial?.title ?? '');
      this.dispatchEvent(new TrialContactSuccessEvent({ ...info, ...(typeof body?.id === 'string' ? { id: body.id } : {}), fromOutbox: true }));
    } else if (event.change === 'rejected' || event.change === 'expired') {
      if (this.queued?.id !== entry.id) return;
      this.queued = undefined;
      this.phase = 'form';
      // Give the reader their words back so nothing is lost silently.
      this.values = {
        ...EMPTY_VALUES,
        firstName: payload.firstName ?? '',
        lastName: payload.lastName ?? '',
        email: payload.email ?? '',
        phone: payload.phone ?? '',
        language: payload.language ?? '',
        message: payload.message ?? '',
      };
      if (event.change === 'rejected' && event.result?.kind === 'rejected') {
        this.#showRejection(event.result.status, event.result.fieldErrors, event.result.message);
      } else {
        this.formError = msg('Your saved message was not sent within 7 days and was deleted from this device. Please send it again.');
      }
    } else if (event.change === 'removed' && this.queued?.id === entry.id) {
      this.queued = undefined;
      this.phase = 'form';
    }
  }

  readonly #sendQueuedNow = async () => {
    const entry = this.queued;
    if (!entry) return;
    this.#announce(msg('Trying to send your message…'));
    const report = await pageOutbox().flush();
    if (report.pending.some((e) => e.id === entry.id)) this.#announce(msg('Still not sent. It stays saved on this device.'));
  };

  readonly #discardQueued = async () => {
    const entry = this.queued;
    if (!entry) return;
    await pageOutbox().remove(entry.id);
    this.queued = undefined;
    this.phase = 'form';
    this.formError = undefined;
    this.#announce(msg('Your saved message was deleted from this device.'));
  };

  // ——— site picker ———

  readonly #useLocation = () => {
    if (!('geolocation' in navigator)) return;
    this.locating = true;
    this.locateMessage = msg('Finding your location…');
    navigator.geolocation.getCurrentPosition(
      (position) => {
        this.locating = false;
        this.readerPlace = { geo: { lat: position.coords.latitude, lon: position.coords.longitude } };
        this.chosenSite = undefined;
        this.locateMessage = msg('Study centers are sorted by distance from your location.');
      },
      (error) => {
        this.locating = false;
        this.locateMessage =
          error.code === 1
            ? msg('Your location is not shared with this page. Enter a city or postal code instead.')
            : msg('Your location could not be found. Enter a city or postal code instead.');
      },
      { enableHighAccuracy: false, timeout: 10_000, maximumAge: 10 * 60_000 },
    );
  };

  readonly #findPlace = (event: SubmitEvent) => {
    event.preventDefault();
    const trial = this.currentTrial;
    const query = this.renderRoot.querySelector<HTMLInputElement>('#place')?.value.trim() ?? '';
    if (!trial) return;
    if (!query) {
      this.readerPlace = {};
      this.locateMessage = msg('Enter a city or postal code.');
      return;
    }
    this.readerPlace = { query };
    this.chosenSite = undefined;
    this.locateMessage = rankOpenSites(trial, { query }).matched
      ? msg(str`Study centers are sorted by distance from ${query}.`)
      : msg(str`No study center matched "${query}". All open centers are listed.`);
  };

  // ——— notify sign-up ———

  readonly #submitNotify = async (event: SubmitEvent) => {
    event.preventDefault();
    const endpoint = this.notifyEndpoint ? new URL(this.notifyEndpoint, document.baseURI).href : undefined;
    if (!endpoint || this.notifyPhase === 'sending') return;
    const trial = this.currentTrial;
    const parsed = NotifySignupSchema.safeParse({
      email: this.notifyEmail,
      consent: this.notifyConsent,
      consentText: this.#notifyConsentWording,
      ...(trial ? { trialId: trial.id.slice(0, CONTACT_LIMITS.trialId), conditions: trial.conditions.slice(0, 20).map((c) => c.slice(0, CONTACT_LIMITS.siteText)) } : {}),
      ...(this.#locale ? { locale: this.#locale.slice(0, 35) } : {}),
    });
    if (!parsed.success) {
      const fields = contactFieldErrors(parsed.error);
      this.notifyError = fields.email
        ? fieldMessage('email', fields.email.code)
        : msg('Tick the box to agree before signing up');
      return;
    }
    this.notifyError = undefined;
    this.notifyPhase = 'sending';
    const result = await deliver(endpoint, parsed.data, newIdempotencyKey(), { timeoutMs: 8000, maxAttempts: 3, ...this.deliveryOptions });
    if (result.kind === 'delivered') {
      this.notifyPhase = 'done';
      this.#focusAfterRender = '.notify';
      this.#announce(msg('You are signed up.'));
    } else {
      this.notifyPhase = 'error';
      this.notifyError = msg('The sign-up could not be sent. Please try again later.');
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'trial-contact-form': TrialContactForm;
  }
}
