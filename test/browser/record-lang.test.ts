import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { loadSeed } from '../helpers/fixtures.ts';
import '../../src/elements/trial-card/define.ts';
import '../../src/elements/trial-eligibility/define.ts';
import '../../src/elements/trial-faq/define.ts';
import type { TrialCard } from '../../src/elements/trial-card/trial-card.ts';
import type { TrialEligibility } from '../../src/elements/trial-eligibility/trial-eligibility.ts';

/**
 * Record text is English: on a Spanish or Chinese interface it is marked `lang="en"`, and the
 * interface's own words are not. A section heading that is only the parser's words is said in
 * the reader's language; one with words of its own stays as written.
 */

const CRITERIA = `Inclusion Criteria:

* Adults aged 18 or over

Key Exclusion Criteria:

* Pregnancy`;

function headers(el: HTMLElement): string[] {
  return [...el.shadowRoot!.querySelectorAll('.accordion-title')].map((node) => node.textContent!.replace(/\s+/g, ' ').trim());
}

describe('record text language', () => {
  it('marks criteria as English in Spanish and translates the parser’s own headings', async () => {
    const el = await fixture<TrialEligibility>(html`<trial-eligibility lang="es" .criteria=${CRITERIA} open="all"></trial-eligibility>`);
    await waitUntil(() => headers(el)[0]?.startsWith('Criterios de inclusión'), `headers: ${headers(el).join(' | ')}`, { timeout: 5000 });
    const [inclusion, exclusion] = [...el.shadowRoot!.querySelectorAll('.accordion-title')];
    expect(inclusion!.querySelector('[lang]')).to.equal(null);
    // "Key Exclusion Criteria" has a word of its own: kept, and marked as English.
    expect(exclusion!.querySelector('span[lang="en"]')!.textContent).to.equal('Key Exclusion Criteria');
    // Read only, each list carries the language once: what counts is the language each text is in.
    const texts = [...el.shadowRoot!.querySelectorAll('.criterion .text')];
    expect(texts.map((t) => t.closest('[lang]')?.getAttribute('lang'))).to.deep.equal(['en', 'en']);
    // The interface's own words are not marked.
    expect(el.shadowRoot!.querySelector('.title')!.closest('[lang]')).to.equal(null);
    expect(el.shadowRoot!.querySelector('[part="expand-all"]')!.textContent!.trim()).to.equal('Expandir todos los criterios');
    await expect(el).to.be.accessible();
  });

  it('with the pre-screen on, marks each criterion as English and leaves the choices in Spanish', async () => {
    const el = await fixture<TrialEligibility>(html`<trial-eligibility lang="es" prescreen .criteria=${CRITERIA} open="all"></trial-eligibility>`);
    await waitUntil(() => el.shadowRoot!.querySelectorAll('.answer').length === 2, 'no answer groups', { timeout: 5000 });
    const texts = [...el.shadowRoot!.querySelectorAll('.criterion .text')];
    expect(texts.map((t) => t.getAttribute('lang'))).to.deep.equal(['en', 'en']);
    for (const group of el.shadowRoot!.querySelectorAll('.answer')) {
      expect(group.closest('[lang]')).to.equal(null);
      expect(el.shadowRoot!.getElementById(group.getAttribute('aria-labelledby')!)!.classList.contains('text')).to.be.true;
    }
    await expect(el).to.be.accessible();
  });

  it('leaves English pages unmarked, with headings as written and toggle-all buttons that say what they open', async () => {
    const el = await fixture<TrialEligibility>(html`<trial-eligibility lang="en" .criteria=${CRITERIA}></trial-eligibility>`);
    expect(headers(el)).to.deep.equal(['Inclusion Criteria (1)', 'Key Exclusion Criteria (1)']);
    expect(el.shadowRoot!.querySelector('[lang]')).to.equal(null);
    expect(el.shadowRoot!.querySelector('[part="expand-all"]')!.textContent!.trim()).to.equal('Expand all criteria');
    const faq = await fixture<HTMLElement>(html`<trial-faq lang="en"></trial-faq>`);
    expect(faq.shadowRoot!.querySelector('[part="expand-all"]')!.textContent!.trim()).to.equal('Expand all questions');
  });

  it('marks the card’s title, overview, description, conditions and sponsor in Chinese', async () => {
    const el = await fixture<TrialCard>(html`<trial-card lang="zh-Hans"></trial-card>`);
    el.study = await loadSeed();
    await waitUntil(() => el.shadowRoot!.querySelector('article .title span[lang="en"]'), 'the title was not marked', { timeout: 5000 });
    const marked = [...el.shadowRoot!.querySelectorAll('[lang="en"]')];
    expect(marked.length).to.be.greaterThan(3);
    expect(el.shadowRoot!.querySelector('.summary h3, .summary h4')!.closest('[lang]')).to.equal(null);
    expect(el.shadowRoot!.querySelector('.conditions ul')!.getAttribute('lang')).to.equal('en');
    await expect(el).to.be.accessible();
  });
});
