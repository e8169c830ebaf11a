import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { readConfig } from '../config.ts';
import { headerText, messageIdFor } from './messages.ts';
import { facilityKey, isPlainAddress, parseRoutes } from './routes-file.ts';
import { signWebhook, verifyWebhook } from './signature.ts';
import { retryDelayMs } from './worker.ts';

describe('routes file', () => {
  const routes = parseRoutes(
    JSON.stringify({
      default: 'office@h.org',
      sites: { 'Hôpital Saint-Éloi': ['eloi@h.org'] },
      trials: {
        nct00000001: { default: ['t1@h.org'], sites: { 'Hôpital Saint-Éloi': 't1-eloi@h.org' } },
        NCT00000002: { sites: { 'Other Place': 'other@h.org' } },
      },
    }),
    'routes.json',
  );

  it('picks the most specific entry: trial site, trial, site, default', () => {
    assert.deepEqual(routes.addressesFor('NCT00000001', 'hopital saint-eloi'), ['t1-eloi@h.org']);
    assert.deepEqual(routes.addressesFor('NCT00000001', 'Somewhere else'), ['t1@h.org']);
    assert.deepEqual(routes.addressesFor('NCT00000001', undefined), ['t1@h.org']);
    assert.deepEqual(routes.addressesFor('NCT00000002', 'HÔPITAL  SAINT-ÉLOI '), ['eloi@h.org']);
    assert.deepEqual(routes.addressesFor('NCT00000002', 'other place'), ['other@h.org']);
    assert.deepEqual(routes.addressesFor('NCT09999999', 'Unknown'), ['office@h.org']);
    assert.deepEqual(routes.addressesFor(undefined, undefined), ['office@h.org']);
  });

  it('matches facility names whatever their case, accents and spacing', () => {
    assert.equal(facilityKey('  Centro  Médico\tSUR '), facilityKey('centro medico sur'));
    assert.notEqual(facilityKey('Centro Medico Sur'), facilityKey('Centro Medico Norte'));
  });

  it('takes only bare addresses, nothing a mail library could split or rename', () => {
    assert.ok(isPlainAddress('ann.lee+trials@example.org'));
    for (const bad of ['a,b@example.org', 'Ann <ann@example.org>', 'ann@example.org;', '"a"@example.org', 'a(b)@example.org', 'a@b@example.org', 'ann@example']) {
      assert.ok(!isPlainAddress(bad), bad);
    }
  });

  it('never answers with an empty list', () => {
    assert.throws(() => parseRoutes('{ "default": [] }', 'r.json'), /^Error: ROUTES_FILE r\.json is not a valid routes file: default /);
  });
});

describe('retry schedule', () => {
  it('with the defaults, spans more than 24 hours before a job is marked failed', () => {
    const { delivery } = readConfig({});
    let lowest = 0;
    let highest = 0;
    // Waits come between tries: maxAttempts tries, maxAttempts - 1 waits.
    for (let attempt = 1; attempt < delivery.maxAttempts; attempt++) {
      lowest += retryDelayMs(delivery, attempt, 0);
      highest += retryDelayMs(delivery, attempt, 1);
    }
    assert.ok(lowest > 24 * 3600_000, `at least ${(lowest / 3600_000).toFixed(1)} h`);
    assert.ok(highest < 48 * 3600_000, `at most ${(highest / 3600_000).toFixed(1)} h`);
  });

  it('doubles up to the cap and jitters down by at most a quarter', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, random) => {
        const config = { retryBaseMs: 1000, retryMaxMs: 60_000 };
        const full = Math.min(60_000, 1000 * 2 ** (attempt - 1));
        const delay = retryDelayMs(config, attempt, random);
        return delay >= Math.floor(full * 0.75) && delay <= full;
      }),
    );
  });
});

describe('headers and ids', () => {
  it('keeps CR, LF and other controls out of a header', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const clean = headerText(`New inquiry at ${text}`);
        return !/[\p{Cc}\u2028\u2029]/u.test(clean) && clean.length <= 150;
      }),
    );
    assert.equal(headerText('A\r\nBcc: x@evil.example'), 'A Bcc: x@evil.example');
  });

  it('gives each job one Message-ID on every try', () => {
    assert.equal(messageIdFor(12, 34, 'Study inquiries <inquiries@hospital.org>'), '<trialkit.12.34@hospital.org>');
    assert.equal(messageIdFor(12, 34, 'inquiries@hospital.org'), '<trialkit.12.34@hospital.org>');
    assert.equal(messageIdFor(12, 34, 'nobody'), '<trialkit.12.34@trialkit.invalid>');
  });

  it('signs webhooks so that only the same body, secret and a recent time verify', () => {
    const now = 1_800_000_000;
    const header = signWebhook('s3cret', '{"id":"1"}', now);
    assert.ok(verifyWebhook('s3cret', '{"id":"1"}', header, 300, now + 299));
    assert.ok(!verifyWebhook('s3cret', '{"id":"1"}', header, 300, now + 301));
    assert.ok(!verifyWebhook('s3cret', '{"id":"2"}', header, 300, now));
    assert.ok(!verifyWebhook('s3cret', '{"id":"1"}', header.replace(/t=\d+/, `t=${now + 1}`), 300, now));
    assert.ok(verifyWebhook('s3cret', '{"id":"1"}', `${header},v1=${'0'.repeat(64)}`, 300, now), 'any v1 may match');
    assert.ok(!verifyWebhook('s3cret', '{"id":"1"}', undefined));
  });
});
