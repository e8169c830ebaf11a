import { defineElement } from '../../internal/define.ts';
import { TrialCard } from './trial-card.ts';

defineElement('trial-card', TrialCard);

export { TrialCard };
