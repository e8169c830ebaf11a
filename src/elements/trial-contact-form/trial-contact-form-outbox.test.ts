import { expect, html, oneEvent, waitUntil } from '@open-wc/testing';
import { pageOutbox } from '../../data/outbox.ts';
import { clearTrialCache } from '../../data/trial-source.ts';
import {
  chooseSite,
  clearOutbox,
  contactForm,
  created,
  fill,
  MULTI_SITE,
  restoreFetch,
  stubPosts,
  submit,
  VALID,
  type PostCall,
} from '../../../test/helpers/contact.ts';
import { root, text } from '../../../test/helpers/dom.ts';
import './define.ts';

/** Every row of the outbox database as stored, for checking what is kept at rest. */
async function rawRows(): Promise<unknown[]> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open('trialkit-outbox');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  try {
    return await new Promise<unknown[]>((resolve, reject) => {
      const req = db.transaction('entries').objectStore('entries').getAll();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  } finally {
    db.close();
  }
}

const offline = () => new TypeError('Failed to fetch');

describe('trial-contact-form outbox', () => {
  let calls: PostCall[] = [];
  beforeEach(async () => {
    calls = [];
    clearTrialCache();
    await clearOutbox();
  });
  afterEach(async () => {
    restoreFetch();
    await clearOutbox();
  });

  async function queue(deliveryOptions: Record<string, number> = { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 }) {
    const el = await contactForm(html`<trial-contact-form
      .trial=${MULTI_SITE}
      endpoint="/api/contact"
      .minFillMs=${0}
      .deliveryOptions=${deliveryOptions}
    ></trial-contact-form>`);
    await chooseSite(el, 0);
    await fill(el, { ...VALID, message: 'My eczema is worse at night' });
    const queued = oneEvent(el, 'trial-contact-queued');
    submit(el);
    const event = await queued;
    await el.updateComplete;
    return { el, key: event.detail.idempotencyKey };
  }

  it('keeps an undeliverable message on this device, says so, and can discard it', async () => {
    calls = stubPosts(offline);
    const { el, key } = await queue();
    expect(calls).to.have.length(2);
    expect(new Set(calls.map((c) => (c.init.headers as Record<string, string>)['idempotency-key'])).size).to.equal(1);
    expect(text(el)).to.contain('Your message has not been sent yet.');
    expect(text(el)).to.contain('will be sent when you are back online');
    expect((await pageOutbox().list()).map((e) => e.id)).to.deep.equal([key]);
    await expect(el).to.be.accessible();

    const discard = [...root(el).querySelectorAll<HTMLButtonElement>('.outbox button')].find((b) => b.textContent!.includes('Discard'))!;
    discard.click();
    await waitUntil(() => root(el).querySelector('form.contact'));
    expect(await pageOutbox().list()).to.deep.equal([]);
  });

  it('keeps only ciphertext at rest, under a key no script can export', async () => {
    stubPosts(offline);
    await queue();
    const rows = await rawRows();
    expect(rows).to.have.length(1);
    const row = rows[0] as Record<string, unknown>;
    expect(row.payload).to.be.undefined;
    const stored = JSON.stringify(row, (_key, value: unknown) => (value instanceof ArrayBuffer || ArrayBuffer.isView(value) ? new TextDecoder().decode(value as ArrayBuffer) : value));
    for (const typed of ['ann.lee@example.org', 'Ann', 'Lee', '555 010 0199', 'eczema', 'Holdsworth']) expect(stored, typed).to.not.contain(typed);
    expect(row.sealed).to.have.keys(['iv', 'data']);

    const db = await new Promise<IDBDatabase>((resolve) => {
      const req = indexedDB.open('trialkit-outbox');
      req.onsuccess = () => resolve(req.result);
    });
    const key = await new Promise<CryptoKey>((resolve) => {
      const req = db.transaction('keys').objectStore('keys').get('payload');
      req.onsuccess = () => resolve(req.result as CryptoKey);
    });
    db.close();
    expect(key.extractable).to.be.false;
    let exported = true;
    await crypto.subtle.exportKey('raw', key).catch(() => (exported = false));
    expect(exported).to.be.false;
    // The form itself still reads it back.
    expect(((await pageOutbox().list())[0]!.payload as { email: string }).email).to.equal('ann.lee@example.org');
  });

  it('sends a queued message when the browser is back online, with the same key, and deletes it', async () => {
    let online = false;
    calls = stubPosts(() => (online ? created('7', { team: 'email', copyToReader: false }) : offline()));
    const { el, key } = await queue({ maxAttempts: 1 });
    online = true;
    const success = oneEvent(el, 'trial-contact-success');
    window.dispatchEvent(new Event('online'));
    const event = await success;
    expect(event.detail.fromOutbox).to.be.true;
    expect(event.detail.idempotencyKey).to.equal(key);
    expect((calls.at(-1)!.init.headers as Record<string, string>)['idempotency-key']).to.equal(key);
    expect(await pageOutbox().list()).to.deep.equal([]);
    expect(await rawRows()).to.deep.equal([]);
    await el.updateComplete;
    expect(text(el)).to.contain('Your message was sent to the study team at Holdsworth House.');
  });

  it('gives the reader their words back when a saved message is refused', async () => {
    let refuse = false;
    calls = stubPosts(() =>
      refuse
        ? new Response(JSON.stringify({ error: 'invalid', fields: { phone: { code: 'format', message: 'bad' } } }), { status: 422 })
        : offline(),
    );
    const { el } = await queue({ maxAttempts: 1 });
    refuse = true;
    const rejected = oneEvent(el, 'trial-contact-error');
    window.dispatchEvent(new Event('online'));
    expect((await rejected).detail.kind).to.equal('rejected');
    await el.updateComplete;
    expect(root(el).querySelector<HTMLInputElement>('#firstName')!.value).to.equal('Ann');
    expect(root(el).querySelector<HTMLTextAreaElement>('#message')!.value).to.equal('My eczema is worse at night');
    expect(root(el).querySelector('#phone-error')).to.exist;
  });

  it('shows a message saved on an earlier visit, written before payloads were sealed', async () => {
    const endpoint = new URL('/api/contact', document.baseURI).href;
    // An entry as an older release stored it, in the clear; reading it seals it.
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.open('trialkit-outbox', 1);
      req.onupgradeneeded = () => req.result.createObjectStore('entries', { keyPath: 'id' });
      req.onsuccess = () => {
        const tx = req.result.transaction('entries', 'readwrite');
        tx.objectStore('entries').put({
          id: 'earlier-visit-key',
          kind: 'contact',
          endpoint,
          payload: { trialId: MULTI_SITE.id, ...VALID, consentText: 'ok' },
          createdAt: Date.now(),
          attempts: 0,
          owner: `${endpoint} ${MULTI_SITE.id}`,
        });
        tx.oncomplete = () => {
          req.result.close();
          resolve();
        };
        tx.onerror = () => reject(tx.error);
      };
    });
    stubPosts(offline);
    const el = await contactForm();
    await waitUntil(() => text(el).includes('Your message has not been sent yet.'));
    const rows = (await rawRows()) as Record<string, unknown>[];
    expect(rows[0]!.payload).to.be.undefined;
    expect(rows[0]!.sealed).to.exist;
  });
});
