import { defineElement } from '../../internal/define.ts';
import { TrialContactForm } from './trial-contact-form.ts';

defineElement('trial-contact-form', TrialContactForm);

export { TrialContactForm };
