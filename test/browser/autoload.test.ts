import { expect, waitUntil } from '@open-wc/testing';
import { ELEMENT_TAGS } from '../helpers/element-tags.ts';
import { openDistFrame, type DistFrame } from '../helpers/dist-frame.ts';
import { removeFreshFrames } from '../helpers/dom.ts';

/**
 * The built autoloader, `dist/trialkit.js` (`npm run build` first), each case in a fresh iframe
 * so that every one starts from a page that has loaded nothing yet.
 */

const SEED = '/test/fixtures/NCT06801119.json';

type Page = DistFrame;

afterEach(removeFreshFrames);

async function openPage(src = '/dist/trialkit.js', options: { eager?: boolean } = {}): Promise<Page> {
  return openDistFrame(src, options);
}

function chunksFetched(page: Page): string[] {
  return page.win.performance
    .getEntriesByType('resource')
    .map((entry) => new URL(entry.name).pathname)
    .filter((path) => path.includes('/chunks/'));
}

function defined(page: Page, tag: string): boolean {
  return page.win.customElements.get(tag) !== undefined;
}

describe('dist/trialkit.js, the autoloader', function () {
  this.timeout(30000);

  it('loads nothing for a page without trialkit tags, then only the card for a card added later', async () => {
    const page = await openPage();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ELEMENT_TAGS.filter((tag) => defined(page, tag))).to.deep.equal([]);
    expect(chunksFetched(page)).to.deep.equal([]);

    // A framework renders its tree some time after load.
    const app = page.doc.createElement('div');
    page.doc.body.append(app);
    const section = page.doc.createElement('section');
    const card = page.doc.createElement('trial-card');
    card.setAttribute('src', SEED);
    section.append(card);
    app.append(section);
    await waitUntil(() => card.shadowRoot?.querySelector('article'), 'the late card never rendered', { timeout: 10000 });

    const fetched = chunksFetched(page);
    expect(fetched.some((path) => /\/chunks\/trial-card-/.test(path))).to.equal(true);
    for (const other of ['trial-widget', 'trial-contact-form', 'trial-notes', 'trial-faq', 'trial-involvement']) {
      expect(fetched.some((path) => path.includes(`/chunks/${other}-`)), `${other} was downloaded for a card`).to.equal(false);
    }
    const preloads = Array.from(page.doc.head.querySelectorAll<HTMLLinkElement>('link[rel="modulepreload"]')).map((link) => link.href);
    expect(preloads.some((href) => /\/dist\/chunks\/trial-card-/.test(href)), 'the card chunk was preloaded').to.equal(true);
  });

  it('upgrades tags that appear inside trialkit shadow roots, nested two deep', async () => {
    const page = await openPage();
    const card = page.doc.createElement('trial-card');
    card.setAttribute('src', SEED);
    page.doc.body.append(card);
    await waitUntil(() => card.shadowRoot?.querySelector('article'), 'the card never rendered', { timeout: 10000 });
    expect(defined(page, 'trial-faq')).to.equal(false);

    const faq = page.doc.createElement('trial-faq');
    card.shadowRoot!.append(faq);
    await waitUntil(() => faq.shadowRoot?.querySelector('button[aria-expanded]'), 'a <trial-faq> in the card shadow root was not upgraded', {
      timeout: 10000,
    });
    const eligibility = page.doc.createElement('trial-eligibility');
    eligibility.setAttribute('src', SEED);
    faq.shadowRoot!.append(eligibility);
    await waitUntil(() => eligibility.shadowRoot?.querySelector('[part~="accordion-trigger"]'), 'a tag two shadow roots deep was not upgraded', {
      timeout: 10000,
    });
  });

  it('keeps the fallback, fires trial-error of kind load when a chunk is missing, and retries on the next tag', async () => {
    const page = await openPage('/__flaky__/dist/trialkit.js');
    const errors: { kind: string; message: string }[] = [];
    page.doc.addEventListener('trial-error', (event) => errors.push((event as unknown as { cause: { kind: string; message: string } }).cause));
    const faq = page.doc.createElement('trial-faq');
    const fallback = page.doc.createElement('p');
    fallback.textContent = 'Questions? Call the research office on 555 0100.';
    faq.append(fallback);
    page.doc.body.append(faq);
    await waitUntil(() => errors.length > 0, 'no trial-error after the chunk failed', { timeout: 10000 });
    expect(errors[0]!.kind).to.equal('load');
    expect(errors[0]!.message).to.match(/could not be loaded/);
    expect(defined(page, 'trial-faq')).to.equal(false);
    expect(fallback.getBoundingClientRect().height, 'the fallback is still showing').to.be.greaterThan(0);
    expect(page.warnings.some((w) => w.includes('<trial-faq> could not be loaded'))).to.equal(true);

    // The next appearance tries again (the test server serves the chunk under the retry URL).
    const again = page.doc.createElement('trial-faq');
    page.doc.body.append(again);
    await waitUntil(() => again.shadowRoot?.querySelector('button[aria-expanded]'), 'the retry did not load the chunk', { timeout: 10000 });
    expect(faq.shadowRoot, 'the first element upgraded too').to.not.equal(null);
    expect(errors).to.have.length(1);
  });

  it('loads every element at once with data-trialkit-eager', async () => {
    const page = await openPage('/dist/trialkit.js', { eager: true });
    await waitUntil(() => ELEMENT_TAGS.every((tag) => defined(page, tag)), `not every element was registered: ${ELEMENT_TAGS.filter((tag) => !defined(page, tag)).join(', ')}`, {
      timeout: 10000,
    });
  });

  it('resolves its chunks against its own URL, query and all (a CMS adds ?ver=)', async () => {
    const page = await openPage('/dist/trialkit.js?ver=0.1.0');
    const card = page.doc.createElement('trial-card');
    card.setAttribute('src', SEED);
    page.doc.body.append(card);
    await waitUntil(() => card.shadowRoot?.querySelector('article'), 'the card never rendered', { timeout: 10000 });
    const fetched = page.win.performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/chunks/'));
    expect(fetched.length).to.be.greaterThan(0);
    for (const entry of fetched) expect(new URL(entry.name).search, entry.name).to.equal('');
  });

  it('warns once and stays out of the way when the page loads it twice', async () => {
    const page = await openPage('/dist/trialkit.js?copy=1');
    const second = page.doc.createElement('script');
    second.type = 'module';
    second.src = new URL('/dist/trialkit.js?copy=2', location.href).href;
    await new Promise((resolve) => {
      second.addEventListener('load', resolve);
      page.doc.head.append(second);
    });
    const card = page.doc.createElement('trial-card');
    card.setAttribute('src', SEED);
    page.doc.body.append(card);
    await waitUntil(() => card.shadowRoot?.querySelector('article'), 'the card never rendered', { timeout: 10000 });
    expect(page.warnings.filter((w) => w.startsWith('trialkit:'))).to.have.length(1);
  });
});
