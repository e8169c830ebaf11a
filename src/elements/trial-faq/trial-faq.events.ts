/** Fired when the reader opens or closes questions. */
export class TrialFaqToggleEvent extends Event {
  constructor(
    readonly questions: readonly string[],
    readonly open: boolean,
  ) {
    super('trial-faq-toggle', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'trial-faq-toggle': TrialFaqToggleEvent;
  }
}
