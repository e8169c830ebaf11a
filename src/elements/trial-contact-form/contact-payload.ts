/**
 * The contact form's data, away from its view: the values a reader typed, read from the form,
 * turned into the payload the shared schema checks, and back (when a saved message returns).
 */
import { CONTACT_LIMITS, type ChosenSite, type ContactSubmission, type PrescreenAnswer } from '../../model/contact.ts';
import type { Site, Trial } from '../../model/trial.ts';
import type { ContactFieldValues } from './contact-fields.ts';

export const EMPTY_VALUES: ContactFieldValues = {
  firstName: '',
  lastName: '',
  forSomeoneElse: false,
  patientName: '',
  relationship: '',
  email: '',
  phone: '',
  contactMethod: '',
  bestTime: '',
  textConsent: false,
  language: '',
  message: '',
  consent: false,
  prescreenConsent: false,
};

/** The chosen site as text: sites in a CT.gov record have no stable id. */
export function siteText(site: Site): ChosenSite {
  const chosen: ChosenSite = {};
  for (const key of ['facility', 'city', 'state', 'zip', 'country'] as const) {
    const value = site[key]?.slice(0, CONTACT_LIMITS.siteText);
    if (value) chosen[key] = value;
  }
  return chosen;
}

/** What the fields hold now. */
export function readContactFields(root: ParentNode): ContactFieldValues {
  const text = (id: string) => root.querySelector<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(`#${id}`)?.value ?? '';
  const checked = (id: string) => root.querySelector<HTMLInputElement>(`#${id}`)?.checked ?? false;
  const method = root.querySelector<HTMLInputElement>('input[name="contactMethod"]:checked')?.value ?? '';
  return {
    firstName: text('firstName'),
    lastName: text('lastName'),
    forSomeoneElse: checked('forSomeoneElse'),
    patientName: text('patientName'),
    relationship: text('relationship'),
    email: text('email'),
    phone: text('phone'),
    contactMethod: method as ContactFieldValues['contactMethod'],
    bestTime: text('bestTime') as ContactFieldValues['bestTime'],
    textConsent: checked('textConsent'),
    language: text('language'),
    message: text('message'),
    consent: checked('consent'),
    prescreenConsent: checked('prescreenConsent'),
  };
}

export interface PayloadContext {
  trial: Trial;
  site: Site | undefined;
  consentText: string;
  prescreenAnswers: readonly PrescreenAnswer[];
  locale: string | undefined;
  widgetVersion: string;
}

/**
 * The submission as the schema expects it, unchecked. Answers that only apply to another choice
 * (a best time for email, the caregiver's fields when unticked) are left out, not sent empty.
 */
export function buildContactPayload(values: ContactFieldValues, context: PayloadContext): Record<string, unknown> {
  const optional = (value: string) => (value.trim() ? value : undefined);
  const method = values.contactMethod || undefined;
  const answers = context.prescreenAnswers;
  const payload: Record<string, unknown> = {
    trialId: context.trial.id,
    trialTitle: context.trial.title.slice(0, CONTACT_LIMITS.trialTitle),
    site: context.site ? siteText(context.site) : undefined,
    firstName: values.firstName,
    lastName: values.lastName,
    forSomeoneElse: values.forSomeoneElse || undefined,
    patientName: values.forSomeoneElse ? values.patientName : undefined,
    relationship: values.forSomeoneElse ? values.relationship : undefined,
    email: values.email,
    phone: values.phone,
    contactMethod: method,
    bestTime: method === 'phone' || method === 'text' ? values.bestTime || undefined : undefined,
    textConsent: method === 'text' ? values.textConsent : undefined,
    language: optional(values.language),
    message: optional(values.message),
    consent: values.consent,
    consentText: context.consentText,
    prescreen: values.prescreenConsent && answers.length ? { consent: true, answers } : undefined,
    locale: context.locale?.slice(0, 35),
    widgetVersion: context.widgetVersion,
  };
  for (const key of Object.keys(payload)) if (payload[key] === undefined) delete payload[key];
  return payload;
}

/** The reader's words back from a saved submission, so nothing they typed is lost. */
export function valuesFromPayload(payload: Partial<ContactSubmission>): ContactFieldValues {
  return {
    ...EMPTY_VALUES,
    firstName: payload.firstName ?? '',
    lastName: payload.lastName ?? '',
    forSomeoneElse: payload.forSomeoneElse ?? false,
    patientName: payload.patientName ?? '',
    relationship: payload.relationship ?? '',
    email: payload.email ?? '',
    phone: payload.phone ?? '',
    contactMethod: payload.contactMethod ?? '',
    bestTime: payload.bestTime ?? '',
    textConsent: payload.textConsent ?? false,
    language: payload.language ?? '',
    message: payload.message ?? '',
  };
}
