import type { TrialLoadError } from '../data/trial-source.ts';

/** Fired when a data-driven element cannot show its trial. `cause` says why. */
export class TrialErrorEvent extends Event {
  constructor(readonly cause: TrialLoadError) {
    super('trial-error', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'trial-error': TrialErrorEvent;
  }
}
