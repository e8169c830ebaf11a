import { defineElement } from '../../internal/define.ts';
import { TrialEligibility } from './trial-eligibility.ts';

defineElement('trial-eligibility', TrialEligibility);

export { TrialEligibility };
export { TrialPrescreenChangeEvent } from './trial-eligibility.events.ts';
export type { PrescreenAnswer, PrescreenAnswerValue } from './trial-eligibility.events.ts';
