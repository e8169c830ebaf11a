/**
 * The self-contained bundle (`dist/trialkit.js`): one `<script type="module">` registers every
 * element. Each define file is also its own npm entry.
 */
import './elements/trial-card/define.ts';
import './elements/trial-eligibility/define.ts';
import './elements/trial-faq/define.ts';

export { TrialCard } from './elements/trial-card/trial-card.ts';
export { TrialEligibility } from './elements/trial-eligibility/trial-eligibility.ts';
export { TrialPrescreenChangeEvent, type PrescreenAnswer } from './elements/trial-eligibility/trial-prescreen-change-event.ts';
export { TrialFaq, TrialFaqToggleEvent } from './elements/trial-faq/trial-faq.ts';
export { parseEligibility } from './model/eligibility.ts';
export { trialFromCtgov } from './model/ctgov.ts';
export { trialFromJson, TrialLoadError } from './data/trial-source.ts';
export { TrialErrorEvent } from './internal/trial-error-event.ts';
export type { Trial } from './model/trial.ts';
