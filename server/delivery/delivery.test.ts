/**
 * Delivery end to end with real parts: the server, an in-process SMTP server (smtp-server, with
 * AUTH) and an HTTP webhook receiver. What the team and the reader receive is read off the wire.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { PROJECT_ROOT } from '../config.ts';
import { DB_FILE } from '../store/sqlite.ts';
import { deleteExpired } from '../retention.ts';
import { postJson, sampleContact, startTestServer, tempDataDir, type TestServer } from '../testing.ts';
import { verifyWebhook } from './signature.ts';
import { SmtpSink, WebhookSink } from './sinks.ts';

const ADMIN = 'admin-token-for-delivery-tests-0123456789';
const SECRET = 'whsec-test-secret';
const folder = mkdtempSync(join(tmpdir(), 'trialkit-delivery-'));
const ROUTES = join(folder, 'routes.json');
writeFileSync(
  ROUTES,
  JSON.stringify({
    default: ['research-office@hospital.example'],
    trials: {
      NCT05819398: {
        default: 'eczema-study@hospital.example',
        sites: { 'Center for Clinical Studies': ['ccs-eczema@hospital.example', 'ccs-coordinator@hospital.example'] },
      },
    },
  }),
);

async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface JobView {
  id: string;
  submissionId: string;
  channel: string;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastErrorCode: string | null;
}

async function deliveries(server: TestServer, status?: string): Promise<JobView[]> {
  const response = await fetch(`${server.url}/api/admin/deliveries${status ? `?status=${status}` : ''}`, { headers: { authorization: `Bearer ${ADMIN}` } });
  assert.equal(response.status, 200);
  return ((await response.json()) as { jobs: JobView[] }).jobs;
}

const fullContact = () =>
  sampleContact({
    site: { facility: 'center for clinical  studies', city: 'Houston', state: 'Texas', zip: '77004', country: 'United States' },
    message: 'My eczema flares every winter; I take dupilumab.',
    contactMethod: 'phone',
    bestTime: 'evening',
    forSomeoneElse: true,
    patientName: 'Sam Lee',
    relationship: 'Parent',
    language: 'Spanish',
    prescreen: {
      consent: true,
      answers: [
        { criterionId: 'inclusion-1', sectionId: 'inclusion', section: 'inclusion', criterion: 'Moderate to severe atopic dermatitis', answer: 'yes' },
        { criterionId: 'exclusion-1', sectionId: 'exclusion', section: 'exclusion', criterion: 'Pregnant or breastfeeding', answer: 'no' },
        { criterionId: 'inclusion-2', sectionId: 'inclusion', section: 'inclusion', criterion: 'Aged 18 or older', answer: 'unsure' },
      ],
    },
    locale: 'en-US',
    widgetVersion: '0.1.0',
  });

describe('delivery to the study team', () => {
  const servers: TestServer[] = [];
  const smtp = new SmtpSink();
  const hooks = new WebhookSink();
  before(async () => {
    await smtp.start();
    await hooks.start();
  });
  // Each test's server numbers its submissions from 1, so the sinks start empty.
  beforeEach(() => {
    smtp.messages.length = 0;
    hooks.requests.length = 0;
  });
  after(async () => {
    for (const server of servers) await server.dispose();
    await smtp.stop();
    await hooks.stop();
  });

  const env = (extra: Record<string, string> = {}) => ({
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Study inquiries <inquiries@hospital.example>',
    ROUTES_FILE: ROUTES,
    WEBHOOK_URL: hooks.url,
    WEBHOOK_SECRET: SECRET,
    DELIVERY_RETRY_BASE_MS: '20',
    DELIVERY_RETRY_MAX_MS: '60',
    ...extra,
  });
  const start = async (extra: Record<string, string> = {}, options: Parameters<typeof startTestServer>[0] = {}) => {
    const server = await startTestServer({ env: env(extra), adminToken: ADMIN, submitRateLimit: { burst: 0, perMinute: 0 }, ...options });
    servers.push(server);
    return server;
  };
  const mailsFor = (id: string) => smtp.messages.filter((m) => m.messageId?.startsWith(`<trialkit.${id}.`));

  it('emails every field to the routed team, sends a bare receipt to the reader and a signed webhook', async () => {
    const server = await start({ SEND_READER_COPY: '1', READER_COPY_CONTACT: 'Call the study line: +1 555 010 0100.' });
    const payload = fullContact();
    const response = await postJson(`${server.url}/api/contact`, payload, { 'idempotency-key': randomUUID() });
    assert.equal(response.status, 201);
    const answer = (await response.json()) as { id: string; delivery: unknown };
    assert.deepEqual(answer.delivery, { team: 'email', copyToReader: true });

    const [a, b] = await until('two emails', () => mailsFor(answer.id).length === 2 && mailsFor(answer.id));
    const team = [a!, b!].find((m) => m.to.includes('ccs-eczema@hospital.example'))!;
    const receipt = [a!, b!].find((m) => m.to.includes('ann@example.org'))!;
    assert.ok(team && receipt, 'one email to the team, one to the reader');

    // The trial's site entry wins, matched whatever the case and spacing.
    assert.deepEqual(team.to.sort(), ['ccs-coordinator@hospital.example', 'ccs-eczema@hospital.example']);
    assert.equal(team.from, 'inquiries@hospital.example');
    assert.equal(team.subject, 'New inquiry for NCT05819398 at center for clinical studies');
    assert.match(team.messageId!, new RegExp(`^<trialkit\\.${answer.id}\\.\\d+@hospital\\.example>$`));
    assert.match(team.headers.get('reply-to')!, /ann@example\.org/);
    for (const text of [
      'Name: Ann Lee', 'Email: ann@example.org', 'Phone: +1 555 010 0199', 'Preferred contact: Phone call', 'Best time: Evening',
      'Asking for someone else: Yes', 'Patient name: Sam Lee', 'Relationship: Parent', 'Language: Spanish',
      'Site: center for clinical  studies — Houston, Texas, 77004, United States', 'My eczema flares every winter; I take dupilumab.',
      'Inclusion criteria\n- Yes: Moderate to severe atopic dermatitis\n- Not sure: Aged 18 or older',
      'Exclusion criteria\n- No: Pregnant or breastfeeding', 'Wording agreed to: I agree that the study team may contact me.',
      `Wording SHA-256: ${createHash('sha256').update('I agree that the study team may contact me.').digest('hex')}`,
      'Widget version: 0.1.0', 'Locale: en-US', `Submission id: ${answer.id}`,
    ]) {
      assert.ok(team.text.includes(text), `team email has ${JSON.stringify(text)}`);
    }

    // The receipt: who received it and how to reach them, nothing about health or the trial.
    assert.equal(receipt.to.length, 1);
    assert.ok(receipt.text.includes('The study team at center for clinical  studies received your request'));
    assert.ok(receipt.text.includes('Call the study line: +1 555 010 0100.'));
    for (const secret of ['eczema', 'dupilumab', 'dermatitis', 'Pregnant', 'NCT05819398', 'Sam Lee', 'Yes', 'Not sure']) {
      assert.ok(!receipt.text.includes(secret) && !receipt.subject!.includes(secret), `receipt does not mention ${secret}`);
    }
    assert.match(receipt.headers.get('reply-to')!, /ccs-eczema@hospital\.example/);
    assert.notEqual(receipt.messageId, team.messageId);

    const hook = await until('the webhook', () => hooks.requests.find((r) => r.headers['idempotency-key'] === answer.id));
    const signature = hook.headers['trialkit-signature'] as string;
    assert.match(signature, /^t=\d+,v1=[0-9a-f]{64}$/);
    assert.ok(verifyWebhook(SECRET, hook.body, signature), 'the signature verifies over the raw body');
    assert.ok(!verifyWebhook(SECRET, `${hook.body} `, signature), 'a changed body does not verify');
    assert.ok(!verifyWebhook('another-secret', hook.body, signature), 'another secret does not verify');
    assert.ok(!verifyWebhook(SECRET, hook.body, signature, 300, Date.now() / 1000 + 3600), 'an hour-old signature is refused');
    const event = JSON.parse(hook.body) as { type: string; id: string; submission: Record<string, unknown>; consent: { textSha256: string } };
    assert.equal(event.type, 'contact.received');
    assert.equal(event.id, answer.id);
    assert.equal(event.submission.message, payload.message);
    assert.equal(event.consent.textSha256.length, 64);

    const jobs = await until('three jobs done', async () => {
      const list = (await deliveries(server, 'done')).filter((job) => job.submissionId === answer.id);
      return list.length === 3 && list;
    });
    assert.deepEqual(jobs.map((job) => job.channel).sort(), ['email', 'reader-copy', 'webhook']);
    for (const job of jobs) assert.equal(job.attempts, 1);
  });

  it('lists deliveries only with the admin token, without personal data', async () => {
    const server = await start();
    const { id } = (await (await postJson(`${server.url}/api/contact`, fullContact(), { 'idempotency-key': randomUUID() })).json()) as { id: string };
    await until('delivered', async () => (await deliveries(server, 'done')).filter((job) => job.submissionId === id).length === 2);
    const raw = await (await fetch(`${server.url}/api/admin/deliveries`, { headers: { authorization: `Bearer ${ADMIN}` } })).text();
    for (const personal of ['ann@example.org', 'hospital.example', 'Ann', 'eczema', hooks.url]) assert.ok(!raw.includes(personal), `no ${personal} in the list`);
    const job = (JSON.parse(raw) as { jobs: Record<string, unknown>[] }).jobs[0]!;
    assert.deepEqual(Object.keys(job).sort(), ['attempts', 'channel', 'createdAt', 'doneAt', 'id', 'lastErrorCode', 'nextAttemptAt', 'status', 'submissionId']);
    assert.equal((await fetch(`${server.url}/api/admin/deliveries`)).status, 401);
    assert.equal((await fetch(`${server.url}/api/admin/deliveries`, { headers: { authorization: 'Bearer wrong-token' } })).status, 401);
    assert.equal((await fetch(`${server.url}/api/admin/deliveries?status=lost`, { headers: { authorization: `Bearer ${ADMIN}` } })).status, 400);
    assert.deepEqual(await deliveries(server, 'failed'), []);
    const off = await start({}, { adminToken: undefined });
    assert.equal((await fetch(`${off.url}/api/admin/deliveries`, { headers: { authorization: `Bearer ${ADMIN}` } })).status, 404);
  });

  it('creates no second job for a replayed Idempotency-Key and answers the same', async () => {
    const server = await start({ SEND_READER_COPY: '1' });
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 4 }, () => postJson(`${server.url}/api/contact`, fullContact(), { 'idempotency-key': key })));
    const later = await postJson(`${server.url}/api/contact`, fullContact(), { 'idempotency-key': key });
    const bodies = await Promise.all([...answers, later].map((r) => r.json() as Promise<{ id: string; delivery: unknown }>));
    assert.equal(new Set(bodies.map((b) => b.id)).size, 1);
    for (const body of bodies) assert.deepEqual(body.delivery, { team: 'email', copyToReader: true });
    assert.equal(later.headers.get('idempotent-replayed'), 'true');
    const count = server.app.db.prepare('SELECT count(*) AS n FROM delivery_jobs WHERE submission_id = ?').get(Number(bodies[0]!.id)) as { n: number };
    assert.equal(count.n, 3);
    await until('delivered', async () => (await deliveries(server, 'done')).filter((job) => job.submissionId === bodies[0]!.id).length === 3);
    assert.equal(mailsFor(bodies[0]!.id).length, 2);
  });

  it('answers stored when no channel is configured, and stores a notify sign-up without delivering it', async () => {
    const server = await startTestServer({ adminToken: ADMIN, submitRateLimit: { burst: 0, perMinute: 0 } });
    servers.push(server);
    const contact = (await (await postJson(`${server.url}/api/contact`, sampleContact(), { 'idempotency-key': randomUUID() })).json()) as { delivery: unknown };
    assert.deepEqual(contact.delivery, { team: 'stored', copyToReader: false });
    const hookOnly = await start({ SMTP_URL: '', ROUTES_FILE: '', MAIL_FROM: '' });
    const viaHook = (await (await postJson(`${hookOnly.url}/api/contact`, sampleContact(), { 'idempotency-key': randomUUID() })).json()) as { delivery: unknown };
    assert.deepEqual(viaHook.delivery, { team: 'webhook', copyToReader: false });
    const withMail = await start();
    const notify = await postJson(`${withMail.url}/api/notify`, { email: 'ann@example.org', consent: true, consentText: 'Tell me when it opens.' }, { 'idempotency-key': randomUUID() });
    assert.equal(notify.status, 201);
    assert.deepEqual(((await notify.json()) as { delivery: unknown }).delivery, { team: 'stored', copyToReader: false });
    assert.equal((withMail.app.db.prepare('SELECT count(*) AS n FROM delivery_jobs').get() as { n: number }).n, 0);
  });

  it('sends no receipt to a reader address a mail library could split', async () => {
    const server = await start({ SEND_READER_COPY: '1', WEBHOOK_URL: '', WEBHOOK_SECRET: '' });
    const response = await postJson(`${server.url}/api/contact`, sampleContact({ email: 'ann,other@example.org' }), { 'idempotency-key': randomUUID() });
    assert.equal(response.status, 201, 'the schema takes it');
    const { id, delivery } = (await response.json()) as { id: string; delivery: unknown };
    assert.deepEqual(delivery, { team: 'email', copyToReader: false });
    await until('the team email', () => mailsFor(id).length === 1);
    assert.deepEqual(server.app.db.prepare('SELECT channel FROM delivery_jobs WHERE submission_id = ?').all(Number(id)), [{ channel: 'email' }]);
  });

  it('marks a job failed after its tries when SMTP answers 5xx, and keeps the submission', async () => {
    const server = await start({ DELIVERY_MAX_ATTEMPTS: '3', WEBHOOK_URL: '', WEBHOOK_SECRET: '' });
    smtp.mode = 'reject';
    try {
      const response = await postJson(`${server.url}/api/contact`, fullContact(), { 'idempotency-key': randomUUID() });
      const { id } = (await response.json()) as { id: string };
      const [failed] = await until('the job failed', async () => {
        const list = (await deliveries(server, 'failed')).filter((job) => job.submissionId === id);
        return list.length === 1 && list;
      });
      assert.equal(failed!.attempts, 3);
      assert.equal(failed!.lastErrorCode, 'smtp-550');
      assert.equal(failed!.nextAttemptAt, null);
      assert.equal(mailsFor(id).length, 0);
      const csv = await (await fetch(`${server.url}/api/admin/submissions.csv`, { headers: { authorization: `Bearer ${ADMIN}` } })).text();
      assert.ok(csv.includes('"ann@example.org"'), 'the submission is still exported');
    } finally {
      smtp.mode = 'accept';
    }
  });

  it('delivers later when the SMTP server and the webhook are down at first', async () => {
    const down = new SmtpSink();
    await down.start();
    await down.stop();
    const downHooks = new WebhookSink();
    await downHooks.start();
    downHooks.status = 503;
    const server = await start({ SMTP_URL: down.url, WEBHOOK_URL: downHooks.url });
    try {
      const { id } = (await (await postJson(`${server.url}/api/contact`, fullContact(), { 'idempotency-key': randomUUID() })).json()) as { id: string };
      const waiting = await until('two failed tries each', async () => {
        const list = await deliveries(server, 'pending');
        return list.length === 2 && list.every((job) => job.attempts >= 2) && list;
      });
      const codes = waiting.map((job) => job.lastErrorCode).sort();
      assert.match(codes[0]!, /^(ECONNREFUSED|ESOCKET)$/, 'nodemailer reports a refused connection as a socket error');
      assert.equal(codes[1], 'http-503');
      await down.start();
      downHooks.status = 200;
      const mail = await until('the email', () => down.messages[0]);
      assert.match(mail.messageId!, new RegExp(`^<trialkit\\.${id}\\.`));
      await until('the webhook', () => downHooks.requests[0]);
      await until('both done', async () => (await deliveries(server, 'done')).length === 2);
      assert.equal(down.messages.length, 1);
      assert.equal(downHooks.requests.length, 1);
    } finally {
      await server.close();
      await down.stop();
      await downHooks.stop();
    }
  });

  const lanAddress = Object.values(networkInterfaces()).flat().find((i) => i && !i.internal && i.family === 'IPv4')?.address;
  it('sends nothing in clear text to an SMTP server off this machine that offers no STARTTLS', { skip: !lanAddress && 'no non-loopback address here' }, async () => {
    const plain = new SmtpSink({ host: lanAddress });
    await plain.start();
    const server = await start({ SMTP_URL: plain.url, WEBHOOK_URL: '', WEBHOOK_SECRET: '', DELIVERY_MAX_ATTEMPTS: '2' });
    try {
      await postJson(`${server.url}/api/contact`, fullContact(), { 'idempotency-key': randomUUID() });
      const [failed] = await until('the job failed', async () => {
        const list = await deliveries(server, 'failed');
        return list.length === 1 && list;
      });
      assert.equal(failed!.lastErrorCode, 'ETLS');
      assert.equal(plain.started, 0, 'no message was handed over');
    } finally {
      await server.close();
      await plain.stop();
    }
  });

  it('tells a refused login apart from a refused message', async () => {
    const server = await start({ SMTP_URL: smtp.url.replace(smtp.pass, 'wrong-password'), WEBHOOK_URL: '', WEBHOOK_SECRET: '', DELIVERY_MAX_ATTEMPTS: '1' });
    await postJson(`${server.url}/api/contact`, fullContact(), { 'idempotency-key': randomUUID() });
    const [failed] = await until('the job failed', async () => {
      const list = await deliveries(server, 'failed');
      return list.length === 1 && list;
    });
    assert.equal(failed!.lastErrorCode, 'EAUTH');
    assert.equal(smtp.messages.length, 0);
  });

  it('keeps the consent record and exports it', async () => {
    const server = await start({}, { allowedOrigins: ['https://trials.hospital.example'] });
    const consentText = 'I agree that my details go to the study team.';
    await postJson(`${server.url}/api/contact`, sampleContact({ consentText, widgetVersion: '1.2.3' }), {
      'idempotency-key': randomUUID(),
      origin: 'https://trials.hospital.example',
    });
    await postJson(`${server.url}/api/contact`, sampleContact(), { 'idempotency-key': randomUUID(), referer: 'https://blog.example/posts/eczema?x=1' });
    const csv = await (await fetch(`${server.url}/api/admin/submissions.csv`, { headers: { authorization: `Bearer ${ADMIN}` } })).text();
    const [header, first, second] = csv.replace(/^\ufeff/, '').trim().split('\r\n');
    assert.ok(header!.endsWith('"consent_text_sha256","widget_version","page_origin","consent_at"'));
    const sha = createHash('sha256').update(consentText).digest('hex');
    assert.match(first!, new RegExp(`"${sha}","1\\.2\\.3","https://trials\\.hospital\\.example","\\d{4}-\\d\\d-\\d\\dT[^"]+"$`));
    assert.match(second!, /,"[0-9a-f]{64}","","https:\/\/blog\.example","[^"]+"$/);
  });
});

after(() => rmSync(folder, { recursive: true, force: true }));

describe('delivery configuration', () => {
  const bad = join(folder, 'bad');
  const cases: [string, string | undefined, Record<string, string>, RegExp][] = [
    ['not JSON', '{ "default": ["a@b.org"], }', {}, /^ROUTES_FILE \S+ is not valid JSON \(.+\)\.$/],
    ['no default', '{ "trials": {} }', {}, /^ROUTES_FILE \S+ has no "default" address list, so some inquiries would reach no one\.$/],
    ['a list for a file', '["team@h.org"]', {}, /^ROUTES_FILE \S+ must hold a JSON object with a "default" address list\.$/],
    ['a bad address', '{ "default": ["team@h.org"], "sites": { "A": ["not an address"] } }', {}, /^ROUTES_FILE \S+ is not a valid routes file: sites\.A\.0 is not an email address\.$/],
    ['missing', undefined, {}, /^ROUTES_FILE \S+ cannot be read \(ENOENT\)\.$/],
    ['SMTP without MAIL_FROM', '{ "default": "team@h.org" }', { MAIL_FROM: '' }, /^SMTP_URL is set but MAIL_FROM is not/],
    ['a webhook without secret', '{ "default": "team@h.org" }', { WEBHOOK_URL: 'https://crm.example/hook' }, /^WEBHOOK_URL is set but WEBHOOK_SECRET is not/],
    ['a clear-text webhook', '{ "default": "team@h.org" }', { WEBHOOK_URL: 'http://crm.example/hook', WEBHOOK_SECRET: 's' }, /^WEBHOOK_URL must be an https:\/\/ URL/],
  ];
  for (const [name, text, extra, message] of cases) {
    it(`refuses to start with ${name}, in one sentence`, async () => {
      const file = `${bad}-${name.replace(/\W+/g, '-')}.json`;
      if (text !== undefined) writeFileSync(file, text);
      const dataDir = tempDataDir();
      try {
        await assert.rejects(
          startTestServer({ dataDir, env: { SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: 'a@h.org', ROUTES_FILE: file, ...extra } }),
          (error: Error) => {
            assert.match(error.message, message);
            assert.ok(!error.message.includes('\n'));
            return true;
          },
        );
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  }

  it('main.ts prints the sentence and exits non-zero', () => {
    const file = `${bad}-main.json`;
    writeFileSync(file, '{ "trials": { "NCT05819398": { "default": ["team@h.org"] } } }');
    const dataDir = tempDataDir();
    try {
      const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        cwd: PROJECT_ROOT,
        env: { PATH: process.env.PATH, PORT: '0', DATA_DIR: dataDir, CTGOV_API_BASE: 'off', SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: 'a@h.org', ROUTES_FILE: file },
        encoding: 'utf8',
        timeout: 20_000,
      });
      assert.equal(result.status, 1);
      assert.equal(result.stdout, '');
      assert.equal(result.stderr.trim().split('\n').length, 1);
      assert.match(result.stderr, /^trialkit reference server did not start: ROUTES_FILE \S+ has no "default" address list/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('what the server keeps', () => {
  it('creates the database, its WAL and shared memory as 0600 in a 0700 folder', async () => {
    const parent = tempDataDir();
    const dataDir = join(parent, 'fresh');
    const server = await startTestServer({ dataDir });
    try {
      await postJson(`${server.url}/api/contact`, sampleContact(), { 'idempotency-key': randomUUID() });
      for (const suffix of ['', '-wal', '-shm']) assert.equal(statSync(join(dataDir, DB_FILE + suffix)).mode & 0o777, 0o600, `${DB_FILE}${suffix}`);
      assert.equal(statSync(dataDir).mode & 0o777, 0o700);
    } finally {
      await server.dispose();
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('adds the consent and delivery columns to a file from before them, keeping its rows', async () => {
    const dataDir = tempDataDir();
    const old = new Database(join(dataDir, DB_FILE));
    old.exec(`CREATE TABLE submissions (
      id INTEGER PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('contact', 'notify')), idempotency_key TEXT NOT NULL,
      body_hash TEXT NOT NULL, trial_id TEXT, payload TEXT NOT NULL, received_at TEXT NOT NULL, UNIQUE (kind, idempotency_key))`);
    old.prepare("INSERT INTO submissions (kind, idempotency_key, body_hash, payload, received_at) VALUES ('contact', 'old-key-1', 'h', ?, ?)").run(
      JSON.stringify(sampleContact()),
      new Date().toISOString(),
    );
    old.close();
    const server = await startTestServer({ dataDir, adminToken: ADMIN });
    try {
      const replay = await postJson(`${server.url}/api/contact`, sampleContact(), { 'idempotency-key': 'old-key-1' });
      assert.equal(replay.status, 409, 'the old row is still there (its hash differs)');
      const fresh = (await (await postJson(`${server.url}/api/contact`, sampleContact(), { 'idempotency-key': randomUUID() })).json()) as { id: string };
      assert.equal(fresh.id, '2');
      const csv = await (await fetch(`${server.url}/api/admin/submissions.csv`, { headers: { authorization: `Bearer ${ADMIN}` } })).text();
      assert.equal(csv.trim().split('\r\n').length, 3);
    } finally {
      await server.dispose();
    }
  });

  it('deletes submissions and their jobs after RETENTION_DAYS, on start and when swept', async () => {
    const dataDir = tempDataDir();
    let server = await startTestServer({ dataDir, submitRateLimit: { burst: 0, perMinute: 0 } });
    for (let i = 0; i < 3; i++) await postJson(`${server.url}/api/contact`, sampleContact(), { 'idempotency-key': randomUUID() });
    const { db } = server.app;
    const old = (days: number) => new Date(Date.now() - days * 24 * 3600 * 1000).toISOString();
    db.prepare('UPDATE submissions SET received_at = ? WHERE id = 1').run(old(91));
    db.prepare('UPDATE submissions SET received_at = ? WHERE id = 2').run(old(89));
    for (const id of [1, 2]) db.prepare("INSERT INTO delivery_jobs (submission_id, channel, target, next_attempt_at, created_at) VALUES (?, 'email', 't@h.org', '', '')").run(id);
    await server.close();

    server = await startTestServer({ dataDir });
    try {
      const ids = (server.app.db.prepare('SELECT id FROM submissions ORDER BY id').all() as { id: number }[]).map((r) => r.id);
      assert.deepEqual(ids, [2, 3], 'the 91-day-old one went at start');
      assert.deepEqual(server.app.db.prepare('SELECT submission_id AS id FROM delivery_jobs').all(), [{ id: 2 }], 'with its job');
      assert.equal(deleteExpired(server.app.db, 90, new Date(Date.now() + 2 * 24 * 3600 * 1000)), 1, 'two days later the 89-day-old one goes');
      assert.equal((server.app.db.prepare('SELECT count(*) AS n FROM delivery_jobs').get() as { n: number }).n, 0);
      assert.equal(deleteExpired(server.app.db, 0), 0, 'RETENTION_DAYS=0 keeps everything');
    } finally {
      await server.dispose();
    }
  });
});
