import { expect, waitUntil } from '@open-wc/testing';
import { referenceServer } from '../helpers/contact.ts';
import { freshFrame, removeFreshFrames } from '../helpers/dom.ts';

/**
 * The contact form's delivery code (`contact-engine`: delivery, the outbox, sealing) loads on the
 * reader's first interaction, in the built bundle (`npm run build` first). Each case opens a
 * fresh iframe, so each starts from a page that has loaded nothing yet.
 */

const SEED = '/test/fixtures/NCT06801119.json';
const VALUES = { firstName: 'Ann', lastName: 'Lee', phone: '+1 555 010 0199' };

interface Page {
  win: Window & typeof globalThis;
  doc: Document;
  form: HTMLElement;
  errors: { kind: string; message: string }[];
}

afterEach(removeFreshFrames);

/** A fresh page with the autoloader from `dist` and one contact form posting to the reference server. */
async function openForm(dist: string): Promise<Page> {
  const { url } = await referenceServer();
  const { win, doc } = freshFrame(800, 900);
  win.console.warn = () => undefined;
  const errors: Page['errors'] = [];
  doc.addEventListener('trial-error', (event) => errors.push((event as unknown as { cause: Page['errors'][number] }).cause));
  const form = doc.createElement('trial-contact-form');
  form.setAttribute('src', SEED);
  form.setAttribute('endpoint', `${url}/api/contact`);
  form.setAttribute('min-fill-ms', '0');
  doc.body.append(form);
  const script = doc.createElement('script');
  script.type = 'module';
  script.src = new URL(`${dist}/trialkit.js`, location.href).href;
  doc.head.append(script);
  await waitUntil(() => form.shadowRoot?.querySelector('form.contact'), 'the form never rendered', { timeout: 10000 });
  return { win, doc, form, errors };
}

function fetched(page: Page, name: string): boolean {
  return page.win.performance.getEntriesByType('resource').some((entry) => new URL(entry.name).pathname.includes(`/chunks/${name}-`));
}

function field(page: Page, id: string): HTMLInputElement {
  return page.form.shadowRoot!.querySelector<HTMLInputElement>(`#${id}`)!;
}

/** Fills the form without a single input or focus event, so that the submit is the first use. */
function fillSilently(page: Page, email: string): void {
  for (const [id, value] of Object.entries({ ...VALUES, email })) field(page, id).value = value;
  field(page, 'consent').checked = true;
}

function submit(page: Page): void {
  page.form.shadowRoot!.querySelector<HTMLFormElement>('form.contact')!.requestSubmit();
}

function succeeded(page: Page): Promise<{ id?: string; fromOutbox: boolean }> {
  return new Promise((resolve) =>
    page.form.addEventListener('trial-contact-success', (event) => resolve(event.detail), { once: true }),
  );
}

async function storedOnServer(email: string): Promise<number> {
  const { url, adminToken } = await referenceServer();
  const response = await fetch(`${url}/api/admin/submissions.csv`, { headers: { authorization: `Bearer ${adminToken}` } });
  return (await response.text()).split('\r\n').filter((line) => line.includes(email)).length;
}

describe('the contact form loads its delivery code on first use', function () {
  this.timeout(30000);

  it('downloads no delivery, outbox, geocoder or sign-up code before the reader interacts, then loads it as they type', async () => {
    const page = await openForm('/dist');
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const chunk of ['contact-engine', 'delivery', 'geocode-client', 'trial-notify-signup']) {
      expect(fetched(page, chunk), `${chunk} was downloaded before any interaction`).to.equal(false);
    }
    // Typing is a first use (so is focus, which a background test tab does not get reliably).
    field(page, 'firstName').value = 'A';
    field(page, 'firstName').dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await waitUntil(() => fetched(page, 'contact-engine'), 'typing did not load the delivery code', { timeout: 10000 });
    expect(page.errors).to.deep.equal([]);
  });

  it('a submit before the code has loaded waits for it and delivers to the reference server once', async () => {
    const page = await openForm('/dist');
    const email = `lazy-${Date.now()}@example.org`;
    fillSilently(page, email);
    expect(fetched(page, 'contact-engine')).to.equal(false);
    const success = succeeded(page);
    submit(page);
    const detail = await success;
    expect(detail.id).to.be.a('string');
    expect(detail.fromOutbox).to.equal(false);
    expect(await storedOnServer(email)).to.equal(1);
    // The sign-up offer that follows a sent message loads with it.
    await waitUntil(() => page.win.customElements.get('trial-notify-signup'), 'the notify sign-up was not loaded after sending', { timeout: 10000 });
  });

  it('when the code cannot be loaded, keeps what the reader typed, says so, fires trial-error of kind load, and the next submit sends', async () => {
    const cut = `/__cut__/${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const page = await openForm(`${cut}/dist`);
    const email = `lazy-retry-${Date.now()}@example.org`;
    fillSilently(page, email);
    submit(page);
    await waitUntil(() => page.errors.length > 0, 'no trial-error after the delivery code failed to load', { timeout: 10000 });
    expect(page.errors[0]!.kind).to.equal('load');
    expect(page.errors[0]!.message).to.match(/could not be loaded/);
    await waitUntil(() => page.form.shadowRoot!.querySelector('[part~="form-error"]'), 'no error shown in the form');
    expect(page.form.shadowRoot!.querySelector('[part~="form-error"]')!.textContent).to.contain('Your message was not sent');
    expect(field(page, 'firstName').value).to.equal('Ann');
    expect(field(page, 'email').value).to.equal(email);
    expect(field(page, 'consent').checked).to.equal(true);
    expect(page.form.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit"]')!.disabled).to.equal(false);
    expect(await storedOnServer(email)).to.equal(0);

    await fetch(`${cut}/restore`);
    const success = succeeded(page);
    submit(page);
    expect((await success).id).to.be.a('string');
    expect(await storedOnServer(email)).to.equal(1);
    expect(page.errors).to.have.length(1);
  });
});
