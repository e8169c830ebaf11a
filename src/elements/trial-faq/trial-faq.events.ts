/** Fired when the reader opens or closes questions. */
export class TrialFaqToggleEvent extends Event {
  /** The questions opened or closed, as written. */
  readonly questions: readonly string[];
  readonly open: boolean;

  constructor(init: { questions: readonly string[]; open: boolean }) {
    super('trial-faq-toggle', { bubbles: true, composed: true });
    this.questions = init.questions;
    this.open = init.open;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'trial-faq-toggle': TrialFaqToggleEvent;
  }
}
