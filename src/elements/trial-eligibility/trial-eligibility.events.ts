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
  /** Every answer given so far, in document order. */
  readonly answers: readonly PrescreenAnswer[];
  /** The criterion just answered. */
  readonly criterionId: string;
  readonly answer: PrescreenValue;

  constructor(init: { answers: readonly PrescreenAnswer[]; criterionId: string; answer: PrescreenValue }) {
    super('trial-prescreen-change', { bubbles: true, composed: true });
    this.answers = init.answers;
    this.criterionId = init.criterionId;
    this.answer = init.answer;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'trial-prescreen-change': TrialPrescreenChangeEvent;
  }
}
