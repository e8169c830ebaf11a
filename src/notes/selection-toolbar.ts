/**
 * The text a reader selects inside an element's content, and where a toolbar for it goes.
 * Listens to the document's selection (debounced), reads it through open shadow roots where
 * the browser can, keeps only selections with both ends in the content (not in the host's own
 * interface), and hands the host the selected text described as note selectors. What the
 * toolbar shows and how focus moves stay with the host.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { describeSpan, type NoteSelectors } from './anchoring.ts';
import type { TextMap } from './text-map.ts';
import { inContentOf } from './selection-within.ts';

/** Wait after the last selection change before reading it. */
export const SELECTION_DELAY = 60;

/** The text a reader selected, described and located in the current map. */
export interface SelectedText {
  selectors: NoteSelectors;
  /** UTF-16 indexes into `map.text`. */
  start: number;
  end: number;
  map: TextMap;
}

export interface SelectionToolbarOptions {
  /** The content's current text map. */
  map(): TextMap;
  /** The selection inside the content changed; undefined when there is none there. */
  onSelection(selected: SelectedText | undefined): void;
}

/** Left edge room a toolbar needs, so it is never pushed past the host's right edge. */
const TOOLBAR_WIDTH = 160;

export class SelectionToolbarController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #options: SelectionToolbarOptions;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ReactiveControllerHost & HTMLElement, options: SelectionToolbarOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('selectionchange', this.#onSelectionChange);
  }

  hostDisconnected(): void {
    document.removeEventListener('selectionchange', this.#onSelectionChange);
    clearTimeout(this.#timer);
  }

  /**
   * Where a toolbar for `[start, end)` goes, in px from the host's top left: below the end of
   * the text, where touch selection menus (above it) do not cover it.
   */
  positionFor(map: TextMap, start: number, end: number): { x: number; y: number } | undefined {
    const ranges = map.rangesByTree(start, end);
    const last = ranges[ranges.length - 1];
    if (!last) return undefined;
    const rects = [...last.getClientRects()];
    const rect = rects[rects.length - 1] ?? last.getBoundingClientRect();
    const host = this.#host.getBoundingClientRect();
    return { x: Math.max(0, Math.min(rect.left - host.left, host.width - TOOLBAR_WIDTH)), y: rect.bottom - host.top + 6 };
  }

  // Debounced: a drag or Shift+arrow selection fires many changes. (Not rAF: it pauses in
  // background tabs, and a selection made there should still be read.)
  readonly #onSelectionChange = (): void => {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#options.onSelection(this.read()), SELECTION_DELAY);
  };

  /** The selection inside the content now, or undefined. */
  read(): SelectedText | undefined {
    const map = this.#options.map();
    const range = selectionRange(map);
    if (!range || !this.#inContent(range)) return undefined;
    const start = map.indexOf(range.startContainer, range.startOffset, 'start');
    const end = map.indexOf(range.endContainer, range.endOffset, 'end');
    const selectors = start !== undefined && end !== undefined ? describeSpan(map, start, end) : undefined;
    if (!selectors) return undefined;
    return { selectors, start: map.fromCodePoint(selectors.position!.start), end: map.fromCodePoint(selectors.position!.end), map };
  }

  /** Whether both ends of a range are inside the wrapped content (not in the host's own UI). */
  #inContent(range: AbstractRange): boolean {
    return inContentOf(this.#host, range.startContainer) && inContentOf(this.#host, range.endContainer);
  }
}

/** The selected range inside the content, piercing open shadow roots where the browser can. */
function selectionRange(map: TextMap): AbstractRange | undefined {
  const selection = document.getSelection();
  if (!selection || selection.rangeCount === 0) return undefined;
  const composed = (selection as Selection & { getComposedRanges?: (...args: unknown[]) => StaticRange[] }).getComposedRanges;
  if (typeof composed === 'function') {
    const shadowRoots = [...map.shadowRoots];
    let ranges: StaticRange[] | undefined;
    try {
      ranges = composed.call(selection, { shadowRoots });
    } catch {
      ranges = composed.call(selection, ...shadowRoots);
    }
    const range = ranges?.[0];
    return range && !range.collapsed ? range : undefined;
  }
  // Older engines: a shadow root may expose its own selection.
  for (const root of map.shadowRoots) {
    const inner = (root as ShadowRoot & { getSelection?: () => Selection | null }).getSelection?.();
    if (inner && inner.rangeCount && !inner.isCollapsed) return inner.getRangeAt(0);
  }
  const range = selection.getRangeAt(0);
  return range.collapsed ? undefined : range;
}
