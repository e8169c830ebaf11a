import { defineElement } from '../../internal/define.ts';
import { TrialWidget } from './trial-widget.ts';
// The sections the widget renders; here rather than in the class so that importing the class
// from the main entry registers nothing.
import '../trial-card/define.ts';
import '../trial-eligibility/define.ts';
import '../trial-involvement/define.ts';
import '../trial-contact-form/define.ts';
import '../trial-faq/define.ts';
import '../trial-notes/define.ts';

defineElement('trial-widget', TrialWidget);

export { TrialWidget };
