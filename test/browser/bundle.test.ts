import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { loadSeed } from '../helpers/fixtures.ts';

/**
 * The built `dist/trialkit.js` (npm test builds it first), loaded as a CMS page would. Two
 * different URLs make two module instances: the real "bundle included twice" case.
 */
describe('dist/trialkit.js', () => {
  it('registers every element and tolerates being loaded twice with one warning', async () => {
    const original = console.warn;
    const warnings: unknown[][] = [];
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      await import(/* @vite-ignore */ '/dist/trialkit.js?copy=1' as string);
      await import(/* @vite-ignore */ '/dist/trialkit.js?copy=2' as string);
    } finally {
      console.warn = original;
    }
    expect(customElements.get('trial-card')).to.exist;
    expect(warnings.filter((w) => String(w[0]).startsWith('trialkit:'))).to.have.length(1);

    const seed = await loadSeed();
    const el = await fixture(html`<trial-card></trial-card>`);
    (el as unknown as { study: unknown }).study = seed;
    await waitUntil(() => el.shadowRoot?.textContent?.includes('HN2301'));
  });
});
