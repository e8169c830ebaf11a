/**
 * The main npm entry (`import … from 'trialkit'`): the model, the ClinicalTrials.gov adapter, the
 * eligibility parser and every element class, with no side effect. Importing it registers no
 * element; the define entries (`trialkit/trial-card.js`, …) and the bundle (`trialkit/bundle`,
 * `src/bundle.ts`) do that.
 */
export { TrialCard } from './elements/trial-card/trial-card.ts';
export { TrialContactForm } from './elements/trial-contact-form/trial-contact-form.ts';
export {
  TrialContactBeforeSubmitEvent,
  TrialContactSuccessEvent,
  TrialContactQueuedEvent,
  TrialContactErrorEvent,
} from './elements/trial-contact-form/trial-contact-form.events.ts';
export type { ContactReceipt, ContactSubmission, NotifySignup, PrescreenAnswer, PrescreenValue } from './model/contact.ts';
export { TrialSitePicker } from './elements/trial-site-picker/trial-site-picker.ts';
export { TrialSiteChangeEvent } from './elements/trial-site-picker/trial-site-picker.events.ts';
export { TrialNotifySignup } from './elements/trial-notify-signup/trial-notify-signup.ts';
export { TrialNotifyErrorEvent, TrialNotifySuccessEvent } from './elements/trial-notify-signup/trial-notify-signup.events.ts';
export { TrialEligibility } from './elements/trial-eligibility/trial-eligibility.ts';
export { TrialPrescreenChangeEvent } from './elements/trial-eligibility/trial-eligibility.events.ts';
export { TrialFaq, TrialFaqToggleEvent } from './elements/trial-faq/trial-faq.ts';
export { TrialInvolvement, TrialInvolvementToggleEvent } from './elements/trial-involvement/trial-involvement.ts';
export { TrialNotes } from './elements/trial-notes/trial-notes.ts';
export { TrialNoteAddEvent, TrialNoteChangeEvent, TrialNoteRemoveEvent } from './elements/trial-notes/trial-notes.events.ts';
// The share dialog loads on demand, so its classes are exported as types only.
export type { TrialNotesShare, TrialShareCreateEvent, TrialShareOpenEvent } from './elements/trial-notes/trial-notes-share.ts';
export type { TrialNote, NoteImportResult } from './elements/trial-notes/trial-note.ts';
export { TrialWidget } from './elements/trial-widget/trial-widget.ts';
export { parseEligibility } from './model/eligibility.ts';
export { trialFromCtgov } from './model/ctgov.ts';
export { clearTrialCache, loadTrial, studyUrl, trialFromJson, TrialLoadError, DEFAULT_API_BASE } from './data/trial-source.ts';
export type { TrialLoadErrorKind } from './data/trial-source.ts';
export { TrialErrorEvent } from './internal/trial-error-event.ts';
export { isNctId, TrialSchema } from './model/trial.ts';
export type { Trial } from './model/trial.ts';
export { involvementFacts } from './model/involvement.ts';
export { PLACEHOLDER_ELEMENTS, placeholderAttributes, upgradePlaceholders, watchPlaceholders } from './placeholders/upgrade-placeholders.ts';
