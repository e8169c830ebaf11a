/**
 * Choosing text for a note without a pointer or caret browsing: "Add note…" in the launcher
 * starts a picker (src/notes/sentence-picker.ts) that steps through the content sentence by
 * sentence, with arrow keys or its own buttons; "Whole paragraph" widens the choice; Escape
 * stops and gives focus back. Its toolbar never covers the sentence or the lines after it
 * (src/notes/toolbar-placement.ts).
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import { describeSpan } from '../../notes/anchoring.ts';
import { SentencePicker } from '../../notes/sentence-picker.ts';
import { placePickerToolbar, type VerticalBox } from '../../notes/toolbar-placement.ts';
import { formatLocale } from '../../internal/localize.ts';
import { reducedMotion } from './note-editing.ts';
import type { NotesEngine } from './notes-engine.ts';

/** The vertical extent of ranges on screen, from the first line's top to the last line's bottom. */
function extentOf(ranges: readonly Range[]): VerticalBox | undefined {
  const rects = ranges.flatMap((range) => [...range.getClientRects()]).filter((rect) => rect.height > 0);
  if (!rects.length) return undefined;
  return { top: Math.min(...rects.map((r) => r.top)), bottom: Math.max(...rects.map((r) => r.bottom)) };
}

export class KeyboardPicking {
  readonly #engine: NotesEngine;
  #picker: SentencePicker | undefined;
  /** Where the toolbar was put for the current choice (px from the host's top left). */
  #placed: { x: number; y: number } | undefined;

  constructor(engine: NotesEngine) {
    this.#engine = engine;
  }

  /** Whether the reader is choosing text by keyboard. */
  get active(): boolean {
    return this.#picker !== undefined;
  }

  /** The ranges of the text chosen now, drawn as the draft highlight. */
  pickedRanges(): Range[] | undefined {
    const piece = this.#picker?.current;
    return piece && this.#picker!.map.rangesByTree(piece.start, piece.end);
  }

  async start(): Promise<void> {
    const engine = this.#engine;
    await engine.loaded;
    const picker = new SentencePicker(engine.anchors.currentMap(), engine.host, formatLocale());
    if (picker.empty) {
      engine.link.say({ text: msg('There is no text here to add a note to.'), error: true });
      return;
    }
    // Begin with the first block on screen, so the reader starts where they are reading.
    const onScreen = picker.blocks.find((block) => (picker.map.rangeOf(block.start, block.end)?.getBoundingClientRect().bottom ?? 0) > 0);
    picker.startAt(onScreen?.start ?? 0);
    engine.editing.returnFocus = engine.editing.deepActiveElement();
    engine.state.toolbar = undefined;
    this.#picker = picker;
    this.#showPicked();
    await engine.host.updateComplete;
    engine.host.renderRoot.querySelector<HTMLElement>('.picker [data-step="1"]')?.focus();
  }

  stop(): void {
    const engine = this.#engine;
    this.#picker = undefined;
    engine.state.announcement = '';
    engine.paint();
    engine.host.requestUpdate();
    void engine.host.updateComplete.then(() => engine.editing.restoreFocus());
  }

  /** The choice changed: highlight it, and place the toolbar anew once it has rendered. */
  #showPicked(): void {
    this.#placed = undefined;
    this.#engine.paint();
    this.#engine.host.requestUpdate();
  }

  #move(step: 1 | -1): void {
    const picker = this.#picker;
    if (!picker) return;
    if (!picker.move(step)) {
      this.#engine.state.announcement = step === 1 ? msg('This is the last of the text.') : msg('This is the first of the text.');
      return;
    }
    this.#engine.state.announcement = '';
    this.#showPicked();
  }

  #toggleWhole(): void {
    const picker = this.#picker;
    if (!picker) return;
    picker.whole = !picker.whole;
    this.#showPicked();
  }

  #add(): void {
    const picker = this.#picker;
    const piece = picker?.current;
    if (!picker || !piece) return;
    const selectors = describeSpan(picker.map, piece.start, piece.end);
    if (!selectors) return;
    this.#picker = undefined;
    this.#engine.host.requestUpdate();
    this.#engine.editing.addFromToolbar({ selectors, start: piece.start, end: piece.end, map: picker.map });
  }

  readonly #onKeydown = (event: KeyboardEvent): void => {
    const rtl = getComputedStyle(this.#engine.host).direction === 'rtl';
    const forward = event.key === 'ArrowDown' || event.key === (rtl ? 'ArrowLeft' : 'ArrowRight');
    const back = event.key === 'ArrowUp' || event.key === (rtl ? 'ArrowRight' : 'ArrowLeft');
    if (!forward && !back) return;
    event.preventDefault();
    this.#move(forward ? 1 : -1);
  };

  /**
   * Where the rendered toolbar goes for the current choice, scrolling the page so that the
   * toolbar and the chosen text are both in view. Worked out once per choice: other renders
   * (an announcement, say) leave it where it is.
   */
  placeToolbar(toolbar: HTMLElement): { x: number; y: number } | undefined {
    if (this.#placed) return this.#placed;
    const picker = this.#picker;
    const piece = picker?.current;
    const blockPiece = picker?.currentBlock;
    if (!picker || !piece || !blockPiece) return undefined;
    const sentence = extentOf(picker.map.rangesByTree(piece.start, piece.end));
    const block = extentOf(picker.map.rangesByTree(blockPiece.start, blockPiece.end)) ?? sentence;
    if (!sentence || !block) return undefined;
    const placement = placePickerToolbar({
      sentence,
      block,
      toolbarHeight: toolbar.getBoundingClientRect().height,
      viewportHeight: window.innerHeight,
      scrollTop: window.scrollY,
    });
    // The toolbar is positioned in the host, so its place does not change as the page scrolls.
    this.#placed = { x: 0, y: placement.top - this.#engine.host.getBoundingClientRect().top };
    if (placement.scroll) window.scrollBy({ top: placement.scroll, behavior: reducedMotion() ? 'auto' : 'smooth' });
    return this.#placed;
  }

  render(): TemplateResult {
    const picker = this.#picker!;
    const { names } = this.#engine.link;
    const { announcement } = this.#engine.state;
    const { sentence, sentences, block, blocks } = picker.position;
    const where = picker.whole ? msg(str`Paragraph ${block} of ${blocks}`) : msg(str`Sentence ${sentence} of ${sentences}, paragraph ${block} of ${blocks}`);
    return html`<div
      class="toolbar picker ui"
      part="toolbar"
      role="toolbar"
      aria-label=${names.named(msg('Choose text for a note'))}
      aria-describedby="picker-help"
      @keydown=${this.#onKeydown}
    >
      <p id="picker-help" class="picker-help">${msg('Arrow keys or these buttons move through the text; Escape stops.')}</p>
      <p class="picker-where" aria-live="polite">${where}${announcement ? html` — ${announcement}` : nothing}</p>
      <button class="button secondary" type="button" data-step="-1" @click=${() => this.#move(-1)}>${msg('Previous')}</button>
      <button class="button secondary" type="button" data-step="1" @click=${() => this.#move(1)}>${msg('Next')}</button>
      <button class="button secondary" type="button" aria-pressed=${picker.whole ? 'true' : 'false'} @click=${() => this.#toggleWhole()}>
        ${msg('Whole paragraph')}
      </button>
      <button class="button" part="add-button" type="button" @click=${() => this.#add()}>${msg('Add note')}</button>
      <button class="button secondary" type="button" @click=${() => this.stop()}>${msg('Stop')}</button>
    </div>`;
  }
}
