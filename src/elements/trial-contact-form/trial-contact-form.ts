/*
 * Longer than the ~500 lines the house style asks for, knowingly: this class is the form's one
 * state machine (filling, sending, queued, sent), and each step reads and writes the same
 * reactive state. What stands alone lives beside it: the fields, payload, messages and end
 * states (contact-*.ts), the checking and error summary (contact-field-checks.ts), the outbox
 * (contact-outbox-controller.ts) and the code loaded on first use (contact-engine.ts).
 */
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import {
  ContactSubmissionSchema,
  contactFieldErrors,
  readReceipt,
  type ContactReceipt,
  type ContactSubmission,
  type PrescreenAnswer,
} from '../../model/contact.ts';
import type { Site, Trial } from '../../model/trial.ts';
import type { DeliveryOptions, FieldErrorInfo } from '../../data/delivery.ts';
import type { OutboxEntry } from '../../data/outbox.ts';
import { TrialLoadError } from '../../data/trial-source.ts';
import { clampHeadingLevel, renderHeading, subheadingLevel } from '../../internal/heading.ts';
import { formatLocale } from '../../internal/localize.ts';
import { TrialDataElement } from '../../internal/trial-data-element.ts';
import { TrialErrorEvent } from '../../internal/trial-error-event.ts';
import { fieldStyles } from '../../internal/form-field.styles.ts';
import { buttonStyles, stateStyles, tokens } from '../../internal/tokens.styles.ts';
import { version } from '../../internal/version.ts';
import { contactCardStyles } from '../trial-site-picker/contact-card.styles.ts';
import type { TrialSitePicker } from '../trial-site-picker/trial-site-picker.ts';
import { ContactOutboxController, type ContactEngine } from './contact-outbox-controller.ts';
import { renderInvitationOnly, renderNotRecruiting, renderQueued, successText, type SentMessage } from './contact-form-states.ts';
import { buildContactPayload, EMPTY_VALUES, readContactFields, siteText, valuesFromPayload } from './contact-payload.ts';
import type { FormField } from './contact-field-messages.ts';
import { ContactFieldChecks, payloadProblems, serverProblems, type FieldProblems } from './contact-field-checks.ts';
import { renderContactFields, type ContactFieldValues } from './contact-fields.ts';
import { contactFormStyles } from './trial-contact-form.styles.ts';
import {
  TrialContactBeforeSubmitEvent,
  TrialContactErrorEvent,
  TrialContactQueuedEvent,
  TrialContactSuccessEvent,
} from './trial-contact-form.events.ts';
import { labelledWithTrial, renderTrialContext } from '../../internal/trial-context.ts';

export {
  TrialContactBeforeSubmitEvent,
  TrialContactErrorEvent,
  TrialContactQueuedEvent,
  TrialContactSuccessEvent,
} from './trial-contact-form.events.ts';

/** Studies whose readers may ask to take part through the form. */
const FORM_STATUSES = new Set(['RECRUITING', 'NOT_YET_RECRUITING', 'AVAILABLE']);

let notifySignup: Promise<unknown> | undefined;

/**
 * Registers `<trial-notify-signup>`, which only the success message shows, the first time one
 * is shown; until then (or if it cannot load) its tag shows nothing and the message stands alone.
 */
function loadNotifySignup(): void {
  notifySignup ??= import('../trial-notify-signup/define.ts').catch((error: unknown) => {
    notifySignup = undefined;
    console.warn(`trialkit: the notify sign-up could not be loaded: ${String(error)}`);
  });
}

type Phase = 'form' | 'sending' | 'queued' | 'success';

/**
 * @summary "Get in touch with the nearest study center": the trial's study centers nearest first
 * (`<trial-site-picker>`), then a contact form whose submissions reach the study team exactly
 * once (Idempotency-Key, retries, an encrypted outbox in the browser), then a "notify me" sign-up.
 *
 * Decisions worth knowing:
 * - The message goes to the center the reader chose, or the nearest one once their position is
 *   known. With several centers and neither, the reader is asked to choose before sending.
 * - The success message says only what the server's answer says happened (sent to the team,
 *   or kept for it; a confirmation email only when one is on its way). `success-template`
 *   replaces it; `{{SITE_NAME}}` and `{{TRIAL_TITLE}}` are filled in.
 * - A message that cannot be delivered is sealed and saved in this browser's IndexedDB and sent
 *   when the page is online again or next loads; it is deleted once delivered, refused or 7 days
 *   old. The reader sees that it is waiting and can discard it.
 * - The host's own content (e.g. "call our research office on 555 0100") is shown under "More
 *   ways to reach us" once the trial has loaded, and in place of the form before.
 * - Spam guard: a hidden honeypot field (a filled one is answered as sent, and nothing is sent)
 *   and a minimum fill time (`min-fill-ms`; a faster submit is asked to send again).
 * - Delivery and the outbox load on first use (focus into the form, typing, or a submit, which
 *   waits for them), and on connect only when the outbox may hold an earlier visit's message.
 *   If they cannot be loaded, the reader's words stay in the form, a plain error says the
 *   message was not sent, `trial-error` fires with `cause.kind === 'load'`, and the next submit
 *   loads them again. The notify sign-up is loaded when the success message shows it.
 *
 * @tag trial-contact-form
 *
 * @slot - The host page's own ways to reach the study team; shown before the trial loads, then under "More ways to reach us".
 *
 * @csspart base - The outer `<section>`.
 * @csspart heading - The main heading.
 * @csspart site-picker - The `<trial-site-picker>`; its parts `locate`, `sites`, `contact`, `avatar` and `phones` are exported.
 * @csspart form - The contact `<form>`.
 * @csspart error-summary - The list of problems shown after a failed submit.
 * @csspart form-error - A problem with sending, not with a field.
 * @csspart field - One label + input group.
 * @csspart submit - The send button.
 * @csspart outbox - The "saved on this device" status line and its buttons.
 * @csspart success - The message shown after sending.
 * @csspart notify - The `<trial-notify-signup>`.
 * @csspart more-ways - The host's own contact content after the form.
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
 * @fires trial-site-change - The reader chose a study center (from the site picker).
 * @fires trial-error - The trial could not be loaded or read, or the form's delivery code could not be loaded (`cause.kind === 'load'`); `event.cause` says why.
 */
export class TrialContactForm extends TrialDataElement {
  static override styles = [tokens, buttonStyles, stateStyles, fieldStyles, contactCardStyles, contactFormStyles];

  static override properties = {
    ...TrialDataElement.properties,
    endpoint: { type: String },
    notifyEndpoint: { type: String, attribute: 'notify-endpoint' },
    geocodeEndpoint: { type: String, attribute: 'geocode-endpoint' },
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
    formError: { state: true },
    announcement: { state: true },
    queued: { state: true },
    hasMoreWays: { state: true },
  };

  /** Where submissions are POSTed as JSON, e.g. `/api/contact`. */
  declare endpoint: string | undefined;
  /** Where the "notify me about other trials" sign-up is POSTed; the offer is hidden without it. */
  declare notifyEndpoint: string | undefined;
  /** Where a typed town or postal code is looked up, e.g. `/api/geocode` (see `<trial-site-picker>`). */
  declare geocodeEndpoint: string | undefined;
  /** Level of the main heading (2–6); sub-headings are one level below. */
  declare headingLevel: number;
  /** The wording of the required consent; stored with each submission. */
  declare consentText: string | undefined;
  /** The wording of the notify sign-up consent. */
  declare notifyConsentText: string | undefined;
  /** Replaces the success message; `{{SITE_NAME}}` and `{{TRIAL_TITLE}}` are filled in. Plain text. */
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
  declare prescreenAnswers: readonly PrescreenAnswer[] | undefined;
  /** Timeout and retry settings for delivery (see `DeliveryOptions`). */
  declare deliveryOptions: DeliveryOptions | undefined;

  declare private phase: Phase;
  declare private values: ContactFieldValues;
  declare private formError: string | undefined;
  declare private announcement: string;
  declare private queued: OutboxEntry | undefined;
  declare private hasMoreWays: boolean;

  #formShownAt: number | undefined;
  #sent: SentMessage | undefined;
  #focusAfterRender: string | undefined;
  #engine: Promise<ContactEngine> | undefined;
  readonly #checks = new ContactFieldChecks(this);
  readonly #outbox = new ContactOutboxController(this, {
    owner: () => (this.currentTrial && this.#absoluteEndpoint ? this.#owner : undefined),
    engine: () => this.#loadEngine(),
    delivered: (entry, result) => {
      if (this.phase === 'success') return;
      const payload = entry.payload as ContactSubmission;
      const receipt = readReceipt(result?.body);
      this.#succeeded(payload, receipt);
      this.dispatchEvent(new TrialContactSuccessEvent({ ...this.#info(entry.id, payload), ...(receipt.id ? { id: receipt.id } : {}), fromOutbox: true }));
    },
    rejected: (entry, result) => {
      if (!this.#restore(entry)) return;
      if (result) this.#showRejection(result.status, result.fieldErrors);
    },
    expired: (entry) => {
      if (this.#restore(entry)) this.formError = msg('Your saved message was not sent within 7 days and was deleted from this device. Please send it again.');
    },
    removed: (entry) => {
      if (this.queued?.id !== entry.id) return;
      this.queued = undefined;
      this.phase = 'form';
    },
  });

  constructor() {
    super();
    this.headingLevel = 2;
    this.minFillMs = 2500;
    this.phase = 'form';
    this.values = { ...EMPTY_VALUES };
    this.announcement = '';
    this.hasMoreWays = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const c = changed as PropertyValues;
    if (c.has('loadState') || c.has('endpoint')) void this.#findQueued();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.phase === 'success') loadNotifySignup();
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
    return { main, sub: subheadingLevel(main) };
  }

  get #picker(): TrialSitePicker | null {
    return this.renderRoot.querySelector('trial-site-picker');
  }

  #info(idempotencyKey: string, payload: ContactSubmission) {
    return { idempotencyKey, trialId: payload.trialId, ...(payload.site ? { site: payload.site } : {}) };
  }

  #announce(text: string): void {
    // Clearing first makes screen readers announce a repeated message again.
    this.announcement = '';
    void this.updateComplete.then(() => (this.announcement = text));
  }

  readonly #onMoreWaysChange = (event: Event) => {
    const slot = event.target as HTMLSlotElement;
    // The inline trial JSON is a child too, but it is data, not something to show.
    this.hasMoreWays = slot
      .assignedNodes({ flatten: true })
      .some((node) => (node instanceof Element ? node.localName !== 'script' : Boolean(node.textContent?.trim())));
  };

  // ——— rendering ———

  #renderTrial(trial: Trial): TemplateResult {
    const { main } = this.#levels;
    const title = html`<span class="step">${msg('Step 1')}</span> ${msg('Get in touch with the nearest study center')}`;
    const heading = renderHeading(main, title, { id: 'heading', part: 'heading', className: 'heading' });
    let body: unknown;
    if (trial.status === 'ENROLLING_BY_INVITATION') body = renderInvitationOnly(trial, this.languages);
    else if (!FORM_STATUSES.has(trial.status)) body = renderNotRecruiting(trial);
    else body = this.#renderOpen(trial);
    return html`<section part="base" aria-labelledby=${labelledWithTrial('heading', trial)}>
      ${heading} ${renderTrialContext(trial)} ${body} ${this.#renderMoreWays()}
      <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>
    </section>`;
  }

  #renderMoreWays(): TemplateResult {
    return html`<div class="more-ways" part="more-ways" ?hidden=${!this.hasMoreWays}>
      ${renderHeading(this.#levels.sub, msg('More ways to reach us'), { id: 'more-ways-heading' })}
      <slot @slotchange=${this.#onMoreWaysChange}></slot>
    </div>`;
  }

  #renderOpen(trial: Trial): TemplateResult {
    return html`<trial-site-picker
        part="site-picker"
        exportparts="locate, sites, contact, avatar, phones"
        .trial=${trial}
        geocode-endpoint=${this.geocodeEndpoint ?? nothing}
        distance-unit=${this.distanceUnit ?? nothing}
        languages=${this.languages ?? nothing}
        @trial-site-change=${this.#onSiteChange}
      ></trial-site-picker>
      ${this.#renderPhase(trial)}`;
  }

  readonly #onSiteChange = () => {
    if (this.#checks.hasProblem('site')) this.#revalidate();
  };

  #renderPhase(trial: Trial): unknown {
    switch (this.phase) {
      case 'success':
        return this.#renderSuccess(trial);
      case 'queued':
        return renderQueued(this.queued, { sendNow: this.#sendQueuedNow, discard: this.#discardQueued });
      default:
        return this.#renderForm(trial);
    }
  }

  #renderForm(trial: Trial): TemplateResult {
    const { sub } = this.#levels;
    const sending = this.phase === 'sending';
    return html`<div class="message">
      ${renderHeading(sub, html`<span class="step">${msg('Step 2')}</span> ${msg('Send a message')}`, { id: 'form-heading' })}
      <p class="intro">${msg('Enter your contact details to connect with study team')}</p>
      ${this.#checks.renderSummary(sub, (event, field) => this.#focusField(event, field))}
      ${this.formError ? html`<div class="form-error" part="form-error" role="alert">${this.formError}</div>` : nothing}
      <form
        class="contact"
        part="form"
        novalidate
        aria-labelledby=${labelledWithTrial('form-heading', trial)}
        aria-busy=${sending ? 'true' : 'false'}
        @submit=${(event: SubmitEvent) => this.#submit(event, trial)}
        @focusin=${this.#prepare}
        @focusout=${this.#onFocusOut}
        @input=${this.#onInput}
        @change=${this.#onInput}
      >
        ${renderContactFields({
          values: this.values,
          errorFor: (field) => this.#checks.problemFor(field),
          consentText: this.#consentWording,
          prescreenCount: this.prescreenAnswers?.length ?? 0,
        })}
        <div class="hp" aria-hidden="true">
          <label for="website">${msg('Leave this field empty')}</label>
          <input id="website" name="website" type="text" tabindex="-1" autocomplete="off" />
        </div>
        <button class="button" part="submit" type="submit" ?disabled=${sending}>${sending ? msg('Sending…') : msg('Send message')}</button>
      </form>
    </div>`;
  }

  #renderSuccess(trial: Trial): TemplateResult {
    const { sub } = this.#levels;
    const text = successText(this.#sent ?? { trialTitle: trial.title, receipt: {} }, this.successTemplate);
    return html`<div class="success" part="success" tabindex="-1">
        ${renderHeading(sub, msg('Message sent'))}
        <p>${text}</p>
      </div>
      <trial-notify-signup
        part="notify"
        endpoint=${this.notifyEndpoint ?? nothing}
        heading-level=${sub}
        trial-id=${trial.id}
        consent-text=${this.notifyConsentText ?? nothing}
        .email=${this.values.email}
        .conditions=${trial.conditions}
        .deliveryOptions=${this.deliveryOptions}
      ></trial-notify-signup>`;
  }

  get #consentWording(): string {
    return (
      this.consentText?.trim() ||
      msg('I agree that the study team may contact me about this study and keep the details I give here for that purpose.')
    );
  }

  // ——— form behaviour ———

  #readForm(): ContactFieldValues {
    return readContactFields(this.renderRoot);
  }

  #buildPayload(trial: Trial, values: ContactFieldValues, site: Site | undefined): Record<string, unknown> {
    return buildContactPayload(values, {
      trial,
      site,
      consentText: this.#consentWording,
      prescreenAnswers: this.prescreenAnswers ?? [],
      locale: formatLocale(),
      widgetVersion: version,
    });
  }

  /** Problems of the reader's own fields (and the center choice), in localized words. */
  #validate(payload: Record<string, unknown>): FieldProblems {
    const picker = this.#picker;
    return payloadProblems(payload, { siteMissing: Boolean(picker?.hasSites && !picker.selectedSite) });
  }

  #revalidate(): void {
    const trial = this.currentTrial;
    if (!trial) return;
    this.values = this.#readForm();
    this.#checks.set(this.#validate(this.#buildPayload(trial, this.values, this.#picker?.selectedSite)));
  }

  readonly #onFocusOut = (event: FocusEvent) => {
    const target = event.target as HTMLInputElement;
    const typed = target.type === 'checkbox' || target.type === 'radio' || Boolean(target.value);
    if (this.#checks.left(target.name, typed)) this.#revalidate();
  };

  readonly #onInput = () => {
    this.#prepare();
    this.values = this.#readForm();
    if (this.#checks.showing) this.#revalidate();
  };

  #focusField(event: Event, field: FormField): void {
    event.preventDefault();
    if (field === 'site') {
      this.#picker?.focus();
      this.#picker?.scrollIntoView?.({ block: 'center' });
      return;
    }
    // A radio group is reached through its first option.
    const input = this.renderRoot.querySelector<HTMLElement>(`#${field}`) ?? this.renderRoot.querySelector<HTMLElement>(`[name="${field}"]`);
    input?.focus();
    input?.scrollIntoView?.({ block: 'center' });
  }

  #showProblems(errors: FieldProblems): void {
    const problems = this.#checks.showAll(errors);
    this.#focusAfterRender = '.error-summary';
    this.#announce(problems === 1 ? msg('There is 1 problem to fix.') : msg(str`There are ${problems} problems to fix.`));
  }

  #pageDataProblem(error: Parameters<typeof contactFieldErrors>[0]): void {
    this.formError = msg('This message could not be sent because the page added data that is not valid. Please tell the owner of this page.');
    this.dispatchEvent(new TrialContactErrorEvent({ kind: 'invalid', fields: Object.keys(contactFieldErrors(error)) }));
  }

  async #submit(event: SubmitEvent, trial: Trial): Promise<void> {
    event.preventDefault();
    if (this.phase === 'sending') return;
    this.formError = undefined;
    const form = event.target as HTMLFormElement;
    const values = this.#readForm();
    this.values = values;
    const site = this.#picker?.selectedSite;

    // Spam guard: a filled honeypot is answered as if sent; nothing leaves the page.
    if (form.querySelector<HTMLInputElement>('#website')?.value) {
      this.#sent = { trialTitle: trial.title, receipt: {}, ...(site ? { site: siteText(site) } : {}) };
      this.phase = 'success';
      return;
    }

    const payload = this.#buildPayload(trial, values, site);
    const errors = this.#validate(payload);
    if (Object.keys(errors).length) {
      this.#showProblems(errors);
      this.dispatchEvent(new TrialContactErrorEvent({ kind: 'invalid', fields: Object.keys(errors) }));
      return;
    }
    this.#checks.passed();

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
    if (!whole.success) return this.#pageDataProblem(whole.error);
    const before = new TrialContactBeforeSubmitEvent(whole.data);
    if (!this.dispatchEvent(before)) return;
    const checked = ContactSubmissionSchema.safeParse(before.payload);
    if (!checked.success) return this.#pageDataProblem(checked.error);
    await this.#send(endpoint, checked.data);
  }

  // ——— the engine: delivery and the outbox, loaded on first use ———

  /** Delivery and the outbox, imported once; a failed import is forgotten so the next use retries. */
  #loadEngine(): Promise<ContactEngine> {
    if (!this.#engine) {
      const loading = import('./contact-engine.ts');
      this.#engine = loading;
      loading.catch(() => {
        if (this.#engine === loading) this.#engine = undefined;
      });
    }
    return this.#engine;
  }

  /** The reader started using the form: fetch the engine now, so that sending need not wait. */
  readonly #prepare = () => {
    // A failure here is not the reader's concern yet: the submit loads it again and says so.
    this.#loadEngine().catch(() => undefined);
  };

  #engineFailed(error: unknown): void {
    this.phase = 'form';
    this.formError = msg('Your message was not sent: part of this form could not be loaded. Check your connection and send it again.');
    this.#announce(this.formError);
    const detail = error instanceof Error && error.message ? ` (${error.message})` : '';
    this.dispatchEvent(new TrialErrorEvent(new TrialLoadError('load', `The contact form's delivery code could not be loaded${detail}.`)));
  }

  async #send(endpoint: string, payload: ContactSubmission): Promise<void> {
    this.phase = 'sending';
    this.#announce(msg('Sending your message…'));
    let engine: ContactEngine;
    try {
      engine = await this.#loadEngine();
    } catch (error) {
      this.#engineFailed(error);
      return;
    }
    this.#outbox.attach(engine);
    const key = engine.newIdempotencyKey();
    const info = this.#info(key, payload);
    const outcome = await engine.submitContact(endpoint, payload, { ...this.deliveryOptions, idempotencyKey: key, owner: this.#owner });
    switch (outcome.kind) {
      case 'sent':
        this.#succeeded(payload, outcome.receipt);
        this.dispatchEvent(new TrialContactSuccessEvent({ ...info, ...(outcome.receipt.id ? { id: outcome.receipt.id } : {}), fromOutbox: false }));
        return;
      case 'rejected':
        this.phase = 'form';
        this.#showRejection(outcome.status, outcome.fieldErrors);
        return;
      case 'queued':
        this.queued = outcome.entry;
        this.phase = 'queued';
        this.#focusAfterRender = '.outbox';
        this.#announce(msg('Your message is saved on this device and will be sent when you are back online.'));
        this.dispatchEvent(new TrialContactQueuedEvent(info));
        return;
      case 'failed':
        this.phase = 'form';
        this.formError = msg('Your message could not be sent and could not be saved on this device. Please try again later.');
        this.#announce(this.formError);
        this.dispatchEvent(new TrialContactErrorEvent({ kind: 'failed', ...(outcome.status ? { status: outcome.status } : {}) }));
    }
  }

  #succeeded(payload: ContactSubmission, receipt: ContactReceipt): void {
    this.#sent = { trialTitle: payload.trialTitle ?? this.currentTrial?.title ?? '', receipt, ...(payload.site ? { site: payload.site } : {}) };
    this.phase = 'success';
    this.queued = undefined;
    this.values = { ...EMPTY_VALUES, email: payload.email };
    this.#checks.reset();
    this.#focusAfterRender = '.success';
    this.#announce(msg('Your message was sent.'));
  }

  #showRejection(status: number, fields: Record<string, FieldErrorInfo>): void {
    const errors = serverProblems(fields);
    if (Object.keys(errors).length) this.#showProblems(errors);
    else {
      this.formError =
        status === 413
          ? msg('Your message is too long to send. Please shorten it and try again.')
          : msg('The study team’s server did not accept this message. Please check your details or contact the study team by phone.');
      this.#announce(this.formError);
    }
    this.dispatchEvent(new TrialContactErrorEvent({ kind: 'rejected', status, fields: Object.keys(fields) }));
  }

  // ——— outbox ———

  async #findQueued(): Promise<void> {
    const owner = this.#owner;
    const entry = await this.#outbox.waiting();
    if (entry && this.phase === 'form' && owner === this.#owner) {
      this.queued = entry;
      this.phase = 'queued';
    }
  }

  /** Gives the reader their words back after a saved message was refused or expired. */
  #restore(entry: OutboxEntry): boolean {
    if (this.queued?.id !== entry.id) return false;
    this.queued = undefined;
    this.phase = 'form';
    this.values = valuesFromPayload(entry.payload as Partial<ContactSubmission>);
    return true;
  }

  readonly #sendQueuedNow = async () => {
    const entry = this.queued;
    if (!entry) return;
    this.#announce(msg('Trying to send your message…'));
    if (await this.#outbox.sendNow(entry)) this.#announce(msg('Still not sent. It stays saved on this device.'));
  };

  readonly #discardQueued = async () => {
    const entry = this.queued;
    if (!entry) return;
    await this.#outbox.discard(entry);
    this.queued = undefined;
    this.phase = 'form';
    this.formError = undefined;
    this.#announce(msg('Your saved message was deleted from this device.'));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'trial-contact-form': TrialContactForm;
  }
}
