import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { clearTrialCache } from '../../data/trial-source.ts';
import { pageOutbox } from '../../data/outbox.ts';
import type { PrescreenAnswer } from '../../model/contact.ts';
import type { Trial } from '../../model/trial.ts';
import { loadSeed } from '../../../test/helpers/fixtures.ts';
import './define.ts';
import type { TrialContactForm } from './trial-contact-form.ts';
import type { TrialContactBeforeSubmitEvent } from './trial-contact-form.events.ts';

const MULTI_SITE: Trial = {
  id: 'NCT05819398',
  title: 'A study of a new medicine in adults with eczema',
  status: 'RECRUITING',
  phases: ['PHASE2'],
  ages: {},
  stdAges: [],
  conditions: ['Eczema'],
  keywords: [],
  collaborators: [],
  dates: {},
  sponsor: 'Example Pharma',
  centralContacts: [{ name: 'Central Desk', role: 'CONTACT', phone: '1-800-243-0127', email: 'desk@example.org' }],
  officials: [],
  languages: ['es', 'Tagalog'],
  sites: [
    {
      facility: 'Holdsworth House',
      city: 'Sydney',
      state: 'New South Wales',
      zip: '2010',
      country: 'Australia',
      geo: { lat: -33.86785, lon: 151.20732 },
      status: 'RECRUITING',
      contacts: [{ name: 'Ann Smith', role: 'CONTACT', phone: '1800271035', email: 'ann@example.org' }],
    },
    {
      facility: 'Dermatology Research Associates',
      city: 'Los Angeles',
      state: 'California',
      zip: '90045',
      country: 'United States',
      geo: { lat: 34.05223, lon: -118.24368 },
      status: 'RECRUITING',
      contacts: [{ name: 'Jeffrey Ho, MD', role: 'PRINCIPAL_INVESTIGATOR', phone: '(612) 873-5832', email: 'jho@example.org' }],
    },
    {
      facility: 'Center for Clinical Studies',
      city: 'Houston',
      state: 'Texas',
      zip: '77004',
      country: 'United States',
      geo: { lat: 29.76328, lon: -95.36327 },
      status: 'NOT_YET_RECRUITING',
      contacts: [{ name: 'Front Desk', role: 'CONTACT', phone: '713-555-0100' }],
    },
    { facility: 'Closed Clinic', city: 'Boston', country: 'United States', status: 'COMPLETED', contacts: [] },
  ],
};

const VALID = { firstName: 'Ann', lastName: 'Lee', email: 'ann.lee@example.org', phone: '+1 555 010 0199', consent: true };

type FetchCall = { url: string; init: RequestInit; body: Record<string, unknown> };

const realFetch = window.fetch;
let calls: FetchCall[] = [];

/** Replaces `fetch` for POSTs; each answer is a Response, an Error or a promise of one. */
function stubPosts(answer: (call: FetchCall) => Response | Error | Promise<Response | Error>): void {
  window.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    if (!init || init.method !== 'POST') return realFetch(input, init);
    const call = { url: String(input), init, body: JSON.parse(String(init.body)) as Record<string, unknown> };
    calls.push(call);
    const result = await answer(call);
    if (result instanceof Error) throw result;
    return result;
  }) as typeof fetch;
}

function created(id = '42'): Response {
  return new Response(JSON.stringify({ id, receivedAt: new Date().toISOString() }), { status: 201, headers: { 'content-type': 'application/json' } });
}

function root(el: HTMLElement): ShadowRoot {
  return el.shadowRoot!;
}

function text(el: HTMLElement): string {
  return (root(el).textContent ?? '').replace(/\s+/g, ' ');
}

async function fill(el: TrialContactForm, values: Record<string, string | boolean>): Promise<void> {
  for (const [id, value] of Object.entries(values)) {
    const input = root(el).querySelector<HTMLInputElement>(`#${id}`)!;
    if (typeof value === 'boolean') {
      input.checked = value;
      input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    } else {
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    }
  }
  await el.updateComplete;
}

function submit(el: TrialContactForm): void {
  root(el).querySelector<HTMLFormElement>('form.contact')!.requestSubmit();
}

async function clearOutbox(): Promise<void> {
  await pageOutbox().close();
  await new Promise((resolve) => {
    const req = indexedDB.deleteDatabase('trialkit-outbox');
    req.onsuccess = req.onerror = req.onblocked = resolve;
  });
}

async function form(template = html`<trial-contact-form .trial=${MULTI_SITE} endpoint="/api/contact" .minFillMs=${0}></trial-contact-form>`) {
  const el = await fixture<TrialContactForm>(template);
  await el.updateComplete;
  return el;
}

describe('trial-contact-form', () => {
  beforeEach(async () => {
    calls = [];
    clearTrialCache();
    await clearOutbox();
  });
  afterEach(async () => {
    window.fetch = realFetch;
    await clearOutbox();
  });

  it('shows the seed page texts and labelled fields with autocomplete tokens', async () => {
    const seed = await loadSeed();
    const el = await form(html`<trial-contact-form .study=${seed} endpoint="/api/contact"></trial-contact-form>`);
    const t = text(el);
    expect(t).to.contain('Get in touch with the nearest study center');
    expect(t).to.contain('Send a message');
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

  it('uses the consent wording the embedder sets', async () => {
    const el = await form(
      html`<trial-contact-form .trial=${MULTI_SITE} endpoint="/api/contact" consent-text="Yes, Example Hospital may call me."></trial-contact-form>`,
    );
    expect(root(el).querySelector('label[for=consent]')!.textContent).to.contain('Yes, Example Hospital may call me.');
  });

  it('shows a field error after the reader leaves it, not before', async () => {
    const el = await form();
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

  it('on an invalid submit shows an error summary that takes focus and links to each field', async () => {
    const el = await form();
    stubPosts(() => created());
    setTimeout(() => submit(el));
    const error = await oneEvent(el, 'trial-contact-error');
    expect(error.detail.kind).to.equal('invalid');
    await el.updateComplete;
    const summary = root(el).querySelector<HTMLElement>('.error-summary')!;
    expect(summary).to.exist;
    expect(root(el).activeElement).to.equal(summary);
    const links = [...summary.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(links).to.deep.equal(['#firstName', '#lastName', '#email', '#phone', '#consent']);
    await waitUntil(() => text(el).includes('There are 5 problems to fix.'), 'announced');
    const live = root(el).querySelector('[aria-live=polite]')!;
    expect(live.textContent).to.contain('There are 5 problems to fix.');
    summary.querySelector<HTMLAnchorElement>('a[href="#phone"]')!.click();
    expect(root(el).activeElement).to.equal(root(el).querySelector('#phone'));
    expect(root(el).querySelectorAll('.field-error')).to.have.length(5);
    expect(calls).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('lets a keyboard user go from the error summary to a field', async () => {
    const el = await form();
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

  it('sends once with an Idempotency-Key, disables the button while sending, then thanks the reader', async () => {
    let release: (r: Response) => void = () => {};
    stubPosts(() => new Promise<Response>((resolve) => (release = resolve)));
    const el = await form(html`<trial-contact-form
      .trial=${MULTI_SITE}
      endpoint="/api/contact"
      .minFillMs=${0}
      success-template="Thanks! The team at {{SITE_NAME}} will call you about {{TRIAL_TITLE}}."
    ></trial-contact-form>`);
    el.addEventListener('trial-contact-before-submit', (event: TrialContactBeforeSubmitEvent) => {
      event.payload.extra = { campaign: 'spring' };
    });
    await fill(el, { ...VALID, message: 'Hello' });
    const success = oneEvent(el, 'trial-contact-success');
    submit(el);
    await waitUntil(() => calls.length === 1);
    await el.updateComplete;
    const button = root(el).querySelector<HTMLButtonElement>('button[part=submit]')!;
    expect(button.disabled).to.be.true;
    expect(button.textContent).to.contain('Sending…');
    await expect(el).to.be.accessible();

    release(created('99'));
    const event = await success;
    expect(event.detail.id).to.equal('99');
    expect(event.detail.fromOutbox).to.be.false;
    const call = calls[0]!;
    const headers = call.init.headers as Record<string, string>;
    expect(headers['idempotency-key']).to.match(/^[0-9a-f-]{36}$/);
    expect(event.detail.idempotencyKey).to.equal(headers['idempotency-key']);
    expect(call.url).to.equal(new URL('/api/contact', document.baseURI).href);
    expect(call.body).to.include({ firstName: 'Ann', lastName: 'Lee', email: 'ann.lee@example.org', message: 'Hello', consent: true });
    expect(call.body.extra).to.deep.equal({ campaign: 'spring' });
    expect(call.body.prescreen).to.be.undefined;
    expect(call.body.site).to.deep.include({ facility: 'Holdsworth House' });
    await el.updateComplete;
    expect(text(el)).to.contain('Thanks! The team at Holdsworth House will call you about A study of a new medicine in adults with eczema.');
    expect(root(el).activeElement).to.equal(root(el).querySelector('.success'));
    await expect(el).to.be.accessible();
  });

  it('uses the seed success message by default and then offers the notify sign-up', async () => {
    stubPosts((call) => (call.url.endsWith('/api/notify') ? created('n1') : created('c1')));
    const el = await form(html`<trial-contact-form .trial=${MULTI_SITE} endpoint="/api/contact" notify-endpoint="/api/notify" .minFillMs=${0}></trial-contact-form>`);
    await fill(el, VALID);
    const success = oneEvent(el, 'trial-contact-success');
    submit(el);
    await success;
    await el.updateComplete;
    expect(text(el)).to.contain(
      'We have submitted the contact information you provided to the research team at Holdsworth House. A copy of the message has been sent to your email for your records.',
    );
    expect(text(el)).to.contain('Would you like to be notified about other trials?');
    expect(text(el)).to.contain('Sign up for Patient Notification Services.');
    expect(root(el).querySelector<HTMLInputElement>('#notify-email')!.value).to.equal('ann.lee@example.org');
    await expect(el).to.be.accessible();

    root(el).querySelector<HTMLFormElement>('.notify-form')!.requestSubmit();
    await el.updateComplete;
    expect(text(el)).to.contain('Tick the box to agree before signing up');
    await fill(el, { 'notify-consent': true });
    root(el).querySelector<HTMLFormElement>('.notify-form')!.requestSubmit();
    await waitUntil(() => text(el).includes('You are signed up.'));
    const notify = calls.find((c) => c.url.endsWith('/api/notify'))!;
    expect(notify.body).to.include({ email: 'ann.lee@example.org', consent: true, trialId: 'NCT05819398' });
    expect((notify.init.headers as Record<string, string>)['idempotency-key']).to.match(/^[0-9a-f-]{36}$/);
  });

  it('lets the host cancel the submission', async () => {
    stubPosts(() => created());
    const el = await form();
    el.addEventListener('trial-contact-before-submit', (event) => event.preventDefault());
    await fill(el, VALID);
    submit(el);
    await aTimeout(20);
    expect(calls).to.have.length(0);
    expect(text(el)).to.contain('Send a message');
  });

  it('maps 422 field errors from the server onto the fields', async () => {
    stubPosts(
      () =>
        new Response(JSON.stringify({ error: 'invalid', fields: { email: { code: 'format', message: 'bad' } } }), {
          status: 422,
          headers: { 'content-type': 'application/json' },
        }),
    );
    const el = await form();
    await fill(el, VALID);
    const error = oneEvent(el, 'trial-contact-error');
    submit(el);
    const event = await error;
    expect(event.detail).to.deep.include({ kind: 'rejected', status: 422, fields: ['email'] });
    await el.updateComplete;
    expect(root(el).querySelector('#email-error')!.textContent).to.contain('Enter an email address in the correct format');
    expect(root(el).activeElement).to.equal(root(el).querySelector('.error-summary'));
    expect(calls).to.have.length(1);
    await expect(el).to.be.accessible();
  });

  it('keeps an undeliverable message in the outbox, says so, and can discard it', async () => {
    stubPosts(() => new TypeError('Failed to fetch'));
    const el = await form(html`<trial-contact-form
      .trial=${MULTI_SITE}
      endpoint="/api/contact"
      .minFillMs=${0}
      .deliveryOptions=${{ maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 }}
    ></trial-contact-form>`);
    await fill(el, VALID);
    const queued = oneEvent(el, 'trial-contact-queued');
    submit(el);
    const event = await queued;
    expect(calls).to.have.length(2);
    expect(new Set(calls.map((c) => (c.init.headers as Record<string, string>)['idempotency-key'])).size).to.equal(1);
    await el.updateComplete;
    expect(text(el)).to.contain('Your message has not been sent yet.');
    expect(text(el)).to.contain('will be sent when you are back online');
    const entries = await pageOutbox().list();
    expect(entries.map((e) => e.id)).to.deep.equal([event.detail.idempotencyKey]);
    await expect(el).to.be.accessible();

    const discard = [...root(el).querySelectorAll<HTMLButtonElement>('.outbox button')].find((b) => b.textContent!.includes('Discard'))!;
    discard.click();
    await waitUntil(() => root(el).querySelector('form.contact'));
    expect(await pageOutbox().list()).to.deep.equal([]);
  });

  it('sends a queued message when the browser is back online, with the same key', async () => {
    let online = false;
    stubPosts(() => (online ? created('7') : new TypeError('Failed to fetch')));
    const el = await form(html`<trial-contact-form
      .trial=${MULTI_SITE}
      endpoint="/api/contact"
      .minFillMs=${0}
      .deliveryOptions=${{ maxAttempts: 1 }}
    ></trial-contact-form>`);
    await fill(el, VALID);
    const queued = oneEvent(el, 'trial-contact-queued');
    submit(el);
    const { detail } = await queued;
    online = true;
    const success = oneEvent(el, 'trial-contact-success');
    window.dispatchEvent(new Event('online'));
    const event = await success;
    expect(event.detail.fromOutbox).to.be.true;
    expect(event.detail.idempotencyKey).to.equal(detail.idempotencyKey);
    expect((calls.at(-1)!.init.headers as Record<string, string>)['idempotency-key']).to.equal(detail.idempotencyKey);
    expect(await pageOutbox().list()).to.deep.equal([]);
    await el.updateComplete;
    expect(text(el)).to.contain('We have submitted the contact information');
  });

  it('shows a message saved on an earlier visit', async () => {
    await pageOutbox().add({
      id: 'earlier-visit-key',
      kind: 'contact',
      endpoint: new URL('/api/contact', document.baseURI).href,
      payload: { trialId: MULTI_SITE.id, ...VALID, consentText: 'ok' },
      owner: `${new URL('/api/contact', document.baseURI).href} ${MULTI_SITE.id}`,
    });
    stubPosts(() => new TypeError('offline'));
    const el = await form();
    await waitUntil(() => text(el).includes('Your message has not been sent yet.'));
  });

  it('sends pre-screen answers only with their own consent', async () => {
    const answers: PrescreenAnswer[] = [
      { criterion: 'Aged 18 or older', section: 'inclusion', answer: 'yes' },
      { criterion: 'Pregnant', section: 'exclusion', answer: 'unsure' },
    ];
    stubPosts(() => created());
    const without = await form();
    expect(root(without).querySelector('#prescreenConsent')).to.not.exist;

    const el = await form(html`<trial-contact-form .trial=${MULTI_SITE} endpoint="/api/contact" .minFillMs=${0} .prescreenAnswers=${answers}></trial-contact-form>`);
    expect(root(el).querySelector('label[for=prescreenConsent]')!.textContent).to.contain('pre-screening questions (2)');
    await expect(el).to.be.accessible();
    await fill(el, VALID);
    let success = oneEvent(el, 'trial-contact-success');
    submit(el);
    await success;
    expect(calls[0]!.body.prescreen).to.be.undefined;

    const el2 = await form(html`<trial-contact-form .trial=${MULTI_SITE} endpoint="/api/contact" .minFillMs=${0} .prescreenAnswers=${answers}></trial-contact-form>`);
    await fill(el2, { ...VALID, prescreenConsent: true });
    success = oneEvent(el2, 'trial-contact-success');
    submit(el2);
    await success;
    expect(calls.map((c) => c.body.prescreen), JSON.stringify(calls.map((c) => [c.url, c.body.firstName, c.body.prescreen]))).to.deep.equal([undefined, { consent: true, answers }]);
  });

  it('drops a submission with a filled honeypot and one sent too fast', async () => {
    stubPosts(() => created());
    const el = await form();
    await fill(el, { ...VALID, website: 'http://spam.example' });
    submit(el);
    await el.updateComplete;
    expect(text(el)).to.contain('We have submitted the contact information');
    expect(calls).to.have.length(0);

    const slow = await form(html`<trial-contact-form .trial=${MULTI_SITE} endpoint="/api/contact" min-fill-ms="60000"></trial-contact-form>`);
    await fill(slow, VALID);
    submit(slow);
    await slow.updateComplete;
    expect(text(slow)).to.contain('Please check your details, then send the form again.');
    expect(calls).to.have.length(0);
  });

  it('sorts the open study centers by a typed postal code and shows distances', async () => {
    const el = await form(html`<trial-contact-form .trial=${MULTI_SITE} endpoint="/api/contact" distance-unit="km"></trial-contact-form>`);
    const names = () => [...root(el).querySelectorAll('.site-name')].map((n) => n.textContent);
    expect(names()).to.deep.equal(['Holdsworth House', 'Dermatology Research Associates', 'Center for Clinical Studies']);
    root(el).querySelector<HTMLInputElement>('#place')!.value = '77004';
    root(el).querySelector<HTMLFormElement>('form.place')!.requestSubmit();
    await el.updateComplete;
    expect(names()).to.deep.equal(['Center for Clinical Studies', 'Dermatology Research Associates', 'Holdsworth House']);
    const distances = [...root(el).querySelectorAll('.site-distance')].map((n) => n.textContent);
    expect(distances[1]).to.match(/^[\d,.]+ km away$/);
    expect(text(el)).to.contain('Study centers are sorted by distance from 77004.');
    // Houston has no email: the nearest center with a reachable contact is picked.
    expect(root(el).querySelector<HTMLInputElement>('#site-1')!.checked).to.be.true;
    expect(root(el).querySelector('.contact-name')!.textContent).to.equal('Jeffrey Ho, MD');
    expect(root(el).querySelector('.avatar')!.textContent).to.equal('JH');
    expect(root(el).querySelector('.contact-role')!.textContent).to.contain('Principal investigator');
    expect(text(el)).to.contain('Other languages supported: Spanish, Tagalog');
    await expect(el).to.be.accessible();

    // Choosing Houston anyway keeps that choice and says whose contact is shown.
    root(el).querySelector<HTMLInputElement>('#site-2')!.click();
    await el.updateComplete;
    expect(root(el).querySelector<HTMLInputElement>('#site-2')!.checked).to.be.true;
    expect(text(el)).to.contain('No contact is listed for the center you chose');
    expect(root(el).querySelector('.contact-name')!.textContent).to.equal('Jeffrey Ho, MD');

    root(el).querySelector<HTMLInputElement>('#place')!.value = 'Atlantis';
    root(el).querySelector<HTMLFormElement>('form.place')!.requestSubmit();
    await el.updateComplete;
    expect(text(el)).to.contain('No study center matched "Atlantis". All open centers are listed.');
  });

  it('sorts by the reader’s location when asked', async () => {
    const original = Object.getOwnPropertyDescriptor(Navigator.prototype, 'geolocation')!;
    Object.defineProperty(navigator, 'geolocation', {
      configurable: true,
      value: {
        getCurrentPosition: (ok: PositionCallback) => ok({ coords: { latitude: 34.1, longitude: -118.3 } } as GeolocationPosition),
      },
    });
    try {
      const el = await form(html`<trial-contact-form .trial=${MULTI_SITE} endpoint="/api/contact" distance-unit="mi"></trial-contact-form>`);
      const button = [...root(el).querySelectorAll('button')].find((b) => b.textContent!.includes('Use my location'))!;
      button.click();
      await el.updateComplete;
      expect(root(el).querySelector('.site-name')!.textContent).to.equal('Dermatology Research Associates');
      expect(root(el).querySelector('.site-distance')!.textContent).to.match(/mi away$/);
      expect(text(el)).to.contain('Study centers are sorted by distance from your location.');
      Object.defineProperty(navigator, 'geolocation', {
        configurable: true,
        value: { getCurrentPosition: (_ok: PositionCallback, fail: PositionErrorCallback) => fail({ code: 1 } as GeolocationPositionError) },
      });
      button.click();
      await el.updateComplete;
      expect(text(el)).to.contain('Your location is not shared with this page. Enter a city or postal code instead.');
      expect(button.disabled).to.be.false;
    } finally {
      delete (navigator as unknown as Record<string, unknown>).geolocation;
      Object.defineProperty(Navigator.prototype, 'geolocation', original);
    }
  });

  it('falls back to the central contact, then to a phone list', async () => {
    const noSiteEmail: Trial = { ...MULTI_SITE, sites: [MULTI_SITE.sites[2]!] };
    const el = await form(html`<trial-contact-form .trial=${noSiteEmail} endpoint="/api/contact"></trial-contact-form>`);
    expect(text(el)).to.contain('the study’s central contact will answer');
    expect(root(el).querySelector('.contact-name')!.textContent).to.equal('Central Desk');

    const phonesOnly: Trial = { ...noSiteEmail, centralContacts: [{ name: 'Hotline', phone: '1-800-555-0100' }] };
    const el2 = await form(html`<trial-contact-form .trial=${phonesOnly} endpoint="/api/contact"></trial-contact-form>`);
    const phones = [...root(el2).querySelectorAll('.phones a')].map((a) => a.textContent);
    expect(phones).to.deep.equal(['713-555-0100', '1-800-555-0100']);
    await expect(el2).to.be.accessible();
  });

  it('shows "not recruiting" and "enrolling by invitation" instead of the form', async () => {
    const closed = await form(html`<trial-contact-form .trial=${{ ...MULTI_SITE, status: 'COMPLETED' }} endpoint="/api/contact"></trial-contact-form>`);
    expect(text(closed)).to.contain('This study is not recruiting.');
    expect(text(closed)).to.contain('Completed');
    expect(root(closed).querySelector('form.contact')).to.not.exist;
    await expect(closed).to.be.accessible();

    const invited = await form(
      html`<trial-contact-form .trial=${{ ...MULTI_SITE, status: 'ENROLLING_BY_INVITATION' }} endpoint="/api/contact"></trial-contact-form>`,
    );
    expect(text(invited)).to.contain('This study is enrolling by invitation.');
    expect(root(invited).querySelector('form.contact')).to.not.exist;
    expect(root(invited).querySelector('.contact-name')!.textContent).to.equal('Central Desk');
    await expect(invited).to.be.accessible();
  });

  it('says so when no endpoint is set', async () => {
    const el = await form(html`<trial-contact-form .trial=${MULTI_SITE} .minFillMs=${0}></trial-contact-form>`);
    await fill(el, VALID);
    const error = oneEvent(el, 'trial-contact-error');
    submit(el);
    expect((await error).detail.kind).to.equal('config');
  });

  it('delivers to the real reference server exactly once (end to end)', async () => {
    const { url, adminToken } = (await (await realFetch('/__server__.json')).json()) as { url: string; adminToken: string };
    const el = await form(html`<trial-contact-form
      nct-id="NCT06801119"
      api-base="${url}/api/ctgov"
      endpoint="${url}/api/contact"
      .minFillMs=${0}
    ></trial-contact-form>`);
    await waitUntil(() => root(el).querySelector('form.contact'), 'the trial loads through the server’s proxy', { timeout: 10_000 });
    const email = `e2e-${Date.now()}@example.org`;
    await fill(el, { ...VALID, email, message: '=cmd|calc' });
    const success = oneEvent(el, 'trial-contact-success');
    submit(el);
    const event = await success;
    expect(event.detail.id).to.be.a('string');

    const csv = await (await realFetch(`${url}/api/admin/submissions.csv`, { headers: { authorization: `Bearer ${adminToken}` } })).text();
    const lines = csv.split('\r\n').filter((line) => line.includes(email));
    expect(lines).to.have.length(1);
    expect(lines[0]).to.contain('"NCT06801119"');
    expect(lines[0]).to.contain(`"'=cmd|calc"`);
  });
});
