import { expect, waitUntil } from '@open-wc/testing';
import '../elements/trial-card/define.ts';
import '../elements/trial-faq/define.ts';
import { upgradePlaceholders, watchPlaceholders } from './upgrade-placeholders.ts';

/** Markup the way a CMS's content filter leaves it: only divs, paragraphs and data-* attributes. */
function mount(markup: string): HTMLElement {
  const host = document.createElement('div');
  host.innerHTML = markup;
  document.body.append(host);
  return host;
}

describe('data-trialkit placeholders', () => {
  let stop: (() => void) | undefined;
  afterEach(() => {
    stop?.();
    stop = undefined;
    document.body.replaceChildren();
  });

  it('puts the element inside the placeholder with its data-* attributes and the placeholder’s content', async () => {
    const host = mount(`<div class="wp-block-html" data-trialkit="card" data-src="/test/fixtures/NCT05819398.json" data-heading-level="3" data-lang="es">
      <p id="fallback">Call our research office on 555 0100.</p>
    </div>`);
    upgradePlaceholders(host);
    const placeholder = host.querySelector<HTMLElement>('[data-trialkit]')!;
    const card = placeholder.querySelector('trial-card')!;
    expect(card).to.exist;
    expect(placeholder.className).to.equal('wp-block-html');
    expect(card.getAttribute('src')).to.equal('/test/fixtures/NCT05819398.json');
    expect(card.getAttribute('heading-level')).to.equal('3');
    expect(card.getAttribute('lang')).to.equal('es');
    expect(card.querySelector('#fallback')?.textContent).to.contain('555 0100');
    await waitUntil(() => card.shadowRoot?.textContent?.includes('Lunsayil 1'), 'the card did not load its src');
    await expect(card).to.be.accessible();
  });

  it('never turns data-on* or a CMS’s own data attributes into attributes', () => {
    const host = mount(`<div data-trialkit="card" data-nct-id="NCT05819398" data-onclick="alert(1)" data-onerror="alert(2)" data-block-id="7" data-class="x"></div>`);
    upgradePlaceholders(host);
    const card = host.querySelector('trial-card')!;
    expect(card.getAttributeNames().sort()).to.deep.equal(['nct-id']);
  });

  it('upgrades placeholders added later, also inside added subtrees, once each', async () => {
    const host = mount('');
    stop = watchPlaceholders(host);
    const late = document.createElement('section');
    late.innerHTML = `<div data-trialkit="faq" data-heading="Questions"><details><summary>Who pays?</summary><p>The sponsor.</p></details></div>`;
    host.append(late);
    await waitUntil(() => host.querySelector('trial-faq'), 'the added placeholder was not upgraded');
    const faq = host.querySelector('trial-faq')!;
    expect(faq.getAttribute('heading')).to.equal('Questions');
    await waitUntil(() => faq.shadowRoot?.textContent?.includes('Who pays?'), 'the placeholder content did not become the FAQ');
    upgradePlaceholders(host);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(host.querySelectorAll('trial-faq')).to.have.length(1);
  });

  it('waits for an element that is not defined yet', async () => {
    const host = mount(`<div data-trialkit="involvement" data-open=""><p>Fallback</p></div>`);
    upgradePlaceholders(host);
    expect(host.querySelector('trial-involvement')).to.equal(null);
    expect(host.textContent).to.contain('Fallback');
    await import('../elements/trial-involvement/define.ts');
    await waitUntil(() => host.querySelector('trial-involvement'));
    expect(host.querySelector('trial-involvement')!.hasAttribute('open')).to.equal(true);
  });

  it('leaves an unknown name as it is, with one warning', () => {
    const original = console.warn;
    const warnings: unknown[] = [];
    console.warn = (message: unknown) => warnings.push(message);
    try {
      const host = mount(`<div data-trialkit="carousel"><p>Kept</p></div><div data-trialkit="carousel"></div>`);
      upgradePlaceholders(host);
      expect(host.innerHTML).to.contain('<p>Kept</p>');
      expect(host.querySelector('[data-trialkit-upgraded]')).to.equal(null);
    } finally {
      console.warn = original;
    }
    expect(warnings).to.have.length(1);
    expect(String(warnings[0])).to.contain('data-trialkit="carousel"');
  });
});
