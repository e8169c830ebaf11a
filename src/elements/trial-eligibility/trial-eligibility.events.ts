import type { PrescreenAnswer, PrescreenValue } from '../../model/contact.ts';

/** The one pre-screen answer shape (`src/model/contact.ts`), shared with the form and the server. */
export type { PrescreenAnswer, PrescreenValue } from '../../model/contact.ts';
/** @deprecated Use `PrescreenValue`. */
export type PrescreenAnswerValue = PrescreenValue;

/**
 * Fired when the reader answers a criterion in pre-screen mode (never for programmatic
 * changes). `answers` holds every answer given so far, in document order.
 */
export class TrialPrescreenChangeEvent extends Event {
  constructor(
    readonly answers: readonly PrescreenAnswer[],
    readonly criterionId: string,
    readonly answer: PrescreenValue,
  ) {
    super('trial-prescreen-change', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'trial-prescreen-change': TrialPrescreenChangeEvent;
  }
}
