import { defineElement } from '../../internal/define.ts';
import { TrialWidget } from './trial-widget.ts';

defineElement('trial-widget', TrialWidget);

export { TrialWidget };
