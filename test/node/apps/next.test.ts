/**
 * A Next.js App Router app (React 19) with the packed trialkit installed from its tarball
 * (test/helpers/consumer-app.ts): built with `next build`, served by `next start`, read in
 * Chromium.
 * - The page is a server component that turns the seed record into a Trial with `trialFromCtgov`
 *   (the main entry, in Node) and hands it to a client component rendering `<TrialWidget>` from
 *   `trialkit/react` with `trial` and `onTrialError`, the trial's title as its fallback.
 * - Server render: the HTML has the widget with that fallback (no DOM needed on the server).
 * - Hydration keeps the server's element and gives it `trial`: its card shows the title, no error.
 * - A `<TrialCard>` with a broken record, rendered on the server, reaches `onTrialError` once
 *   hydrated; cards mounted later on the client render and report their errors too.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { freePort, launchChromium, openPage, waitInPage, type WatchedPage } from '../../helpers/chromium.ts';
import { buildApp, prepareConsumerApp, SEED_JSON, SEED_TITLE } from '../../helpers/consumer-app.ts';

const ENV = { NEXT_TELEMETRY_DISABLED: '1' };

const FILES = {
  'NCT06801119.json': SEED_JSON,
  // The app's folder is its own root, whatever lock files sit in the folders above it.
  'next.config.mjs': `export default { turbopack: { root: import.meta.dirname } };\n`,
  'app/layout.jsx': `
export const metadata = { title: 'trialkit in Next.js', icons: { icon: 'data:,' } };

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
`,
  'app/page.jsx': `
import { trialFromCtgov } from 'trialkit';
import record from '../NCT06801119.json';
import { TrialPage } from './trial-page.jsx';

/** A server component: the record is read on the server, the Trial goes to the client as data. */
export default function Page() {
  return <TrialPage trial={trialFromCtgov(record)} />;
}
`,
  'app/trial-page.jsx': `
'use client';
import { useState } from 'react';
import { TrialCard, TrialWidget } from 'trialkit/react';

/** Not a trial. One object for every render: a new one each time would be checked each time. */
const BROKEN = { not: 'a trial' };

export function TrialPage({ trial }) {
  const [errors, setErrors] = useState([]);
  const [more, setMore] = useState(false);
  const onTrialError = (event) => setErrors((list) => [...list, event.target.id + ':' + event.cause.kind]);
  return (
    <main>
      <TrialWidget id="widget" trial={trial} noContact noNotes onTrialError={onTrialError}>
        <p>{trial.title} ({trial.id})</p>
      </TrialWidget>
      <TrialCard id="server-broken" trial={BROKEN} onTrialError={onTrialError} />
      <button id="more" type="button" onClick={() => setMore(true)}>More cards</button>
      {more && <TrialCard id="client-card" trial={trial} headingLevel={3} onTrialError={onTrialError} />}
      {more && <TrialCard id="client-broken" trial={BROKEN} onTrialError={onTrialError} />}
      <output id="errors">{errors.join(' ')}</output>
    </main>
  );
}
`,
};

const prepared = await prepareConsumerApp('next', FILES);

describe('a Next.js App Router app with the packed package', { skip: prepared.skip }, () => {
  let server: ChildProcess | undefined;
  let url = '';
  let browser: Browser | undefined;
  let tab: WatchedPage;

  before(
    async () => {
      // A clean build each run, also in a kept install.
      if (prepared.app) rmSync(join(prepared.app.dir, '.next'), { recursive: true, force: true });
      const dir = await buildApp(prepared, 'next/dist/bin/next', ['build'], ENV);
      const next = join(dir, 'node_modules/next/dist/bin/next');
      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      server = spawn(process.execPath, [next, 'start', '--port', String(port), '--hostname', '127.0.0.1'], {
        cwd: dir,
        env: { ...process.env, ...ENV },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      for (let tries = 0; ; tries++) {
        assert.ok(server.exitCode === null, `next start exited:\n${output}`);
        assert.ok(tries < 300, `next start did not answer:\n${output}`);
        if (await fetch(url).then((response) => response.ok, () => false)) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      browser = await launchChromium();
    },
    { timeout: 8 * 60_000 },
  );

  after(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill();
      await exited;
    }
    prepared.app?.release();
  });

  test('the server HTML has <trial-widget> with the trial’s title as its fallback', async () => {
    const html = await (await fetch(url)).text();
    const widget = /<trial-widget id="widget"[^>]*>([\s\S]*?)<\/trial-widget>/.exec(html);
    assert.ok(widget, 'no <trial-widget> in the server HTML');
    assert.ok(widget[1]!.includes(SEED_TITLE), `the widget's server HTML lacks the title: ${widget[1]}`);
    assert.match(html, /<trial-card id="server-broken"/);
  });

  test('after hydration the server’s <trial-widget> has its trial property and its card shows the title', async () => {
    // The element the HTML parser made, to tell hydration from a client re-render.
    tab = await openPage(browser!, url, (page) =>
      page.evaluateOnNewDocument(() => {
        const observer = new MutationObserver(() => {
          const widget = document.getElementById('widget');
          if (!widget) return;
          (window as unknown as { parsedWidget: Element }).parsedWidget = widget;
          observer.disconnect();
        });
        observer.observe(document, { childList: true, subtree: true });
      }),
    );
    await waitInPage(
      tab,
      'the hydrated widget’s card did not show the title',
      (title) => document.querySelector('#widget')?.shadowRoot?.querySelector('trial-card')?.shadowRoot?.querySelector('h2')?.textContent?.includes(title),
      SEED_TITLE,
      30_000,
    );
    const state = await tab.page.evaluate(() => {
      const widget = document.querySelector('#widget') as HTMLElement & { trial?: { id?: string } };
      const card = widget.shadowRoot!.querySelector('trial-card')!;
      return {
        sameElement: widget === (window as unknown as { parsedWidget?: Element }).parsedWidget,
        trialType: typeof widget.trial,
        trialId: widget.trial?.id,
        cardText: card.shadowRoot!.textContent ?? '',
        fallbackKept: widget.textContent ?? '',
      };
    });
    assert.equal(state.sameElement, true, 'hydration replaced the server’s <trial-widget>');
    assert.equal(state.trialType, 'object');
    assert.equal(state.trialId, 'NCT06801119');
    assert.doesNotMatch(state.cardText, /not valid|could not be read/i);
    assert.ok(state.fallbackKept.includes(SEED_TITLE), 'the fallback text left the light DOM');
  });

  test('a broken record rendered on the server reaches onTrialError once hydrated, once', async () => {
    await waitInPage(tab, 'onTrialError was not called', () => document.querySelector('#errors')?.textContent !== '');
    // A moment for a repeated event (a render loop) to show up.
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(await tab.page.$eval('#errors', (output) => output.textContent), 'server-broken:shape');
  });

  test('cards mounted on the client render their trial and report a broken one', async () => {
    await tab.page.click('#more');
    await waitInPage(tab, 'the card mounted on the client did not show the title', (title) => document.querySelector('#client-card')?.shadowRoot?.querySelector('h3')?.textContent?.includes(title), SEED_TITLE);
    await waitInPage(tab, 'onTrialError was not called for the card mounted on the client', () => document.querySelector('#errors')?.textContent?.includes('client-broken'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(await tab.page.$eval('#errors', (output) => output.textContent), 'server-broken:shape client-broken:shape');
    assert.deepEqual(tab.problems, []);
  });
});
