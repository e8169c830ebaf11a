/** Events of `<trial-site-picker>`. All bubble and are composed. */
import type { Site } from '../../model/trial.ts';

/**
 * The study center chosen changed because of the reader: they picked one, or asked for the
 * nearest (by location or a typed place) and another one came first. Not fired for changes made
 * by the page.
 */
export class TrialSiteChangeEvent extends Event {
  /** The chosen center, or undefined when none is chosen any more. */
  readonly site: Site | undefined;
  /** Its index in the trial's `sites`. */
  readonly index: number | undefined;

  constructor(init: { site: Site | undefined; index: number | undefined }) {
    super('trial-site-change', { bubbles: true, composed: true });
    this.site = init.site;
    this.index = init.index;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'trial-site-change': TrialSiteChangeEvent;
  }
}
