import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { Gazetteer, Place } from './gazetteer.ts';
import { loadGazetteer, readPackageFiles, readPackagesDocumentedWay } from './load.ts';
import { checkQuery, placeKey } from './normalize.ts';
import { REGIONS } from './regions.ts';

let gazetteer: Gazetteer;
before(() => {
  gazetteer = loadGazetteer();
});

const best = (query: string): Place => {
  const [first] = gazetteer.lookup(query);
  assert.ok(first, `"${query}" found nothing`);
  return first;
};

/** Within `km` of a point, on a sphere (test-sized: good to a few km). */
function near(place: Place, lat: number, lon: number, km = 30): void {
  const rad = Math.PI / 180;
  const d = 6371 * Math.acos(Math.min(1, Math.sin(place.lat * rad) * Math.sin(lat * rad) + Math.cos(place.lat * rad) * Math.cos(lat * rad) * Math.cos((place.lon - lon) * rad)));
  assert.ok(d <= km, `${place.name} is ${d.toFixed(0)} km from ${lat},${lon}`);
}

describe('reading the packages', () => {
  it('gives the same cities and postal codes from the data files as through the packages', () => {
    const files = readPackageFiles();
    const documented = readPackagesDocumentedWay();
    const sameRecords = <T extends object>(label: string, a: T[], b: T[]) => {
      assert.equal(a.length, b.length, `${label}: ${a.length} against ${b.length}`);
      const differs = a.findIndex((record, i) => JSON.stringify(record) !== JSON.stringify(b[i]));
      assert.equal(differs, -1, differs < 0 ? '' : `${label} ${differs}: ${JSON.stringify(a[differs])} against ${JSON.stringify(b[differs])}`);
    };
    const cities = [...files.cities];
    assert.ok(cities.length > 100_000);
    sameRecords('city', cities, documented.cities);
    const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
    const postal = [...files.postal].sort(byCode);
    assert.ok(postal.length > 40_000);
    sameRecords('postal code', postal, documented.postal.sort(byCode));
  });
});

describe('placeKey', () => {
  it('folds case, accents, letters NFKD keeps and punctuation', () => {
    assert.equal(placeKey('Zürich'), 'zurich');
    assert.equal(placeKey('KØBENHAVN'), 'kobenhavn');
    assert.equal(placeKey("St. John's"), 'st johns');
    assert.equal(placeKey('  Aichi-ken,  Nagoya '), 'aichi ken nagoya');
  });
});

describe('checkQuery', () => {
  it('refuses empty, overlong and hidden-character queries and tidies the rest', () => {
    assert.equal(checkQuery('   ').ok, false);
    assert.equal(checkQuery('a'.repeat(201)).ok, false);
    assert.equal(checkQuery('Chicago\u0000').ok, false);
    assert.equal(checkQuery('Chi\u202Ecago').ok, false);
    assert.deepEqual(checkQuery('  Sydney   NSW '), { ok: true, query: 'Sydney NSW' });
  });
});

describe('Gazetteer.lookup', () => {
  it('finds big cities by name, whatever the case', () => {
    assert.deepEqual(best('Chicago'), { name: 'Chicago', region: 'Illinois', country: 'US', countryName: 'United States', lat: 41.85, lon: -87.65, kind: 'city' });
    assert.equal(best('Tokyo').country, 'JP');
    assert.equal(best('Tokyo').kind, 'city');
    assert.equal(best('MADRID').country, 'ES');
    assert.equal(best('Madrid').region, 'Community of Madrid');
    assert.equal(best('Copenhagen').country, 'DK');
  });

  it('folds accents and knows local names the data lacks', () => {
    assert.equal(best('zurich').name, 'Zürich');
    assert.deepEqual(best('Zürich'), best('zurich'));
    assert.equal(best('København').name, 'Copenhagen');
    assert.equal(best('københavn').name, 'Copenhagen');
    assert.equal(best('Cologne').name, 'Köln');
    assert.equal(best('Saint Louis').name, 'St. Louis');
  });

  it('narrows by a region or country given before or after the city, with or without a comma', () => {
    const sydney = best('Sydney NSW');
    assert.equal(sydney.country, 'AU');
    assert.equal(sydney.region, 'New South Wales');
    assert.equal(best('Sydney, Nova Scotia').country, 'CA');
    assert.equal(best('Nagoya').region, 'Aichi');
    const aichiNagoya = best('Aichi, Nagoya');
    assert.equal(aichiNagoya.name, 'Nagoya');
    assert.equal(aichiNagoya.kind, 'city');
    assert.deepEqual(best('Nagoya, Aichi'), aichiNagoya);
    assert.equal(best('Houston, Texas, United States').region, 'Texas');
    assert.equal(best('London, Ontario').country, 'CA');
    assert.equal(best('London').country, 'GB');
    assert.equal(best('Paris, Texas').region, 'Texas');
  });

  it('tells same-name cities apart by their state', () => {
    const il = best('Springfield, IL');
    const mo = best('Springfield, MO');
    assert.equal(il.region, 'Illinois');
    assert.equal(mo.region, 'Missouri');
    near(il, 39.8, -89.64);
    near(mo, 37.2, -93.3);
    assert.equal(best('Springfield Illinois').region, 'Illinois');
    // Without a state, the biggest comes first and the others follow.
    const all = gazetteer.lookup('Springfield');
    assert.equal(all.length, 5);
    assert.ok(all.every((place) => place.name === 'Springfield'));
  });

  it('reads US ZIP codes, ZIP+4 and Canadian postal codes', () => {
    const chicago = best('60601');
    assert.equal(chicago.kind, 'postal');
    assert.equal(chicago.postalCode, '60601');
    assert.equal(chicago.region, 'Illinois');
    near(chicago, 41.88, -87.62, 5);
    assert.equal(best('10001-1234').postalCode, '10001');
    near(best('10001-1234'), 40.75, -74.0, 5);
    const toronto = best('M5V 3L9');
    assert.equal(toronto.kind, 'postal');
    assert.equal(toronto.postalCode, 'M5V');
    assert.equal(toronto.region, 'Ontario');
    assert.equal(toronto.country, 'CA');
    near(toronto, 43.65, -79.38, 5);
    assert.equal(best('m5v3l9').postalCode, 'M5V');
    assert.equal(best('Chicago, IL 60601').kind, 'postal');
    // A French postal code that is also a US ZIP yields to the country the query names.
    assert.equal(best('75013 Paris, France').country, 'FR');
    assert.equal(best('80331 München').name, 'Munich');
    assert.equal(best('10115 Berlin').country, 'DE');
    assert.equal(best('2400 København NV').name, 'Copenhagen');
    assert.deepEqual(gazetteer.lookup('12345678'), []);
    // Puerto Rico's ZIP codes carry the state "PR", which is not a US state in the table.
    assert.ok(gazetteer.lookup('PR').every((place) => place.name !== ''));
  });

  it('answers a region alone with a point inside it', () => {
    const texas = best('Texas');
    assert.equal(texas.kind, 'region');
    assert.equal(texas.name, 'Texas');
    assert.ok(texas.lat > 26 && texas.lat < 36 && texas.lon > -106 && texas.lon < -94, `${texas.lat},${texas.lon}`);
    assert.equal(best('Aichi').kind, 'region');
    near(best('Aichi'), 35.1, 137.0, 60);
    assert.equal(best('Aichi-ken').name, 'Aichi');
    assert.equal(best('New South Wales').kind, 'region');
    assert.equal(best('Bavaria').name, 'Bavaria');
    assert.equal(best('Cataluña').name, 'Catalonia');
    assert.equal(best('CA').name, 'California');
  });

  it('answers a country alone with its capital', () => {
    const japan = best('Japan');
    assert.equal(japan.kind, 'country');
    assert.equal(japan.countryName, 'Japan');
    assert.equal(japan.region, null);
    near(japan, 35.69, 139.69);
    const denmark = best('Denmark');
    assert.equal(denmark.kind, 'country');
    near(denmark, 55.68, 12.57);
    assert.equal(best('Korea, Republic of').country, 'KR');
    assert.equal(best('USA').country, 'US');
  });

  it('finds nothing for words that name no place', () => {
    assert.deepEqual(gazetteer.lookup('xqzzy'), []);
    assert.deepEqual(gazetteer.lookup(''), []);
    assert.deepEqual(gazetteer.lookup(', , ;'), []);
    assert.deepEqual(gazetteer.lookup('Sydney Opera'), []);
  });

  it('names every region of the countries in its table, and puts known cities in the right one', () => {
    const cities = [...readPackageFiles().cities];
    for (const [country, table] of Object.entries(REGIONS)) {
      const codes = new Set(cities.filter((city) => city.country === country).map((city) => city.adminCode));
      for (const code of codes) assert.ok(table[code], `${country} ${code} has no name`);
    }
    const expected: [string, string][] = [
      ['Sapporo', 'Hokkaido'], ['Fukuoka, Japan', 'Fukuoka'], ['Kobe', 'Hyogo'], ['Yokohama', 'Kanagawa'], ['Naha', 'Okinawa'],
      ['Barcelona', 'Catalonia'], ['Bilbao', 'Basque Country'], ['Sevilla', 'Andalusia'], ['Valencia, Spain', 'Valencian Community'],
      ['Munich', 'Bavaria'], ['Köln', 'North Rhine-Westphalia'], ['Dresden', 'Saxony'],
      ['Toronto', 'Ontario'], ['Montreal', 'Quebec'], ['Vancouver', 'British Columbia'],
      ['Melbourne', 'Victoria'], ['Brisbane', 'Queensland'], ['Perth, WA', 'Western Australia'],
      ['Edinburgh', 'Scotland'], ['Cardiff', 'Wales'], ['Belfast', 'Northern Ireland'],
      ['Aarhus', 'Central Denmark Region'], ['Odense', 'Region of Southern Denmark'],
      ['Lyon', 'Auvergne-Rhône-Alpes'], ['Milan', 'Lombardy'], ['Geneva', 'Geneva'],
    ];
    for (const [query, region] of expected) assert.equal(best(query).region, region, query);
  });

  it('never throws, and answers at most five finite points for any text', () => {
    const placeWords = fc.constantFrom('Chicago', 'IL', 'New', 'York', 'Aichi', 'Nagoya', '60601', 'M5V', 'Texas', 'Japan', 'St', ',', ';', ' ', '-', 'ü');
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 250 }), fc.array(placeWords, { maxLength: 30 }).map((words) => words.join(' '))), (text) => {
        const results = gazetteer.lookup(text);
        assert.ok(results.length <= 5);
        for (const place of results) {
          assert.ok(Number.isFinite(place.lat) && Math.abs(place.lat) <= 90, `lat ${place.lat}`);
          assert.ok(Number.isFinite(place.lon) && Math.abs(place.lon) <= 180, `lon ${place.lon}`);
          assert.ok(place.name.length > 0);
        }
      }),
      { numRuns: 400 },
    );
  });
});
