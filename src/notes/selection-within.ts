/**
 * Whether a node, or the reader's selection, is inside an element's content: its light DOM and
 * any shadow root in it, but not the element's own shadow root (its interface). Cheap enough to
 * run on every `selectionchange` before any text map exists.
 */

/** Whether `node` is in `host`'s content (light DOM, or a shadow root inside it). */
export function inContentOf(host: Element, node: Node): boolean {
  for (let current: Node | null = node; current; ) {
    if (current === host) return true;
    if (current === host.shadowRoot) return false;
    current = current instanceof ShadowRoot ? current.host : current.parentNode;
  }
  return false;
}

type ComposedSelection = Selection & { getComposedRanges?: (...args: unknown[]) => StaticRange[] };

/**
 * Whether the page's selection holds text with both ends in `host`'s content. A selection deeper
 * inside (in the shadow root of a card in the content) counts: it is reported at that card.
 */
export function selectionWithin(host: Element): boolean {
  const selection = document.getSelection() as ComposedSelection | null;
  if (!selection || selection.rangeCount === 0) return false;
  let range: AbstractRange | undefined;
  if (typeof selection.getComposedRanges === 'function') {
    // The shadow roots the host itself sits in (inside <trial-widget>, say), so that the
    // selection is not reported at the outermost host instead.
    const shadowRoots: ShadowRoot[] = [];
    for (let root = host.getRootNode(); root instanceof ShadowRoot; root = root.host.getRootNode()) shadowRoots.push(root);
    try {
      range = selection.getComposedRanges({ shadowRoots })[0];
    } catch {
      range = selection.getComposedRanges(...shadowRoots)[0];
    }
  } else {
    // Older engines: the selection as the host's own tree sees it.
    const root = host.getRootNode() as (Document | ShadowRoot) & { getSelection?: () => Selection | null };
    const inTree = root.getSelection?.() ?? selection;
    range = inTree.rangeCount ? inTree.getRangeAt(0) : undefined;
  }
  return !!range && !range.collapsed && inContentOf(host, range.startContainer) && inContentOf(host, range.endContainer);
}
