/**
 * Loads the JSON-LD code (`structured-data.ts`) only for a card that asks for it with
 * `structured-data` and has a trial to describe, so every other card page does without it.
 * Once loaded, the real controller registers itself on the card and takes over.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Trial } from '../../model/trial.ts';

export class StructuredDataLoader implements ReactiveController {
  #state: 'idle' | 'loading' | 'loaded' = 'idle';

  constructor(
    private readonly host: ReactiveControllerHost & Element,
    private readonly trial: () => Trial | undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#load();
  }

  hostUpdated(): void {
    this.#load();
  }

  #load(): void {
    if (this.#state !== 'idle' || !this.host.isConnected || !this.trial()) return;
    this.#state = 'loading';
    import('./structured-data.ts').then(
      ({ StructuredDataController }) => {
        this.#state = 'loaded';
        // Added to a connected host, it runs its hostConnected at once and adds the script.
        new StructuredDataController(this.host, this.trial);
      },
      (error: unknown) => {
        this.#state = 'idle'; // tried again on the next update
        console.warn(`trialkit: the card's structured data could not be loaded: ${String(error)}`);
      },
    );
  }
}
