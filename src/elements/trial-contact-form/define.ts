import { defineElement } from '../../internal/define.ts';
// The form renders these two; registering them belongs here, not in the class's module.
import '../trial-site-picker/define.ts';
import '../trial-notify-signup/define.ts';
import { TrialContactForm } from './trial-contact-form.ts';

defineElement('trial-contact-form', TrialContactForm);

export { TrialContactForm };
