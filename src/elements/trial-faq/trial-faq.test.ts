import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './define.ts';
import type { TrialFaq, TrialFaqToggleEvent } from './trial-faq.ts';

function triggers(el: TrialFaq): HTMLButtonElement[] {
  return [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[data-accordion-trigger]')];
}

function focused(el: TrialFaq): Element | null {
  return el.shadowRoot!.activeElement;
}

describe('trial-faq', () => {
  it('ships the five default questions, closed, as an APG accordion', async () => {
    const el = await fixture<TrialFaq>(html`<trial-faq></trial-faq>`);
    const buttons = triggers(el);
    expect(buttons.map((b) => b.textContent!.trim())).to.deep.equal([
      'What is a clinical trial?',
      'Why take part in a clinical trial?',
      'How long does a clinical trial last?',
      'Will I be paid or have my costs covered?',
      'How safe is a clinical trial?',
    ]);
    for (const button of buttons) {
      expect(button.parentElement!.localName).to.equal('h3');
      expect(button.getAttribute('aria-expanded')).to.equal('false');
      const panel = el.shadowRoot!.getElementById(button.getAttribute('aria-controls')!)!;
      expect(panel.getAttribute('role')).to.equal('region');
      expect(panel.getAttribute('aria-labelledby')).to.equal(button.id);
      expect(panel.hidden).to.equal(true);
    }
    expect(el.shadowRoot!.querySelector('h2')!.textContent).to.contain('Frequently asked questions');
    await expect(el).to.be.accessible();
  });

  it('opens and closes with the keyboard and moves between questions with arrows, Home and End', async () => {
    const el = await fixture<TrialFaq>(html`<trial-faq></trial-faq>`);
    const buttons = triggers(el);
    buttons[0]!.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(buttons[0]!.getAttribute('aria-expanded')).to.equal('true');
    expect(el.shadowRoot!.textContent).to.contain('research study with volunteers');
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'ArrowDown' });
    expect(focused(el)).to.equal(buttons[1]);
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(buttons[1]!.getAttribute('aria-expanded')).to.equal('true');
    await sendKeys({ press: 'End' });
    expect(focused(el)).to.equal(buttons[4]);
    await sendKeys({ press: 'ArrowDown' });
    expect(focused(el)).to.equal(buttons[0]);
    await sendKeys({ press: 'ArrowUp' });
    expect(focused(el)).to.equal(buttons[4]);
    await sendKeys({ press: 'Home' });
    expect(focused(el)).to.equal(buttons[0]);
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(buttons[0]!.getAttribute('aria-expanded')).to.equal('false');
  });

  it('expands and collapses all, and tells the page on reader action only', async () => {
    const el = await fixture<TrialFaq>(html`<trial-faq></trial-faq>`);
    let events = 0;
    el.addEventListener('trial-faq-toggle', () => events++);
    el.items = [{ question: 'Changed by the host?', answer: 'Yes.' }, { question: 'Second?', answer: 'No.' }];
    await el.updateComplete;
    await aTimeout(0);
    expect(events).to.equal(0);
    const expand = el.shadowRoot!.querySelector<HTMLButtonElement>('[part="expand-all"]')!;
    const wait = oneEvent(el, 'trial-faq-toggle') as Promise<TrialFaqToggleEvent>;
    expand.click();
    const event = await wait;
    expect(event.open).to.equal(true);
    expect(event.questions).to.deep.equal(['Changed by the host?', 'Second?']);
    await el.updateComplete;
    expect(triggers(el).every((b) => b.getAttribute('aria-expanded') === 'true')).to.equal(true);
    await expect(el).to.be.accessible();
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="collapse-all"]')!.click();
    await el.updateComplete;
    expect(triggers(el).every((b) => b.getAttribute('aria-expanded') === 'false')).to.equal(true);
  });

  it('takes questions from <details> children, keeping safe links and dropping unsafe ones', async () => {
    const el = await fixture<TrialFaq>(html`<trial-faq heading-level="3">
      <details>
        <summary>Where is the clinic?</summary>
        <p>At <strong>Riverside</strong>, see <a href="https://example.org/map">the map</a>.</p>
        <ul><li>Parking on site</li><li>Bus 12</li></ul>
      </details>
      <details>
        <summary>Anything else?</summary>
        <p><a href="javascript:window.__pwned=1">click</a><img src=x onerror="window.__pwned=1"></p>
        <script>window.__pwned = 1;</script>
      </details>
    </trial-faq>`);
    expect(triggers(el).map((b) => b.textContent!.trim())).to.deep.equal(['Where is the clinic?', 'Anything else?']);
    expect(el.shadowRoot!.querySelector('h3')!.textContent).to.contain('Frequently asked questions');
    expect(triggers(el)[0]!.parentElement!.localName).to.equal('h4');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="expand-all"]')!.click();
    await el.updateComplete;
    const links = [...el.shadowRoot!.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).to.deep.equal(['https://example.org/map']);
    expect(el.shadowRoot!.querySelector('strong')!.textContent).to.equal('Riverside');
    expect(el.shadowRoot!.querySelectorAll('li')).to.have.length(2);
    expect(el.shadowRoot!.querySelector('img, script')).to.equal(null);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('follows children added after it upgraded', async () => {
    const el = await fixture<TrialFaq>(html`<trial-faq></trial-faq>`);
    const details = document.createElement('details');
    details.innerHTML = '<summary>Late question?</summary><p>Late answer.</p>';
    el.append(details);
    await waitUntil(() => triggers(el).length === 1);
    expect(triggers(el)[0]!.textContent).to.contain('Late question?');
  });

  it('renders answers given as markdown, with payloads as text', async () => {
    const el = await fixture<TrialFaq>(html`<trial-faq no-heading
      .items=${[{ question: '<img src=x onerror=alert(1)>', answer: '**Bold** and [bad](javascript:alert(1)) <script>x</script>' }]}
    ></trial-faq>`);
    expect(el.shadowRoot!.querySelector('h2')!.querySelector('button')).to.exist;
    triggers(el)[0]!.click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('strong')!.textContent).to.equal('Bold');
    expect(el.shadowRoot!.querySelector('a, img, script')).to.equal(null);
    expect(el.shadowRoot!.textContent).to.contain('<script>x</script>');
  });
});
