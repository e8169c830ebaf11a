import type { EligibilitySectionKind } from '../../model/eligibility.ts';

/** A reader's answer to one criterion in pre-screen mode. */
export type PrescreenAnswerValue = 'yes' | 'no' | 'not-sure';

/** One answered criterion, in a shape a contact form can send as it is. */
export interface PrescreenAnswer {
  /** Criterion id within the parsed criteria, e.g. `inclusion-3` or `exclusion-5.1`. */
  criterionId: string;
  /** Section id, e.g. `inclusion`, `exclusion-2`. */
  sectionId: string;
  sectionKind: EligibilitySectionKind;
  /** The criterion's plain text, so the answer reads on its own. */
  criterion: string;
  answer: PrescreenAnswerValue;
}

/**
 * Fired when the reader answers a criterion in pre-screen mode (never for programmatic
 * changes). `answers` holds every answer given so far, in document order.
 */
export class TrialPrescreenChangeEvent extends Event {
  constructor(
    readonly answers: readonly PrescreenAnswer[],
    readonly criterionId: string,
    readonly answer: PrescreenAnswerValue,
  ) {
    super('trial-prescreen-change', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'trial-prescreen-change': TrialPrescreenChangeEvent;
  }
}
