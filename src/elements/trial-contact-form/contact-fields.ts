/**
 * The contact form's fields as templates: names, the caregiver's questions, email and phone,
 * how and when to be contacted, language, message and the consents. The element owns values and
 * errors; these functions only draw them, so labels, hints and error text stay tied by id.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import { BEST_TIMES, CONTACT_METHODS } from '../../model/contact.ts';
import type { FormField } from './contact-field-messages.ts';

export interface ContactFieldValues {
  firstName: string;
  lastName: string;
  forSomeoneElse: boolean;
  patientName: string;
  relationship: string;
  email: string;
  phone: string;
  contactMethod: (typeof CONTACT_METHODS)[number] | '';
  bestTime: (typeof BEST_TIMES)[number] | '';
  textConsent: boolean;
  language: string;
  message: string;
  consent: boolean;
  prescreenConsent: boolean;
}

type TextField = 'firstName' | 'lastName' | 'patientName' | 'relationship' | 'email' | 'phone' | 'language';

/** `autocomplete` tokens (WHATWG) so browsers and password managers fill the reader's own details. */
const AUTOCOMPLETE: Record<TextField, string> = {
  firstName: 'given-name',
  lastName: 'family-name',
  // Someone else's name and the relationship are not the reader's own details.
  patientName: 'off',
  relationship: 'off',
  email: 'email',
  phone: 'tel',
  language: 'language',
};

export interface ContactFieldsView {
  values: ContactFieldValues;
  /** The error to show next to a field now, if any. */
  errorFor: (field: FormField) => string | undefined;
  consentText: string;
  /** Pre-screen answers waiting to be sent; their consent shows only when there are some. */
  prescreenCount: number;
}

function methodLabel(method: ContactFieldValues['contactMethod']): string {
  switch (method) {
    case 'email':
      return msg('Email');
    case 'phone':
      return msg('Phone call');
    default:
      return msg('Text message');
  }
}

function timeLabel(time: ContactFieldValues['bestTime']): string {
  switch (time) {
    case 'morning':
      return msg('Morning');
    case 'afternoon':
      return msg('Afternoon');
    case 'evening':
      return msg('Evening');
    case 'any':
      return msg('Any time');
    default:
      return msg('No preference');
  }
}

function errorLine(field: string, error: string | undefined): unknown {
  return error
    ? html`<p class="field-error" id="${field}-error"><span class="visually-hidden">${msg('Error:')}</span> ${error}</p>`
    : nothing;
}

function describedBy(...ids: (string | false | undefined)[]): string | typeof nothing {
  const list = ids.filter(Boolean).join(' ');
  return list || nothing;
}

function textInput(
  view: ContactFieldsView,
  field: TextField,
  label: string,
  options: { required?: boolean; type?: string; inputmode?: string; hint?: string } = {},
): TemplateResult {
  const error = view.errorFor(field);
  return html`<div class="field ${error ? 'invalid' : ''}" part="field">
    <label for=${field}>${label}${options.required ? html`<span class="required" aria-hidden="true">*</span>` : nothing}</label>
    ${options.hint ? html`<p class="hint" id="${field}-hint">${options.hint}</p>` : nothing} ${errorLine(field, error)}
    <input
      id=${field}
      name=${field}
      type=${options.type ?? 'text'}
      inputmode=${options.inputmode ?? nothing}
      autocomplete=${AUTOCOMPLETE[field]}
      ?required=${options.required ?? false}
      aria-invalid=${error ? 'true' : 'false'}
      aria-describedby=${describedBy(options.hint && `${field}-hint`, error && `${field}-error`)}
      .value=${view.values[field]}
    />
  </div>`;
}

function checkbox(view: ContactFieldsView, field: 'forSomeoneElse' | 'textConsent' | 'consent' | 'prescreenConsent', label: unknown, required = false): TemplateResult {
  const error = field === 'forSomeoneElse' || field === 'prescreenConsent' ? undefined : view.errorFor(field);
  return html`<div class="field checkbox ${error ? 'invalid' : ''}" part="field">
    ${errorLine(field, error)}
    <input
      id=${field}
      name=${field}
      type="checkbox"
      ?required=${required}
      aria-invalid=${error ? 'true' : 'false'}
      aria-describedby=${describedBy(error && `${field}-error`)}
      .checked=${view.values[field]}
    />
    <label for=${field}>${label}${required ? html`<span class="required" aria-hidden="true">*</span>` : nothing}</label>
  </div>`;
}

function renderCaregiver(view: ContactFieldsView): TemplateResult {
  return html`${checkbox(view, 'forSomeoneElse', msg('I am asking for someone else, for example as a parent or carer'))}
  ${view.values.forSomeoneElse
    ? html`<div class="caregiver">
        ${textInput(view, 'patientName', msg('Name of the person you are asking for'), { required: true })}
        ${textInput(view, 'relationship', msg('Your relationship to them'), { required: true, hint: msg('For example parent, partner or carer.') })}
      </div>`
    : nothing}`;
}

function renderPreferences(view: ContactFieldsView): TemplateResult {
  const method = view.values.contactMethod;
  const methodError = view.errorFor('contactMethod');
  const timeError = view.errorFor('bestTime');
  return html`<fieldset class="choices ${methodError ? 'invalid' : ''}" part="field" aria-describedby=${describedBy(methodError && 'contactMethod-error')}>
      <legend>${msg('How would you like the study team to contact you?')}</legend>
      ${errorLine('contactMethod', methodError)}
      ${CONTACT_METHODS.map(
        (value) => html`<label class="choice">
          <input type="radio" name="contactMethod" id="contactMethod-${value}" value=${value} .checked=${method === value} />${methodLabel(value)}
        </label>`,
      )}
    </fieldset>
    ${method === 'phone' || method === 'text'
      ? html`<div class="field ${timeError ? 'invalid' : ''}" part="field">
          <label for="bestTime">${msg('Best time to reach you')}</label>
          ${errorLine('bestTime', timeError)}
          <select id="bestTime" name="bestTime" aria-describedby=${describedBy(timeError && 'bestTime-error')} .value=${view.values.bestTime}>
            ${(['', ...BEST_TIMES] as const).map((value) => html`<option value=${value} ?selected=${view.values.bestTime === value}>${timeLabel(value)}</option>`)}
          </select>
        </div>`
      : nothing}
    ${method === 'text'
      ? checkbox(view, 'textConsent', msg('I agree to receive text messages from the study team about this study. Message and data rates may apply.'), true)
      : nothing}`;
}

function renderMessage(view: ContactFieldsView): TemplateResult {
  const error = view.errorFor('message');
  return html`<div class="field ${error ? 'invalid' : ''}" part="field">
    <label for="message">${msg('Message (optional)')}</label>
    ${errorLine('message', error)}
    <textarea
      id="message"
      name="message"
      rows="4"
      autocomplete="off"
      aria-invalid=${error ? 'true' : 'false'}
      aria-describedby=${describedBy(error && 'message-error')}
      .value=${view.values.message}
    ></textarea>
  </div>`;
}

function renderPrescreenConsent(view: ContactFieldsView): unknown {
  const count = view.prescreenCount;
  if (!count) return nothing;
  return checkbox(
    view,
    'prescreenConsent',
    html`${msg(str`Also send my answers to the pre-screening questions (${count}) to the study team.`)}
      <span class="hint">${msg('They help the team prepare; they do not decide whether you can take part.')}</span>`,
  );
}

export function renderContactFields(view: ContactFieldsView): TemplateResult {
  return html`<p class="required-note">${msg('Fields marked * are required.')}</p>
    <div class="name-row">
      ${textInput(view, 'firstName', msg('First name'), { required: true })} ${textInput(view, 'lastName', msg('Last name'), { required: true })}
    </div>
    ${renderCaregiver(view)} ${textInput(view, 'email', msg('Email'), { required: true, type: 'email', inputmode: 'email' })}
    ${textInput(view, 'phone', msg('Phone number'), { required: true, type: 'tel', inputmode: 'tel' })} ${renderPreferences(view)}
    ${textInput(view, 'language', msg('Other language'), {
      hint: msg('If you would like the study team to speak with you in another language, name it here.'),
    })}
    ${renderMessage(view)} ${checkbox(view, 'consent', view.consentText, true)} ${renderPrescreenConsent(view)}`;
}
