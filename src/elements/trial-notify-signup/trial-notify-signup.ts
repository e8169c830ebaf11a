import { LitElement, html, nothing } from 'lit';
import { msg } from '@lit/localize';
import { deliver, newIdempotencyKey, type DeliveryOptions } from '../../data/delivery.ts';
import { clampHeadingLevel, renderHeading } from '../../internal/heading.ts';
import { fieldStyles } from '../../internal/form-field.styles.ts';
import { followLocale, formatLocale } from '../../internal/localize.ts';
import { buttonStyles, tokens } from '../../internal/tokens.styles.ts';
import { version } from '../../internal/version.ts';
import { CONTACT_LIMITS, contactFieldErrors, NotifySignupSchema } from '../../model/contact.ts';
import { notifySignupStyles } from './trial-notify-signup.styles.ts';
import { TrialNotifyErrorEvent, TrialNotifySuccessEvent } from './trial-notify-signup.events.ts';
import { labelledWithTrial, TRIAL_CONTEXT_ID, trialContextLabel } from '../../internal/trial-context.ts';

export { TrialNotifyErrorEvent, TrialNotifySuccessEvent } from './trial-notify-signup.events.ts';

type Phase = 'idle' | 'sending' | 'done';

/**
 * @summary "Would you like to be notified about other trials?": an email sign-up with its own
 * consent, posted to `endpoint` with an Idempotency-Key and retried like the contact form.
 *
 * @tag trial-notify-signup
 *
 * @csspart base - The outer box.
 * @csspart field - One label + input group.
 * @csspart submit - The sign-up button.
 *
 * @cssprop --trial-color-accent - The button.
 *
 * @fires trial-notify-success - The server took the sign-up.
 * @fires trial-notify-error - Not sent: a field to fix, or refused or unreachable.
 */
export class TrialNotifySignup extends LitElement {
  static override styles = [tokens, buttonStyles, fieldStyles, notifySignupStyles];

  static override properties = {
    endpoint: { type: String },
    email: { type: String },
    trialId: { type: String, attribute: 'trial-id' },
    conditions: { attribute: false },
    consentText: { type: String, attribute: 'consent-text' },
    headingLevel: { type: Number, attribute: 'heading-level' },
    deliveryOptions: { attribute: false },
    phase: { state: true },
    consent: { state: true },
    error: { state: true },
  };

  /** Where the sign-up is POSTed as JSON, e.g. `/api/notify`. Nothing renders without it. */
  declare endpoint: string | undefined;
  /** The email address to start with, e.g. the one just given in the contact form. */
  declare email: string;
  /** The trial the reader was looking at. */
  declare trialId: string | undefined;
  /** Conditions the reader may want to hear about. */
  declare conditions: readonly string[] | undefined;
  /** The wording of the sign-up consent; stored with the sign-up. */
  declare consentText: string | undefined;
  /** Level of the heading (2–6). */
  declare headingLevel: number;
  /** Timeout and retry settings for delivery (see `DeliveryOptions`). */
  declare deliveryOptions: DeliveryOptions | undefined;

  declare private phase: Phase;
  declare private consent: boolean;
  declare private error: string | undefined;

  constructor() {
    super();
    followLocale(this);
    this.email = '';
    this.headingLevel = 3;
    this.phase = 'idle';
    this.consent = false;
  }

  get #consentWording(): string {
    return this.consentText?.trim() || msg('Email me about other trials I may be able to join. I can unsubscribe at any time.');
  }

  override render() {
    if (!this.endpoint) return nothing;
    if (this.phase === 'done') {
      return html`<div class="notify" part="base" tabindex="-1">
        <p role="status">${msg('You are signed up. We will email you about other trials.')}</p>
      </div>`;
    }
    const sending = this.phase === 'sending';
    return html`<div class="notify" part="base">
      ${renderHeading(clampHeadingLevel(this.headingLevel, 3), msg('Would you like to be notified about other trials?'), { id: 'notify-heading' })}
      <p>${msg('Sign up for Patient Notification Services.')}</p>
      ${this.error ? html`<p class="form-error" role="alert">${this.error}</p>` : nothing}
      ${this.trialId ? html`<span id=${TRIAL_CONTEXT_ID} hidden>${trialContextLabel({ id: this.trialId })}</span>` : nothing}
      <form novalidate aria-labelledby=${labelledWithTrial('notify-heading', this.trialId)} @submit=${this.#submit}>
        <div class="field" part="field">
          <label for="notify-email">${msg('Email')}</label>
          <input id="notify-email" type="email" autocomplete="email" .value=${this.email} @input=${(e: Event) => (this.email = (e.target as HTMLInputElement).value)} />
        </div>
        <div class="field checkbox" part="field">
          <input
            id="notify-consent"
            type="checkbox"
            .checked=${this.consent}
            @change=${(e: Event) => (this.consent = (e.target as HTMLInputElement).checked)}
          />
          <label for="notify-consent">${this.#consentWording}</label>
        </div>
        <button class="button" part="submit" type="submit" ?disabled=${sending}>${sending ? msg('Signing up…') : msg('Sign up')}</button>
      </form>
    </div>`;
  }

  readonly #submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (!this.endpoint || this.phase === 'sending') return;
    let endpoint: string;
    try {
      endpoint = new URL(this.endpoint, document.baseURI).href;
    } catch {
      this.error = msg('The sign-up could not be sent. Please try again later.');
      return;
    }
    const locale = formatLocale();
    const parsed = NotifySignupSchema.safeParse({
      email: this.email,
      consent: this.consent,
      consentText: this.#consentWording,
      widgetVersion: version,
      ...(this.trialId ? { trialId: this.trialId.slice(0, CONTACT_LIMITS.trialId) } : {}),
      ...(this.conditions?.length ? { conditions: this.conditions.slice(0, 20).map((c) => c.slice(0, CONTACT_LIMITS.siteText)) } : {}),
      ...(locale ? { locale: locale.slice(0, 35) } : {}),
    });
    if (!parsed.success) {
      const fields = contactFieldErrors(parsed.error);
      this.error = fields.email
        ? fields.email.code === 'required'
          ? msg('Enter your email address')
          : msg('Enter an email address in the correct format, like name@example.com')
        : msg('Tick the box to agree before signing up');
      this.dispatchEvent(new TrialNotifyErrorEvent({ kind: 'invalid' }));
      return;
    }
    this.error = undefined;
    this.phase = 'sending';
    const result = await deliver(endpoint, parsed.data, newIdempotencyKey(), { timeoutMs: 8000, maxAttempts: 3, ...this.deliveryOptions });
    if (result.kind === 'delivered') {
      this.phase = 'done';
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.notify')?.focus();
      this.dispatchEvent(new TrialNotifySuccessEvent());
    } else {
      this.phase = 'idle';
      this.error = msg('The sign-up could not be sent. Please try again later.');
      this.dispatchEvent(new TrialNotifyErrorEvent({ kind: 'failed', ...(result.status ? { status: result.status } : {}) }));
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'trial-notify-signup': TrialNotifySignup;
  }
}
