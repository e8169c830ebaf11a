import { defineElement } from '../../internal/define.ts';
import { TrialNotifySignup } from './trial-notify-signup.ts';

defineElement('trial-notify-signup', TrialNotifySignup);

export { TrialNotifySignup };
export { TrialNotifyErrorEvent, TrialNotifySuccessEvent } from './trial-notify-signup.events.ts';
