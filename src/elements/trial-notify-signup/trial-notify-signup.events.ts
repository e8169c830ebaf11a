/** Events of `<trial-notify-signup>`. All bubble and are composed. */

/** The server took the sign-up. Carries nothing the reader typed. */
export class TrialNotifySuccessEvent extends Event {
  constructor() {
    super('trial-notify-success', { bubbles: true, composed: true });
  }
}

/** The sign-up was not sent: `invalid` (a field to fix), `failed` (refused or unreachable). */
export class TrialNotifyErrorEvent extends Event {
  constructor(readonly detail: { kind: 'invalid' | 'failed'; status?: number }) {
    super('trial-notify-error', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'trial-notify-success': TrialNotifySuccessEvent;
    'trial-notify-error': TrialNotifyErrorEvent;
  }
}
