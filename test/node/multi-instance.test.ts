/**
 * Two real server processes on one PostgreSQL database, as behind a load balancer (which adds
 * X-Forwarded-For; TRUST_PROXY_HOPS=1). They must behave as one server: an Idempotency-Key
 * retried across both stores one row, each delivery job is sent once (a real SMTP server counts
 * Message-IDs), a one-view share opened through both at the same moment opens once, and rate
 * and guess limits count across both.
 */
import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SmtpSink } from '../../server/delivery/sinks.ts';
import { sampleContact, sampleShareEnvelope } from '../../server/testing.ts';
import { DAY_MS, shareChallengeMessage, toBase64Url } from '../../src/model/share.ts';
import { freshDatabase, postgresUnavailable } from '../helpers/postgres.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

const skip = await postgresUnavailable();
if (skip) console.log(`multi-instance tests skipped: ${skip}`);

const ADMIN = 'admin-token-for-multi-instance-tests-0123456789';
const BURST = 4;


let clients = 0;
/** A client address of its own, as the load balancer would add it. */
const newClient = () => `198.51.${100 + Math.floor(++clients / 250)}.${clients % 250}`;

function post(url: string, body: unknown, headers: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

describe('two instances on one PostgreSQL database', { skip: skip ?? false }, () => {
  const folder = mkdtempSync(join(tmpdir(), 'trialkit-multi-'));
  const smtp = new SmtpSink({ delayMs: 15 });
  let a: ServerProcess;
  let b: ServerProcess;
  before(async () => {
    await smtp.start();
    const routes = join(folder, 'routes.json');
    writeFileSync(routes, JSON.stringify({ default: ['team@hospital.example'] }));
    const env = {
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: await freshDatabase(),
      CTGOV_API_BASE: 'off',
      LOG_REQUESTS: '0',
      TRUST_PROXY_HOPS: '1',
      RATE_LIMIT_BURST: String(BURST),
      RATE_LIMIT_PER_MINUTE: '1',
      ADMIN_TOKEN: ADMIN,
      SMTP_URL: smtp.url,
      MAIL_FROM: 'inquiries@hospital.example',
      ROUTES_FILE: routes,
      DELIVERY_RETRY_BASE_MS: '50',
      DELIVERY_RETRY_MAX_MS: '200',
    };
    [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  });
  after(async () => {
    for (const instance of [a, b]) {
      if (!instance) continue;
      instance.process.kill('SIGTERM');
      await instance.exited;
    }
    await smtp.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('stores one row per Idempotency-Key whichever instances the retries reach', async () => {
    const keys = Array.from({ length: 15 }, () => randomUUID());
    const answers = await Promise.all(
      keys.flatMap((key, i) => {
        const client = newClient();
        const payload = sampleContact({ firstName: `Reader${i}`, email: `reader${i}@example.org` });
        return [a, b, a, b].map(async (instance) => {
          const res = await post(`${instance.url}/api/contact`, payload, { 'idempotency-key': key, 'x-forwarded-for': client });
          assert.equal(res.status, 201);
          return { key, ...((await res.json()) as { id: string; receivedAt: string }) };
        });
      }),
    );
    for (const key of keys) {
      const forKey = answers.filter((answer) => answer.key === key);
      assert.equal(new Set(forKey.map((answer) => `${answer.id} ${answer.receivedAt}`)).size, 1, 'every retry gets the first answer');
    }
    for (const instance of [a, b]) {
      const csv = await (await fetch(`${instance.url}/api/admin/submissions.csv`, { headers: { authorization: `Bearer ${ADMIN}` } })).text();
      assert.equal(csv.trim().split('\r\n').length - 1, keys.length, 'one row per key');
    }
  });

  it('sends each delivery job once between the two workers', async () => {
    const count = 30;
    await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const res = await post(`${(i % 2 ? a : b).url}/api/contact`, sampleContact({ email: `mail${i}@example.org` }), { 'idempotency-key': randomUUID(), 'x-forwarded-for': newClient() });
        assert.equal(res.status, 201);
      }),
    );
    const deadline = Date.now() + 20_000;
    const open = async () => {
      let n = 0;
      for (const status of ['pending', 'sending']) {
        const res = await fetch(`${a.url}/api/admin/deliveries?status=${status}&limit=1000`, { headers: { authorization: `Bearer ${ADMIN}` } });
        n += ((await res.json()) as { jobs: unknown[] }).jobs.length;
      }
      return n;
    };
    while ((await open()) > 0) {
      assert.ok(Date.now() < deadline, 'every job is done within 20 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // The first test's 15 submissions went out too; every job sent exactly once.
    const ids = smtp.messages.map((mail) => mail.messageId);
    assert.equal(ids.length, 15 + count);
    assert.equal(new Set(ids).size, ids.length, 'no Message-ID twice');
  });

  it('counts one rate limit across both instances', async () => {
    const client = newClient();
    const statuses: number[] = [];
    for (let i = 0; i <= BURST; i += 1) {
      const res = await post(`${(i % 2 ? a : b).url}/api/notify`, { email: `n${i}@example.org`, consent: true, consentText: 'I agree.' }, { 'idempotency-key': randomUUID(), 'x-forwarded-for': client });
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    assert.deepEqual(statuses, [...Array<number>(BURST).fill(201), 429], `a burst of ${BURST} over both, then 429`);
    // Wrong admin tokens: five per client in 15 minutes, over both instances.
    const guesser = newClient();
    const guesses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const res = await fetch(`${(i % 2 ? a : b).url}/api/admin/deliveries`, { headers: { authorization: 'Bearer wrong-token', 'x-forwarded-for': guesser } });
      guesses.push(res.status);
      await res.arrayBuffer();
    }
    assert.deepEqual(guesses, [401, 401, 401, 401, 401, 429]);
  });

  it('opens a one-view share once when both instances are asked at the same moment', async () => {
    for (let round = 0; round < 5; round += 1) {
      const proof = randomBytes(32);
      const verifier = createHash('sha256').update(proof).digest();
      const envelope = sampleShareEnvelope(Date.now() + DAY_MS);
      const created = await post(`${a.url}/api/shares`, { envelope, verifier: toBase64Url(verifier), maxViews: 1 }, { 'x-forwarded-for': newClient() });
      assert.equal(created.status, 201);
      const { id } = (await created.json()) as { id: string };
      const reader = newClient();
      const bodies = await Promise.all(
        [a, b].map(async (instance) => {
          const res = await fetch(`${instance.url}/api/shares/${id}/challenge`, { method: 'POST', headers: { 'x-forwarded-for': reader } });
          const { nonce } = (await res.json()) as { nonce: string };
          return { nonce, answer: toBase64Url(createHmac('sha256', verifier).update(shareChallengeMessage(id, nonce)).digest()) };
        }),
      );
      const opened = await Promise.all([a, b].map((instance, i) => post(`${instance.url}/api/shares/${id}/open`, bodies[i], { 'x-forwarded-for': reader })));
      const statuses = opened.map((res) => res.status).sort();
      await Promise.all(opened.map((res) => res.arrayBuffer()));
      assert.deepEqual(statuses, [200, 404], `round ${round}: one open, then gone`);
    }
  });
});
