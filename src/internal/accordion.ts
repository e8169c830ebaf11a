/**
 * A WAI-ARIA APG accordion for any trialkit element, as a Lit reactive controller plus render
 * helpers, so elements share the behaviour without sharing a base class.
 *
 * Markup of one item:
 * ```html
 * <div class="accordion-item" part="accordion-item">
 *   <hN class="accordion-heading" part="accordion-heading">
 *     <button id="{prefix}{id}-header" aria-expanded="false" aria-controls="{prefix}{id}-panel"
 *             data-accordion-trigger part="accordion-trigger">…</button>
 *   </hN>
 *   <div id="{prefix}{id}-panel" role="region" aria-labelledby="{prefix}{id}-header"
 *        part="accordion-panel" hidden>…</div>
 * </div>
 * ```
 * Keyboard: Enter and Space toggle (native buttons); Up/Down move focus to the previous/next
 * header (wrapping), Home/End to the first/last. Tab moves through headers and open panels.
 *
 * Panels render lazily: a panel's content is produced only once it has been opened, and is kept
 * (hidden) after it closes, so long texts cost nothing until a reader asks for them.
 *
 * Usage in an element:
 * ```ts
 * #accordion = new AccordionController(this, { idPrefix: 'faq-', onToggle: (ids, open) => … });
 * render() {
 *   const ids = this.questions.map((q) => q.id);
 *   return html`${this.#accordion.renderToggleAll(ids)}
 *     <div ${…} class="accordion" data-accordion @keydown=${this.#accordion.onKeydown}>
 *       ${this.questions.map((q) => this.#accordion.renderItem({
 *         id: q.id, level: 3, header: q.question, content: () => q.answer }))}
 *     </div>`;
 * }
 * ```
 * Styles: add `accordionStyles` from `accordion.styles.ts` to the element's `static styles`.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import { renderHeading } from './heading.ts';

export interface AccordionOptions {
  /** Prefix of the element ids, so two accordions in one shadow root cannot clash. */
  idPrefix?: string;
  /**
   * Called after the reader opens or closes panels (a header click, expand all, collapse
   * all); never for changes made through `setOpen`/`reset`.
   */
  onToggle?: (ids: readonly string[], open: boolean) => void;
  /**
   * The id of an element whose text ends each panel's name, e.g. the trial's (see
   * `src/internal/trial-context.ts`), so that two accordions on one page name their panels apart.
   */
  contextId?: () => string | undefined;
}

export interface AccordionItem {
  /** Unique within the accordion; becomes part of the element ids. */
  id: string;
  /** Level of the header's heading element; clamped to 2–6. */
  level: number;
  /** Content of the header button (text or a template). */
  header: unknown;
  /** Content of the panel, called only once the panel has been opened. */
  content: () => unknown;
  /** Extra class on the item wrapper, e.g. a section kind for styling. */
  className?: string;
}

export class AccordionController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #prefix: string;
  readonly #onToggle: AccordionOptions['onToggle'];
  readonly #contextId: (() => string | undefined) | undefined;
  readonly #open = new Set<string>();
  /** Panels that have been opened at least once and so have rendered content. */
  readonly #rendered = new Set<string>();

  constructor(host: ReactiveControllerHost, options: AccordionOptions = {}) {
    this.#host = host;
    this.#prefix = options.idPrefix ?? 'accordion-';
    this.#onToggle = options.onToggle;
    this.#contextId = options.contextId;
    host.addController(this);
  }

  hostConnected(): void {}

  /** Whether the panel is open. */
  isOpen(id: string): boolean {
    return this.#open.has(id);
  }

  /** Ids of the open panels. */
  get openIds(): string[] {
    return [...this.#open];
  }

  /** Element id of a panel's header button, e.g. to move focus to it. */
  headerId(id: string): string {
    return `${this.#prefix}${id}-header`;
  }

  /** Element id of a panel. */
  panelId(id: string): string {
    return `${this.#prefix}${id}-panel`;
  }

  /** Opens or closes panels without notifying `onToggle` (for attribute-driven state). */
  setOpen(ids: string | readonly string[], open: boolean): void {
    for (const id of typeof ids === 'string' ? [ids] : ids) {
      if (open) {
        this.#open.add(id);
        this.#rendered.add(id);
      } else this.#open.delete(id);
    }
    this.#host.requestUpdate();
  }

  /** Makes exactly `ids` open and forgets rendered content (e.g. when the items change). */
  reset(ids: readonly string[] = []): void {
    this.#open.clear();
    this.#rendered.clear();
    this.setOpen(ids, true);
  }

  #userToggle(ids: readonly string[], open: boolean): void {
    const changed = ids.filter((id) => this.#open.has(id) !== open);
    if (!changed.length) return;
    this.setOpen(changed, open);
    this.#onToggle?.(changed, open);
  }

  /** Toggles a panel as if its header was activated. */
  toggle(id: string): void {
    this.#userToggle([id], !this.#open.has(id));
  }

  #labelledBy(headerId: string): string {
    const context = this.#contextId?.();
    return context ? `${headerId} ${context}` : headerId;
  }

  /** Renders one header + panel. */
  renderItem(item: AccordionItem): TemplateResult {
    const open = this.#open.has(item.id);
    const headerId = this.headerId(item.id);
    const panelId = this.panelId(item.id);
    const button = html`<button
      id=${headerId}
      class="accordion-trigger"
      part="accordion-trigger"
      type="button"
      aria-expanded=${open ? 'true' : 'false'}
      aria-controls=${panelId}
      data-accordion-trigger
      @click=${() => this.toggle(item.id)}
    >
      <span class="accordion-title">${item.header}</span><span class="accordion-icon" aria-hidden="true"></span>
    </button>`;
    return html`<div class="accordion-item ${item.className ?? ''}" part="accordion-item">
      ${renderHeading(item.level, button, { className: 'accordion-heading', part: 'accordion-heading' })}
      <div id=${panelId} class="accordion-panel" part="accordion-panel" role="region" aria-labelledby=${this.#labelledBy(headerId)} ?hidden=${!open}>
        ${this.#rendered.has(item.id) ? item.content() : nothing}
      </div>
    </div>`;
  }

  /**
   * "Expand all" and "Collapse all" buttons for the given panels. Both stay in the tab order;
   * the one that would change nothing is `aria-disabled`.
   */
  renderToggleAll(ids: readonly string[], labels: { expand?: string; collapse?: string } = {}): TemplateResult {
    const allOpen = ids.every((id) => this.#open.has(id));
    const noneOpen = ids.every((id) => !this.#open.has(id));
    return html`<div class="accordion-toggle-all" part="accordion-toggle-all">
      <button type="button" class="accordion-all" part="expand-all" aria-disabled=${allOpen ? 'true' : 'false'} @click=${() => this.#userToggle(ids, true)}>
        ${labels.expand ?? msg('Expand all')}
      </button>
      <button type="button" class="accordion-all" part="collapse-all" aria-disabled=${noneOpen ? 'true' : 'false'} @click=${() => this.#userToggle(ids, false)}>
        ${labels.collapse ?? msg('Collapse all')}
      </button>
    </div>`;
  }

  /**
   * Arrow-key navigation between headers. Bind on the element that wraps the items and carries
   * `data-accordion`: `<div data-accordion @keydown=${controller.onKeydown}>`. Headers of an
   * accordion nested inside a panel are left to that accordion.
   */
  readonly onKeydown = (event: KeyboardEvent): void => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const container = event.currentTarget as HTMLElement | null;
    const target = event.target as HTMLElement | null;
    if (!container || !target?.hasAttribute('data-accordion-trigger')) return;
    const headers = [...container.querySelectorAll<HTMLElement>('[data-accordion-trigger]')].filter(
      (header) => header.closest('[data-accordion]') === container,
    );
    const index = headers.indexOf(target);
    if (index === -1) return;
    let next: number;
    switch (event.key) {
      case 'ArrowDown':
        next = (index + 1) % headers.length;
        break;
      case 'ArrowUp':
        next = (index - 1 + headers.length) % headers.length;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = headers.length - 1;
        break;
      default:
        return;
    }
    event.preventDefault();
    headers[next]!.focus();
  };
}
