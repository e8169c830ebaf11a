import { defineElement } from '../../internal/define.ts';
import { TrialFaq } from './trial-faq.ts';

defineElement('trial-faq', TrialFaq);

export { TrialFaq };
