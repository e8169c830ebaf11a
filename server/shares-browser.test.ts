/**
 * Share links end to end, apart from the server tests (shares.test.ts) because it needs a
 * browser: Chromium through puppeteer-core, the built bundle, the reference server.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startTestServer, type TestServer } from './testing.ts';

/** Limits no single test reaches (as in shares.test.ts). */
const GENEROUS = { createBurst: 1000, createPerMinute: 1000, createPerHour: 1000, createPerDay: 1000, challengeBurst: 1000, challengePerMinute: 1000 };

/**
 * The whole path in a real browser: two browser contexts (separate storage, as two people's
 * browsers), the built bundle, the reference server. Needs `dist/trialkit.js` (built by
 * `npm test` before the node tests) and Chromium; skipped without them.
 */
describe('share links between two browsers', () => {
  let server: TestServer | undefined;
  after(() => server?.dispose());
  const bundle = fileURLToPath(new URL('../dist/trialkit.js', import.meta.url));
  // The autoloader names the element chunks; the share dialogs are a chunk of their own.
  const chunks = fileURLToPath(new URL('../dist/chunks/', import.meta.url));
  const ready = existsSync(bundle) && existsSync(chunks) && readdirSync(chunks).some((name) => name.startsWith('share-define-'));

  it('sends notes from one browser and opens them in another', { skip: ready ? false : 'dist/trialkit.js is missing or older than the share dialog' }, async () => {
    const { default: puppeteer } = await import('puppeteer-core');
    const { findChrome } = (await import(new URL('../scripts/find-chrome.mjs', import.meta.url).href)) as { findChrome: () => string };
    server = await startTestServer({ shareLimits: GENEROUS, trustProxyHops: 1 });
    const page = `${server.url}/__share-e2e.html`;
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Share test</title></head><body>
      <trial-notes storage-key="trial:E2E" share-endpoint="/api/shares"><article>
        <p>Participants will receive the study medication once a day for twelve weeks during the main phase.</p>
      </article></trial-notes>
      <script type="module" src="/dist/trialkit.js"></script></body></html>`;
    const browser = await puppeteer.launch({
      executablePath: findChrome(),
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    try {
      const openPage = async (url: string) => {
        const context = await browser.createBrowserContext();
        const tab = await context.newPage();
        await tab.setRequestInterception(true);
        tab.on('request', (request) => {
          if (request.url().split('#')[0] === page) void request.respond({ status: 200, contentType: 'text/html', body: html });
          else void request.continue();
        });
        await tab.goto(url);
        await tab.waitForFunction(() => customElements.get('trial-notes') !== undefined);
        await tab.evaluate(async () => {
          const notes = document.querySelector('trial-notes') as HTMLElement & { whenLoaded(): Promise<void> };
          await notes.whenLoaded();
        });
        return tab;
      };
      // Helpers that run in the page: find things inside the two shadow roots.
      // The share dialogs load on demand, so they may not be there yet; each renders in its own
      // shadow root inside <trial-notes-share>'s.
      const inShare = (selector: string) => {
        const share = `document.querySelector('trial-notes').shadowRoot.querySelector('trial-notes-share')?.shadowRoot`;
        const q = JSON.stringify(selector);
        return `(${share}?.querySelector('trial-share-open-dialog')?.shadowRoot?.querySelector(${q}) ?? ${share}?.querySelector('trial-share-send-dialog')?.shadowRoot?.querySelector(${q}))`;
      };

      const sender = await openPage(page);
      const made = (await sender.evaluate(async () => {
        type Notes = HTMLElement & { addNote(range: Range, body: string): Promise<unknown> };
        const notes = document.querySelector('trial-notes') as Notes;
        const text = notes.querySelector('p')!.firstChild as Text;
        const at = text.data.indexOf('twelve weeks');
        const range = new Range();
        range.setStart(text, at);
        range.setEnd(text, at + 'twelve weeks'.length);
        await notes.addNote(range, 'Ask whether the twelve weeks can start after the holidays');
        await (notes as unknown as { updateComplete: Promise<unknown> }).updateComplete;
        // The reader's "Share notes…" loads the dialog and opens it.
        notes.shadowRoot!.querySelector<HTMLButtonElement>('button[part="share-button"]')!.click();
        // (No named helper here: the test's compiler would wrap it in a function the page lacks.)
        for (
          let i = 0;
          i < 200 &&
          !notes.shadowRoot!.querySelector('trial-notes-share')?.shadowRoot?.querySelector('trial-share-send-dialog')?.shadowRoot?.querySelector('dialog.share[open]');
          i += 1
        ) {
          await new Promise((r) => setTimeout(r, 50));
        }
        const send = notes.shadowRoot!.querySelector('trial-notes-share')!.shadowRoot!.querySelector('trial-share-send-dialog')!.shadowRoot!;
        const passcode = send.querySelector('code.passcode')!.textContent!;
        send.querySelector<HTMLFormElement>('dialog.share form')!.requestSubmit();
        for (let i = 0; i < 200 && !send.querySelector('#share-link'); i += 1) await new Promise((r) => setTimeout(r, 50));
        return { passcode, link: send.querySelector<HTMLInputElement>('#share-link')!.value };
      })) as { passcode: string; link: string };
      assert.ok(made.link.startsWith(`${page}#trialkit-share=s1.`), made.link);

      // The recipient: another browser context, no notes of its own; the dialog opens on load.
      const recipient = await openPage(made.link);
      assert.equal(await recipient.evaluate(() => document.querySelector('trial-notes')!.notes.length), 0);
      await recipient.waitForFunction(`!!(${inShare('#open-passcode')})`);
      await recipient.evaluate(`(() => { const input = ${inShare('#open-passcode')}; input.value = 'not the passcode'; input.dispatchEvent(new Event('input')); ${inShare('dialog.open form')}.requestSubmit(); })()`);
      await recipient.waitForFunction(`!!(${inShare('dialog.open .share-error')})`, { timeout: 15000 });
      assert.equal(await recipient.evaluate(`${inShare('#open-passcode')}.value`), 'not the passcode');
      await recipient.evaluate(`(() => { const input = ${inShare('#open-passcode')}; input.value = ${JSON.stringify(made.passcode)}; input.dispatchEvent(new Event('input')); ${inShare('dialog.open form')}.requestSubmit(); })()`);
      await recipient.waitForFunction(`!!(${inShare('.summary')})`, { timeout: 15000 });
      const received = (await recipient.evaluate(() =>
        document.querySelector('trial-notes')!.notes.map((n) => ({ body: n.body, state: n.state })),
      )) as { body: string; state: string }[];
      assert.deepEqual(received, [{ body: 'Ask whether the twelve weeks can start after the holidays', state: 'exact' }]);
      assert.equal(await recipient.evaluate(() => location.hash), '');

      // The sender revokes; a third browser is told the link no longer works.
      await sender.evaluate(`(async () => {
        const share = document.querySelector('trial-notes').shadowRoot.querySelector('trial-notes-share');
        await share.showShareDialog();
        [...share.shadowRoot.querySelector('trial-share-send-dialog').shadowRoot.querySelectorAll('.sent button')].find((b) => b.textContent.trim() === 'Revoke').click();
      })()`);
      await sender.waitForFunction(`${inShare('.sent')}.querySelectorAll('li').length === 0`);
      const third = await openPage(made.link);
      await third.waitForFunction(`!!(${inShare('dialog.open .share-error')})`);
      assert.match(String(await third.evaluate(`${inShare('dialog.open .share-error')}.textContent`)), /expired or was revoked/);
    } finally {
      await browser.close();
    }
  });
});
