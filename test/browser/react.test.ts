import { expect, waitUntil } from '@open-wc/testing';

/**
 * `trialkit/react` in React 19 (the app is bundled by the `react-app` plugin of
 * web-test-runner.config.mjs): client render with the `trial` property, typed events, and a
 * server render (react-dom/server in Node) hydrated here, keeping `trial` and the fallback.
 */
/**
 * What react-app.tsx exports. The app is bundled by esbuild, which does not type-check it;
 * test/node/consumers.test.ts type-checks the same use of trialkit/react against the package.
 */
interface App {
  trial: unknown;
  CardPage: unknown;
  NativeCardPage: unknown;
  createElement(type: unknown, props: Record<string, unknown>): unknown;
  createRoot(container: Element): { render(node: unknown): void; unmount(): void };
  hydrateRoot(container: Element, node: unknown, options: { onRecoverableError(error: unknown): void }): { unmount(): void };
  flushSync(run: () => void): void;
}
const load = () => import(/* @vite-ignore */ '/__react-app__.js' as string) as Promise<App>;

interface CardElement extends HTMLElement {
  trial: unknown;
  headingLevel: number;
}

describe('trialkit/react', () => {
  let container: HTMLDivElement;
  let unmount: (() => void) | undefined;
  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
  });
  afterEach(() => {
    unmount?.();
    unmount = undefined;
    container.remove();
  });

  it('renders the card from the trial property and keeps it across re-renders', async () => {
    const app = await load();
    const root = app.createRoot(container);
    unmount = () => root.unmount();
    app.flushSync(() => root.render(app.createElement(app.CardPage, { trial: app.trial })));
    const card = container.querySelector('trial-card') as CardElement;
    expect(card.trial).to.equal(app.trial);
    expect(card.headingLevel).to.equal(3);
    await waitUntil(() => card.shadowRoot?.querySelector('h3')?.textContent?.includes('Lunsayil 1'), 'the card did not render the trial');
    container.querySelector<HTMLButtonElement>('#rerender')!.click();
    await waitUntil(() => container.querySelector('#rerender')!.textContent === 'Re-render 1');
    expect(card.trial).to.equal(app.trial);
    expect(card.shadowRoot!.textContent).to.contain('Lunsayil 1');
  });

  it('calls onTrialError with the TrialErrorEvent, and other on<Event> props with theirs', async () => {
    const app = await load();
    const errors: Event[] = [];
    const root = app.createRoot(container);
    unmount = () => root.unmount();
    app.flushSync(() => root.render(app.createElement(app.CardPage, { trial: { not: 'a trial' }, onError: (event: Event) => errors.push(event) })));
    await waitUntil(() => errors.length === 1, 'onTrialError was not called');
    expect(errors[0]!.type).to.equal('trial-error');
    expect((errors[0] as Event & { cause: { kind: string } }).cause.kind).to.equal('shape');
    // <trial-faq>'s toggle event re-renders the page through its handler.
    const faq = container.querySelector('trial-faq')!;
    await waitUntil(() => faq.shadowRoot?.querySelector('button'));
    faq.shadowRoot!.querySelector('button')!.click();
    await waitUntil(() => container.querySelector('#rerender')!.textContent === 'Re-render 1', 'onTrialFaqToggle was not called');
  });

  it('works without the wrappers too: React 19 sets trial as a property and ontrial-error listens', async () => {
    const app = await load();
    const errors: Event[] = [];
    const root = app.createRoot(container);
    unmount = () => root.unmount();
    app.flushSync(() => root.render(app.createElement(app.NativeCardPage, { trial: app.trial, onError: (event: Event) => errors.push(event) })));
    const card = container.querySelector('trial-card') as CardElement;
    expect(card.trial).to.equal(app.trial);
    await waitUntil(() => card.shadowRoot?.querySelector('h3')?.textContent?.includes('Lunsayil 1'), 'the card did not render the trial');
    app.flushSync(() => root.render(app.createElement(app.NativeCardPage, { trial: { not: 'a trial' }, onError: (event: Event) => errors.push(event) })));
    await waitUntil(() => errors.length === 1, 'ontrial-error was not called');
    expect(errors[0]!.type).to.equal('trial-error');
  });

  it('hydrates a react-dom/server render without a mismatch and keeps trial', async () => {
    const app = await load();
    container.innerHTML = await (await fetch('/__react-ssr__.html')).text();
    const serverCard = container.querySelector('trial-card')!;
    // Scripts off, a reader has the host's fallback.
    expect(serverCard.textContent).to.contain('Call our research office.');
    const problems: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => problems.push(args);
    try {
      const root = app.hydrateRoot(container, app.createElement(app.CardPage, { trial: app.trial }), {
        onRecoverableError: (error) => problems.push(error),
      });
      unmount = () => root.unmount();
      const card = container.querySelector('trial-card') as CardElement;
      await waitUntil(() => card.shadowRoot?.textContent?.includes('Lunsayil 1'), 'the hydrated card did not render the trial');
      // The server's element was kept, not replaced.
      expect(card).to.equal(serverCard);
      expect(card.trial).to.equal(app.trial);
      container.querySelector<HTMLButtonElement>('#rerender')!.click();
      await waitUntil(() => container.querySelector('#rerender')!.textContent === 'Re-render 1');
      expect(card.trial).to.equal(app.trial);
    } finally {
      console.error = original;
    }
    expect(problems).to.deep.equal([]);
  });
});
