import { defineElement } from '../../internal/define.ts';
import { TrialInvolvement } from './trial-involvement.ts';

defineElement('trial-involvement', TrialInvolvement);

export { TrialInvolvement };
export { TrialInvolvementToggleEvent } from './trial-involvement.ts';
