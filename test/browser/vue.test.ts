import { expect, waitUntil } from '@open-wc/testing';
import '../../src/elements/trial-card/define.ts';
import { trialFromCtgov } from '../../src/model/ctgov.ts';
import { loadSeed } from '../helpers/fixtures.ts';

/**
 * Vue 3 at run time (its ES module browser build, template compiled in the page): `trial-*`
 * tags declared custom elements, `:trial` reaching the element as a property, `@trial-error`
 * listening to the event by its exact name. The types side is test/node/consumers.test.ts.
 */
interface VueApp {
  config: { compilerOptions: { isCustomElement?: (tag: string) => boolean } };
  mount(target: Element): unknown;
  unmount(): void;
}
interface Vue {
  createApp(options: Record<string, unknown>): VueApp;
  shallowRef<T>(value: T): { value: T };
  nextTick(): Promise<void>;
}

describe('Vue 3 with trialkit elements', () => {
  it('passes trial as a property, attributes by name, and hears trial-error', async () => {
    const vue = (await import(/* @vite-ignore */ '/node_modules/vue/dist/vue.esm-browser.js' as string)) as Vue;
    const trial = trialFromCtgov((await loadSeed()) as never);
    const data = vue.shallowRef<unknown>(trial);
    const errors: Event[] = [];
    const app = vue.createApp({
      setup: () => ({ data, onError: (event: Event) => errors.push(event) }),
      template: `<trial-card :trial="data" heading-level="3" @trial-error="onError"><p>Fallback</p></trial-card>`,
    });
    app.config.compilerOptions.isCustomElement = (tag) => tag.startsWith('trial-');
    const host = document.createElement('div');
    document.body.append(host);
    try {
      app.mount(host);
      const card = host.querySelector('trial-card') as HTMLElement & { trial: unknown };
      expect(card.trial).to.equal(trial);
      expect(card.getAttribute('heading-level')).to.equal('3');
      await waitUntil(() => card.shadowRoot?.querySelector('h3')?.textContent?.includes('HN2301'), 'the card did not render the trial');
      data.value = { not: 'a trial' };
      await vue.nextTick();
      await waitUntil(() => errors.length === 1, '@trial-error was not called');
      expect(errors[0]!.type).to.equal('trial-error');
    } finally {
      app.unmount();
      host.remove();
    }
  });
});
