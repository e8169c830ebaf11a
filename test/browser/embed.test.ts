import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';

/**
 * The iframe embed end to end: the reference server's `/embed/<NCT id>` page (another origin
 * than this test page, as on a real host site) reports its height, and `dist/embed-parent.js`
 * (npm test builds it) sizes the iframe, accepting only messages from that frame and origin.
 */
interface ParentModule {
  resizeEmbedFrame(event: MessageEvent, frames: Iterable<HTMLIFrameElement>): boolean;
}

async function serverUrl(): Promise<string> {
  const info = (await (await fetch('/__server__.json')).json()) as { url: string };
  return info.url;
}

describe('iframe embed', () => {
  let frame: HTMLIFrameElement | undefined;
  afterEach(() => frame?.remove());

  it('grows the iframe to the embed page’s height, and follows it', async () => {
    // Chromium renders no frames, so runs no ResizeObserver, in a hidden tab.
    await executeServerCommand('bring-to-front');
    const parent = (await import(/* @vite-ignore */ '/dist/embed-parent.js' as string)) as ParentModule;
    expect(parent.resizeEmbedFrame).to.be.a('function');
    const base = await serverUrl();
    frame = document.createElement('iframe');
    frame.src = `${base}/embed/NCT05819398?sections=card,eligibility&lang=en`;
    frame.title = 'Clinical trial NCT05819398';
    frame.dataset.trialkitEmbed = '';
    document.body.append(frame);
    await waitUntil(() => parseInt(frame!.style.height, 10) > 300, 'the iframe was never sized', { timeout: 15_000 });
    expect(frame.getBoundingClientRect().height).to.be.greaterThan(300);
  });

  it('ignores messages from another window, another origin or of another shape', async () => {
    const parent = (await import(/* @vite-ignore */ '/dist/embed-parent.js' as string)) as ParentModule;
    const base = await serverUrl();
    frame = document.createElement('iframe');
    frame.src = `${base}/embed/NCT05819398?sections=card`;
    frame.dataset.trialkitEmbed = '';
    document.body.append(frame);
    await new Promise((resolve) => frame!.addEventListener('load', resolve, { once: true }));
    const good = { type: 'trialkit:embed-height', height: 777 };
    const origin = new URL(base).origin;
    const event = (data: unknown, from: string, source: MessageEventSource | null) => new MessageEvent('message', { data, origin: from, source });
    frame.style.height = '100px';
    // The page itself posting the right shape: not the frame's window.
    window.dispatchEvent(event(good, origin, window));
    expect(parent.resizeEmbedFrame(event(good, origin, window), [frame])).to.equal(false);
    expect(parent.resizeEmbedFrame(event(good, 'https://elsewhere.example', frame.contentWindow), [frame])).to.equal(false);
    for (const bad of [{ type: 'trialkit:embed-height', height: '777' }, { type: 'other', height: 777 }, { ...good, height: 1e9 }, { ...good, extra: 1 }, 'trialkit:embed-height 777', null]) {
      expect(parent.resizeEmbedFrame(event(bad, origin, frame.contentWindow), [frame]), JSON.stringify(bad)).to.equal(false);
    }
    expect(frame.style.height).to.equal('100px');
    expect(parent.resizeEmbedFrame(event(good, origin, frame.contentWindow), [frame])).to.equal(true);
    expect(frame.style.height).to.equal('777px');
  });
});
