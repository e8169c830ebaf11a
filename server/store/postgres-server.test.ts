/**
 * The whole server on PostgreSQL: submissions, replays and the export through HTTP, an
 * unreachable database at start, and a database that goes away and comes back while the
 * server runs (stopped and started with pg_ctl).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { freshDatabase, postgresUnavailable, testCluster, type Cluster } from '../../test/helpers/postgres.ts';
import { PROJECT_ROOT, readConfig } from '../config.ts';
import { SmtpSink } from '../delivery/sinks.ts';
import { postJson, sampleContact, startTestServer, type TestServer } from '../testing.ts';

const skip = await postgresUnavailable();
if (skip) console.log(`PostgreSQL server tests skipped: ${skip}`);
const ADMIN = 'a-long-enough-admin-token-for-the-tests-0123456789';

describe('server on PostgreSQL', { skip: skip ?? false }, () => {
  let server: TestServer;
  let url: string;
  before(async () => {
    url = await freshDatabase();
    server = await startTestServer({ databaseUrl: url, adminToken: ADMIN, submitRateLimit: { burst: 0, perMinute: 0 } });
  });
  after(() => server?.dispose());

  it('stores a contact once per key, replays the same answer and exports it', async () => {
    const key = randomUUID();
    const first = await postJson(`${server.url}/api/contact`, sampleContact(), { 'idempotency-key': key });
    assert.equal(first.status, 201);
    const body = (await first.json()) as { id: string; receivedAt: string };
    const replay = await postJson(`${server.url}/api/contact`, sampleContact(), { 'idempotency-key': key });
    assert.equal(replay.status, 201);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await replay.json(), body);
    const conflict = await postJson(`${server.url}/api/contact`, sampleContact({ firstName: 'Bo' }), { 'idempotency-key': key });
    assert.equal(conflict.status, 409);
    const csv = await (await fetch(`${server.url}/api/admin/submissions.csv`, { headers: { authorization: `Bearer ${ADMIN}` } })).text();
    const lines = csv.trim().split('\r\n');
    assert.equal(lines.length, 2);
    assert.ok(lines[1]!.startsWith(`"${body.id}","${body.receivedAt}","NCT05819398",`), lines[1]);
    const health = await fetch(`${server.url}/api/health`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { db: string }).db, 'ok');
    assert.throws(() => server.app.db, /PostgreSQL/);
  });

  it('answers 503 with Retry-After while the database is away, and loses no acknowledged write', async () => {
    const cluster = (await testCluster()) as Cluster;
    if (typeof cluster === 'string' || process.env.TRIALKIT_TEST_DATABASE_URL) return;
    const acknowledged: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const key = randomUUID();
      const res = await postJson(`${server.url}/api/contact`, sampleContact(), { 'idempotency-key': key });
      assert.equal(res.status, 201);
      acknowledged.push(key);
    }
    cluster.stop();
    try {
      const key = randomUUID();
      const down = await postJson(`${server.url}/api/contact`, sampleContact(), { 'idempotency-key': key });
      assert.equal(down.status, 503);
      assert.equal(down.headers.get('retry-after'), '5');
      assert.equal(((await down.json()) as { error: string }).error, 'unavailable');
      const health = await fetch(`${server.url}/api/health`);
      assert.equal(health.status, 503);
      assert.equal(((await health.json()) as { db: string }).db, 'down');
      cluster.start();
      // The widget's outbox sends the same key again after Retry-After.
      const back = await postJson(`${server.url}/api/contact`, sampleContact(), { 'idempotency-key': key });
      assert.equal(back.status, 201);
      acknowledged.push(key);
    } finally {
      cluster.start();
    }
    assert.equal((await fetch(`${server.url}/api/health`)).status, 200);
    const client = new pg.Client(url);
    await client.connect();
    try {
      const { rows } = await client.query<{ key: string }>("SELECT idempotency_key AS key FROM submissions WHERE kind = 'contact'");
      const stored = new Set(rows.map((r) => r.key));
      for (const key of acknowledged) assert.ok(stored.has(key), `acknowledged ${key} is stored`);
    } finally {
      await client.end();
    }
  });

  it('delivers again once the database is back', async () => {
    const cluster = await testCluster();
    if (typeof cluster === 'string' || process.env.TRIALKIT_TEST_DATABASE_URL) return;
    const smtp = new SmtpSink();
    await smtp.start();
    const folder = mkdtempSync(join(tmpdir(), 'trialkit-pg-delivery-'));
    const routesFile = join(folder, 'routes.json');
    writeFileSync(routesFile, JSON.stringify({ default: ['team@hospital.example'] }));
    const lines: string[] = [];
    const delivering = await startTestServer({
      databaseUrl: await freshDatabase(),
      submitRateLimit: { burst: 0, perMinute: 0 },
      log: (line) => lines.push(line),
      delivery: { ...readConfig({}).delivery, smtpUrl: smtp.url, mailFrom: 'inquiries@hospital.example', routesFile, retryBaseMs: 50, retryMaxMs: 200 },
    });
    try {
      const sent = async (n: number) => {
        const deadline = Date.now() + 10_000;
        while (smtp.messages.length < n) {
          assert.ok(Date.now() < deadline, `${n} emails within 10 s`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      };
      assert.equal((await postJson(`${delivering.url}/api/contact`, sampleContact(), { 'idempotency-key': randomUUID() })).status, 201);
      await sent(1);
      cluster.stop();
      try {
        assert.equal((await postJson(`${delivering.url}/api/contact`, sampleContact(), { 'idempotency-key': randomUUID() })).status, 503);
      } finally {
        cluster.start();
      }
      assert.equal((await postJson(`${delivering.url}/api/contact`, sampleContact(), { 'idempotency-key': randomUUID() })).status, 201);
      await sent(2);
      assert.equal(new Set(smtp.messages.map((mail) => mail.messageId)).size, 2);
      assert.ok(lines.every((line) => !line.includes('ann@example.org')), 'no reader data in the log');
    } finally {
      await delivering.dispose();
      await smtp.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuses a DATABASE_URL that is not postgres://', async () => {
    await assert.rejects(startTestServer({ databaseUrl: 'mysql://db/trialkit' }), /^ConfigError: DATABASE_URL must be a postgres:\/\/ URL/);
  });

  it('does not start on an unreachable database: one sentence, exit 1', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: 'postgres://trialkit@127.0.0.1:1/trialkit', PORT: '0', CTGOV_API_BASE: 'off' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(run.status, 1);
    assert.equal(
      run.stderr.trim(),
      'trialkit reference server did not start: DATABASE_URL names a PostgreSQL server that does not answer (127.0.0.1:1, ECONNREFUSED).',
    );
  });
});
