import { defineElement } from '../../internal/define.ts';
import { TrialEligibility } from './trial-eligibility.ts';

defineElement('trial-eligibility', TrialEligibility);

export { TrialEligibility };
export { TrialPrescreenChangeEvent } from './trial-prescreen-change-event.ts';
export type { PrescreenAnswer, PrescreenAnswerValue } from './trial-prescreen-change-event.ts';
