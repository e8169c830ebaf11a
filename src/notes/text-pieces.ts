/**
 * The content cut into the pieces a keyboard reader steps through to choose text for a note:
 * blocks (paragraphs, list items, headings, table cells…) and the sentences inside them. The
 * pieces are `[start, end)` UTF-16 indexes into a TextMap's text, trimmed of the spaces that
 * block edges add, so a piece is exactly what a note on it quotes.
 */
import { isBlockElement, type TextMap } from './text-map.ts';

export interface TextPiece {
  start: number;
  end: number;
}

/** The nearest block around a node (crossing shadow roots), or undefined at the top. */
function blockAround(node: Node, stop: Node): Element | undefined {
  for (let current: Node | null = node.parentNode; current && current !== stop; ) {
    if (current instanceof ShadowRoot) {
      current = current.host;
      continue;
    }
    if (current instanceof Element && isBlockElement(current)) return current;
    current = current.parentNode;
  }
  return undefined;
}

function trimmed(text: string, start: number, end: number): TextPiece | undefined {
  while (start < end && text.charCodeAt(start) === 32) start++;
  while (end > start && text.charCodeAt(end - 1) === 32) end--;
  return end > start ? { start, end } : undefined;
}

/** The blocks of `map` in reading order: runs of text whose nearest block is the same. */
export function blocksOf(map: TextMap, root: Node): TextPiece[] {
  const pieces: TextPiece[] = [];
  let current: { block: Element | undefined; start: number; end: number } | undefined;
  const flush = () => {
    const piece = current && trimmed(map.text, current.start, current.end);
    if (piece) pieces.push(piece);
  };
  for (const node of map.textNodes) {
    const start = map.indexOf(node, 0, 'start');
    const end = map.indexOf(node, node.data.length, 'end');
    if (start === undefined || end === undefined || end <= start) continue;
    const block = blockAround(node, root);
    if (current && current.block === block) current.end = end;
    else {
      flush();
      current = { block, start, end };
    }
  }
  flush();
  return pieces;
}

const segmenters = new Map<string, Intl.Segmenter>();

/** The sentences of one block, by the locale's sentence rules. */
export function sentencesOf(text: string, block: TextPiece, locale?: string): TextPiece[] {
  const key = locale ?? '';
  let segmenter = segmenters.get(key);
  if (!segmenter) segmenters.set(key, (segmenter = new Intl.Segmenter(locale, { granularity: 'sentence' })));
  const pieces: TextPiece[] = [];
  for (const { segment, index } of segmenter.segment(text.slice(block.start, block.end))) {
    const piece = trimmed(text, block.start + index, block.start + index + segment.length);
    if (piece) pieces.push(piece);
  }
  return pieces.length ? pieces : [block];
}
