/**
 * What `<trial-contact-form>` posts and the reference server accepts. Both sides check the same
 * schemas, so a rule changes in one place. zod/mini keeps this small in the browser bundle and
 * works unchanged in Node.
 *
 * Messages here are plain English for API clients; the widget shows its own localized words,
 * chosen from the field name and `FieldErrorCode` (see `contactFieldErrors`).
 */
import * as z from 'zod/mini';

/** Upper bounds that keep a stored submission small and a CSV export readable. */
export const CONTACT_LIMITS = {
  name: 100,
  email: 254,
  phone: 40,
  language: 80,
  message: 2000,
  consentText: 1000,
  trialId: 64,
  trialTitle: 500,
  siteText: 200,
  prescreenAnswers: 300,
  criterion: 2000,
  extraKeys: 20,
  extraValue: 500,
  relationship: 80,
  widgetVersion: 40,
} as const;

/**
 * Characters that hide or reorder what a study team reads: C0/C1 controls (tab and line breaks
 * are allowed only where text may span lines) and the bidi embeddings, overrides and isolates.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const HIDDEN_IN_LINE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex -- as above
const HIDDEN_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const HIDDEN_MESSAGE = 'Remove control or text-direction characters';

/** Refuses hidden characters with the field code `characters` (see `contactFieldErrors`). */
const noHidden = (pattern: RegExp) =>
  z.refine<string>((value) => !pattern.test(value), { message: HIDDEN_MESSAGE, params: { code: 'characters' } });

/** Deliberately simple: one "@", no spaces, a dot in the domain. Mail servers decide the rest. */
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;
/** Digits with the usual separators, an optional leading "+" and an optional extension. */
const PHONE_PATTERN = /^\+?[0-9\s().\-/]{6,}(\s*(x|ext\.?)\s*\d{1,6})?$/i;

const required = (max: number, label: string, missing: string) =>
  z
    .string(missing)
    .check(z.trim(), z.minLength(1, missing), z.maxLength(max, `${label} must be ${max} characters or fewer`), noHidden(HIDDEN_IN_LINE));

const optionalText = (max: number, label: string, pattern: RegExp = HIDDEN_IN_LINE) =>
  z.optional(z.string().check(z.trim(), z.maxLength(max, `${label} must be ${max} characters or fewer`), noHidden(pattern)));

export const EmailSchema = z
  .string('Enter your email address')
  .check(
    z.trim(),
    z.minLength(1, 'Enter your email address'),
    z.maxLength(CONTACT_LIMITS.email, `Email must be ${CONTACT_LIMITS.email} characters or fewer`),
    z.regex(EMAIL_PATTERN, 'Enter an email address in the correct format, like name@example.com'),
  );

export const PhoneSchema = z
  .string('Enter your phone number')
  .check(
    z.trim(),
    z.minLength(1, 'Enter your phone number'),
    z.maxLength(CONTACT_LIMITS.phone, `Phone number must be ${CONTACT_LIMITS.phone} characters or fewer`),
    z.regex(PHONE_PATTERN, 'Enter a phone number, like +1 555 010 0199'),
    z.refine((value) => (value.match(/\d/g)?.length ?? 0) >= 6, 'Enter a phone number with at least 6 digits'),
  );

/** A reader's answer to one criterion; "unsure" is "Not sure" on screen. */
export const PrescreenValueSchema = z.enum(['yes', 'no', 'unsure']);

/**
 * One answered pre-screen criterion, the one shape `<trial-eligibility>`, the form, the widget
 * and the server share. `section` is the list the criterion is in: "yes" to an inclusion
 * criterion and "yes" to an exclusion criterion mean opposite things.
 */
export const PrescreenAnswerSchema = z.object({
  /** Criterion id within the parsed criteria, e.g. `inclusion-3` or `exclusion-5.1`. */
  criterionId: z.optional(z.string().check(z.maxLength(100))),
  /** Section id, e.g. `inclusion`, `exclusion-2`. */
  sectionId: z.optional(z.string().check(z.maxLength(100))),
  section: z.enum(['inclusion', 'exclusion', 'other', 'criteria']),
  /** The criterion's plain text, so the answer reads on its own. */
  criterion: z.string().check(z.maxLength(CONTACT_LIMITS.criterion)),
  answer: PrescreenValueSchema,
});

/** How the reader would like the study team to get back to them. */
export const CONTACT_METHODS = ['email', 'phone', 'text'] as const;
/** When a call suits the reader best. */
export const BEST_TIMES = ['morning', 'afternoon', 'evening', 'any'] as const;

/** The site the reader chose, as text: sites in a CT.gov record have no stable id. */
export const ChosenSiteSchema = z.object({
  facility: optionalText(CONTACT_LIMITS.siteText, 'Facility'),
  city: optionalText(CONTACT_LIMITS.siteText, 'City'),
  state: optionalText(CONTACT_LIMITS.siteText, 'State'),
  zip: optionalText(CONTACT_LIMITS.siteText, 'Postal code'),
  country: optionalText(CONTACT_LIMITS.siteText, 'Country'),
});

/** One value the host page may add: short text, a finite number, true/false or null. */
export type ExtraValue = string | number | boolean | null;

function isExtraValue(value: unknown): boolean {
  if (typeof value === 'string') return value.length <= CONTACT_LIMITS.extraValue;
  if (typeof value === 'number') return Number.isFinite(value);
  return value === null || typeof value === 'boolean';
}

function isExtra(value: unknown): value is Record<string, ExtraValue> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  const entries = Object.entries(value);
  return entries.length <= CONTACT_LIMITS.extraKeys && entries.every(([key, item]) => key.length >= 1 && key.length <= 64 && isExtraValue(item));
}

/**
 * What the host page may add through `trial-contact-before-submit`: a flat plain object of at
 * most `extraKeys` names (1–64 characters), each to one `ExtraValue`. One refinement instead of
 * `z.record()`: the record schema (0.6 KB gzip) would otherwise reach every page for this map.
 */
export const ExtraSchema = z.custom<Record<string, ExtraValue>>(
  isExtra,
  `At most ${CONTACT_LIMITS.extraKeys} extra fields, each named in 1 to 64 characters, with text of at most ${CONTACT_LIMITS.extraValue} characters, a number, true, false or null`,
);

export const ContactSubmissionSchema = z
  .object({
  trialId: required(CONTACT_LIMITS.trialId, 'Trial id', 'Give the trial id'),
  trialTitle: optionalText(CONTACT_LIMITS.trialTitle, 'Trial title'),
  site: z.optional(ChosenSiteSchema),
  firstName: required(CONTACT_LIMITS.name, 'First name', 'Enter your first name'),
  lastName: required(CONTACT_LIMITS.name, 'Last name', 'Enter your last name'),
  email: EmailSchema,
  phone: PhoneSchema,
  language: optionalText(CONTACT_LIMITS.language, 'Other language'),
  message: optionalText(CONTACT_LIMITS.message, 'Message', HIDDEN_IN_TEXT),
  contactMethod: z.optional(z.enum(CONTACT_METHODS, 'Choose how the study team should contact you')),
  bestTime: z.optional(z.enum(BEST_TIMES, 'Choose a time of day')),
  /** A separate agreement to receive text messages; required when `contactMethod` is `text`. */
  textConsent: z.optional(z.boolean()),
  /** The reader asks on behalf of someone else (a caregiver); then both fields below are required. */
  forSomeoneElse: z.optional(z.boolean()),
  patientName: optionalText(CONTACT_LIMITS.name * 2 + 1, 'Patient name'),
  relationship: optionalText(CONTACT_LIMITS.relationship, 'Relationship'),
  consent: z.literal(true, 'Tick the box to agree before sending'),
  /** The exact wording the reader agreed to, kept with the record. */
  consentText: z.string('Send the consent wording the reader agreed to').check(z.trim(), z.minLength(1), z.maxLength(CONTACT_LIMITS.consentText)),
  /** Only present when the reader ticked the separate pre-screen consent. */
  prescreen: z.optional(
    z.object({
      consent: z.literal(true),
      answers: z.array(PrescreenAnswerSchema).check(z.minLength(1), z.maxLength(CONTACT_LIMITS.prescreenAnswers)),
    }),
  ),
  extra: z.optional(ExtraSchema),
  locale: z.optional(z.string().check(z.maxLength(35))),
  /** The widget release that showed the consent wording, kept as part of the consent record. */
  widgetVersion: z.optional(z.string().check(z.maxLength(CONTACT_LIMITS.widgetVersion))),
})
  .check(
    z.superRefine((value, ctx) => {
      if (value.contactMethod === 'text' && value.textConsent !== true) {
        ctx.issues.push({ code: 'custom', path: ['textConsent'], input: value.textConsent, message: 'Tick the box to agree to text messages' });
      }
      if (value.forSomeoneElse === true) {
        if (typeof value.patientName !== 'string' || !value.patientName) ctx.issues.push({ code: 'too_small', origin: 'string', minimum: 1, path: ['patientName'], input: value.patientName, message: 'Enter the name of the person you are asking for' });
        if (typeof value.relationship !== 'string' || !value.relationship) ctx.issues.push({ code: 'too_small', origin: 'string', minimum: 1, path: ['relationship'], input: value.relationship, message: 'Say how you are related to them' });
      }
      // Run even when other fields failed, so the reader sees every problem at once.
    }, { when: (payload) => typeof payload.value === 'object' && payload.value !== null }),
  );

export const NotifySignupSchema = z.object({
  email: EmailSchema,
  consent: z.literal(true, 'Tick the box to agree before signing up'),
  consentText: z.string('Send the consent wording the reader agreed to').check(z.trim(), z.minLength(1), z.maxLength(CONTACT_LIMITS.consentText)),
  trialId: optionalText(CONTACT_LIMITS.trialId, 'Trial id'),
  conditions: z.optional(z.array(z.string().check(z.maxLength(CONTACT_LIMITS.siteText))).check(z.maxLength(20))),
  locale: z.optional(z.string().check(z.maxLength(35))),
  widgetVersion: z.optional(z.string().check(z.maxLength(CONTACT_LIMITS.widgetVersion))),
});

export type PrescreenValue = z.infer<typeof PrescreenValueSchema>;
export type PrescreenAnswer = z.infer<typeof PrescreenAnswerSchema>;
export type ChosenSite = z.infer<typeof ChosenSiteSchema>;
export type ContactSubmission = z.infer<typeof ContactSubmissionSchema>;
export type NotifySignup = z.infer<typeof NotifySignupSchema>;

/** The fields a reader fills in; their errors are shown next to them. */
export const CONTACT_FIELDS = [
  'firstName',
  'lastName',
  'patientName',
  'relationship',
  'email',
  'phone',
  'contactMethod',
  'bestTime',
  'textConsent',
  'language',
  'message',
  'consent',
] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

/** Why a field was refused, independent of language. */
export type FieldErrorCode = 'required' | 'format' | 'too_long' | 'invalid' | 'characters';

export interface FieldError {
  code: FieldErrorCode;
  message: string;
}

function codeOf(issue: z.core.$ZodIssue): FieldErrorCode {
  switch (issue.code) {
    case 'too_small':
      return 'required';
    case 'too_big':
      return 'too_long';
    case 'custom':
      return (issue.params as { code?: string } | undefined)?.code === 'characters' ? 'characters' : 'format';
    case 'invalid_format':
      return 'format';
    case 'invalid_value':
      return 'required'; // a consent literal that is not `true`
    case 'invalid_type':
      return issue.input === undefined ? 'required' : 'invalid';
    default:
      return 'invalid';
  }
}

/**
 * First error per top-level field (`site.city` reports as `site`), in schema order. The server
 * sends this as the `fields` member of a 422 answer; the widget maps it onto its inputs.
 */
export function contactFieldErrors(error: z.core.$ZodError): Record<string, FieldError> {
  const fields: Record<string, FieldError> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '_');
    if (!fields[key]) fields[key] = { code: codeOf(issue), message: issue.message };
  }
  return fields;
}

/**
 * What the server's `201` says it did with a contact submission, so the page can say only what
 * is true: which channel carries it to the study team (`stored` means it waits on the server
 * for the team to fetch it) and whether a confirmation goes to the reader. `delivery` is
 * optional because a hospital's own backend may not report it; the widget then claims nothing.
 */
export const ContactReceiptSchema = z.object({
  id: z.optional(z.string().check(z.maxLength(200))),
  receivedAt: z.optional(z.string().check(z.maxLength(64))),
  delivery: z.optional(
    z.object({
      team: z.enum(['email', 'webhook', 'stored']),
      copyToReader: z.boolean(),
    }),
  ),
});

export type ContactReceipt = z.infer<typeof ContactReceiptSchema>;

/** A 2xx body read through the receipt schema; an unreadable one claims nothing. */
export function readReceipt(body: unknown): ContactReceipt {
  const parsed = ContactReceiptSchema.safeParse(body);
  return parsed.success ? parsed.data : {};
}
