/**
 * A Vite + Vue 3 app with the packed trialkit installed from its tarball
 * (test/helpers/consumer-app.ts): a single-file component binding `:trial` and listening with
 * `@trial-error`, built with `vite build`, the dist folder served as a static host would, run
 * in Chromium.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openSite, waitInPage, type OpenSite, type WatchedPage } from '../../helpers/chromium.ts';
import { buildApp, prepareConsumerApp, SEED_JSON, SEED_TITLE } from '../../helpers/consumer-app.ts';


const FILES = {
  'src/NCT06801119.json': SEED_JSON,
  'vite.config.js': `import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('trial-') } } })],
});
`,
  'index.html': `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <link rel="icon" href="data:," />
    <title>trialkit in Vue</title>
  </head>
  <body>
    <div id="app"></div>
    <script type="module" src="/src/main.js"></script>
  </body>
</html>
`,
  'src/main.js': `import { createApp } from 'vue';
import App from './App.vue';

createApp(App).mount('#app');
`,
  'src/App.vue': `<script setup>
import { ref, shallowRef } from 'vue';
import { trialFromCtgov } from 'trialkit';
import 'trialkit/trial-card.js';
import record from './NCT06801119.json';

const trial = shallowRef(trialFromCtgov(record));
const errors = ref([]);
function onTrialError(event) {
  errors.value.push(event.cause.kind);
}
</script>

<template>
  <main>
    <trial-card id="card" :trial="trial" heading-level="2" @trial-error="onTrialError">
      <p>HN2301 in refractory lupus (NCT06801119).</p>
    </trial-card>
    <button id="break" type="button" @click="trial = { not: 'a trial' }">Use a broken record</button>
    <output id="errors">{{ errors.join(' ') }}</output>
  </main>
</template>
`,
};

const prepared = await prepareConsumerApp('vue', FILES);

describe('a Vite + Vue 3 app with the packed package', { skip: prepared.skip }, () => {
  let site: OpenSite | undefined;
  let tab: WatchedPage;

  before(
    async () => {
      const dir = await buildApp(prepared, 'vite/bin/vite.js', ['build']);
      site = await openSite(join(dir, 'dist'));
      tab = site.tab;
    },
    { timeout: 8 * 60_000 },
  );

  after(async () => {
    await site?.close();
    prepared.app?.release();
  });

  test(':trial sets the property, and the card renders that trial', async () => {
    await waitInPage(tab, 'the card did not show the title', (title) => document.querySelector('#card')?.shadowRoot?.querySelector('h2')?.textContent?.includes(title), SEED_TITLE);
    const card = await tab.page.$eval('#card', (element) => ({
      trialId: (element as HTMLElement & { trial?: { id?: string } }).trial?.id,
      trialAttribute: element.getAttribute('trial'),
      level: element.getAttribute('heading-level'),
      text: element.shadowRoot!.textContent ?? '',
    }));
    assert.equal(card.trialId, 'NCT06801119');
    assert.equal(card.trialAttribute, null, 'Vue set trial as an attribute');
    assert.equal(card.level, '2');
    assert.doesNotMatch(card.text, /not valid|could not be read/i);
  });

  test('@trial-error hears the element’s event for a broken record, once', async () => {
    await tab.page.click('#break');
    await waitInPage(tab, '@trial-error was not called', () => document.querySelector('#errors')?.textContent !== '');
    // A moment for a repeated event to show up.
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(await tab.page.$eval('#errors', (output) => output.textContent), 'shape');
    assert.deepEqual(tab.problems, []);
  });
});
