/**
 * Accessible names that stay unique on a page with several `<trial-notes>`: two "My notes"
 * regions, lists or "Add note…" buttons cannot be told apart in a screen reader's list of
 * landmarks or buttons. While another `<trial-notes>` is connected, each name gets what that
 * element annotates: the trial shown inside, else the content's first heading, else the page
 * title; numbered when two come out the same. Alone on a page, names stay as they read.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { msg } from '@lit/localize';

type Host = ReactiveControllerHost & HTMLElement;

/** Connected elements, in the order they connected (elements in different shadow trees have no common document order). */
const connected = new Set<Host>();

/** Long headings are cut: the name is for telling two apart, not for reading the heading. */
const MAX_CHARS = 60;

function shorten(text: string): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length > MAX_CHARS ? `${chars.slice(0, MAX_CHARS - 1).join('')}…` : chars.join('');
}

/** The title of a trial rendered by a trialkit element near the top of the content. */
function trialTitle(host: Host): string | undefined {
  const near = [...host.children].flatMap((child) => [child, ...child.children]);
  for (const element of near) {
    const title = (element as { currentTrial?: { title?: unknown } }).currentTrial?.title;
    if (typeof title === 'string' && title.trim()) return title;
  }
  return undefined;
}

/** What the element annotates, in a few words. */
function contentName(host: Host): string {
  const heading = host.querySelector('h1, h2, h3, h4, h5, h6, [role="heading"]')?.textContent;
  const name = trialTitle(host) ?? (heading?.trim() ? heading : undefined) ?? (typeof document === 'undefined' ? '' : document.title);
  return shorten(name || msg('this page'));
}

export class DistinctNames implements ReactiveController {
  readonly #host: Host;
  /** Worked out once per render: every name of the element uses it. */
  #context: string | undefined;

  constructor(host: Host) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    connected.add(this.#host);
    for (const other of connected) other.requestUpdate();
  }

  hostDisconnected(): void {
    connected.delete(this.#host);
    for (const other of connected) other.requestUpdate();
  }

  hostUpdate(): void {
    this.#context = this.#contextNow();
  }

  /** What tells this element apart from the others on the page; undefined when it is alone. */
  context(): string | undefined {
    return this.#context;
  }

  #contextNow(): string | undefined {
    if (connected.size < 2 || !connected.has(this.#host)) return undefined;
    const mine = contentName(this.#host);
    let same = 0;
    let position = 0;
    for (const other of connected) {
      if (contentName(other) !== mine) continue;
      same++;
      if (other === this.#host) position = same;
    }
    // Numbers and a dash read the same in every language: no translation needed.
    return same > 1 ? `${mine} (${position})` : mine;
  }

  /** `label`, with this element's context when the page has another `<trial-notes>`. */
  named(label: string): string {
    const context = this.context();
    return context ? `${label} — ${context}` : label;
  }

  /** An `aria-label` for an element whose visible text is `label`: none while the text is unique. */
  ariaLabel(label: string): string | undefined {
    return this.context() ? this.named(label) : undefined;
  }
}
