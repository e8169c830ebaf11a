/** Events of `<trial-notify-signup>`. All bubble and are composed. */

/** The server took the sign-up. Carries nothing the reader typed. */
export class TrialNotifySuccessEvent extends Event {
  constructor() {
    super('trial-notify-success', { bubbles: true, composed: true });
  }
}

/** The sign-up was not sent: `invalid` (a field to fix), `failed` (refused or unreachable). */
export class TrialNotifyErrorEvent extends Event {
  readonly kind: 'invalid' | 'failed';
  /** The server's HTTP status, when it answered. */
  readonly status: number | undefined;

  constructor(init: { kind: 'invalid' | 'failed'; status?: number }) {
    super('trial-notify-error', { bubbles: true, composed: true });
    this.kind = init.kind;
    this.status = init.status;
  }

  /** @deprecated Read the event's own fields; kept for listeners written against 0.1. */
  get detail(): { kind: 'invalid' | 'failed'; status?: number } {
    return { kind: this.kind, status: this.status };
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'trial-notify-success': TrialNotifySuccessEvent;
    'trial-notify-error': TrialNotifyErrorEvent;
  }
}
