/** The contact form's words for each field's problems, chosen from language-neutral codes. */
import { msg, str } from '@lit/localize';
import { CONTACT_LIMITS, type ContactField, type FieldErrorCode } from '../../model/contact.ts';

/** Fields the form checks; `site` is the study center, chosen in the site picker. */
export type FormField = ContactField | 'site';

export function fieldMessage(field: FormField, code: FieldErrorCode): string {
  if (code === 'characters') return msg('Remove hidden control or text-direction characters from this answer');
  switch (field) {
    case 'site':
      return msg('Choose a study center');
    case 'firstName':
      return code === 'too_long' ? msg(str`First name must be ${CONTACT_LIMITS.name} characters or fewer`) : msg('Enter your first name');
    case 'lastName':
      return code === 'too_long' ? msg(str`Last name must be ${CONTACT_LIMITS.name} characters or fewer`) : msg('Enter your last name');
    case 'patientName':
      return code === 'too_long'
        ? msg(str`The name must be ${CONTACT_LIMITS.name * 2 + 1} characters or fewer`)
        : msg('Enter the name of the person you are asking for');
    case 'relationship':
      return code === 'too_long'
        ? msg(str`Relationship must be ${CONTACT_LIMITS.relationship} characters or fewer`)
        : msg('Say how you are related to the person you are asking for');
    case 'email':
      if (code === 'required') return msg('Enter your email address');
      if (code === 'too_long') return msg(str`Email address must be ${CONTACT_LIMITS.email} characters or fewer`);
      return msg('Enter an email address in the correct format, like name@example.com');
    case 'phone':
      if (code === 'required') return msg('Enter your phone number');
      if (code === 'too_long') return msg(str`Phone number must be ${CONTACT_LIMITS.phone} characters or fewer`);
      return msg('Enter a phone number, like +1 555 010 0199');
    case 'contactMethod':
      return msg('Choose how the study team should contact you');
    case 'bestTime':
      return msg('Choose a time of day, or no preference');
    case 'textConsent':
      return msg('Tick the box to agree to text messages, or choose another way to be contacted');
    case 'language':
      return msg(str`Other language must be ${CONTACT_LIMITS.language} characters or fewer`);
    case 'message':
      return msg(str`Message must be ${CONTACT_LIMITS.message} characters or fewer`);
    case 'consent':
      return msg('Tick the box to agree before sending');
  }
}

/** Codes a server may send for a field; anything else reads as a format problem. */
export function knownCode(code: string): FieldErrorCode {
  return (['required', 'format', 'too_long', 'invalid', 'characters'] as const).find((known) => known === code) ?? 'format';
}
