import { LitElement, html, nothing } from 'lit';
import { msg } from '@lit/localize';
import { followLocale } from '../../internal/localize.ts';
import { AccordionController } from '../../internal/accordion.ts';
import { accordionStyles } from '../../internal/accordion.styles.ts';
import { clampHeadingLevel, renderHeading, subheadingLevel } from '../../internal/heading.ts';
import { renderBlocks } from '../../internal/markdown-view.ts';
import { TRIAL_CONTEXT_ID } from '../../internal/trial-context.ts';
import { buttonStyles, tokens } from '../../internal/tokens.styles.ts';
import { defaultFaq, faqFromChildren, faqFromEntries, type FaqEntry, type FaqItem } from './faq-content.ts';
import { faqStyles } from './trial-faq.styles.ts';
import { TrialFaqToggleEvent } from './trial-faq.events.ts';

export { TrialFaqToggleEvent } from './trial-faq.events.ts';

declare global {
  interface HTMLElementTagNameMap {
    'trial-faq': TrialFaq;
  }
}

/**
 * @summary Frequently asked questions as an accessible accordion. Ships five questions readers
 * ask first; replace them with `<details><summary>` children or the `items` property.
 *
 * @tag trial-faq
 *
 * @slot - Optional `<details><summary>Question</summary>Answer…</details>` children that replace
 *   the defaults. They stay visible as plain details if the script cannot load.
 *
 * @csspart title - The "Frequently asked questions" heading.
 * @csspart accordion-toggle-all - The expand all / collapse all group.
 * @csspart expand-all - The "Expand all" button.
 * @csspart collapse-all - The "Collapse all" button.
 * @csspart accordion-item - One question and its answer.
 * @csspart accordion-heading - The heading that holds a question's button.
 * @csspart accordion-trigger - The button that opens or closes an answer.
 * @csspart accordion-panel - An answer.
 *
 * @cssprop --trial-accordion-gap - Space between questions.
 * @cssprop --trial-accordion-header-background - Background of a question.
 * @cssprop --trial-accordion-panel-padding - Space inside an answer.
 *
 * @fires trial-faq-toggle - The reader opened or closed questions (`questions`, `open`).
 */
export class TrialFaq extends LitElement {
  static override styles = [tokens, buttonStyles, accordionStyles, faqStyles];

  static override properties = {
    items: { attribute: false },
    headingLevel: { type: Number, attribute: 'heading-level' },
    heading: { type: String },
    noHeading: { type: Boolean, attribute: 'no-heading' },
    context: { type: String },
    childItems: { state: true },
  };

  /** Questions with markdown answers; replace the defaults. Children take precedence. */
  declare items: FaqEntry[] | undefined;
  /** Level of the FAQ heading (2–6); each question is one level below. */
  declare headingLevel: number;
  /** Text of the FAQ heading; defaults to "Frequently asked questions". */
  declare heading: string | undefined;
  /** Leave out the FAQ heading (e.g. when the page has its own). */
  declare noHeading: boolean;
  /**
   * A short name that ends, unseen, each question's region name, so that two FAQs on one page
   * are told apart in a landmark list; `<trial-widget>` sets it to its trial's, e.g. "(NCT06801119)".
   */
  declare context: string | undefined;
  declare private childItems: FaqItem[];

  #accordion = new AccordionController(this, {
    idPrefix: 'faq-',
    contextId: () => (this.context ? TRIAL_CONTEXT_ID : undefined),
    onToggle: (ids, open) => {
      const questions = this.#currentItems().filter((_, i) => ids.includes(String(i)));
      this.dispatchEvent(new TrialFaqToggleEvent({ questions: questions.map((q) => q.question), open }));
    },
  });
  #observer: MutationObserver | undefined;

  constructor() {
    super();
    this.headingLevel = 2;
    this.noHeading = false;
    this.childItems = [];
    followLocale(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#observer = new MutationObserver(() => this.#readChildren());
    this.#observer.observe(this, { childList: true, subtree: true, characterData: true });
    this.#readChildren();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#observer?.disconnect();
  }

  #readChildren(): void {
    this.childItems = faqFromChildren(this);
  }

  #currentItems(): FaqItem[] {
    if (this.childItems.length) return this.childItems;
    return faqFromEntries(Array.isArray(this.items) ? this.items : defaultFaq());
  }

  override render() {
    const items = this.#currentItems();
    const level = clampHeadingLevel(this.headingLevel, 2);
    const ids = items.map((_, i) => String(i));
    return html`${this.noHeading ? nothing : renderHeading(level, this.heading || msg('Frequently asked questions'), { part: 'title', className: 'title' })}
    ${items.length > 1 ? this.#accordion.renderToggleAll(ids, { expand: msg('Expand all questions'), collapse: msg('Collapse all questions') }) : nothing}
    ${this.context ? html`<span id=${TRIAL_CONTEXT_ID} hidden>${this.context}</span>` : nothing}
    <div class="accordion" data-accordion @keydown=${this.#accordion.onKeydown}>
      ${items.map((item, i) =>
        this.#accordion.renderItem({
          id: String(i),
          level: this.noHeading ? level : subheadingLevel(level),
          header: item.question,
          content: () => renderBlocks(item.answer),
        }),
      )}
    </div>`;
  }
}
