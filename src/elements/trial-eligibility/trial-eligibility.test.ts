import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { clearTrialCache, trialFromJson } from '../../data/trial-source.ts';
import { clone, loadSeed, sharedFixture } from '../../../test/helpers/fixtures.ts';
import './define.ts';
import type { TrialEligibility } from './trial-eligibility.ts';
import type { TrialPrescreenChangeEvent } from './trial-eligibility.events.ts';
import { shadowText } from '../../../test/helpers/dom.ts';

function headers(el: HTMLElement): HTMLButtonElement[] {
  return [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[data-accordion-trigger]')];
}

function panel(el: HTMLElement, header: HTMLButtonElement): HTMLElement {
  return el.shadowRoot!.getElementById(header.getAttribute('aria-controls')!)!;
}

function focused(el: HTMLElement): Element | null {
  return el.shadowRoot!.activeElement;
}

const CRITERIA = `Inclusion Criteria:

* Adults aged 18 to 65
* Diagnosed with asthma

  * Using an inhaler daily
* Able to give consent

Exclusion Criteria:

* Smokers
* Pregnancy`;

describe('trial-eligibility', () => {
  let seed: Record<string, unknown>;
  before(async () => (seed = await loadSeed()));
  beforeEach(() => clearTrialCache());

  describe('data sources', () => {
    it('shows the facts, the sections and the source link from a study record', async () => {
      const el = await fixture<TrialEligibility>(html`<trial-eligibility .study=${seed}></trial-eligibility>`);
      const t = shadowText(el);
      expect(t).to.contain('18–69 years');
      expect(t).to.contain('Sex');
      expect(t).to.contain('All');
      expect(t).to.contain('Healthy volunteers');
      expect(t).to.contain('Not accepted');
      expect(headers(el).map((h) => h.textContent!.replace(/\s+/g, ' ').trim())).to.deep.equal(['Inclusion Criteria (8)', 'Exclusion Criteria (9)']);
      const link = el.shadowRoot!.querySelector<HTMLAnchorElement>('a[part="source-link"]')!;
      expect(link.href).to.equal('https://clinicaltrials.gov/study/NCT06801119#participation-criteria');
      expect(link.rel).to.contain('noopener');
      // Facts come before the sections.
      const facts = el.shadowRoot!.querySelector('.facts')!;
      expect(facts.compareDocumentPosition(headers(el)[0]!) & Node.DOCUMENT_POSITION_FOLLOWING).to.be.greaterThan(0);
      expect(el.parsedCriteria.split).to.equal('both');
      await expect(el).to.be.accessible();
    });

    it('takes a normalized trial', async () => {
      const trial = trialFromJson(seed);
      const el = await fixture<TrialEligibility>(html`<trial-eligibility .trial=${trial}></trial-eligibility>`);
      expect(headers(el)).to.have.length(2);
      expect(shadowText(el)).to.contain('18–69 years');
    });

    it('reads an inline JSON record', async () => {
      const json = JSON.stringify(seed);
      const el = await fixture<TrialEligibility>(html`<trial-eligibility><script type="application/json">${json}</script></trial-eligibility>`);
      await el.updateComplete;
      expect(headers(el)).to.have.length(2);
    });

    it('shows raw criteria text without a record: no facts, no link', async () => {
      const el = await fixture<TrialEligibility>(html`<trial-eligibility .criteria=${CRITERIA}></trial-eligibility>`);
      expect(headers(el)).to.have.length(2);
      expect(el.shadowRoot!.querySelector('.facts')).to.be.null;
      expect(el.shadowRoot!.querySelector('a[part="source-link"]')).to.be.null;
      await expect(el).to.be.accessible();
    });

    it('prefers the criteria property over the record text', async () => {
      const el = await fixture<TrialEligibility>(html`<trial-eligibility .study=${seed} .criteria=${'* Only this'}></trial-eligibility>`);
      expect(headers(el)).to.have.length(1);
      expect(shadowText(el)).to.contain('Only this');
      expect(shadowText(el)).to.contain('18–69 years');
    });

    it('shows one panel, open, when the text has no headings', async () => {
      const el = await fixture<TrialEligibility>(html`<trial-eligibility .criteria=${'* Adults\n* Non-smokers'}></trial-eligibility>`);
      const [only] = headers(el);
      expect(headers(el)).to.have.length(1);
      expect(only!.textContent).to.contain('Participation criteria');
      expect(only!.getAttribute('aria-expanded')).to.equal('true');
      expect(el.shadowRoot!.querySelector('[part="expand-all"]')).to.be.null;
    });

    it('reads placeholder sections as "None listed"', async () => {
      const el = await fixture<TrialEligibility>(
        html`<trial-eligibility open="all" .criteria=${'Inclusion Criteria:\n\nAdults\n\nExclusion Criteria:\n\n\\-'}></trial-eligibility>`,
      );
      expect(panel(el, headers(el)[1]!).textContent!.trim()).to.equal('None listed');
      await expect(el).to.be.accessible();
    });

    it('says when a record has no criteria text', async () => {
      const study = clone(seed) as { protocolSection: { eligibilityModule: Record<string, unknown> } };
      delete study.protocolSection.eligibilityModule.eligibilityCriteria;
      const el = await fixture<TrialEligibility>(html`<trial-eligibility .study=${study}></trial-eligibility>`);
      expect(headers(el)).to.be.empty;
      expect(shadowText(el)).to.contain('No participation criteria were published');
      await expect(el).to.be.accessible();
    });

    it('renders markup in criteria as inert text', async () => {
      const xss = `Inclusion Criteria:

* <img src=x onerror="window.trialXss = 1"> <script>window.trialXss = 1</script>
* [click me](javascript:window.trialXss=1) and <a href="javascript:alert(1)">x</a>
* <!-- hidden --> <style>* { display: none }</style> <iframe src="https://example.org"></iframe>`;
      const el = await fixture<TrialEligibility>(html`<trial-eligibility open="all" .criteria=${xss}></trial-eligibility>`);
      await aTimeout(20);
      const root = el.shadowRoot!;
      expect(root.querySelector('.accordion-panel img, .accordion-panel script, .accordion-panel iframe, .accordion-panel style')).to.be.null;
      expect([...root.querySelectorAll('a')].every((a) => !a.href.startsWith('javascript:'))).to.be.true;
      expect(shadowText(el)).to.contain('<img src=x onerror="window.trialXss = 1">');
      expect(shadowText(el)).to.contain('<script>window.trialXss = 1</script>');
      expect((window as unknown as { trialXss?: number }).trialXss).to.be.undefined;
    });
  });

  describe('accordion', () => {
    it('renders the APG structure, closed by default, with lazy panels', async () => {
      const el = await fixture<TrialEligibility>(html`<trial-eligibility .criteria=${CRITERIA}></trial-eligibility>`);
      for (const header of headers(el)) {
        expect(header.parentElement!.tagName).to.equal('H4');
        expect(header.getAttribute('aria-expanded')).to.equal('false');
        const region = panel(el, header);
        expect(region.getAttribute('role')).to.equal('region');
        expect(region.getAttribute('aria-labelledby')).to.equal(header.id);
        expect(region.hidden).to.be.true;
        expect(region.querySelector('li')).to.be.null;
      }
      await expect(el).to.be.accessible();
    });

    it('opens the sections the open attribute names', async () => {
      const el = await fixture<TrialEligibility>(html`<trial-eligibility open="exclusion" .criteria=${CRITERIA}></trial-eligibility>`);
      expect(headers(el).map((h) => h.getAttribute('aria-expanded'))).to.deep.equal(['false', 'true']);
      el.open = 'all';
      await el.updateComplete;
      expect(headers(el).map((h) => h.getAttribute('aria-expanded'))).to.deep.equal(['true', 'true']);
      expect(panel(el, headers(el)[0]!).querySelectorAll('li')).to.have.length(4);
      await expect(el).to.be.accessible();
    });

    it('follows heading-level', async () => {
      const el = await fixture<TrialEligibility>(
        html`<trial-eligibility heading-level="2" open="all" .criteria=${'Inclusion:\n\nRegistration:\n\n* A\n\nExclusion:\n\n* B'}></trial-eligibility>`,
      );
      expect(el.shadowRoot!.querySelector('[part="title"]')!.tagName).to.equal('H2');
      expect(headers(el)[0]!.parentElement!.tagName).to.equal('H3');
      expect(el.shadowRoot!.querySelector('.subheading')!.tagName).to.equal('H4');
    });

    it('is operable with the keyboard alone', async () => {
      const el = await fixture<TrialEligibility>(
        html`<trial-eligibility .criteria=${`${CRITERIA}\n\nTermination criteria:\n\nWithdrawal of consent.`}></trial-eligibility>`,
      );
      const [first, second, third] = headers(el);
      // Tab order: expand all, collapse all, then the first header.
      await sendKeys({ press: 'Tab' });
      expect(focused(el)?.getAttribute('part')).to.equal('expand-all');
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Tab' });
      expect(focused(el)).to.equal(first);

      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(first!.getAttribute('aria-expanded')).to.equal('true');
      expect(panel(el, first!).hidden).to.be.false;
      await sendKeys({ press: 'Space' });
      await el.updateComplete;
      expect(first!.getAttribute('aria-expanded')).to.equal('false');

      await sendKeys({ press: 'ArrowDown' });
      expect(focused(el)).to.equal(second);
      await sendKeys({ press: 'End' });
      expect(focused(el)).to.equal(third);
      await sendKeys({ press: 'ArrowDown' });
      expect(focused(el)).to.equal(first);
      await sendKeys({ press: 'ArrowUp' });
      expect(focused(el)).to.equal(third);
      await sendKeys({ press: 'Home' });
      expect(focused(el)).to.equal(first);

      // Expand all, then collapse all, from the keyboard.
      await sendKeys({ down: 'Shift' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ up: 'Shift' });
      expect(focused(el)?.getAttribute('part')).to.equal('expand-all');
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(headers(el).every((h) => h.getAttribute('aria-expanded') === 'true')).to.be.true;
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Space' });
      await el.updateComplete;
      expect(headers(el).every((h) => h.getAttribute('aria-expanded') === 'false')).to.be.true;
    });

    it('renders every real criteria text with every word in the panels', async function () {
      const index = await sharedFixture<{ nctId: string; file: string; chars: number }[]>('eligibility/index.json');
      if (!index) return this.skip();
      const longest = [...index].sort((a, b) => b.chars - a.chars)[0]!;
      for (const entry of index) {
        const record = await sharedFixture<{ eligibilityCriteria: string }>(`eligibility/${entry.file}`);
        if (!record) return this.skip();
        const el = await fixture<TrialEligibility>(html`<trial-eligibility open="all" .criteria=${record.eligibilityCriteria}></trial-eligibility>`);
        const sourceWords = (record.eligibilityCriteria.replace(/\\(.)/g, '$1').replace(/<!--[\s\S]*?-->/g, '').match(/[\p{L}\p{N}]+/gu) ?? []).length;
        const panelWords = [...el.shadowRoot!.querySelectorAll('.accordion-panel, .preamble, .accordion-title')]
          .map((node) => node.textContent ?? '')
          .join(' ')
          .match(/[\p{L}\p{N}]+/gu)!.length;
        // Every source word is shown; placeholders add "None listed", counts add digits.
        expect(panelWords, entry.nctId).to.be.at.least(sourceWords);
        if (entry === longest) await expect(el).to.be.accessible();
      }
    });
  });

  describe('pre-screen', () => {
    const UI_ONLY = `Inclusion Criteria:

* Adults aged 18 to 65
* Any of the following:
  * Asthma
  * Bronchitis

Exclusion Criteria:

* Smokers`;

    it('offers yes / no / not sure per criterion, accessible in every state', async () => {
      const el = await fixture<TrialEligibility>(html`<trial-eligibility prescreen open="all" .criteria=${UI_ONLY}></trial-eligibility>`);
      const groups = el.shadowRoot!.querySelectorAll('[role="radiogroup"]');
      // "Any of the following:" is answered through its two children.
      expect(groups).to.have.length(4);
      const labels = [...groups[0]!.querySelectorAll('label')].map((l) => l.textContent!.trim());
      expect(labels).to.deep.equal(['Yes', 'No', 'Not sure']);
      expect(el.shadowRoot!.getElementById(groups[0]!.getAttribute('aria-labelledby')!)!.textContent).to.equal('Adults aged 18 to 65');
      expect(shadowText(el)).to.contain('You have not answered any of the 4 questions yet.');
      await expect(el).to.be.accessible();
      el.open = 'none';
      await el.updateComplete;
      await expect(el).to.be.accessible();
    });

    it('records answers from the keyboard, fires trial-prescreen-change and sums up', async () => {
      const el = await fixture<TrialEligibility>(html`<trial-eligibility prescreen open="all" .criteria=${UI_ONLY}></trial-eligibility>`);
      const firstRadio = el.shadowRoot!.querySelector<HTMLInputElement>('input[type="radio"]')!;
      firstRadio.focus();
      setTimeout(() => void sendKeys({ press: 'Space' }));
      let event: TrialPrescreenChangeEvent = await oneEvent(el, 'trial-prescreen-change');
      expect(event.bubbles && event.composed).to.be.true;
      expect(event.criterionId).to.equal('inclusion-1');
      expect(event.answer).to.equal('yes');
      expect(event.answers).to.deep.equal([
        { criterionId: 'inclusion-1', sectionId: 'inclusion', section: 'inclusion', criterion: 'Adults aged 18 to 65', answer: 'yes' },
      ]);

      // Arrow keys move within one criterion's choices.
      setTimeout(() => void sendKeys({ press: 'ArrowRight' }));
      event = await oneEvent(el, 'trial-prescreen-change');
      expect(event.answer).to.equal('no');

      // Tab moves to the next criterion's choices.
      await sendKeys({ press: 'Tab' });
      setTimeout(() => void sendKeys({ press: 'Space' }));
      event = await oneEvent(el, 'trial-prescreen-change');
      expect(event.criterionId).to.equal('inclusion-2.1');
      await sendKeys({ press: 'ArrowRight' });
      await sendKeys({ press: 'ArrowRight' });
      await el.updateComplete;

      expect(el.answers.map((a) => [a.criterionId, a.answer])).to.deep.equal([
        ['inclusion-1', 'no'],
        ['inclusion-2.1', 'unsure'],
      ]);
      expect(Object.isFrozen(el.answers)).to.be.true;
      expect(shadowText(el)).to.contain('You answered 2 of 4 questions.');
      expect(shadowText(el)).to.contain('Inclusion: 0 you may meet, 1 you may not, 1 not sure.');
      expect(shadowText(el)).to.not.contain('Exclusion:');
      await expect(el).to.be.accessible();
    });

    it('never gives a verdict', async () => {
      const el = await fixture<TrialEligibility>(html`<trial-eligibility prescreen open="all" .criteria=${UI_ONLY}></trial-eligibility>`);
      for (const radio of el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[value="yes"]')) radio.click();
      await el.updateComplete;
      expect(el.answers).to.have.length(4);
      expect(shadowText(el)).not.to.match(/eligib/i);
      const seeded = await fixture<TrialEligibility>(html`<trial-eligibility prescreen .study=${seed}></trial-eligibility>`);
      const shownText = shadowText(seeded).replace(/Exclusion Criteria|Inclusion Criteria/g, '');
      expect(shownText).not.to.match(/eligib/i);
    });

    it('fires no event for programmatic changes and forgets answers when the text changes', async () => {
      const el = await fixture<TrialEligibility>(html`<trial-eligibility prescreen open="all" .criteria=${UI_ONLY}></trial-eligibility>`);
      let fired = 0;
      el.addEventListener('trial-prescreen-change', () => fired++);
      el.shadowRoot!.querySelector<HTMLInputElement>('input[value="no"]')!.click();
      expect(fired).to.equal(1);
      el.open = 'inclusion';
      el.prescreen = false;
      await el.updateComplete;
      el.prescreen = true;
      el.criteria = CRITERIA;
      await el.updateComplete;
      expect(fired).to.equal(1);
      expect(el.answers).to.be.empty;
    });
  });
});
