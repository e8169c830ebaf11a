import { aTimeout, expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { pageOutbox } from '../../data/outbox.ts';
import type { PrescreenAnswer } from '../../model/contact.ts';
import {
  chooseSite,
  startEachTestClean,
  contactForm,
  created,
  fill,
  MULTI_SITE,
  picker,
  referenceServer,
  restoreFetch,
  stubPosts,
  submit,
  VALID,
  type PostCall,
} from '../../../test/helpers/contact.ts';
import { nextEvent, root, text } from '../../../test/helpers/dom.ts';
import { loadSeed } from '../../../test/helpers/fixtures.ts';
import './define.ts';
import type { TrialContactBeforeSubmitEvent } from './trial-contact-form.events.ts';
import type { TrialContactForm } from './trial-contact-form.ts';

describe('trial-contact-form', () => {
  let calls: PostCall[] = [];
  beforeEach(() => (calls = []));
  startEachTestClean();

  it('shows the seed page texts and labelled fields with autocomplete tokens', async () => {
    const seed = await loadSeed();
    const el = await contactForm(html`<trial-contact-form .study=${seed} endpoint="/api/contact"></trial-contact-form>`);
    const t = text(el);
    expect(root(el).querySelector('#heading')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Step 1 Get in touch with the nearest study center');
    expect(t).to.contain('Step 2 Send a message');
    expect(t).to.contain('Enter your contact details to connect with study team');
    const expected: Record<string, [string, string]> = {
      firstName: ['First name*', 'given-name'],
      lastName: ['Last name*', 'family-name'],
      email: ['Email*', 'email'],
      phone: ['Phone number*', 'tel'],
      language: ['Other language', 'language'],
    };
    for (const [id, [label, token]] of Object.entries(expected)) {
      const input = root(el).querySelector<HTMLInputElement>(`#${id}`)!;
      expect(input.getAttribute('autocomplete'), id).to.equal(token);
      expect(root(el).querySelector(`label[for=${id}]`)!.textContent!.replace(/\s+/g, '')).to.equal(label.replace(/\s+/g, ''));
    }
    expect(root(el).querySelector<HTMLInputElement>('#email')!.type).to.equal('email');
    expect(root(el).querySelector<HTMLInputElement>('#phone')!.type).to.equal('tel');
    expect(root(el).querySelector('#message')).to.exist;
    expect(root(el).querySelector<HTMLInputElement>('#consent')!.required).to.be.true;
    await expect(el).to.be.accessible();
  });

  it('asks how and when to make contact, with a separate unticked consent for text messages', async () => {
    const el = await contactForm();
    const methods = [...root(el).querySelectorAll<HTMLInputElement>('input[name=contactMethod]')];
    expect(methods.map((m) => m.value)).to.deep.equal(['email', 'phone', 'text']);
    expect(methods.every((m) => !m.checked)).to.be.true;
    expect(root(el).querySelector('#bestTime')).to.not.exist;
    expect(root(el).querySelector('#textConsent')).to.not.exist;

    methods[2]!.click();
    await el.updateComplete;
    expect(root(el).querySelector('#bestTime')).to.exist;
    const textConsent = root(el).querySelector<HTMLInputElement>('#textConsent')!;
    expect(textConsent.checked).to.be.false;
    await expect(el).to.be.accessible();

    calls = stubPosts(() => created());
    await chooseSite(el, 0);
    await fill(el, { ...VALID, bestTime: 'evening' });
    submit(el);
    await el.updateComplete;
    expect(root(el).querySelector('#textConsent-error')!.textContent).to.contain('Tick the box to agree to text messages');
    expect(calls).to.have.length(0);

    await fill(el, { textConsent: true });
    const success = nextEvent(el, 'trial-contact-success');
    submit(el);
    await success;
    expect(calls[0]!.body).to.include({ contactMethod: 'text', bestTime: 'evening', textConsent: true });
  });

  it('lets a carer ask for someone else, naming them and the relationship', async () => {
    calls = stubPosts(() => created());
    const el = await contactForm();
    await chooseSite(el, 1);
    await fill(el, { ...VALID, forSomeoneElse: true });
    expect(root(el).querySelector<HTMLInputElement>('#patientName')!.getAttribute('autocomplete')).to.equal('off');
    submit(el);
    await el.updateComplete;
    const links = [...root(el).querySelectorAll('.error-summary a')].map((a) => a.getAttribute('href'));
    expect(links).to.deep.equal(['#patientName', '#relationship']);
    await expect(el).to.be.accessible();

    await fill(el, { patientName: 'Sam Lee', relationship: 'Parent' });
    const success = nextEvent(el, 'trial-contact-success');
    submit(el);
    await success;
    expect(calls[0]!.body).to.include({ forSomeoneElse: true, patientName: 'Sam Lee', relationship: 'Parent', firstName: 'Ann' });
    expect((calls[0]!.body.site as { facility: string }).facility).to.equal('Dermatology Research Associates');
  });

  it('uses the consent wording the embedder sets', async () => {
    const el = await contactForm(
      html`<trial-contact-form .trial=${MULTI_SITE} endpoint="/api/contact" consent-text="Yes, Example Hospital may call me."></trial-contact-form>`,
    );
    expect(root(el).querySelector('label[for=consent]')!.textContent).to.contain('Yes, Example Hospital may call me.');
  });

  it('shows a field error after the reader leaves it, not before', async () => {
    const el = await contactForm();
    await fill(el, { email: 'not-an-email' });
    expect(root(el).querySelector('#email-error')).to.not.exist;
    root(el).querySelector<HTMLInputElement>('#email')!.dispatchEvent(new FocusEvent('focusout', { bubbles: true, composed: true }));
    await el.updateComplete;
    expect(root(el).querySelector('#email-error')!.textContent).to.contain('Enter an email address in the correct format');
    expect(root(el).querySelector('#email')!.getAttribute('aria-invalid')).to.equal('true');
    expect(root(el).querySelector('#email')!.getAttribute('aria-describedby')).to.equal('email-error');
    expect(root(el).querySelector('#firstName-error')).to.not.exist;
    await fill(el, { email: 'ann@example.org' });
    expect(root(el).querySelector('#email-error')).to.not.exist;
  });

  it('refuses hidden control and text-direction characters in what the reader typed', async () => {
    calls = stubPosts(() => created());
    const el = await contactForm();
    await chooseSite(el, 0);
    await fill(el, { ...VALID, lastName: 'Lee\u202Egnp.exe' });
    submit(el);
    await el.updateComplete;
    expect(root(el).querySelector('#lastName-error')!.textContent).to.contain('Remove hidden control or text-direction characters');
    expect(calls).to.have.length(0);
  });

  it('on an invalid submit shows an error summary that takes focus and links to each field, the center first', async () => {
    const el = await contactForm();
    calls = stubPosts(() => created());
    setTimeout(() => submit(el));
    const error = await nextEvent(el, 'trial-contact-error');
    expect(error.kind).to.equal('invalid');
    await el.updateComplete;
    const summary = root(el).querySelector<HTMLElement>('.error-summary')!;
    expect(root(el).activeElement).to.equal(summary);
    expect(summary.getAttribute('role')).to.equal('region');
    // Named by its heading, then (unseen) by the trial, so two forms on one page differ.
    const [titleId, contextId] = summary.getAttribute('aria-labelledby')!.split(' ');
    expect(root(el).getElementById(titleId!)!.textContent).to.equal('There is a problem');
    expect(root(el).getElementById(contextId!)!.textContent).to.match(/^\(.*NCT\d{8}\)$/);
    const links = [...summary.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(links).to.deep.equal(['#site', '#firstName', '#lastName', '#email', '#phone', '#consent']);
    await waitUntil(() => text(el).includes('There are 6 problems to fix.'), 'announced');
    summary.querySelector<HTMLAnchorElement>('a[href="#phone"]')!.click();
    expect(root(el).activeElement).to.equal(root(el).querySelector('#phone'));
    summary.querySelector<HTMLAnchorElement>('a[href="#site"]')!.click();
    expect(root(el).activeElement).to.equal(picker(el));
    expect(root(picker(el)!).activeElement?.id).to.equal('site-0');
    expect(calls).to.have.length(0);
    await expect(el).to.be.accessible();

    // Choosing a center clears its problem.
    await chooseSite(el, 1);
    await el.updateComplete;
    expect([...root(el).querySelectorAll('.error-summary a')].map((a) => a.getAttribute('href'))).to.not.include('#site');
  });

  it('lets a keyboard user go from the error summary to a field', async () => {
    const el = await contactForm();
    await chooseSite(el, 0);
    submit(el);
    await waitUntil(() => root(el).activeElement?.classList.contains('error-summary'), 'the summary takes focus');
    await sendKeys({ press: 'Tab' });
    expect(root(el).activeElement?.getAttribute('href')).to.equal('#firstName');
    await sendKeys({ press: 'Enter' });
    expect(root(el).activeElement).to.equal(root(el).querySelector('#firstName'));
    await sendKeys({ type: 'Ann' });
    await sendKeys({ press: 'Tab' });
    await el.updateComplete;
    expect(root(el).querySelector('#firstName-error')).to.not.exist;
    expect(root(el).querySelector('#lastName-error')).to.exist;
  });

  it('sends once with an Idempotency-Key to the chosen center, disables the button while sending, then thanks the reader', async () => {
    let release: (r: Response) => void = () => {};
    calls = stubPosts(() => new Promise<Response>((resolve) => (release = resolve)));
    const el = await contactForm(html`<trial-contact-form
      .trial=${MULTI_SITE}
      endpoint="/api/contact"
      .minFillMs=${0}
      success-template="Thanks! The team at {{SITE_NAME}} will call you about {{TRIAL_TITLE}}."
    ></trial-contact-form>`);
    el.addEventListener('trial-contact-before-submit', (event: TrialContactBeforeSubmitEvent) => {
      event.payload.extra = { campaign: 'spring' };
    });
    await chooseSite(el, 0);
    await fill(el, { ...VALID, message: 'Hello' });
    const success = nextEvent(el, 'trial-contact-success');
    submit(el);
    await waitUntil(() => calls.length === 1);
    await el.updateComplete;
    const button = root(el).querySelector<HTMLButtonElement>('button[part=submit]')!;
    expect(button.disabled).to.be.true;
    expect(button.textContent).to.contain('Sending…');
    await expect(el).to.be.accessible();

    release(created('99'));
    const event = await success;
    expect(event.id).to.equal('99');
    expect(event.fromOutbox).to.be.false;
    const call = calls[0]!;
    const headers = call.init.headers as Record<string, string>;
    expect(headers['idempotency-key']).to.match(/^[0-9a-f-]{36}$/);
    expect(event.idempotencyKey).to.equal(headers['idempotency-key']);
    expect(call.url).to.equal(new URL('/api/contact', document.baseURI).href);
    expect(call.body).to.include({ firstName: 'Ann', lastName: 'Lee', email: 'ann.lee@example.org', message: 'Hello', consent: true });
    expect(call.body.widgetVersion).to.match(/^\d+\.\d+\.\d+/);
    expect(call.body.extra).to.deep.equal({ campaign: 'spring' });
    expect(call.body.prescreen).to.be.undefined;
    expect(call.body.site).to.deep.include({ facility: 'Holdsworth House' });
    await el.updateComplete;
    expect(text(el)).to.contain('Thanks! The team at Holdsworth House will call you about A study of a new medicine in adults with eczema.');
    expect(root(el).activeElement).to.equal(root(el).querySelector('.success'));
    await expect(el).to.be.accessible();
  });

  it('says only what the server reports it did', async () => {
    const cases: [Parameters<typeof created>[1], string, boolean][] = [
      [{ team: 'email', copyToReader: true }, 'Your message was sent to the study team at Holdsworth House.', true],
      [{ team: 'webhook', copyToReader: false }, 'Your message was sent to the study team at Holdsworth House.', false],
      [{ team: 'stored', copyToReader: false }, 'Your message was received and is kept for the study team at Holdsworth House', false],
      [undefined, 'Your message was received for the study team at Holdsworth House.', false],
    ];
    for (const [delivery, sentence, copy] of cases) {
      restoreFetch();
      stubPosts(() => created('1', delivery));
      const el = await contactForm();
      await chooseSite(el, 0);
      await fill(el, VALID);
      const success = nextEvent(el, 'trial-contact-success');
      submit(el);
      await success;
      await el.updateComplete;
      const t = text(el);
      expect(t, JSON.stringify(delivery)).to.contain(sentence);
      expect(t.includes('A confirmation is being sent to your email address.'), JSON.stringify(delivery)).to.equal(copy);
      expect(t).to.not.contain('Example Pharma');
      expect(t).to.not.contain('A copy of the message has been sent');
    }
  });

  it('offers the notify sign-up after sending', async () => {
    calls = stubPosts((call) => (call.url.endsWith('/api/notify') ? created('n1') : created('c1')));
    const el = await contactForm(html`<trial-contact-form .trial=${MULTI_SITE} endpoint="/api/contact" notify-endpoint="/api/notify" .minFillMs=${0}></trial-contact-form>`);
    await chooseSite(el, 0);
    await fill(el, VALID);
    const success = nextEvent(el, 'trial-contact-success');
    submit(el);
    await success;
    await el.updateComplete;
    const signup = root(el).querySelector('trial-notify-signup')!;
    await signup.updateComplete;
    expect(text(el)).to.contain('Would you like to be notified about other trials?');
    expect(root(signup).querySelector<HTMLInputElement>('#notify-email')!.value).to.equal('ann.lee@example.org');
    await expect(el).to.be.accessible();
  });

  it('lets the host cancel the submission', async () => {
    calls = stubPosts(() => created());
    const el = await contactForm();
    el.addEventListener('trial-contact-before-submit', (event) => event.preventDefault());
    await chooseSite(el, 0);
    await fill(el, VALID);
    submit(el);
    await aTimeout(20);
    expect(calls).to.have.length(0);
    expect(text(el)).to.contain('Send a message');
  });

  it('maps 422 field errors from the server onto the fields', async () => {
    calls = stubPosts(
      () =>
        new Response(JSON.stringify({ error: 'invalid', fields: { email: { code: 'format', message: 'bad' } } }), {
          status: 422,
          headers: { 'content-type': 'application/json' },
        }),
    );
    const el = await contactForm();
    await chooseSite(el, 0);
    await fill(el, VALID);
    const error = nextEvent(el, 'trial-contact-error');
    submit(el);
    const event = await error;
    expect({ kind: event.kind, status: event.status, fields: event.fields }).to.deep.equal({ kind: 'rejected', status: 422, fields: ['email'] });
    await el.updateComplete;
    expect(root(el).querySelector('#email-error')!.textContent).to.contain('Enter an email address in the correct format');
    expect(root(el).activeElement).to.equal(root(el).querySelector('.error-summary'));
    expect(calls).to.have.length(1);
    await expect(el).to.be.accessible();
  });

  it('sends pre-screen answers only with their own consent', async () => {
    const answers: PrescreenAnswer[] = [
      { criterion: 'Aged 18 or older', section: 'inclusion', answer: 'yes' },
      { criterion: 'Pregnant', section: 'exclusion', answer: 'unsure' },
    ];
    calls = stubPosts(() => created());
    const without = await contactForm();
    expect(root(without).querySelector('#prescreenConsent')).to.not.exist;

    for (const consent of [false, true]) {
      const el = await contactForm(html`<trial-contact-form .trial=${MULTI_SITE} endpoint="/api/contact" .minFillMs=${0} .prescreenAnswers=${answers}></trial-contact-form>`);
      expect(root(el).querySelector('label[for=prescreenConsent]')!.textContent).to.contain('pre-screening questions (2)');
      await expect(el).to.be.accessible();
      await chooseSite(el, 0);
      await fill(el, { ...VALID, prescreenConsent: consent });
      const success = nextEvent(el, 'trial-contact-success');
      submit(el);
      await success;
    }
    expect(calls.map((c) => c.body.prescreen)).to.deep.equal([undefined, { consent: true, answers }]);
  });

  it('drops a submission with a filled honeypot and one sent too fast', async () => {
    calls = stubPosts(() => created());
    const el = await contactForm();
    await chooseSite(el, 0);
    await fill(el, { ...VALID, website: 'http://spam.example' });
    submit(el);
    await el.updateComplete;
    expect(text(el)).to.contain('Message sent');
    expect(calls).to.have.length(0);

    const slow = await contactForm(html`<trial-contact-form .trial=${MULTI_SITE} endpoint="/api/contact" min-fill-ms="60000"></trial-contact-form>`);
    await chooseSite(slow, 0);
    await fill(slow, VALID);
    submit(slow);
    await slow.updateComplete;
    expect(text(slow)).to.contain('Please check your details, then send the form again.');
    expect(calls).to.have.length(0);
  });

  it('keeps the host page’s own contact details under "More ways to reach us"', async () => {
    const el = await contactForm(html`<trial-contact-form .trial=${MULTI_SITE} endpoint="/api/contact">
      <p>Call our research office on <a href="tel:5550100">555 0100</a>.</p>
    </trial-contact-form>`);
    await waitUntil(() => !root(el).querySelector<HTMLElement>('.more-ways')!.hidden, 'the fallback is shown');
    expect(text(el)).to.contain('More ways to reach us');
    const slot = root(el).querySelector<HTMLSlotElement>('.more-ways slot')!;
    expect(slot.assignedElements()[0]!.textContent).to.contain('555 0100');
    await expect(el).to.be.accessible();

    const bare = await contactForm();
    expect(root(bare).querySelector<HTMLElement>('.more-ways')!.hidden).to.be.true;

    const closed = await contactForm(html`<trial-contact-form .trial=${{ ...MULTI_SITE, status: 'COMPLETED' }}><p>Ask at reception.</p></trial-contact-form>`);
    await waitUntil(() => !root(closed).querySelector<HTMLElement>('.more-ways')!.hidden, 'also when not recruiting');
  });

  it('shows "not recruiting" and "enrolling by invitation" instead of the form', async () => {
    const closed = await contactForm(html`<trial-contact-form .trial=${{ ...MULTI_SITE, status: 'COMPLETED' }} endpoint="/api/contact"></trial-contact-form>`);
    expect(text(closed)).to.contain('This study is not recruiting.');
    expect(text(closed)).to.contain('Completed');
    expect(root(closed).querySelector('form.contact')).to.not.exist;
    await expect(closed).to.be.accessible();

    const invited = await contactForm(
      html`<trial-contact-form .trial=${{ ...MULTI_SITE, status: 'ENROLLING_BY_INVITATION' }} endpoint="/api/contact"></trial-contact-form>`,
    );
    expect(text(invited)).to.contain('This study is enrolling by invitation.');
    expect(root(invited).querySelector('form.contact')).to.not.exist;
    expect(root(invited).querySelector('.contact-name')!.textContent).to.equal('Central Desk');
    await expect(invited).to.be.accessible();
  });

  it('says so when no endpoint is set', async () => {
    const el = await contactForm(html`<trial-contact-form .trial=${MULTI_SITE} .minFillMs=${0}></trial-contact-form>`);
    await chooseSite(el, 0);
    await fill(el, VALID);
    const error = nextEvent(el, 'trial-contact-error');
    submit(el);
    expect((await error).kind).to.equal('config');
  });

  it('delivers to the real reference server exactly once and says what the server did (end to end)', async () => {
    const { url, adminToken } = await referenceServer();
    const el = await contactForm(html`<trial-contact-form
      nct-id="NCT06801119"
      api-base="${url}/api/ctgov"
      endpoint="${url}/api/contact"
      .minFillMs=${0}
    ></trial-contact-form>`);
    await waitUntil(() => root(el).querySelector('form.contact'), 'the trial loads through the server’s proxy', { timeout: 10_000 });
    await picker(el)!.updateComplete;
    if (picker(el)!.hasSites && !picker(el)!.selectedSite) await chooseSite(el, Number(root(picker(el)!).querySelector('input[name=site]')!.id.slice(5)));
    const email = `e2e-${Date.now()}@example.org`;
    await fill(el, { ...VALID, email, message: '=cmd|calc' });
    const success = nextEvent(el, 'trial-contact-success');
    submit(el);
    const event = await success;
    expect(event.id).to.be.a('string');
    await el.updateComplete;
    // The test server has no mail or webhook configured: the submission is kept for the team.
    expect(text(el)).to.contain('is kept for the study team');

    const response = await fetch(`${url}/api/admin/submissions.csv`, { headers: { authorization: `Bearer ${adminToken}` } });
    const lines = (await response.text()).split('\r\n').filter((line) => line.includes(email));
    expect(lines).to.have.length(1);
    expect(lines[0]).to.contain('"NCT06801119"');
    expect(lines[0]).to.contain(`"'=cmd|calc"`);
  });
});

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

// The outbox is one database per page; its tests live in this file so that no other test file
// deletes it while they run (test files run side by side in one browser).
describe('trial-contact-form outbox', () => {
  let calls: PostCall[] = [];
  beforeEach(() => (calls = []));
  startEachTestClean();

  async function queue(deliveryOptions: Record<string, number> = { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 }) {
    const el = await contactForm(html`<trial-contact-form
      .trial=${MULTI_SITE}
      endpoint="/api/contact"
      .minFillMs=${0}
      .deliveryOptions=${deliveryOptions}
    ></trial-contact-form>`);
    await chooseSite(el, 0);
    await fill(el, { ...VALID, message: 'My eczema is worse at night' });
    const queued = nextEvent(el, 'trial-contact-queued');
    submit(el);
    const event = await queued;
    await el.updateComplete;
    return { el, key: event.idempotencyKey };
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
    const success = nextEvent(el, 'trial-contact-success');
    window.dispatchEvent(new Event('online'));
    const event = await success;
    expect(event.fromOutbox).to.be.true;
    expect(event.idempotencyKey).to.equal(key);
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
    const rejected = nextEvent(el, 'trial-contact-error');
    window.dispatchEvent(new Event('online'));
    expect((await rejected).kind).to.equal('rejected');
    await el.updateComplete;
    expect(root(el).querySelector<HTMLInputElement>('#firstName')!.value).to.equal('Ann');
    expect(root(el).querySelector<HTMLTextAreaElement>('#message')!.value).to.equal('My eczema is worse at night');
    expect(root(el).querySelector('#phone-error')).to.exist;
  });

  it('sends a message saved on an earlier visit as the page loads, to the real reference server, and says it was sent', async () => {
    const { url, adminToken } = await referenceServer();
    const endpoint = `${url}/api/contact`;
    const email = `earlier-visit-${Date.now()}@example.org`;
    const key = crypto.randomUUID();
    // What an earlier visit left behind: a sealed entry in the page's outbox, under this form's owner.
    await pageOutbox().add({
      id: key,
      kind: 'contact',
      endpoint,
      payload: { trialId: MULTI_SITE.id, trialTitle: MULTI_SITE.title, ...VALID, email, consentText: 'I agree.', locale: 'en', widgetVersion: 'test' },
      owner: `${endpoint} ${MULTI_SITE.id}`,
    });
    await pageOutbox().close();
    const sent = nextEvent(document, 'trial-contact-success');
    const el = await fixture<TrialContactForm>(html`<trial-contact-form .trial=${MULTI_SITE} endpoint=${endpoint}></trial-contact-form>`);
    const success = await sent;
    await el.updateComplete;
    expect(text(el)).to.contain('Message sent');
    expect(success.fromOutbox).to.be.true;
    expect(success.idempotencyKey).to.equal(key);
    expect(await pageOutbox().list()).to.deep.equal([]);
    const csv = await (await fetch(`${url}/api/admin/submissions.csv`, { headers: { authorization: `Bearer ${adminToken}` } })).text();
    expect(csv.split('\r\n').filter((line) => line.includes(email))).to.have.length(1);
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
