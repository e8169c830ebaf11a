import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import type { Site, Trial } from '../model/trial.ts';
import {
  chooseContact,
  distanceUnitFor,
  formatDistance,
  greatCircleKm,
  initials,
  isOpenSite,
  matchPlace,
  rankOpenSites,
} from './nearest-site.ts';
import { makeTrial } from '../../test/helpers/trials.ts';

function trialWith(sites: Site[], extra: Partial<Trial> = {}): Trial {
  return makeTrial({ id: 'NCT00000001', sites, ...extra });
}

const LA: Site = {
  facility: 'LA Clinic',
  city: 'Los Angeles',
  state: 'California',
  zip: '90045',
  country: 'United States',
  geo: { lat: 34.05223, lon: -118.24368 },
  status: 'RECRUITING',
  contacts: [{ name: 'Dana Cruz', role: 'CONTACT', phone: '555-0100', email: 'dana@example.org' }],
};
const HOUSTON: Site = {
  facility: 'Houston Center',
  city: 'Houston',
  state: 'Texas',
  zip: '77004',
  country: 'United States',
  geo: { lat: 29.76328, lon: -95.36327 },
  status: 'RECRUITING',
  contacts: [{ name: 'Jeffrey Ho, MD', role: 'CONTACT', phone: '(612) 873-5832' }],
};
const SYDNEY: Site = {
  facility: 'Holdsworth House',
  city: 'Sydney',
  state: 'New South Wales',
  zip: '2010',
  country: 'Australia',
  geo: { lat: -33.86785, lon: 151.20732 },
  status: 'NOT_YET_RECRUITING',
  contacts: [{ name: 'Ann Smith', role: 'PRINCIPAL_INVESTIGATOR', email: 'ann@example.org' }],
};
const CLOSED: Site = { ...LA, facility: 'Closed Clinic', status: 'COMPLETED' };

const geo = fc.record({ lat: fc.double({ min: -90, max: 90, noNaN: true }), lon: fc.double({ min: -180, max: 180, noNaN: true }) });

describe('nearest-site', () => {
  it('keeps open sites only (status, or no status while the study is open)', () => {
    expect(isOpenSite(LA, 'RECRUITING')).to.be.true;
    expect(isOpenSite(SYDNEY, 'RECRUITING')).to.be.true;
    expect(isOpenSite(CLOSED, 'RECRUITING')).to.be.false;
    const silent: Site = { city: 'Bern', contacts: [] };
    expect(isOpenSite(silent, 'RECRUITING')).to.be.true;
    expect(isOpenSite(silent, 'COMPLETED')).to.be.false;
    const ranking = rankOpenSites(trialWith([LA, CLOSED, HOUSTON]));
    expect(ranking.sites.map((r) => r.site.facility)).to.deep.equal(['LA Clinic', 'Houston Center']);
  });

  it('measures great-circle distances', () => {
    // Los Angeles → Houston is about 2,200 km.
    const km = greatCircleKm(LA.geo!, HOUSTON.geo!);
    expect(km).to.be.within(2180, 2220);
    expect(greatCircleKm({ lat: 0, lon: 179.9 }, { lat: 0, lon: -179.9 })).to.be.below(25);
  });

  it('has the properties of a distance', () => {
    fc.assert(
      fc.property(geo, geo, geo, (a, b, c) => {
        const ab = greatCircleKm(a, b);
        expect(ab).to.be.at.least(0);
        expect(ab).to.be.at.most(20_016);
        expect(Math.abs(ab - greatCircleKm(b, a))).to.be.below(1e-6);
        expect(greatCircleKm(a, a)).to.be.below(1e-6);
        expect(greatCircleKm(a, c)).to.be.at.most(ab + greatCircleKm(b, c) + 1e-3);
      }),
    );
  });

  it('sorts by distance from the reader, sites without coordinates last', () => {
    const noGeo: Site = { facility: 'Somewhere', city: 'Nowhere', status: 'RECRUITING', contacts: [] };
    const trial = trialWith([noGeo, SYDNEY, LA, HOUSTON]);
    const fromDallas = rankOpenSites(trial, { geo: { lat: 32.78, lon: -96.8 } });
    expect(fromDallas.sites.map((r) => r.site.facility)).to.deep.equal(['Houston Center', 'LA Clinic', 'Holdsworth House', 'Somewhere']);
    expect(fromDallas.sites[0]!.distanceKm).to.be.within(350, 380);
    fc.assert(
      fc.property(geo, (origin) => {
        const ranked = rankOpenSites(trial, { geo: origin }).sites.filter((r) => r.distanceKm !== undefined);
        for (let i = 1; i < ranked.length; i++) expect(ranked[i]!.distanceKm!).to.be.at.least(ranked[i - 1]!.distanceKm!);
      }),
    );
  });

  it('matches a typed postal code, city, state or country against the sites', () => {
    expect(matchPlace('90045', LA)).to.equal('zip');
    expect(matchPlace('90012', LA)).to.equal('zip-area');
    expect(matchPlace('los angeles', LA)).to.equal('city');
    expect(matchPlace('Houston, TX', HOUSTON)).to.equal('city');
    expect(matchPlace('texas', HOUSTON)).to.equal('state');
    expect(matchPlace('Australia', SYDNEY)).to.equal('country');
    expect(matchPlace('Zürich', { city: 'Zurich', contacts: [] })).to.equal('city');
    expect(matchPlace('Nagoya', { city: 'Aichi, Nagoya', contacts: [] })).to.equal('city');
    expect(matchPlace('nagoya aichi', { city: 'Aichi, Nagoya', contacts: [] })).to.equal('city');
    expect(matchPlace('Sydney NSW', SYDNEY)).to.equal('city');
    expect(matchPlace('nsw', SYDNEY)).to.equal('state');
    expect(matchPlace('Paris', LA)).to.be.undefined;
    expect(matchPlace('', LA)).to.be.undefined;

    const trial = trialWith([SYDNEY, LA, HOUSTON]);
    const byZip = rankOpenSites(trial, { query: '77004' });
    expect(byZip.matched).to.be.true;
    expect(byZip.located).to.be.true;
    expect(byZip.sites[0]!.site.facility).to.equal('Houston Center');
    // The matching site stands in for the reader: it gets no distance (it would be to itself).
    expect(byZip.sites[0]!.distanceKm).to.be.undefined;
    expect(byZip.sites[1]!.site.facility).to.equal('LA Clinic');
    expect(byZip.sites[1]!.distanceKm).to.be.above(1000);
    // A region or country narrows the list but says nothing about distance.
    const byState = rankOpenSites(trial, { query: 'Texas' });
    expect(byState.matched).to.be.true;
    expect(byState.located).to.be.false;
    expect(byState.sites[0]!.site.facility).to.equal('Houston Center');
    expect(byState.sites.every((r) => r.distanceKm === undefined)).to.be.true;
    const none = rankOpenSites(trial, { query: 'Reykjavik' });
    expect(none.matched).to.be.false;
    expect(none.located).to.be.false;
    expect(none.sites.map((r) => r.index)).to.deep.equal([0, 1, 2]);
  });

  it('puts a site without coordinates first when it is in the very town a geocoder found', () => {
    const tokyo: Site = { facility: 'Tokyo Hospital', city: 'Tokyo', country: 'Japan', status: 'RECRUITING', contacts: [] };
    const trial = trialWith([LA, tokyo, HOUSTON]);
    const ranked = rankOpenSites(trial, { geo: { lat: 35.68, lon: 139.69 }, query: 'Tokyo' });
    expect(ranked.sites.map((r) => r.site.facility)).to.deep.equal(['Tokyo Hospital', 'LA Clinic', 'Houston Center']);
    expect(ranked.sites[0]!.distanceKm).to.be.undefined;
    // A region or country in the query never outranks distance once the position is known.
    const byCountry = rankOpenSites(trial, { geo: { lat: 29.7, lon: -95.3 }, query: 'Japan' });
    expect(byCountry.sites[0]!.site.facility).to.equal('Houston Center');
  });

  it('never loses or invents a site, whatever is typed', () => {
    const trial = trialWith([SYDNEY, LA, CLOSED, HOUSTON]);
    fc.assert(
      fc.property(fc.string(), (query) => {
        const ranked = rankOpenSites(trial, { query }).sites.map((r) => r.index).sort();
        expect(ranked).to.deep.equal([0, 1, 3]);
      }),
    );
  });

  it('follows the fallback chain: reachable site, central contact, phone list', () => {
    const central = { name: 'Central Desk', role: 'CONTACT', phone: '1-800-243-0127', email: 'desk@example.org' };
    const withEmail = trialWith([HOUSTON, LA]);
    const ranked = rankOpenSites(withEmail, { geo: HOUSTON.geo! }).sites;
    const first = chooseContact(withEmail, ranked);
    expect(first.kind).to.equal('site');
    if (first.kind === 'site') expect(first.site.site.facility).to.equal('LA Clinic'); // Houston has no email

    const phonesOnly = trialWith([HOUSTON], { centralContacts: [{ name: 'Desk', phone: '555-0199' }] });
    const toCentral = chooseContact(trialWith([HOUSTON], { centralContacts: [central] }), rankOpenSites(phonesOnly).sites);
    expect(toCentral.kind).to.equal('central');
    const phones = chooseContact(phonesOnly, rankOpenSites(phonesOnly).sites);
    expect(phones).to.deep.equal({
      kind: 'phones',
      phones: [
        { phone: '(612) 873-5832', name: 'Jeffrey Ho, MD', place: 'Houston Center, Houston' },
        { phone: '555-0199', name: 'Desk' },
      ],
    });
    expect(chooseContact(trialWith([]), []).kind).to.equal('none');
  });

  it('prefers the site the reader chose when it has a reachable contact', () => {
    const trial = trialWith([LA, SYDNEY]);
    const ranked = rankOpenSites(trial).sites;
    const chosen = chooseContact(trial, ranked, 1);
    expect(chosen.kind === 'site' && chosen.site.index).to.equal(1);
  });

  it('makes initials for the avatar', () => {
    expect(initials('Jeffrey Ho, MD')).to.equal('JH');
    expect(initials('Goos Laverman, prof. dr.')).to.equal('GL');
    expect(initials('Dr. Ann Marie Smith')).to.equal('AS');
    expect(initials('Boehringer Ingelheim')).to.equal('BI');
    expect(initials('Cher')).to.equal('C');
    expect(initials(undefined)).to.equal('');
  });

  it('formats distances for the locale', () => {
    expect(distanceUnitFor('en-US')).to.equal('mile');
    expect(distanceUnitFor('en-GB')).to.equal('mile');
    expect(distanceUnitFor('de-DE')).to.equal('kilometer');
    expect(distanceUnitFor('nl')).to.equal('kilometer');
    expect(formatDistance(12.34, 'kilometer', 'en')).to.equal('12 km');
    expect(formatDistance(3.218688, 'mile', 'en')).to.equal('2 mi');
    expect(formatDistance(2.5, 'kilometer', 'de')).to.equal('2,5 km');
    expect(formatDistance(0.01, 'kilometer', 'en')).to.equal('< 0.1 km');
  });
});
