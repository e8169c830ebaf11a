import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { sendKeys } from '@web/test-runner-commands';
import { AccordionController } from './accordion.ts';
import { accordionStyles } from './accordion.styles.ts';
import { tokens } from './tokens.styles.ts';

interface Question {
  id: string;
  question: string;
  answer: string;
}

/** A minimal FAQ-like host: the way a second element reuses the controller. */
class AccordionTestHost extends LitElement {
  static override styles = [tokens, accordionStyles];
  static override properties = { items: { attribute: false } };
  declare items: Question[];
  toggles: [readonly string[], boolean][] = [];
  contentCalls: string[] = [];
  accordion = new AccordionController(this, { idPrefix: 'q-', onToggle: (ids, open) => this.toggles.push([ids, open]) });

  constructor() {
    super();
    this.items = [];
  }

  override render() {
    return html`${this.accordion.renderToggleAll(this.items.map((i) => i.id))}
      <div data-accordion @keydown=${this.accordion.onKeydown}>
        ${this.items.map((item) =>
          this.accordion.renderItem({
            id: item.id,
            level: 3,
            header: item.question,
            content: () => {
              this.contentCalls.push(item.id);
              return html`<p>${item.answer}</p>`;
            },
          }),
        )}
      </div>`;
  }
}
customElements.define('accordion-test-host', AccordionTestHost);

const ITEMS: Question[] = [
  { id: 'what', question: 'What is a clinical trial?', answer: 'A study.' },
  { id: 'why', question: 'Why take part?', answer: 'To help.' },
  { id: 'how-long', question: 'How long does it take?', answer: 'It varies.' },
];

describe('AccordionController', () => {
  it('renders closed panels lazily and opens them on demand', async () => {
    const el = await fixture<AccordionTestHost>(html`<accordion-test-host .items=${ITEMS}></accordion-test-host>`);
    expect(el.contentCalls).to.be.empty;
    const button = el.shadowRoot!.getElementById('q-why-header') as HTMLButtonElement;
    expect(button.parentElement!.tagName).to.equal('H3');
    expect(button.getAttribute('aria-controls')).to.equal('q-why-panel');
    button.click();
    await el.updateComplete;
    expect(el.contentCalls).to.deep.equal(['why']);
    expect(el.shadowRoot!.getElementById('q-why-panel')!.textContent!.trim()).to.equal('To help.');
    expect(el.toggles).to.deep.equal([[['why'], true]]);
    // Closing keeps the rendered content, hidden.
    button.click();
    await el.updateComplete;
    expect(el.shadowRoot!.getElementById('q-why-panel')!.hidden).to.be.true;
    expect(el.shadowRoot!.getElementById('q-why-panel')!.textContent!.trim()).to.equal('To help.');
    await expect(el).to.be.accessible();
  });

  it('tells onToggle about user actions only', async () => {
    const el = await fixture<AccordionTestHost>(html`<accordion-test-host .items=${ITEMS}></accordion-test-host>`);
    el.accordion.setOpen('what', true);
    el.accordion.reset(['how-long']);
    await el.updateComplete;
    expect(el.toggles).to.be.empty;
    expect(el.accordion.openIds).to.deep.equal(['how-long']);
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="expand-all"]')!.click();
    expect(el.toggles).to.deep.equal([[['what', 'why'], true]]);
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="expand-all"]')!.click();
    expect(el.toggles).to.have.length(1);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="expand-all"]')!.getAttribute('aria-disabled')).to.equal('true');
    await expect(el).to.be.accessible();
  });

  it('moves focus between headers with arrows, Home and End', async () => {
    const el = await fixture<AccordionTestHost>(html`<accordion-test-host .items=${ITEMS}></accordion-test-host>`);
    const [a, b, c] = el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[data-accordion-trigger]');
    a!.focus();
    await sendKeys({ press: 'ArrowDown' });
    expect(el.shadowRoot!.activeElement).to.equal(b);
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    expect(el.shadowRoot!.activeElement).to.equal(a);
    await sendKeys({ press: 'End' });
    expect(el.shadowRoot!.activeElement).to.equal(c);
    await sendKeys({ press: 'Home' });
    expect(el.shadowRoot!.activeElement).to.equal(a);
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(a!.getAttribute('aria-expanded')).to.equal('true');
  });
});
