import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { TrialContactForm } from '../trial-contact-form/trial-contact-form.ts';
import { chooseSite, fill, picker, referenceServer, submit, VALID } from '../../../test/helpers/contact.ts';
import { clearTrialCache } from '../../data/trial-source.ts';
import { loadSeed, sharedFixture } from '../../../test/helpers/fixtures.ts';
import { jsonResponse, stubFetch, type FetchStub } from '../../../test/helpers/fetch-stub.ts';
import './define.ts';
import type { TrialWidget } from './trial-widget.ts';
import { part } from '../../../test/helpers/dom.ts';

async function settled(el: TrialWidget): Promise<void> {
  await waitUntil(() => part(el, 'sections') || part(el, 'state'), 'widget did not settle');
  const children = [...el.shadowRoot!.querySelectorAll<HTMLElement & { updateComplete?: Promise<unknown> }>('trial-card, trial-eligibility, trial-contact-form, trial-faq, trial-notes')];
  await Promise.all(children.map((child) => child.updateComplete));
}

describe('trial-widget', () => {
  let seed: Record<string, unknown>;
  let stub: FetchStub | undefined;

  before(async () => (seed = await loadSeed()));
  beforeEach(() => clearTrialCache());
  afterEach(() => {
    stub?.restore();
    stub = undefined;
  });

  it('builds the whole trial page from one fetch, inside <trial-notes>', async () => {
    stub = stubFetch({ '/studies/NCT06801119': () => jsonResponse(seed) });
    const el = await fixture<TrialWidget>(html`<trial-widget
      nct-id="NCT06801119"
      api-base="/api"
      contact-endpoint="/api/contact"
      notify-endpoint="/api/notify"
      share-endpoint="/api/shares"
      storage-key="widget-test"
    ></trial-widget>`);
    await settled(el);
    expect(stub.calls).to.have.length(1);
    const notes = part(el, 'notes')!;
    expect(notes.localName).to.equal('trial-notes');
    expect(notes.getAttribute('storage-key')).to.equal('widget-test');
    expect(notes.getAttribute('share-endpoint')).to.equal('/api/shares');
    for (const name of ['card', 'eligibility', 'contact', 'faq']) {
      const child = part(el, name)!;
      expect(child, name).to.exist;
      expect(child.closest('trial-notes'), name).to.equal(notes);
      if (name !== 'faq') expect((child as unknown as { trial: { id: string } }).trial.id).to.equal('NCT06801119');
    }
    const contact = part(el, 'contact')!;
    expect(contact.getAttribute('endpoint')).to.equal('/api/contact');
    expect(contact.getAttribute('notify-endpoint')).to.equal('/api/notify');
    expect(part(el, 'card')!.shadowRoot!.textContent).to.contain('HN2301');
    await expect(el).to.be.accessible();
  });

  it('passes heading levels and language down and leaves out sections on request', async () => {
    const el = await fixture<TrialWidget>(html`<trial-widget
      heading-level="3"
      lang="es"
      no-faq
      no-contact
      no-notes
      .study=${seed}
    ></trial-widget>`);
    await settled(el);
    expect(part(el, 'notes')).to.equal(null);
    expect(part(el, 'faq')).to.equal(null);
    expect(part(el, 'contact')).to.equal(null);
    expect(part(el, 'card')!.getAttribute('heading-level')).to.equal('3');
    expect(part(el, 'eligibility')!.getAttribute('heading-level')).to.equal('4');
    expect(part(el, 'card')!.getAttribute('lang')).to.equal('es');
    el.lang = '';
    await el.updateComplete;
  });

  it('hands pre-screen answers to the contact form, which sends them only with consent', async () => {
    const el = await fixture<TrialWidget>(html`<trial-widget prescreen no-notes no-faq contact-endpoint="/api/contact" .study=${seed}></trial-widget>`);
    await settled(el);
    const eligibility = part(el, 'eligibility')!;
    const contact = part(el, 'contact') as HTMLElement & { prescreenAnswers: readonly unknown[] };
    expect(eligibility.hasAttribute('prescreen')).to.equal(true);
    expect(contact.prescreenAnswers).to.have.length(0);
    // Open the inclusion section and answer its first criterion as a reader would.
    const trigger = eligibility.shadowRoot!.querySelector<HTMLButtonElement>('[data-accordion-trigger]')!;
    if (trigger.getAttribute('aria-expanded') === 'false') trigger.click();
    await waitUntil(() => eligibility.shadowRoot!.querySelector('input[type="radio"]'));
    const yes = eligibility.shadowRoot!.querySelector<HTMLInputElement>('input[type="radio"][value="yes"]')!;
    yes.click();
    await waitUntil(() => contact.prescreenAnswers.length === 1, 'answers did not reach the form');
    await expect(el).to.be.accessible();
  });

  it('shows one error state with a retry when the trial cannot load', async () => {
    stub = stubFetch({ '/studies/NCT00000009': () => new Response('', { status: 503 }) });
    const el = await fixture<TrialWidget>(html`<trial-widget nct-id="NCT00000009" api-base="/api"></trial-widget>`);
    await settled(el);
    expect(part(el, 'state')!.textContent).to.contain('server answered 503');
    expect(part(el, 'retry')).to.exist;
    expect(part(el, 'sections')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('lets a multi-site record drive the site picker', async function () {
    const study = await sharedFixture('ctgov/NCT05819398.json');
    if (!study) this.skip();
    const el = await fixture<TrialWidget>(html`<trial-widget no-notes no-faq contact-endpoint="/api/contact" .study=${study}></trial-widget>`);
    await settled(el);
    const contact = part<TrialContactForm>(el, 'contact')!;
    await waitUntil(() => picker(contact)?.shadowRoot!.textContent!.includes('Houston'), 'sites not listed');
  });

  it('keeps the host page’s own content under the form’s "More ways to reach us"', async () => {
    const el = await fixture<TrialWidget>(html`<trial-widget no-notes no-faq .study=${seed}><p>Call our research office on 555 0100.</p></trial-widget>`);
    await settled(el);
    const contact = part<TrialContactForm>(el, 'contact')!;
    const moreWays = () => contact.shadowRoot!.querySelector<HTMLElement>('.more-ways')!;
    await waitUntil(() => !moreWays().hidden, 'the host content is shown after the form');
    const slot = moreWays().querySelector('slot')!;
    expect(slot.assignedElements({ flatten: true })[0]!.textContent).to.contain('555 0100');
    await expect(el).to.be.accessible();

    const without = await fixture<TrialWidget>(html`<trial-widget no-notes no-faq no-contact .study=${seed}><p>Call us on 555 0100.</p></trial-widget>`);
    await settled(without);
    const hostSlot = without.shadowRoot!.querySelector<HTMLSlotElement>('.host-content slot')!;
    expect(hostSlot.assignedElements()[0]!.textContent).to.contain('555 0100');
  });

  it('passes the contact form what it needs', async () => {
    const el = await fixture<TrialWidget>(html`<trial-widget
      no-notes
      no-faq
      contact-endpoint="/api/contact"
      geocode-endpoint="/api/geocode"
      languages="es, fr"
      success-template="Thanks, {{SITE_NAME}}"
      consent-text="I agree."
      distance-unit="km"
      .study=${seed}
    ></trial-widget>`);
    await settled(el);
    const contact = part<TrialContactForm>(el, 'contact')!;
    expect(contact.geocodeEndpoint).to.equal('/api/geocode');
    expect(contact.languages).to.equal('es, fr');
    expect(contact.successTemplate).to.equal('Thanks, {{SITE_NAME}}');
    expect(contact.consentText).to.equal('I agree.');
    expect(contact.distanceUnit).to.equal('km');
  });

  it('sends a "not sure" pre-screen answer with the form to the real reference server (end to end)', async () => {
    const { url, adminToken } = await referenceServer();
    const el = await fixture<TrialWidget>(html`<trial-widget
      prescreen
      no-notes
      no-faq
      api-base="${url}/api/ctgov"
      nct-id="NCT06801119"
      contact-endpoint="${url}/api/contact"
    ></trial-widget>`);
    await waitUntil(() => part(el, 'sections'), 'the trial loads through the server', { timeout: 10_000 });
    await settled(el);
    const eligibility = part(el, 'eligibility')!;
    const trigger = eligibility.shadowRoot!.querySelector<HTMLButtonElement>('[data-accordion-trigger]')!;
    if (trigger.getAttribute('aria-expanded') === 'false') trigger.click();
    await waitUntil(() => eligibility.shadowRoot!.querySelector('input[type="radio"][value="unsure"]'));
    eligibility.shadowRoot!.querySelector<HTMLInputElement>('input[type="radio"][value="unsure"]')!.click();
    eligibility.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type="radio"][value="no"]')[1]?.click();

    const contact = part<TrialContactForm>(el, 'contact')!;
    contact.minFillMs = 0;
    await waitUntil(() => contact.prescreenAnswers?.length, 'answers reach the form');
    await contact.updateComplete;
    const site = picker(contact);
    await site?.updateComplete;
    if (site?.hasSites && !site.selectedSite) await chooseSite(contact, Number(site.shadowRoot!.querySelector('input[name=site]')!.id.slice(5)));
    const email = `prescreen-${Date.now()}@example.org`;
    await fill(contact, { ...VALID, email, prescreenConsent: true });
    const success = oneEvent(contact, 'trial-contact-success');
    submit(contact);
    await success;

    const csv = await (await fetch(`${url}/api/admin/submissions.csv`, { headers: { authorization: `Bearer ${adminToken}` } })).text();
    const line = csv.split('\r\n').find((row) => row.includes(email));
    expect(line, 'stored once').to.exist;
    expect(line).to.contain('unsure');
    expect(line).to.contain('inclusion');
  });

  it('shows what taking part involves after eligibility, unless no-involvement', async function () {
    const study = await sharedFixture('ctgov/NCT05819398.json');
    if (!study) return this.skip();
    const el = await fixture<TrialWidget>(html`<trial-widget no-notes no-faq no-contact heading-level="2" .study=${study}></trial-widget>`);
    await settled(el);
    const involvement = part(el, 'involvement') as HTMLElement & { trial: { id: string }; updateComplete: Promise<unknown> };
    expect(involvement.localName).to.equal('trial-involvement');
    expect(involvement.trial.id).to.equal('NCT05819398');
    expect(involvement.getAttribute('heading-level')).to.equal('3');
    expect(part(el, 'eligibility')!.compareDocumentPosition(involvement) & Node.DOCUMENT_POSITION_FOLLOWING).to.be.greaterThan(0);
    await involvement.updateComplete;
    expect(involvement.shadowRoot!.textContent).to.contain('What taking part involves');
    await expect(el).to.be.accessible();
    el.setAttribute('no-involvement', '');
    await el.updateComplete;
    expect(part(el, 'involvement')).to.equal(null);
  });
});
