import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { greatCircleKm, isOpenSite } from '../src/data/nearest-site.ts';
import { trialFromCtgov } from '../src/model/ctgov.ts';
import { defaultFixturesDirs } from './config.ts';
import type { Place } from './geocode/gazetteer.ts';
import { startTestServer, type TestServer } from './testing.ts';

interface Answer {
  query: string;
  results: Place[];
}

describe('GET /api/geocode', () => {
  const servers: TestServer[] = [];
  const lines: string[] = [];
  let shared: TestServer | undefined;
  const server = async () => {
    shared ??= await startTestServer({ logRequests: true, log: (line) => lines.push(line), geocodeRateLimit: { burst: 0, perMinute: 0 } });
    if (!servers.includes(shared)) servers.push(shared);
    return shared;
  };
  const geocode = async (q: string) => fetch(`${(await server()).url}/api/geocode?q=${encodeURIComponent(q)}`);
  after(async () => {
    for (const s of servers) await s.dispose();
  });

  it('answers a place with the documented shape, best first, and no-store', async () => {
    const response = await geocode('  chicago ');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    const body = (await response.json()) as Answer;
    assert.equal(body.query, 'chicago');
    assert.deepEqual(body.results[0], { name: 'Chicago', region: 'Illinois', country: 'US', countryName: 'United States', lat: 41.85, lon: -87.65, kind: 'city' });
  });

  it('reads every kind of place the widget may send', async () => {
    const cases: [string, Partial<Place>][] = [
      ['Tokyo', { name: 'Tokyo', country: 'JP', kind: 'city' }],
      ['Madrid', { name: 'Madrid', country: 'ES', kind: 'city' }],
      ['Copenhagen', { name: 'Copenhagen', country: 'DK', kind: 'city' }],
      ['Zürich', { name: 'Zürich', country: 'CH', kind: 'city' }],
      ['zurich', { name: 'Zürich', country: 'CH', kind: 'city' }],
      ['Sydney NSW', { name: 'Sydney', region: 'New South Wales', country: 'AU' }],
      ['Nagoya', { name: 'Nagoya', region: 'Aichi', country: 'JP' }],
      ['Aichi, Nagoya', { name: 'Nagoya', region: 'Aichi', country: 'JP', kind: 'city' }],
      ['Springfield, IL', { name: 'Springfield', region: 'Illinois' }],
      ['Springfield, MO', { name: 'Springfield', region: 'Missouri' }],
      ['60601', { name: 'Chicago', kind: 'postal', postalCode: '60601', region: 'Illinois' }],
      ['10001-1234', { name: 'New York', kind: 'postal', postalCode: '10001' }],
      ['M5V 3L9', { kind: 'postal', postalCode: 'M5V', region: 'Ontario', country: 'CA' }],
      ['Texas', { name: 'Texas', kind: 'region', country: 'US' }],
      ['Japan', { name: 'Japan', kind: 'country', country: 'JP', region: null }],
      ['Denmark', { name: 'Denmark', kind: 'country', country: 'DK' }],
    ];
    for (const [q, expected] of cases) {
      const response = await geocode(q);
      assert.equal(response.status, 200, q);
      const body = (await response.json()) as Answer;
      assert.ok(body.results.length >= 1 && body.results.length <= 5, q);
      const first = body.results[0]!;
      for (const [key, value] of Object.entries(expected)) assert.equal(first[key as keyof Place], value, `${q}: ${key}`);
    }
  });

  it('answers 200 with no results for a place it does not know', async () => {
    const response = await geocode('xqzzy');
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { query: 'xqzzy', results: [] });
  });

  it('refuses an empty, missing, repeated, overlong or hidden-character query with a clear 400', async () => {
    const { url } = await server();
    const refusals = [
      `${url}/api/geocode?q=`,
      `${url}/api/geocode?q=%20%20`,
      `${url}/api/geocode`,
      `${url}/api/geocode?q=Chicago&q=Tokyo`,
      `${url}/api/geocode?q=${'a'.repeat(201)}`,
      `${url}/api/geocode?q=Chicago%00`,
      `${url}/api/geocode?q=Chicago%0A`,
      `${url}/api/geocode?q=Chi%E2%80%AEcago`,
    ];
    for (const address of refusals) {
      const response = await fetch(address);
      assert.equal(response.status, 400, address.slice(0, 80));
      const body = (await response.json()) as { error: string; message: string };
      assert.equal(body.error, 'query');
      assert.ok(body.message.length > 10);
    }
  });

  it('refuses a 10,000-character query without reading it', async () => {
    const response = await geocode('Chicago '.repeat(1250));
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { message: string }).message, /at most 200 characters/);
  });

  it('answers HEAD and refuses other methods', async () => {
    const { url } = await server();
    const head = await fetch(`${url}/api/geocode?q=Chicago`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
    const post = await fetch(`${url}/api/geocode?q=Chicago`, { method: 'POST' });
    assert.equal(post.status, 405);
    assert.match(post.headers.get('allow') ?? '', /GET/);
  });

  it('never writes the query to the log', async () => {
    lines.length = 0;
    const queries = ['Springfield, IL', 'Kalamazoo', '60601', 'Chicago%00'];
    for (const q of queries) await fetch(`${(await server()).url}/api/geocode?q=${q}`);
    await fetch(`${(await server()).url}/api/geocode?q=${'Kalamazoo'.repeat(30)}`);
    assert.equal(lines.length, 5, lines.join('\n'));
    for (const line of lines) {
      assert.match(line, /^GET \/api\/geocode (200|400) /);
      for (const word of ['Springfield', 'springfield', 'Kalamazoo', '60601', 'q=', '%', '?']) assert.ok(!line.includes(word), line);
    }
  });

  it('limits each client with its own budget', async () => {
    const limited = await startTestServer({ geocodeRateLimit: { burst: 2, perMinute: 1 } });
    servers.push(limited);
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${limited.url}/api/geocode?q=Chicago`);
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
      await response.arrayBuffer();
    }
    assert.deepEqual(statuses, [200, 200, 429]);
    assert.ok(Number(retryAfter) >= 1);
    // Contact POSTs keep their own budget.
    assert.equal(limited.app.submitLimiter.size, 0);
  });

  it('puts ten typed places near open sites of the 25-site trial', async (t) => {
    const dir = defaultFixturesDirs().find((folder) => {
      try {
        readFileSync(join(folder, 'NCT05819398.json'));
        return true;
      } catch {
        return false;
      }
    });
    if (!dir) return t.skip('NCT05819398.json is not in the fixtures folders');
    const trial = trialFromCtgov(JSON.parse(readFileSync(join(dir, 'NCT05819398.json'), 'utf8')));
    const open = trial.sites.filter((site) => isOpenSite(site, trial.status));
    assert.ok(open.length >= 20);
    // Some records place a site wrongly or not at all ("Aichi, Nagoya" sits at 32.5° N 130.6° E,
    // in Kumamoto; the Tokyo and Okayama sites have no point): the second column places every
    // site from its own city, state and country through the same gazetteer.
    const fromRecord = open.filter((site) => site.geo).map((site) => ({ site, point: site.geo! }));
    const fromPlace: { site: (typeof open)[number]; point: Place }[] = [];
    for (const site of open) {
      const body = (await (await geocode([site.city, site.state, site.country].filter(Boolean).join(', '))).json()) as Answer;
      if (body.results[0]) fromPlace.push({ site, point: body.results[0] });
    }
    assert.ok(fromPlace.length >= 20, `${fromPlace.length} of ${open.length} sites placed from their city`);
    const nearestOf = (point: Place, sites: { site: (typeof open)[number]; point: { lat: number; lon: number } }[]) =>
      sites.map(({ site, point: at }) => ({ site, km: greatCircleKm(point, at) })).sort((a, b) => a.km - b.km)[0]!;
    const label = ({ site, km }: { site: (typeof open)[number]; km: number }) => `${site.facility} (${site.city}, ${site.country}) ${km.toFixed(0)} km`;
    const rows = ['place        | nearest open site, record coordinates | nearest open site, sites placed from their city'];
    for (const place of ['Chicago', 'New York', 'Houston', 'Los Angeles', 'Tokyo', 'Osaka', 'Madrid', 'Barcelona', 'Copenhagen', 'London']) {
      const body = (await (await geocode(place)).json()) as Answer;
      const point = body.results[0];
      assert.ok(point, `${place} geocodes`);
      const byRecord = nearestOf(point, fromRecord);
      const byPlace = nearestOf(point, fromPlace);
      assert.ok(byRecord.km <= 3000, `${place}: nearest open site is ${byRecord.km.toFixed(0)} km away`);
      assert.ok(byPlace.km <= 3000, `${place}: nearest open site is ${byPlace.km.toFixed(0)} km away`);
      rows.push(`${place.padEnd(12)} | ${label(byRecord)} | ${label(byPlace)}`);
    }
    console.log(rows.join('\n'));
  });
});
