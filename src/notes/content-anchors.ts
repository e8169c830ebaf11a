/**
 * Keeping notes on content that changes: the text map of an element's content, the
 * observation that notices changes (in light DOM, open shadow roots, and elements that render
 * later), and the re-anchoring that follows, debounced and one run at a time. The host says
 * how to anchor on a map; this controller decides when, and which map every anchor refers to.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { buildTextMap, buildTextMapAsync, type TextMap } from './text-map.ts';

/** Wait after the last content change before re-anchoring. */
export const REANCHOR_DELAY = 120;

/**
 * Anchors the host's notes on `map` and returns what applies the result. The controller calls
 * the returned function only if no newer run started meanwhile, right after it made `map` the
 * anchored map.
 */
export type AnchorOn = (map: TextMap) => Promise<() => void>;

export class ContentAnchorsController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #anchorOn: AnchorOn;
  #map: TextMap | undefined;
  /** The map every anchor refers to (the last complete re-anchoring). */
  #anchored: TextMap | undefined;
  #stale = true;
  #observer: MutationObserver | undefined;
  #observed = new WeakSet<Node>();
  #watched = new WeakSet<Element>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #run = 0;
  #running: Promise<void> = Promise.resolve();

  constructor(host: ReactiveControllerHost & HTMLElement, anchorOn: AnchorOn) {
    this.#host = host;
    this.#anchorOn = anchorOn;
    host.addController(this);
  }

  hostConnected(): void {
    this.#observer = new MutationObserver((records) => {
      if (records.length) this.contentChanged();
    });
    this.#observed = new WeakSet();
    this.#observe(this.#host);
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
    clearTimeout(this.#timer);
  }

  /** The map the anchors refer to, once a re-anchoring has completed. */
  get anchoredMap(): TextMap | undefined {
    return this.#anchored;
  }

  /** The map of the content as it is now (built at once when stale). */
  currentMap(): TextMap {
    if (!this.#map || this.#stale) {
      this.#map = buildTextMap(this.#host);
      this.#stale = false;
      this.#watchContent(this.#map);
    }
    return this.#map;
  }

  /** The next map is built afresh (the content, or what is to be anchored, changed). */
  markStale(): void {
    this.#stale = true;
  }

  /** The content changed: re-anchor soon. */
  contentChanged(): void {
    this.#stale = true;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.reanchor(), REANCHOR_DELAY);
  }

  /** Re-anchors now, after any run in progress; a newer call makes an older run give up. */
  reanchor(): Promise<void> {
    const run = ++this.#run;
    const previous = this.#running;
    this.#running = (async () => {
      await previous.catch(() => undefined);
      if (run !== this.#run || !this.#host.isConnected) return;
      let map = this.#map;
      if (!map || this.#stale) {
        // Built in slices: large content must not block the page. A change during the build
        // marks the map stale again and schedules the next run.
        this.#stale = false;
        map = await buildTextMapAsync(this.#host);
        if (run !== this.#run) return;
        this.#map = map;
        this.#watchContent(map);
      }
      const apply = await this.#anchorOn(map);
      if (run !== this.#run) return;
      this.#anchored = map;
      apply();
    })();
    return this.#running;
  }

  /**
   * Brings every anchor up to date with the current content, so that a new note and the old
   * ones are positions in the same text map; returns that map.
   */
  async sync(): Promise<TextMap> {
    for (let tries = 0; tries < 3; tries++) {
      const map = this.currentMap();
      if (map === this.#anchored) return map;
      await this.reanchor();
    }
    return this.currentMap();
  }

  #observe(node: Node): void {
    if (this.#observed.has(node)) return;
    this.#observed.add(node);
    this.#observer?.observe(node, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['hidden'] });
  }

  /** Observes new shadow roots and waits for elements that will render later. */
  #watchContent(map: TextMap): void {
    for (const root of map.shadowRoots) this.#observe(root);
    const roots: ParentNode[] = [this.#host, ...map.shadowRoots];
    for (const root of roots) {
      for (const element of root.querySelectorAll('*')) {
        if (this.#watched.has(element)) continue;
        const tag = element.localName;
        if (tag.includes('-') && !customElements.get(tag)) {
          this.#watched.add(element);
          void customElements.whenDefined(tag).then(() => this.contentChanged());
        } else if ('updateComplete' in element && !element.shadowRoot) {
          // A Lit element whose shadow root is not there yet.
          this.#watched.add(element);
          void (element as unknown as { updateComplete: Promise<unknown> }).updateComplete.then(() => this.contentChanged());
        }
      }
    }
  }
}
