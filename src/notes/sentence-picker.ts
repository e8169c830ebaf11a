/**
 * Choosing text for a note without a pointer or caret browsing: the reader steps through the
 * content sentence by sentence (crossing from block to block) and may widen the choice to the
 * whole block. Pure state over a TextMap; the element draws it and moves focus.
 */
import { blocksOf, sentencesOf, type TextPiece } from './text-pieces.ts';
import type { TextMap } from './text-map.ts';

export class SentencePicker {
  readonly map: TextMap;
  readonly blocks: readonly TextPiece[];
  readonly #locale: string | undefined;
  readonly #sentences = new Map<number, TextPiece[]>();
  #block = 0;
  #sentence = 0;
  /** Whether the whole block is chosen rather than one sentence. */
  whole = false;

  constructor(map: TextMap, root: Node, locale?: string) {
    this.map = map;
    this.blocks = blocksOf(map, root);
    this.#locale = locale;
  }

  get empty(): boolean {
    return this.blocks.length === 0;
  }

  /** Block and sentence positions, 1-based, for the reader. */
  get position(): { block: number; blocks: number; sentence: number; sentences: number } {
    return { block: this.#block + 1, blocks: this.blocks.length, sentence: this.#sentence + 1, sentences: this.#sentencesIn(this.#block).length };
  }

  /** The chosen text: the current sentence, or its whole block. */
  get current(): TextPiece | undefined {
    if (this.empty) return undefined;
    return this.whole ? this.blocks[this.#block] : this.#sentencesIn(this.#block)[this.#sentence];
  }

  /** The block that holds the chosen text. */
  get currentBlock(): TextPiece | undefined {
    return this.blocks[this.#block];
  }

  get text(): string {
    const piece = this.current;
    return piece ? this.map.text.slice(piece.start, piece.end) : '';
  }

  /** Starts at the first block that ends at or after `index` (e.g. the first one on screen). */
  startAt(index: number): void {
    const found = this.blocks.findIndex((block) => block.end > index);
    this.#block = found === -1 ? 0 : found;
    this.#sentence = 0;
  }

  /** Moves one sentence (or one block when the whole block is chosen); false at either end. */
  move(step: 1 | -1): boolean {
    if (this.empty) return false;
    if (!this.whole) {
      const next = this.#sentence + step;
      if (next >= 0 && next < this.#sentencesIn(this.#block).length) {
        this.#sentence = next;
        return true;
      }
    }
    const block = this.#block + step;
    if (block < 0 || block >= this.blocks.length) return false;
    this.#block = block;
    this.#sentence = step === 1 || this.whole ? 0 : this.#sentencesIn(block).length - 1;
    return true;
  }

  #sentencesIn(block: number): TextPiece[] {
    let sentences = this.#sentences.get(block);
    if (!sentences) this.#sentences.set(block, (sentences = sentencesOf(this.map.text, this.blocks[block]!, this.#locale)));
    return sentences;
  }
}
