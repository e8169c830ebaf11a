import { defineElement } from '../../internal/define.ts';
import { TrialSitePicker } from './trial-site-picker.ts';

defineElement('trial-site-picker', TrialSitePicker);

export { TrialSitePicker };
export { TrialSiteChangeEvent } from './trial-site-picker.events.ts';
