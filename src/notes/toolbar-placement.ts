/**
 * Where the keyboard picker's toolbar goes. The reader reads the chosen sentence and then the
 * lines after it, so the toolbar must cover neither: it goes above the sentence when the page
 * has room there, else below the whole block (paragraph, list item) that holds the sentence,
 * and only as a last resort right below the sentence. The page may scroll a little so that the
 * toolbar and the sentence are both in view, on a 320 px phone too.
 *
 * Pure geometry, in viewport pixels at the moment of asking (what getBoundingClientRect says).
 */

/** A vertical extent in viewport pixels. */
export interface VerticalBox {
  top: number;
  bottom: number;
}

export interface PickerPlacementInput {
  /** From the top of the sentence's first line to the bottom of its last. */
  sentence: VerticalBox;
  /** The block holding the sentence. */
  block: VerticalBox;
  toolbarHeight: number;
  viewportHeight: number;
  /** How far the page can still scroll up (its `scrollY`): there is no room above the page. */
  scrollTop: number;
  /** Space between the toolbar and the text. */
  gap?: number;
}

export interface PickerPlacement {
  side: 'above' | 'below-block' | 'below-sentence';
  /** The toolbar's top, in viewport pixels before the scroll below. */
  top: number;
  /** How far to scroll the page (positive: down) so that toolbar and sentence are in view. */
  scroll: number;
}

/**
 * The smallest scroll that shows the extent `[from, to]` whole, or undefined when no scroll
 * can (it is taller than the viewport, or it would take scrolling above the page's top).
 */
function scrollToShow(from: number, to: number, viewportHeight: number, scrollTop: number): number | undefined {
  if (to - from > viewportHeight) return undefined;
  let scroll = 0;
  if (to > viewportHeight) scroll = to - viewportHeight;
  if (from - scroll < 0) scroll = from;
  if (scroll < -scrollTop) return undefined;
  return scroll;
}

export function placePickerToolbar({ sentence, block, toolbarHeight, viewportHeight, scrollTop, gap = 6 }: PickerPlacementInput): PickerPlacement {
  const room = toolbarHeight + gap;
  const above = scrollToShow(sentence.top - room, sentence.bottom, viewportHeight, scrollTop);
  if (above !== undefined) return { side: 'above', top: sentence.top - room, scroll: above };
  const belowBlock = scrollToShow(sentence.top, block.bottom + room, viewportHeight, scrollTop);
  if (belowBlock !== undefined) return { side: 'below-block', top: block.bottom + gap, scroll: belowBlock };
  // A block taller than the screen: keep the sentence's start in view, the toolbar after it.
  const belowSentence = scrollToShow(sentence.top, sentence.bottom + room, viewportHeight, scrollTop) ?? Math.max(sentence.top, -scrollTop);
  return { side: 'below-sentence', top: sentence.bottom + gap, scroll: belowSentence };
}
