/** Fired when the reader opens or closes the section. */
export class TrialInvolvementToggleEvent extends Event {
  constructor(readonly open: boolean) {
    super('trial-involvement-toggle', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'trial-involvement-toggle': TrialInvolvementToggleEvent;
  }
}
