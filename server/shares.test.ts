import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DB_FILE } from './store/sqlite.ts';
import { ROUTE_MODULES } from './routes/index.ts';
import { DEFAULT_SHARE_LIMITS, EXPIRY_SKEW_MS, shareRoutes, type ShareLimits } from './routes/shares.ts';
import { sampleShareEnvelope, startTestServer, tempDataDir, type TestServer } from './testing.ts';
import { DAY_MS, SHARE_CHALLENGE_TTL_MS, SHARE_MIN_ITERATIONS, readShareLink, shareChallengeMessage, toBase64Url, type ShareEnvelope, type ShareHeader } from '../src/model/share.ts';
import { ShareExpiredError, ShareWrongPasscodeError } from '../src/notes/share-crypto.ts';
import { ShareTooManyAttemptsError, createServerShare, openShareLink, revokeServerShare } from '../src/notes/share-client.ts';

const START = Date.parse('2026-11-27T06:00:00.000Z');

interface Harness {
  server: TestServer;
  api: string;
  clock: { now: number };
}

const servers: TestServer[] = [];
after(async () => {
  for (const server of servers) await server.dispose();
});

async function start(limits: Partial<ShareLimits> = {}, now: number | 'real' = START): Promise<Harness> {
  const clock = { now: now === 'real' ? Date.now() : now };
  const server = await startTestServer({
    now: () => (now === 'real' ? Date.now() : clock.now),
    shareLimits: { createBurst: 1000, createPerMinute: 1000, createPerHour: 1000, createPerDay: 1000, challengeBurst: 1000, challengePerMinute: 1000, ...limits },
    trustProxyHops: 1,
  });
  servers.push(server);
  return { server, api: `${server.url}/api/shares`, clock };
}

/** An envelope the server accepts; the server never decrypts, so random bytes will do. */
function fakeShare(expiresAt: number, overrides: Partial<ShareHeader> = {}) {
  const proof = randomBytes(32);
  const envelope = sampleShareEnvelope(expiresAt, { bytes: 80, header: { noteCount: 2, ...overrides } });
  return { envelope, proof: toBase64Url(proof), verifier: toBase64Url(createHash('sha256').update(proof).digest()) };
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

async function create(h: Harness, options: { maxViews?: number; expiresAt?: number } = {}) {
  const share = fakeShare(options.expiresAt ?? h.clock.now + 7 * DAY_MS);
  const response = await post(h.api, { envelope: share.envelope, verifier: share.verifier, ...(options.maxViews ? { maxViews: options.maxViews } : {}) });
  assert.equal(response.status, 201, await response.clone().text());
  const body = (await response.json()) as { id: string; deleteToken: string; expiresAt: string };
  return { ...share, ...body };
}

/** What a reader's browser sends to `/open`: HMAC keyed by SHA-256(proof) over id and nonce. */
function answerFor(proof: string, id: string, nonce: string): string {
  const verifier = createHash('sha256').update(Buffer.from(proof, 'base64url')).digest();
  return toBase64Url(createHmac('sha256', verifier).update(shareChallengeMessage(id, nonce)).digest());
}

function askChallenge(h: Harness | string, id: string, client = '203.0.113.1'): Promise<Response> {
  const api = typeof h === 'string' ? h : h.api;
  return fetch(`${api}/${id}/challenge`, { method: 'POST', headers: { 'x-forwarded-for': client } });
}

/** A ready `/open` body: asks for a challenge and answers it (or the challenge's failure). */
async function openBody(h: Harness | string, id: string, proof: string, client = '203.0.113.1'): Promise<{ nonce: string; answer: string } | Response> {
  const challenge = await askChallenge(h, id, client);
  if (challenge.status !== 200) return challenge;
  const { nonce } = (await challenge.json()) as { nonce: string };
  return { nonce, answer: answerFor(proof, id, nonce) };
}

function sendOpen(h: Harness | string, id: string, body: unknown, client = '203.0.113.1'): Promise<Response> {
  const api = typeof h === 'string' ? h : h.api;
  return post(`${api}/${id}/open`, body, { 'x-forwarded-for': client });
}

async function open(h: Harness, id: string, proof: string, client = '203.0.113.1'): Promise<Response> {
  const body = await openBody(h, id, proof, client);
  return body instanceof Response ? body : sendOpen(h, id, body, client);
}

const wrongProof = () => toBase64Url(randomBytes(32));

describe('share server', () => {
  it('stores a share and releases it to the right proof only', async () => {
    const h = await start();
    const share = await create(h);
    const wrong = await open(h, share.id, wrongProof());
    assert.equal(wrong.status, 403);
    assert.equal(((await wrong.json()) as { error: string }).error, 'wrong-proof');
    const right = await open(h, share.id, share.proof);
    assert.equal(right.status, 200);
    const body = (await right.json()) as { envelope: ShareEnvelope; viewsLeft: number | null };
    assert.deepEqual(body.envelope, share.envelope);
    assert.equal(body.viewsLeft, null);
    assert.equal(right.headers.get('cache-control'), 'no-store');
  });

  it('lets link previewers GET and HEAD without spending a view', async () => {
    const h = await start();
    const share = await create(h, { maxViews: 1 });
    for (let i = 0; i < 3; i += 1) {
      const get = await fetch(`${h.api}/${share.id}`);
      assert.equal(get.status, 200);
      const status = (await get.json()) as { header: ShareHeader; viewsLeft: number };
      assert.deepEqual(status.header, share.envelope.header);
      assert.equal(status.viewsLeft, 1);
      assert.equal('ciphertext' in status, false);
      const head = await fetch(`${h.api}/${share.id}`, { method: 'HEAD' });
      assert.equal(head.status, 200);
      assert.equal(await head.text(), '');
    }
    // A wrong passcode spends nothing either.
    assert.equal((await open(h, share.id, wrongProof())).status, 403);
    assert.equal((await open(h, share.id, share.proof)).status, 200);
    assert.equal((await fetch(`${h.api}/${share.id}`)).status, 404);
    assert.equal((await fetch(`${h.api}/${share.id}`, { method: 'HEAD' })).status, 404);
    assert.equal((await open(h, share.id, share.proof)).status, 404);
  });

  it('counts views and is gone after the last one', async () => {
    const h = await start();
    const share = await create(h, { maxViews: 3 });
    for (const left of [2, 1, 0]) {
      const response = await open(h, share.id, share.proof);
      assert.equal(response.status, 200);
      assert.equal(((await response.json()) as { viewsLeft: number }).viewsLeft, left);
    }
    const gone = await open(h, share.id, share.proof);
    assert.equal(gone.status, 404);
    assert.equal(((await gone.json()) as { error: string }).error, 'unavailable');
  });

  it('gives exactly one success to simultaneous opens of a one-view share', async () => {
    const h = await start();
    for (let round = 0; round < 5; round += 1) {
      const share = await create(h, { maxViews: 1 });
      // Every opener holds its own answered challenge; then all send at once.
      const bodies = await Promise.all(Array.from({ length: 12 }, (_, i) => openBody(h, share.id, share.proof, `198.51.100.${i}`)));
      const answers = await Promise.all(bodies.map((body, i) => sendOpen(h, share.id, body, `198.51.100.${i}`)));
      const statuses = answers.map((r) => r.status).sort();
      assert.deepEqual(statuses, [200, ...Array(11).fill(404)]);
    }
    // Two views, many openers: exactly two successes.
    const two = await create(h, { maxViews: 2 });
    const bodies = await Promise.all(Array.from({ length: 10 }, () => openBody(h, two.id, two.proof)));
    const answers = await Promise.all(bodies.map((body) => sendOpen(h, two.id, body)));
    assert.equal(answers.filter((r) => r.status === 200).length, 2);
  });

  it('gives exactly one success when two server processes share one SQLite file', async () => {
    const dataDir = tempDataDir();
    const appUrl = new URL('./app.ts', import.meta.url).href;
    const code = `
      const { startServer } = await import(${JSON.stringify(appUrl)});
      const server = await startServer({ env: {}, host: '127.0.0.1', port: 0, dataDir: process.env.SHARE_TEST_DIR, logRequests: false, log: () => {}, ctgovApiBase: undefined });
      process.stdout.write('URL ' + server.url + '\\n');
      process.stdin.on('end', async () => { await server.close(); process.exit(0); });
      process.stdin.resume();
    `;
    const children: ChildProcess[] = [];
    const startChild = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
          env: { ...process.env, NODE_TEST_CONTEXT: undefined, SHARE_TEST_DIR: dataDir },
          stdio: ['pipe', 'pipe', 'inherit'],
        });
        children.push(child);
        let out = '';
        child.stdout!.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /URL (\S+)/.exec(out);
          if (match) resolve(match[1]!);
        });
        child.once('exit', (status) => reject(new Error(`server process exited (${status})`)));
      });
    try {
      const [a, b] = await Promise.all([startChild(), startChild()]);
      for (let round = 0; round < 3; round += 1) {
        const share = fakeShare(Date.now() + DAY_MS);
        const created = await post(`${a}/api/shares`, { envelope: share.envelope, verifier: share.verifier, maxViews: 1 });
        assert.equal(created.status, 201);
        const { id } = (await created.json()) as { id: string };
        // Challenges from one process, answered to the other: both read them from the file.
        const bodies = await Promise.all(Array.from({ length: 16 }, (_, i) => openBody(`${i % 2 ? b : a}/api/shares`, id, share.proof)));
        const answers = await Promise.all(bodies.map((body, i) => sendOpen(`${i % 2 ? a : b}/api/shares`, id, body)));
        assert.deepEqual(answers.map((r) => r.status).sort(), [200, ...Array(15).fill(404)]);
      }
    } finally {
      for (const child of children) {
        // A child that already died must not leave the test waiting for an exit it had.
        if (child.exitCode !== null || child.signalCode !== null) continue;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.stdin!.end();
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('limits wrong guesses per share with one generic 429, refusing even the right proof', async () => {
    const h = await start();
    const share = await create(h);
    for (let i = 0; i < DEFAULT_SHARE_LIMITS.wrongPerShareInWindow; i += 1) {
      // From different clients, so only the per-share limit can apply.
      const wrong = await open(h, share.id, wrongProof(), `192.0.2.${i}`);
      assert.equal(wrong.status, 403);
      // Each wrong answer says how many guesses are left before the lockout.
      assert.equal(((await wrong.json()) as { remaining: number }).remaining, DEFAULT_SHARE_LIMITS.wrongPerShareInWindow - i - 1);
    }
    const limited = await open(h, share.id, share.proof, '192.0.2.200');
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    const limitedBody = (await limited.json()) as { error: string; message: string };
    assert.equal(limitedBody.error, 'too-many-attempts');
    // The window passes: the right proof works again.
    h.clock.now += DEFAULT_SHARE_LIMITS.windowMs + 1;
    assert.equal((await open(h, share.id, share.proof, '192.0.2.200')).status, 200);

    // Per client: one address guessing across many shares is stopped, with the same answer.
    const victim = await create(h);
    for (let i = 0; i < DEFAULT_SHARE_LIMITS.wrongPerClientInWindow; i += 1) {
      const other = await create(h);
      const wrong = await open(h, other.id, wrongProof(), '192.0.2.66');
      assert.equal(wrong.status, 403);
      // Fresh shares, so the client's own limit is what runs out.
      const left = Math.min(DEFAULT_SHARE_LIMITS.wrongPerShareInWindow - 1, DEFAULT_SHARE_LIMITS.wrongPerClientInWindow - i - 1);
      assert.equal(((await wrong.json()) as { remaining: number }).remaining, left);
    }
    const clientLimited = await open(h, victim.id, victim.proof, '192.0.2.66');
    assert.equal(clientLimited.status, 429);
    const clientBody = (await clientLimited.json()) as { error: string; message: string };
    assert.equal(clientBody.error, limitedBody.error);
    assert.equal(clientBody.message, limitedBody.message);
    // Another client is not affected, and the victim's share spent nothing.
    assert.equal((await open(h, victim.id, victim.proof, '192.0.2.67')).status, 200);
  });

  it('destroys a share after its lifetime cap of wrong guesses', async () => {
    const h = await start({ wrongPerShareTotal: 4, wrongPerShareInWindow: 2 });
    const share = await create(h);
    for (let i = 0; i < 4; i += 1) {
      if (i === 2) h.clock.now += DEFAULT_SHARE_LIMITS.windowMs + 1;
      assert.equal((await open(h, share.id, wrongProof(), `192.0.2.${i}`)).status, 403);
    }
    assert.equal((await open(h, share.id, share.proof, '192.0.2.99')).status, 404);
  });

  it('enforces expiry to the millisecond', async () => {
    const h = await start();
    const expiresAt = START + 7 * DAY_MS;
    const share = await create(h, { expiresAt });
    h.clock.now = expiresAt - 1;
    assert.equal((await fetch(`${h.api}/${share.id}`)).status, 200);
    assert.equal((await open(h, share.id, share.proof)).status, 200);
    h.clock.now = expiresAt;
    assert.equal((await fetch(`${h.api}/${share.id}`)).status, 404);
    assert.equal((await open(h, share.id, share.proof)).status, 404);
  });

  it('requires an expiry in the future and at most 30 days ahead', async () => {
    const h = await start();
    const attempt = (expiresAt: number, overrides: Partial<ShareHeader> = {}) => {
      const share = fakeShare(expiresAt, overrides);
      return post(h.api, { envelope: share.envelope, verifier: share.verifier });
    };
    assert.equal((await attempt(START + 30 * DAY_MS)).status, 201);
    assert.equal((await attempt(START + 30 * DAY_MS + EXPIRY_SKEW_MS)).status, 201);
    assert.equal((await attempt(START + 30 * DAY_MS + EXPIRY_SKEW_MS + 1)).status, 422);
    assert.equal((await attempt(START)).status, 422);
    assert.equal((await attempt(START + 1)).status, 201);
    // Weak or unknown parameters, or no expiry at all, are refused.
    assert.equal((await attempt(START + DAY_MS, { kdf: { name: 'PBKDF2-HMAC-SHA256', iterations: SHARE_MIN_ITERATIONS - 1, salt: toBase64Url(randomBytes(16)) } })).status, 422);
    assert.equal((await attempt(START + DAY_MS, { v: 2 as 1 })).status, 422);
    const share = fakeShare(START + DAY_MS);
    const { expiresAt: _, ...noExpiry } = share.envelope.header;
    assert.equal((await post(h.api, { envelope: { ...share.envelope, header: noExpiry }, verifier: share.verifier })).status, 422);
    assert.equal((await post(h.api, { envelope: share.envelope, verifier: share.verifier, maxViews: 0 })).status, 422);
    assert.equal((await post(h.api, { envelope: share.envelope, verifier: share.verifier, notes: ['plain'] })).status, 422);
  });

  it('sweeps expired shares out of the file', async () => {
    const h = await start();
    const share = await create(h, { expiresAt: START + DAY_MS });
    h.clock.now = START + 2 * DAY_MS;
    const db = h.server.app.db;
    assert.equal((db.prepare('SELECT count(*) AS n FROM shares WHERE id = ?').get(share.id) as { n: number }).n, 1);
    assert.equal((await fetch(`${h.api}/${share.id}`)).status, 404);
    assert.equal((db.prepare('SELECT count(*) AS n FROM shares WHERE id = ?').get(share.id) as { n: number }).n, 0);
  });

  it('revokes with the delete token only', async () => {
    const h = await start();
    const share = await create(h);
    const del = (token?: string) => fetch(`${h.api}/${share.id}`, { method: 'DELETE', headers: token ? { authorization: `Bearer ${token}` } : {} });
    assert.equal((await del()).status, 401);
    assert.equal((await del(toBase64Url(randomBytes(32)))).status, 403);
    assert.equal((await fetch(`${h.api}/${share.id}`)).status, 200);
    assert.equal((await del(share.deleteToken)).status, 204);
    assert.equal((await fetch(`${h.api}/${share.id}`)).status, 404);
    assert.equal((await open(h, share.id, share.proof)).status, 404);
    assert.equal((await del(share.deleteToken)).status, 404);
    assert.equal((await fetch(`${h.api}/not-an-id`)).status, 404);
  });

  it('round-trips real notes through the widget client, and keeps no secret in the SQLite file', async () => {
    const h = await start({}, 'real');
    const noteText = 'Ask Dr Okafor whether the 6-week visit can move to Friday';
    const notes = [{ id: 'n1', body: noteText, exact: 'scheduled study visits' }];
    const passcode = 'plum-harbor-7-quietly-ember';
    const pageUrl = 'https://hospital.example/trials/NCT06801119';
    const created = await createServerShare(h.api, pageUrl, notes, {
      passcode,
      trialId: 'NCT06801119',
      expiresAt: Date.now() + 7 * DAY_MS,
      maxViews: 2,
    });
    assert.ok(created.url.startsWith(`${pageUrl}#trialkit-share=s1.`));
    const link = readShareLink(created.url);
    assert.ok(link.ok && link.link.mode === 'server');
    const secret = link.link.secret;

    await assert.rejects(openShareLink(created.url, 'plum-harbor-7-quietly-embe', { endpoint: h.api }), ShareWrongPasscodeError);
    const opened = await openShareLink(created.url, passcode, { endpoint: h.api, expectedTrialId: 'NCT06801119' });
    assert.deepEqual(opened.notes, notes);

    // A second, revoked share: its ciphertext must not linger either.
    const revoked = await createServerShare(h.api, pageUrl, [{ body: 'revoked note' }], { passcode, trialId: 'NCT06801119', expiresAt: Date.now() + DAY_MS });
    assert.equal(await revokeServerShare(h.api, revoked.id, revoked.deleteToken), true);
    await assert.rejects(openShareLink(revoked.url, passcode, { endpoint: h.api }), ShareExpiredError);

    await h.server.close();
    const files = [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`].map((name) => join(h.server.dataDir, name)).filter((file) => existsSync(file));
    const bytes = Buffer.concat(files.map((file) => readFileSync(file)));
    assert.ok(bytes.length > 0);
    const forbidden: [string, Buffer][] = [
      ['note text', Buffer.from(noteText, 'utf8')],
      ['note text (UTF-16)', Buffer.from(noteText, 'utf16le')],
      ['a word of the note', Buffer.from('Okafor', 'utf8')],
      ['revoked note', Buffer.from('revoked note', 'utf8')],
      ['passcode', Buffer.from(passcode, 'utf8')],
      ['link secret (bytes)', Buffer.from(secret)],
      ['link secret (base64url)', Buffer.from(toBase64Url(secret), 'utf8')],
      ['delete token', Buffer.from(created.deleteToken, 'utf8')],
    ];
    for (const [name, needle] of forbidden) assert.equal(bytes.indexOf(needle), -1, `${name} found in the SQLite file`);
    // The share row itself is there (the test looks at the right file).
    assert.notEqual(bytes.indexOf(Buffer.from(created.id, 'utf8')), -1);
  });

  it('rate-limits shares that one client creates', async () => {
    const h = await start({ createBurst: 2, createPerMinute: 1 });
    const share = fakeShare(START + DAY_MS);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await post(h.api, { envelope: share.envelope, verifier: share.verifier })).status);
    assert.deepEqual(statuses, [201, 201, 429]);
  });

  it('tells the widget client about too many attempts', async () => {
    const h = await start({ wrongPerShareInWindow: 1 }, 'real');
    const created = await createServerShare(h.api, 'https://x.example/', [], { passcode: 'right one', trialId: 'T', expiresAt: Date.now() + DAY_MS });
    await assert.rejects(openShareLink(created.url, 'wrong one', { endpoint: h.api }), ShareWrongPasscodeError);
    await assert.rejects(openShareLink(created.url, 'right one', { endpoint: h.api }), ShareTooManyAttemptsError);
  });

  it('takes each challenge answer once: a seen request cannot be replayed, and the static proof is refused', async () => {
    const h = await start();
    const share = await create(h, { maxViews: 5 });
    const body = await openBody(h, share.id, share.proof);
    assert.ok(!(body instanceof Response));
    assert.equal((await sendOpen(h, share.id, body)).status, 200);
    // Whoever saw that request sends it again: the nonce is spent.
    const replay = await sendOpen(h, share.id, body);
    assert.equal(replay.status, 409);
    assert.equal(((await replay.json()) as { error: string }).error, 'challenge');
    // The first protocol's static proof opens nothing.
    const legacy = await sendOpen(h, share.id, { proof: share.proof });
    assert.equal(legacy.status, 400);
    // An answer is bound to its nonce and its share.
    const other = await create(h);
    const forOther = await openBody(h, other.id, other.proof);
    assert.ok(!(forOther instanceof Response));
    assert.equal((await sendOpen(h, share.id, forOther)).status, 409, 'a nonce of another share');
    const fresh = await openBody(h, share.id, share.proof);
    assert.ok(!(fresh instanceof Response));
    assert.equal((await sendOpen(h, share.id, { nonce: fresh.nonce, answer: body.answer })).status, 403, 'an old answer to a new nonce');
    // A challenge left waiting too long has expired.
    const late = await openBody(h, share.id, share.proof);
    assert.ok(!(late instanceof Response));
    h.clock.now += SHARE_CHALLENGE_TTL_MS;
    assert.equal((await sendOpen(h, share.id, late)).status, 409);
    // Stale challenges were no guesses: four views are left, the right answer still opens.
    const right = await open(h, share.id, share.proof);
    assert.equal(right.status, 200);
    assert.equal(((await right.json()) as { viewsLeft: number }).viewsLeft, 3);
    assert.equal((await askChallenge(h, toBase64Url(randomBytes(16)))).status, 404);
  });

  it('refuses new shares past the storage quota, and takes them again once space is freed', async () => {
    // fakeShare carries 80 bytes of ciphertext: room for two.
    const h = await start({ quotaBytes: 200 });
    const first = await create(h);
    await create(h);
    const share = fakeShare(START + DAY_MS);
    const full = await post(h.api, { envelope: share.envelope, verifier: share.verifier });
    assert.equal(full.status, 507);
    assert.equal(((await full.json()) as { error: string }).error, 'quota');
    assert.ok(Number(full.headers.get('retry-after')) > 0);
    assert.equal((await fetch(`${h.api}/${first.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${first.deleteToken}` } })).status, 204);
    assert.equal((await post(h.api, { envelope: share.envelope, verifier: share.verifier })).status, 201);
  });

  it('limits the shares one client creates per hour and per day', async () => {
    const h = await start({ createPerHour: 2, createPerDay: 3 });
    const make = (client: string) => {
      const share = fakeShare(h.clock.now + DAY_MS);
      return post(h.api, { envelope: share.envelope, verifier: share.verifier }, { 'x-forwarded-for': client });
    };
    assert.deepEqual([(await make('192.0.2.10')).status, (await make('192.0.2.10')).status], [201, 201]);
    const hourly = await make('192.0.2.10');
    assert.equal(hourly.status, 429);
    assert.ok(Number(hourly.headers.get('retry-after')) > 60);
    assert.equal((await make('192.0.2.11')).status, 201, 'another client is not affected');
    h.clock.now += 60 * 60_000 + 1;
    assert.equal((await make('192.0.2.10')).status, 201);
    const daily = await make('192.0.2.10');
    assert.equal(daily.status, 429, 'three a day');
    h.clock.now += DAY_MS;
    assert.equal((await make('192.0.2.10')).status, 201);
  });

  it('erases the ciphertext from the SQLite file and its WAL on revoke and on expiry', async () => {
    const h = await start();
    const files = () =>
      Buffer.concat([DB_FILE, `${DB_FILE}-wal`].map((name) => join(h.server.dataDir, name)).filter((file) => existsSync(file)).map((file) => readFileSync(file)));
    // Large enough to spill onto overflow pages, random so it cannot occur by chance.
    const withCiphertext = (expiresAt: number) => {
      const share = fakeShare(expiresAt);
      const ciphertext = randomBytes(6000);
      return { ...share, ciphertext, envelope: { ...share.envelope, ciphertext: toBase64Url(ciphertext) } };
    };
    const store = async (share: ReturnType<typeof withCiphertext>) => {
      const response = await post(h.api, { envelope: share.envelope, verifier: share.verifier });
      assert.equal(response.status, 201);
      return (await response.json()) as { id: string; deleteToken: string };
    };
    const needles = (ciphertext: Buffer) => [ciphertext.subarray(0, 64), ciphertext.subarray(3000, 3064), ciphertext.subarray(-64)];

    const revoked = withCiphertext(START + 7 * DAY_MS);
    const expiring = withCiphertext(START + DAY_MS);
    const kept = withCiphertext(START + 7 * DAY_MS);
    const revokedIds = await store(revoked);
    await store(expiring);
    await store(kept);
    // The test looks where the bytes are: all three are on disk now.
    for (const share of [revoked, expiring, kept]) for (const needle of needles(share.ciphertext)) assert.notEqual(files().indexOf(needle), -1);

    const del = await fetch(`${h.api}/${revokedIds.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${revokedIds.deleteToken}` } });
    assert.equal(del.status, 204);
    for (const needle of needles(revoked.ciphertext)) assert.equal(files().indexOf(needle), -1, 'revoked ciphertext still on disk');

    // Expiry: the next look at the share erases it (as the periodic sweep does).
    h.clock.now = START + 2 * DAY_MS;
    const rows = h.server.app.db.prepare('SELECT id FROM shares WHERE expires_at <= ?').all(h.clock.now) as { id: string }[];
    assert.equal(rows.length, 1);
    assert.equal((await fetch(`${h.api}/${rows[0]!.id}`)).status, 404);
    for (const needle of needles(expiring.ciphertext)) assert.equal(files().indexOf(needle), -1, 'expired ciphertext still on disk');
    for (const needle of needles(kept.ciphertext)) assert.notEqual(files().indexOf(needle), -1, 'a live share must stay');
  });

  it('never writes a share id to the log, error lines included', async () => {
    const lines: string[] = [];
    const server = await startTestServer({ shareLimits: { createBurst: 1000, createPerMinute: 1000 }, logRequests: true, log: (line) => lines.push(line), trustProxyHops: 1 });
    servers.push(server);
    const h: Harness = { server, api: `${server.url}/api/shares`, clock: { now: Date.now() } };
    const share = await create(h, { maxViews: 1 });
    const unknown = toBase64Url(randomBytes(16));
    await fetch(`${h.api}/${share.id}`);
    await fetch(`${h.api}/${share.id}`, { method: 'HEAD' });
    await open(h, share.id, wrongProof());
    await sendOpen(h, share.id, { proof: share.proof });
    await sendOpen(h, share.id, 'not json');
    await fetch(`${h.api}/${share.id}`, { method: 'PUT' });
    await fetch(`${h.api}/${share.id}/open`, { method: 'OPTIONS', headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST' } });
    await fetch(`${h.api}/${share.id}/nothing-here`);
    await fetch(`${h.api}/${share.id}`, { method: 'DELETE', headers: { authorization: 'Bearer nope' } });
    await open(h, share.id, share.proof);
    await fetch(`${h.api}/${unknown}`);
    await fetch(`${h.api}/${share.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${share.deleteToken}` } });
    assert.ok(lines.length >= 12, lines.join('\n'));
    assert.ok(lines.some((line) => line.includes('/api/shares/:id/open')));
    for (const line of lines) {
      for (const secret of [share.id, unknown, share.deleteToken]) assert.equal(line.includes(secret), false, line);
    }
  });

  it('is listed in the route modules of the server', () => {
    assert.ok(ROUTE_MODULES.includes(shareRoutes), 'add shareRoutes to ROUTE_MODULES in server/routes/index.ts');
  });
});
