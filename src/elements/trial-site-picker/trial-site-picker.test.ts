import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Trial } from '../../model/trial.ts';
import { findPlace, MULTI_SITE, referenceServer } from '../../../test/helpers/contact.ts';
import { root, text } from '../../../test/helpers/dom.ts';
import { jsonResponse, stubFetch, type FetchStub } from '../../../test/helpers/fetch-stub.ts';
import { sharedFixture } from '../../../test/helpers/fixtures.ts';
import { trialFromCtgov } from '../../model/ctgov.ts';
import './define.ts';
import type { TrialSitePicker } from './trial-site-picker.ts';
import type { TrialSiteChangeEvent } from './trial-site-picker.events.ts';

async function sitePicker(template = html`<trial-site-picker .trial=${MULTI_SITE} distance-unit="km"></trial-site-picker>`) {
  const el = await fixture<TrialSitePicker>(template);
  await el.updateComplete;
  return el;
}

const names = (el: TrialSitePicker) => [...root(el).querySelectorAll('.site-name')].map((n) => n.textContent);
const distances = (el: TrialSitePicker) => [...root(el).querySelectorAll('.site-distance')].map((n) => n.textContent ?? '');
const checked = (el: TrialSitePicker) => root(el).querySelector<HTMLInputElement>('input[name=site]:checked')?.id;
const status = (el: TrialSitePicker) => root(el).querySelector('.locate-status')!.textContent!.trim();

describe('trial-site-picker', () => {
  let stub: FetchStub | undefined;
  afterEach(() => {
    stub?.restore();
    stub = undefined;
  });

  it('chooses nothing for the reader until it knows where they are', async () => {
    const el = await sitePicker();
    expect(names(el)).to.deep.equal(['Holdsworth House', 'Dermatology Research Associates', 'Center for Clinical Studies']);
    expect(checked(el)).to.be.undefined;
    expect(el.selectedSite).to.be.undefined;
    expect(text(el)).to.contain('Choose a study center to see who will answer your message.');
    expect(distances(el)).to.deep.equal([]);
    await expect(el).to.be.accessible();

    const one = await sitePicker(html`<trial-site-picker .trial=${{ ...MULTI_SITE, sites: [MULTI_SITE.sites[1]!] }}></trial-site-picker>`);
    expect(one.selectedSite?.facility).to.equal('Dermatology Research Associates');
    expect(root(one).querySelector('#place')).to.not.exist;
    expect(text(one)).to.contain('Primary Contact');
  });

  it('fires trial-site-change when the reader picks a center, and shows its contact', async () => {
    const el = await sitePicker();
    const change = oneEvent(el, 'trial-site-change') as Promise<unknown> as Promise<TrialSiteChangeEvent>;
    root(el).querySelector<HTMLInputElement>('#site-0')!.click();
    const event = await change;
    expect(event.index).to.equal(0);
    expect(event.site?.facility).to.equal('Holdsworth House');
    await el.updateComplete;
    expect(root(el).querySelector('.contact-name')!.textContent).to.equal('Ann Smith');
    expect(root(el).querySelector('.avatar')!.textContent).to.equal('AS');
    expect(text(el)).to.contain('Other languages supported: Spanish, Tagalog');
    await expect(el).to.be.accessible();
  });

  it('without a geocoder matches a typed postal code against the centers and never measures a center to itself', async () => {
    const el = await sitePicker();
    await findPlace(el, '77004');
    expect(names(el)).to.deep.equal(['Center for Clinical Studies', 'Dermatology Research Associates', 'Holdsworth House']);
    // Houston stands in for the reader's position, so it shows no distance; the others do.
    const shown = distances(el);
    expect(shown).to.have.length(2);
    for (const d of shown) expect(d).to.match(/^[\d,.]+ km away$/);
    expect(shown.join(' ')).to.not.contain('<');
    expect(status(el)).to.equal('Study centers are sorted by distance from 77004.');
    // Houston has no email: the nearest center with a reachable contact is picked.
    expect(checked(el)).to.equal('site-1');
    expect(root(el).querySelector('.contact-name')!.textContent).to.equal('Jeffrey Ho, MD');
    expect(root(el).querySelector('.contact-role')!.textContent).to.contain('Principal investigator');
    await expect(el).to.be.accessible();

    // Choosing Houston anyway keeps that choice and says whose contact is shown.
    root(el).querySelector<HTMLInputElement>('#site-2')!.click();
    await el.updateComplete;
    expect(checked(el)).to.equal('site-2');
    expect(text(el)).to.contain('No contact is listed for the center you chose; this is the nearest center with one.');
  });

  it('matches regions by name or short form and ranks only, with no distances', async () => {
    const el = await sitePicker();
    await findPlace(el, 'NSW');
    expect(names(el)[0]).to.equal('Holdsworth House');
    expect(distances(el)).to.deep.equal([]);
    expect(status(el)).to.equal('Study centers in NSW are listed first.');
    expect(checked(el)).to.be.undefined;

    await findPlace(el, 'texas');
    expect(names(el)[0]).to.equal('Center for Clinical Studies');
    expect(distances(el)).to.deep.equal([]);
  });

  it('finds a center whose record writes the city as "Aichi, Nagoya", with accents and case folded', async () => {
    const trial: Trial = {
      ...MULTI_SITE,
      sites: [
        ...MULTI_SITE.sites,
        { facility: 'Nagoya Clinic', city: 'Aichi, Nagoya', country: 'Japan', geo: { lat: 35.18, lon: 136.9 }, status: 'RECRUITING', contacts: [] },
        { facility: 'Klinik Zürich', city: 'Zürich', country: 'Switzerland', geo: { lat: 47.37, lon: 8.54 }, status: 'RECRUITING', contacts: [] },
      ],
    };
    const el = await sitePicker(html`<trial-site-picker .trial=${trial}></trial-site-picker>`);
    await findPlace(el, 'nagoya');
    expect(names(el)[0]).to.equal('Nagoya Clinic');
    await findPlace(el, 'ZURICH');
    expect(names(el)[0]).to.equal('Klinik Zürich');
  });

  it('says plainly when a place cannot be found, and chooses nothing', async () => {
    const el = await sitePicker();
    root(el).querySelector<HTMLInputElement>('#site-1')!.click();
    await findPlace(el, 'Atlantis');
    expect(status(el)).to.equal('We could not find Atlantis. Choose a center from the list or use your location.');
    expect(checked(el)).to.be.undefined;
    expect(names(el)).to.deep.equal(['Holdsworth House', 'Dermatology Research Associates', 'Center for Clinical Studies']);
    await expect(el).to.be.accessible();
  });

  it('refuses empty, overlong and control-character queries without sending them anywhere', async () => {
    stub = stubFetch({ '/geo': () => jsonResponse({ results: [] }) });
    const el = await sitePicker(html`<trial-site-picker .trial=${MULTI_SITE} geocode-endpoint="/geo"></trial-site-picker>`);
    await findPlace(el, '   ');
    expect(status(el)).to.equal('Enter a city or postal code.');
    await findPlace(el, 'x'.repeat(10_000));
    expect(status(el)).to.equal('That is too long for a place name. Enter a city or postal code.');
    await findPlace(el, 'Chicago\u0000');
    expect(status(el)).to.equal('Enter a city or postal code using letters and numbers only.');
    expect(stub.calls).to.deep.equal([]);
  });

  it('keeps the list usable when the geocoder fails, answers garbage or hangs', async () => {
    let answer: (request: Request) => Response | Promise<Response> = () => new Response('oops', { status: 500 });
    stub = stubFetch({ '/geo': (request) => answer(request) });
    const el = await sitePicker(html`<trial-site-picker .trial=${MULTI_SITE} geocode-endpoint="/geo" .geocodeTimeoutMs=${200}></trial-site-picker>`);
    const unavailable = 'The place search is not available right now, so Chicago could not be looked up. Choose a center from the list or use your location.';
    await findPlace(el, 'Chicago');
    await waitUntil(() => status(el) === unavailable, 'a 500 is said plainly');
    expect(names(el)).to.have.length(3);

    answer = () => new Response('<html>not json', { status: 200, headers: { 'content-type': 'application/json' } });
    await findPlace(el, 'Chicago');
    await waitUntil(() => status(el) === unavailable, 'garbage is said plainly');

    answer = () => jsonResponse({ results: [{ name: 'Chicago', lat: 'north', lon: 9000 }] });
    await findPlace(el, 'Chicago');
    await waitUntil(() => status(el) === unavailable, 'a wrong shape is said plainly');

    // Never answers; like a real fetch it gives up when the lookup is aborted.
    answer = (request) => new Promise<Response>((_resolve, reject) => request.signal.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError'))));
    await findPlace(el, 'Chicago');
    expect(status(el)).to.equal('Looking up the place…');
    await waitUntil(() => status(el) === unavailable, 'a geocoder that hangs times out', { timeout: 5000 });

    // A center named in the query still comes first while the search is down.
    answer = () => new Response('down', { status: 503 });
    await findPlace(el, 'Houston');
    await waitUntil(() => status(el).startsWith('The place search is not available right now.'));
    expect(names(el)[0]).to.equal('Center for Clinical Studies');
    root(el).querySelector<HTMLInputElement>('#site-0')!.click();
    await el.updateComplete;
    expect(el.selectedSite?.facility).to.equal('Holdsworth House');
  });

  it('sorts by real distance from a place the reference server geocodes', async () => {
    const { url } = await referenceServer();
    const el = await sitePicker(html`<trial-site-picker .trial=${MULTI_SITE} distance-unit="km" geocode-endpoint="${url}/api/geocode"></trial-site-picker>`);
    const change = oneEvent(el, 'trial-site-change') as Promise<unknown> as Promise<TrialSiteChangeEvent>;
    await findPlace(el, 'San Diego');
    await waitUntil(() => status(el).startsWith('Study centers are sorted by distance from San Diego'), 'San Diego is found', { timeout: 10_000 });
    expect((await change).site?.facility).to.equal('Dermatology Research Associates');
    expect(names(el)).to.deep.equal(['Dermatology Research Associates', 'Center for Clinical Studies', 'Holdsworth House']);
    const [la] = distances(el);
    expect(Number.parseFloat(la!.replace(/,/g, ''))).to.be.within(150, 220);
    await expect(el).to.be.accessible();

    await findPlace(el, 'xqzzyplace');
    await waitUntil(() => status(el) === 'We could not find xqzzyplace. Choose a center from the list or use your location.', status(el), { timeout: 10_000 });
    expect(el.selectedSite).to.be.undefined;
  });

  it('chooses the nearest center for ten places on three continents (25-site trial)', async function () {
    const record = await sharedFixture<Record<string, unknown>>('ctgov/NCT05819398.json');
    if (!record) return this.skip();
    const { url } = await referenceServer();
    const trial = trialFromCtgov(record);
    const el = await sitePicker(html`<trial-site-picker .trial=${trial} distance-unit="km" geocode-endpoint="${url}/api/geocode"></trial-site-picker>`);
    const chosen: string[] = [];
    for (const place of ['Chicago', 'New York', 'Houston', 'Los Angeles', 'Tokyo', 'Osaka', 'Madrid', 'Barcelona', 'Copenhagen', 'London']) {
      await findPlace(el, place);
      await waitUntil(() => status(el).startsWith('Study centers are sorted by distance from'), `${place}: ${status(el)}`, { timeout: 10_000 });
      const site = el.selectedSite!;
      expect(site, place).to.exist;
      const label = root(el).querySelector('input[name=site]:checked + label .site-distance')?.textContent ?? 'in the town typed (no coordinates in the record)';
      chosen.push(`${place} → ${site.facility} (${site.city}, ${site.country}) ${label}`);
    }
    console.log(`Nearest center chosen for ten places:\n  ${chosen.join('\n  ')}`);
  });

  it('uses the device location when asked, and says when it is not shared', async () => {
    const original = Object.getOwnPropertyDescriptor(Navigator.prototype, 'geolocation')!;
    Object.defineProperty(navigator, 'geolocation', {
      configurable: true,
      value: { getCurrentPosition: (ok: PositionCallback) => ok({ coords: { latitude: 34.1, longitude: -118.3 } } as GeolocationPosition) },
    });
    try {
      const el = await sitePicker(html`<trial-site-picker .trial=${MULTI_SITE} distance-unit="mi"></trial-site-picker>`);
      const button = [...root(el).querySelectorAll('button')].find((b) => b.textContent!.includes('Use my location'))!;
      button.click();
      await el.updateComplete;
      expect(names(el)[0]).to.equal('Dermatology Research Associates');
      expect(distances(el)[0]).to.match(/mi away$/);
      expect(status(el)).to.equal('Study centers are sorted by distance from your location.');
      expect(checked(el)).to.equal('site-1');
      Object.defineProperty(navigator, 'geolocation', {
        configurable: true,
        value: { getCurrentPosition: (_ok: PositionCallback, fail: PositionErrorCallback) => fail({ code: 1 } as GeolocationPositionError) },
      });
      button.click();
      await el.updateComplete;
      expect(status(el)).to.equal('Your location is not shared with this page. Enter a city or postal code instead.');
      expect(button.disabled).to.be.false;
    } finally {
      delete (navigator as unknown as Record<string, unknown>).geolocation;
      Object.defineProperty(Navigator.prototype, 'geolocation', original);
    }
  });

  it('falls back to the central contact, then phones, then the study page, never an empty section', async () => {
    const noSiteEmail: Trial = { ...MULTI_SITE, sites: [MULTI_SITE.sites[2]!] };
    const central = await sitePicker(html`<trial-site-picker .trial=${noSiteEmail}></trial-site-picker>`);
    expect(text(central)).to.contain('the study’s central contact will answer');
    expect(root(central).querySelector('.contact-name')!.textContent).to.equal('Central Desk');

    const phonesOnly: Trial = { ...noSiteEmail, centralContacts: [{ name: 'Hotline', phone: '1-800-555-0100' }] };
    const phones = await sitePicker(html`<trial-site-picker .trial=${phonesOnly}></trial-site-picker>`);
    expect([...root(phones).querySelectorAll('.phones a')].map((a) => a.textContent)).to.deep.equal(['713-555-0100', '1-800-555-0100']);
    await expect(phones).to.be.accessible();

    const nobody: Trial = { ...MULTI_SITE, centralContacts: [], sites: [] };
    const none = await sitePicker(html`<trial-site-picker .trial=${nobody}></trial-site-picker>`);
    expect(text(none)).to.contain('This study lists no contact details.');
    expect(root(none).querySelector<HTMLAnchorElement>('.no-contact a')!.href).to.equal('https://clinicaltrials.gov/study/NCT05819398');
    await expect(none).to.be.accessible();
  });

  it('takes keyboard focus to the chosen center, else the first', async () => {
    const el = await sitePicker();
    el.focus();
    expect(root(el).activeElement?.id).to.equal('site-0');
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(checked(el)).to.equal('site-1');
    el.blur();
    el.focus();
    expect(root(el).activeElement?.id).to.equal('site-1');
  });
});
