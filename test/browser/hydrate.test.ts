// Hydration support must be installed before LitElement is first evaluated.
import '@lit-labs/ssr-client/lit-element-hydrate-support.js';
import { expect, waitUntil } from '@open-wc/testing';

/**
 * @lit-labs/ssr output (rendered in Node from the built dist/esm/, see
 * test/browser/ssr/render-lit.mjs) hydrated in Chromium by the same built modules: the markup
 * reads before any script runs, and hydration keeps the server's nodes (no flash, no re-render)
 * and updates them from then on; an element with only a relative `src` hydrates its fallback and
 * then loads in the browser.
 */
interface Renders {
  fromData: string;
  fromSrc: string;
}

async function renders(): Promise<Renders> {
  return (await (await fetch('/__lit-ssr__.json')).json()) as Renders;
}

describe('server-rendered <trial-card> hydration', () => {
  let container: HTMLDivElement;
  const errors: unknown[] = [];
  const onError = (event: ErrorEvent) => errors.push(event.error ?? event.message);
  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
    errors.length = 0;
    window.addEventListener('error', onError);
  });
  afterEach(() => {
    window.removeEventListener('error', onError);
    container.remove();
  });

  it('shows the trial before the script runs and hydrates the same nodes', async () => {
    const { fromData } = await renders();
    // Declarative shadow DOM is parsed by setHTMLUnsafe, as by the HTML parser on a page.
    (container as unknown as { setHTMLUnsafe(html: string): void }).setHTMLUnsafe(fromData);
    const card = container.querySelector('trial-card')!;
    expect(customElements.get('trial-card')).to.equal(undefined);
    const title = card.shadowRoot!.querySelector('h2');
    expect(title?.textContent).to.contain('Lunsayil 1');

    const warnings: unknown[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      await import(/* @vite-ignore */ '/dist/esm/trial-card.js' as string);
      await (card as unknown as { updateComplete: Promise<boolean> }).updateComplete;
    } finally {
      console.warn = original;
    }
    expect(errors).to.deep.equal([]);
    expect(warnings.filter((w) => String(w).includes('ydration'))).to.deep.equal([]);
    // The very nodes the server sent: hydrated, not replaced.
    expect(card.shadowRoot!.querySelector('h2')).to.equal(title);
    expect((card as unknown as { currentTrial?: { id: string } }).currentTrial?.id).to.equal('NCT05819398');
    // Hydrated bindings update the server's nodes in place.
    (card as unknown as { headingLevel: number }).headingLevel = 3;
    await waitUntil(() => card.shadowRoot!.querySelector('h3')?.textContent?.includes('Lunsayil 1'), 'the hydrated card does not update');
  });

  it('hydrates the fallback of an element with only a relative src, then loads it in the browser', async () => {
    const { fromSrc } = await renders();
    (container as unknown as { setHTMLUnsafe(html: string): void }).setHTMLUnsafe(fromSrc);
    const card = container.querySelector('trial-card')!;
    expect(card.shadowRoot!.querySelector('slot')).to.exist;
    expect(card.textContent).to.contain('Call our research office.');
    await import(/* @vite-ignore */ '/dist/esm/trial-card.js' as string);
    await waitUntil(() => card.shadowRoot!.querySelector('h2')?.textContent?.includes('Lunsayil 1'), 'the card did not load its src');
    expect(errors).to.deep.equal([]);
  });
});
