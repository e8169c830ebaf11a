/**
 * A static Astro site with the packed trialkit installed from its tarball
 * (test/helpers/consumer-app.ts): `astro build`, the dist folder served as a static host would,
 * read in Chromium. The page registers `<trial-card>` and the placeholders from npm in a
 * `<script>` (Astro bundles it), and has a `<trial-card>` with inline JSON and a
 * `data-trialkit="card"` placeholder with `data-src`, as a CMS's content would.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openSite, waitInPage, type OpenSite, type WatchedPage } from '../../helpers/chromium.ts';
import { buildApp, prepareConsumerApp, SEED_JSON, SEED_TITLE } from '../../helpers/consumer-app.ts';

const FALLBACK = 'HN2301 in refractory lupus (NCT06801119): ask our research office.';

const FILES = {
  'src/NCT06801119.json': SEED_JSON,
  'public/NCT06801119.json': SEED_JSON,
  'astro.config.mjs': `import { defineConfig } from 'astro/config';\nexport default defineConfig({});\n`,
  'src/pages/index.astro': `---
import record from '../NCT06801119.json';
const json = JSON.stringify(record);
---
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <link rel="icon" href="data:," />
    <title>trialkit in Astro</title>
  </head>
  <body>
    <main>
      <trial-card id="inline" heading-level="2">
        <script type="application/json" set:html={json} />
        <p>${FALLBACK}</p>
      </trial-card>
      <div id="placeholder" data-trialkit="card" data-src="/NCT06801119.json" data-heading-level="3">
        <p>${FALLBACK}</p>
      </div>
    </main>
    <script>
      import 'trialkit/trial-card.js';
      import 'trialkit/placeholders.js';
    </script>
  </body>
</html>
`,
};

const prepared = await prepareConsumerApp('astro', FILES);

describe('a static Astro site with the packed package', { skip: prepared.skip }, () => {
  let site: OpenSite | undefined;
  let tab: WatchedPage;
  let dist = '';

  before(
    async () => {
      const dir = await buildApp(prepared, 'astro/astro.js', ['build'], { ASTRO_TELEMETRY_DISABLED: '1' });
      dist = join(dir, 'dist');
      site = await openSite(dist);
      tab = site.tab;
    },
    { timeout: 8 * 60_000 },
  );

  after(async () => {
    await site?.close();
    prepared.app?.release();
  });

  test('the built page keeps the inline JSON, the placeholder and the fallback as written', () => {
    const html = readFileSync(join(dist, 'index.html'), 'utf8');
    const inline = /<trial-card id="inline"[^>]*>\s*<script type="application\/json">([\s\S]*?)<\/script>/.exec(html);
    assert.ok(inline, 'the inline JSON is not inside <trial-card> in the built page');
    assert.equal((JSON.parse(inline[1]!) as { protocolSection: { identificationModule: { nctId: string } } }).protocolSection.identificationModule.nctId, 'NCT06801119');
    assert.match(html, /<div id="placeholder" data-trialkit="card" data-src="\/NCT06801119\.json" data-heading-level="3">/);
    assert.equal(html.split(FALLBACK).length - 1, 2, 'a reader without scripts loses the fallback text');
    assert.match(html, /<script type="module" src="\/_astro\/[^"]+\.js"><\/script>/, 'Astro did not bundle the script');
  });

  test('<trial-card> upgrades and renders its inline JSON', async () => {
    await waitInPage(tab, 'the card did not show the title', (title) => document.querySelector('#inline')?.shadowRoot?.querySelector('h2')?.textContent?.includes(title), SEED_TITLE);
    const text = await tab.page.$eval('#inline', (card) => card.shadowRoot!.textContent ?? '');
    assert.doesNotMatch(text, /not valid|could not be read/i);
  });

  test('the placeholder becomes a <trial-card> with its attributes, which loads its src', async () => {
    await waitInPage(
      tab,
      'the placeholder’s card did not show the title',
      (title) => document.querySelector('#placeholder > trial-card')?.shadowRoot?.querySelector('h3')?.textContent?.includes(title),
      SEED_TITLE,
    );
    const card = await tab.page.$eval('#placeholder > trial-card', (element) => ({
      src: element.getAttribute('src'),
      level: element.getAttribute('heading-level'),
      fallback: element.textContent?.trim(),
    }));
    assert.deepEqual(card, { src: '/NCT06801119.json', level: '3', fallback: FALLBACK });
    assert.deepEqual(tab.problems, []);
  });
});
