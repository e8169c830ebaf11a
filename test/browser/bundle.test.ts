import { expect, waitUntil } from '@open-wc/testing';
import { loadSeed } from '../helpers/fixtures.ts';

/**
 * The built `dist/trialkit.js` (npm test builds it first), loaded as a CMS page would. Two
 * different URLs make two module instances: the real "bundle included twice" case. The
 * autoloader's own cases are in autoload.test.ts.
 */
describe('dist/trialkit.js', () => {
  it('registers the elements the page uses and tolerates being loaded twice with one warning', async () => {
    const original = console.warn;
    const warnings: unknown[][] = [];
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      await import(/* @vite-ignore */ '/dist/trialkit.js?copy=1' as string);
      await import(/* @vite-ignore */ '/dist/trialkit.js?copy=2' as string);
    } finally {
      console.warn = original;
    }
    expect(warnings.filter((w) => String(w[0]).startsWith('trialkit:'))).to.have.length(1);

    const seed = await loadSeed();
    // Not fixture(): it waits for an animation frame when the element is not defined yet, and a
    // background tab gets none.
    const el = document.createElement('trial-card');
    document.body.append(el);
    try {
      await customElements.whenDefined('trial-card');
      (el as unknown as { study: unknown }).study = seed;
      await waitUntil(() => el.shadowRoot?.textContent?.includes('HN2301'));
    } finally {
      el.remove();
    }
  });

  it('upgrades a placeholder that a CMS content filter lets through, also one added later', async () => {
    await import(/* @vite-ignore */ '/dist/trialkit.js?copy=1' as string);
    const host = document.createElement('div');
    // What WordPress keeps of an editor's paste: the div, its data-* attributes and the text.
    host.innerHTML = `<div data-trialkit="card" data-src="/test/fixtures/NCT05819398.json"><p>Call us on 555 0100.</p></div>`;
    document.body.append(host);
    try {
      await waitUntil(() => host.querySelector('trial-card')?.shadowRoot?.textContent?.includes('Lunsayil 1'), 'the placeholder was not upgraded');
      expect(host.querySelector('trial-card p')?.textContent).to.equal('Call us on 555 0100.');
    } finally {
      host.remove();
    }
  });

  it('dist/bundle.js (npm trialkit/bundle) registers every element at once', async () => {
    const bundle = (await import(/* @vite-ignore */ '/dist/bundle.js' as string)) as Record<string, unknown>;
    for (const tag of ['trial-card', 'trial-contact-form', 'trial-eligibility', 'trial-faq', 'trial-involvement', 'trial-notes', 'trial-notify-signup', 'trial-site-picker', 'trial-widget']) {
      expect(customElements.get(tag), tag).to.exist;
    }
    expect(bundle.TrialWidget).to.equal(customElements.get('trial-widget'));
  });
});
