import { defineElement } from '../../internal/define.ts';
// The form renders the site picker; registering it belongs here, not in the class's module.
// The notify sign-up, shown only after a message is sent, is imported by the form then.
import '../trial-site-picker/define.ts';
import { TrialContactForm } from './trial-contact-form.ts';

defineElement('trial-contact-form', TrialContactForm);

export { TrialContactForm };
