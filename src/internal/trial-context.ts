/**
 * What tells two trials' landmarks apart. A page may hold two widgets (a hospital's "our
 * trials" page): their regions and forms would otherwise share names such as "Send a message",
 * and a screen reader's landmark list would show the same entry twice. Each landmark is named
 * by its visible heading plus a hidden element holding the trial's short name, through
 * `aria-labelledby="heading trial-context"`; a hidden element still gives its text to a name.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Trial } from '../model/trial.ts';

/** The id of the hidden element `renderTrialContext` draws, for `aria-labelledby` lists. */
export const TRIAL_CONTEXT_ID = 'trial-context';

/** The trial's short name: its acronym and NCT number, or the number alone. */
export function trialContextLabel(trial: Pick<Trial, 'id' | 'acronym'>): string {
  return trial.acronym ? `(${trial.acronym}, ${trial.id})` : `(${trial.id})`;
}

/** The hidden element named by TRIAL_CONTEXT_ID; nothing without a trial. */
export function renderTrialContext(trial: Pick<Trial, 'id' | 'acronym'> | undefined): TemplateResult | typeof nothing {
  return trial ? html`<span id=${TRIAL_CONTEXT_ID} hidden>${trialContextLabel(trial)}</span>` : nothing;
}

/** `aria-labelledby` for a landmark named by `headingId`, with the trial's name when there is one. */
export function labelledWithTrial(headingId: string, trial: unknown): string {
  return trial ? `${headingId} ${TRIAL_CONTEXT_ID}` : headingId;
}
