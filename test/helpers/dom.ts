/** DOM helpers for element tests: shadow roots, visible text, form filling. */

export function root(el: Element): ShadowRoot {
  return el.shadowRoot!;
}

/** An element's own shadow text (`textContent`), whitespace folded; nested shadow roots are not read. */
export function shadowText(el: Element): string {
  return (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ');
}

/** The first match of `selector` in an element's shadow root. */
export function shadow<T extends Element = HTMLElement>(el: Element, selector: string): T | null {
  return root(el).querySelector<T>(selector);
}

/** The first element of an element's shadow root with `name` among its parts. */
export function part<T extends Element = HTMLElement>(el: Element, name: string): T | null {
  return root(el).querySelector<T>(`[part~="${name}"]`);
}

/** An element's shadow text, whitespace folded, including nested trialkit elements' shadow text. */
export function text(el: Element): string {
  const parts: string[] = [];
  const walk = (node: Node) => {
    if (node instanceof Element && node.localName === 'style') return;
    if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
    if (node instanceof Element && node.shadowRoot && node.localName.startsWith('trial-')) walk(node.shadowRoot);
    for (const child of node.childNodes) walk(child);
  };
  walk(root(el));
  return parts.join(' ').replace(/\s+/g, ' ');
}

/** Sets inputs by id as a person would (text and selects get `input`, check boxes `change`). */
export async function fillIn(scope: ShadowRoot, values: Record<string, string | boolean>, settle: () => Promise<unknown>): Promise<void> {
  for (const [id, value] of Object.entries(values)) {
    const input = scope.querySelector<HTMLInputElement | HTMLSelectElement>(`#${id}`);
    if (!input) throw new Error(`No field #${id}`);
    if (typeof value === 'boolean') {
      (input as HTMLInputElement).checked = value;
      input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    } else {
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    }
    // Fields that appear after a choice (caregiver, text consent) need a render first.
    await settle();
  }
}

const frames: HTMLIFrameElement[] = [];

/**
 * A fresh same-origin page in an iframe, with nothing loaded yet (each its own module map and
 * custom element registry); removed after the test. Call `removeFreshFrames` in `afterEach`.
 */
export function freshFrame(width = 800, height = 600): { frame: HTMLIFrameElement; win: Window & typeof globalThis; doc: Document } {
  const frame = document.createElement('iframe');
  frame.width = String(width);
  frame.height = String(height);
  document.body.append(frame);
  frames.push(frame);
  return { frame, win: frame.contentWindow as Window & typeof globalThis, doc: frame.contentDocument! };
}

export function removeFreshFrames(): void {
  for (const frame of frames.splice(0)) frame.remove();
}

/** The next `type` event at `target`, typed as the element fires it (open-wc's `oneEvent` gives a CustomEvent). */
export function nextEvent<K extends keyof GlobalEventHandlersEventMap>(target: EventTarget, type: K): Promise<GlobalEventHandlersEventMap[K]> {
  return new Promise((resolve) => target.addEventListener(type, (event) => resolve(event as GlobalEventHandlersEventMap[K]), { once: true }));
}
