import { expect, waitUntil } from '@open-wc/testing';

/**
 * The bundle as a CDN serves it: from the reference server's `/dist/`, which is another origin
 * than this page (as a CDN is for a hospital's site). Module scripts and the chunks they load
 * later are CORS requests; the script tag can pin the bundle with its SRI hash.
 */
async function serverUrl(): Promise<string> {
  return ((await (await fetch('/__server__.json')).json()) as { url: string }).url;
}

async function sri(url: string): Promise<string> {
  const bytes = await (await fetch(url)).arrayBuffer();
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-384', bytes));
  return `sha384-${btoa(String.fromCharCode(...digest))}`;
}

function loadScript(src: string, integrity: string): Promise<'load' | 'error'> {
  return new Promise((resolve) => {
    const script = document.createElement('script');
    script.type = 'module';
    script.src = src;
    script.integrity = integrity;
    script.crossOrigin = 'anonymous';
    script.addEventListener('load', () => resolve('load'));
    script.addEventListener('error', () => resolve('error'));
    document.head.append(script);
  });
}

describe('dist/trialkit.js from another origin', () => {
  it('refuses a bundle whose SRI hash does not match, and loads it with the right one', async () => {
    const base = await serverUrl();
    expect(new URL(base).origin).to.not.equal(location.origin);
    const src = `${base}/dist/trialkit.js`;
    const wrong = `sha384-${btoa('x'.repeat(48))}`;
    expect(await loadScript(`${src}?wrong`, wrong)).to.equal('error');
    expect(customElements.get('trial-card')).to.equal(undefined);
    expect(await loadScript(src, await sri(src))).to.equal('load');
    // The loader registers an element when its tag appears, from the chunks beside it.
    const card = document.createElement('trial-card');
    document.body.append(card);
    try {
      await waitUntil(() => customElements.get('trial-card'), 'the card chunk did not load cross-origin', { timeout: 10_000 });
      const chunk = performance.getEntriesByType('resource').find((entry) => entry.name.startsWith(`${base}/dist/chunks/trial-card-`));
      expect(chunk, 'the card chunk came from the other origin').to.exist;
    } finally {
      card.remove();
    }
  });

  it('loads its on-demand chunks from there too: a card in Spanish', async () => {
    const base = await serverUrl();
    await import(/* @vite-ignore */ `${base}/dist/trialkit.js`);
    const card = document.createElement('trial-card');
    card.setAttribute('lang', 'es');
    card.setAttribute('src', `${base}/api/ctgov/studies/NCT05819398`);
    document.body.append(card);
    try {
      await waitUntil(() => card.shadowRoot?.textContent?.includes('Reclutando'), 'the Spanish chunk did not load cross-origin', { timeout: 10_000 });
      const chunk = performance.getEntriesByType('resource').find((entry) => entry.name.startsWith(`${base}/dist/chunks/es-`));
      expect(chunk, 'the Spanish strings came from the other origin').to.exist;
    } finally {
      card.remove();
    }
  });
});
