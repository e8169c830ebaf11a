/** A Range over `quote` inside the first text node of `root` that holds it. */
export function rangeIn(root: Element | ShadowRoot, quote: string): Range {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const at = node.data.indexOf(quote);
    if (at !== -1) {
      const range = new Range();
      range.setStart(node, at);
      range.setEnd(node, at + quote.length);
      return range;
    }
  }
  throw new Error(`"${quote}" not found`);
}
