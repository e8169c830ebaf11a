/**
 * The store contract, run against both backends: the SQLite file and a real PostgreSQL server
 * (test/helpers/postgres.ts starts one; without it the PostgreSQL half skips and says why).
 */
import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { freshDatabase, postgresUnavailable } from '../../test/helpers/postgres.ts';
import type { PlannedJob } from '../delivery/plan.ts';
import type { ShareStoreLimits } from '../share-store.ts';
import { DAY_MS, shareChallengeMessage, toBase64Url } from '../../src/model/share.ts';
import { sampleShareEnvelope, tempDataDir } from '../testing.ts';
import { PostgresStore } from './postgres.ts';
import { DB_FILE, SCHEMA_VERSION, SqliteStore } from './sqlite.ts';
import type { Store } from './types.ts';
import { join } from 'node:path';

const pgSkip = await postgresUnavailable();
if (pgSkip) console.log(`PostgreSQL store tests skipped: ${pgSkip}`);

interface Backend {
  name: string;
  skip: string | false;
  /** A new, empty store; `again` opens a second connection to the same one (another instance). */
  open(): Promise<{ store: Store; again: () => Promise<Store>; dispose: () => Promise<void> }>;
}

const BACKENDS: Backend[] = [
  {
    name: 'SQLite',
    skip: false,
    async open() {
      const dir = tempDataDir();
      const opened: Store[] = [];
      const again = async () => {
        const store = SqliteStore.open(dir);
        opened.push(store);
        return store;
      };
      return {
        store: await again(),
        again,
        dispose: async () => {
          for (const store of opened) await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'PostgreSQL',
    skip: pgSkip ?? false,
    async open() {
      const url = await freshDatabase();
      const opened: Store[] = [];
      const again = async () => {
        const store = await PostgresStore.open(url);
        opened.push(store);
        return store;
      };
      return {
        store: await again(),
        again,
        dispose: async () => {
          for (const store of opened) await store.close();
        },
      };
    },
  },
];

const EMAIL_JOB: PlannedJob = { channel: 'email', target: 'team@hospital.example' };
const payload = (n: number) => JSON.stringify({ trialId: 'NCT05819398', firstName: 'Ann', lastName: 'Lee', email: `ann${n}@example.org`, consentText: 'I agree.' });

for (const backend of BACKENDS) {
  describe(`store on ${backend.name}`, { skip: backend.skip }, () => {
    let store: Store;
    let again: () => Promise<Store>;
    let dispose: () => Promise<void>;
    before(async () => {
      ({ store, again, dispose } = await backend.open());
    });
    after(() => dispose?.());

    it('stores a key once: a replay gets the first record, a different body a conflict, and no extra jobs', async () => {
      const record = { consentSha256: 'c'.repeat(64), widgetVersion: '1.2.3', pageOrigin: 'https://trials.example', delivery: { team: 'email', copyToReader: false } as const, jobs: [EMAIL_JOB] };
      const first = await store.saveSubmission('contact', 'key-replay-1', 'h1', 'NCT05819398', payload(1), record);
      assert.equal(first.created, true);
      assert.match(first.receivedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const replay = await store.saveSubmission('contact', 'key-replay-1', 'h1', 'NCT05819398', payload(1), record);
      assert.deepEqual(replay, { ...first, created: false });
      const conflict = await store.saveSubmission('contact', 'key-replay-1', 'other', 'NCT05819398', payload(2), record);
      assert.equal(conflict.conflict, true);
      assert.equal(conflict.id, first.id);
      const notify = await store.saveSubmission('notify', 'key-replay-1', 'h1', undefined, payload(1));
      assert.equal(notify.created, true, 'keys are per kind');
      const jobs = await store.listDeliveries(undefined, 100);
      assert.equal(jobs.filter((job) => job.submissionId === first.id).length, 1);
      const [row] = (await store.submissionPage('contact', first.id - 1, 1));
      assert.deepEqual(row, {
        id: first.id,
        trialId: 'NCT05819398',
        payload: JSON.parse(payload(1)),
        receivedAt: first.receivedAt,
        consentSha256: 'c'.repeat(64),
        widgetVersion: '1.2.3',
        pageOrigin: 'https://trials.example',
        consentAt: first.receivedAt,
      });
    });

    it('answers the same id to retries of one key from two instances at once, storing one row', async () => {
      const other = await again();
      const tries = Array.from({ length: 20 }, (_, i) => (i % 2 ? store : other).saveSubmission('contact', 'key-race-1', 'h', undefined, payload(3), { jobs: [EMAIL_JOB] }));
      const results = await Promise.all(tries);
      assert.equal(new Set(results.map((r) => r.id)).size, 1);
      assert.equal(results.filter((r) => r.created).length, 1);
      const jobs = (await store.listDeliveries(undefined, 1000)).filter((job) => job.submissionId === results[0]!.id);
      assert.equal(jobs.length, 1);
    });

    it('pages the export by id', async () => {
      for (let i = 0; i < 5; i += 1) await store.saveSubmission('notify', `key-page-${i}`, 'h', undefined, payload(i));
      const all = await store.submissionPage('notify', 0, 100);
      const firstTwo = await store.submissionPage('notify', 0, 2);
      const rest = await store.submissionPage('notify', firstTwo[1]!.id, 100);
      assert.deepEqual([...firstTwo, ...rest], all);
      assert.ok(all.length >= 5);
    });

    it('claims each due job once, even with two instances claiming at once, and records outcomes', async () => {
      const other = await again();
      const ids = new Set<number>();
      for (let i = 0; i < 30; i += 1) {
        const saved = await store.saveSubmission('contact', `key-claim-${i}`, 'h', undefined, payload(i), { jobs: [EMAIL_JOB] });
        ids.add(saved.id);
      }
      const now = new Date(Date.now() + 1000);
      const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? store : other).deliveryStep([], 5, now, 60_000)));
      const claimed = claims.flat().filter((job) => ids.has(job.submissionId));
      assert.equal(claimed.length, 30, 'every job claimed');
      assert.equal(new Set(claimed.map((job) => job.id)).size, 30, 'none twice');
      assert.ok(claimed.every((job) => job.attempts === 1 && job.channel === 'email' && job.target === EMAIL_JOB.target));
      assert.deepEqual(await store.deliveryStep([], 50, now, 60_000), [], 'leased jobs are not claimed again while the lease holds');

      const [done, retry, failed] = claimed;
      const retryAt = new Date(now.getTime() + 5_000);
      await other.deliveryStep(
        [
          { id: done!.id, kind: 'done', messageId: '<m@x>' },
          { id: retry!.id, kind: 'retry', code: 'smtp-4xx', at: retryAt },
          { id: failed!.id, kind: 'failed', code: 'smtp-5xx' },
        ],
        0,
        now,
        60_000,
      );
      const byId = new Map((await store.listDeliveries(undefined, 1000)).map((job) => [job.id, job]));
      assert.equal(byId.get(done!.id)!.status, 'done');
      assert.equal(byId.get(retry!.id)!.status, 'pending');
      assert.equal(byId.get(retry!.id)!.nextAttemptAt, retryAt.toISOString());
      assert.equal(byId.get(retry!.id)!.lastErrorCode, 'smtp-4xx');
      assert.equal(byId.get(failed!.id)!.status, 'failed');
      assert.equal((await store.listDeliveries('failed', 10)).length, 1);
      assert.equal((await store.nextDeliveryDueAt())?.toISOString(), retryAt.toISOString(), 'the retry is due before the leases run out');

      // After the lease, a job a dead worker held is claimed again, counting the attempt.
      const later = new Date(now.getTime() + 61_000);
      const reclaimed = (await other.deliveryStep([], 100, later, 60_000)).filter((job) => ids.has(job.submissionId));
      assert.equal(reclaimed.length, 28, '27 expired leases and the due retry');
      assert.equal(reclaimed.find((job) => job.id === retry!.id)?.attempts, 2);
      const source = await store.deliverySource(done!.submissionId);
      assert.equal(source?.id, done!.submissionId);
      assert.equal(await store.teamAddresses(done!.submissionId), EMAIL_JOB.target);
    });

    it('limits a client by token bucket and by sliding window (on PostgreSQL, one budget for all instances)', async () => {
      const clock = { now: 1_000_000 };
      const now = () => clock.now;
      const shared = backend.name === 'PostgreSQL';
      // In memory (SQLite) a limiter is its own budget; in PostgreSQL two instances' limiters share one.
      const pair = async <T>(make: (s: Store) => T): Promise<T[]> => {
        if (!shared) {
          const one = make(store);
          return [one, one];
        }
        return [make(store), make(await again())];
      };
      const buckets = await pair((s) => s.rateLimiter('test-bucket', { burst: 3, perMinute: 60 }, now));
      const takes = [];
      for (let i = 0; i < 4; i += 1) takes.push(await buckets[i % 2]!.take('203.0.113.9'));
      assert.deepEqual(takes, [{ allowed: true }, { allowed: true }, { allowed: true }, { allowed: false, retryAfterSeconds: 1 }]);
      assert.deepEqual(await buckets[0]!.take('203.0.113.10'), { allowed: true }, 'another client has its own bucket');
      clock.now += 1_000;
      assert.deepEqual(await buckets[1]!.take('203.0.113.9'), { allowed: true }, 'one token back after a second');
      assert.equal(store.rateLimiter('off', { burst: 0, perMinute: 0 }, now).enabled, false);

      const windows = await pair((s) => s.windowLimiter('test-window', { attempts: 2, windowMs: 10_000 }, now));
      assert.equal(await windows[0]!.retryAfterMs('203.0.113.9'), 0);
      await windows[0]!.record('203.0.113.9');
      clock.now += 4_000;
      await windows[1]!.record('203.0.113.9');
      assert.equal(await windows[0]!.retryAfterMs('203.0.113.9'), 6_000, 'until the first leaves the window');
      assert.equal(await windows[1]!.retryAfterMs('203.0.113.8'), 0);
      clock.now += 6_000;
      assert.equal(await windows[1]!.retryAfterMs('203.0.113.9'), 0);
    });

    it('keeps shares: one-time challenges, wrong-guess limits, one view, revoke, quota and sweep', async () => {
      const clock = { now: Date.parse('2026-11-27T06:00:00.000Z') };
      const limits: ShareStoreLimits = { wrongPerShareInWindow: 2, wrongPerShareTotal: 3, windowMs: 60_000, quotaBytes: 200 };
      const shares = store.shares(() => clock.now, limits);
      const make = (maxViews: number | undefined, bytes = 64, days = 1) => {
        const proof = randomBytes(32);
        const verifier = createHash('sha256').update(proof).digest();
        const envelope = sampleShareEnvelope(clock.now + days * DAY_MS, { bytes });
        return { envelope, verifier, create: () => shares.create(envelope, toBase64Url(verifier), maxViews) };
      };
      const answer = (verifier: Buffer, id: string, nonce: string) => createHmac('sha256', verifier).update(shareChallengeMessage(id, nonce)).digest();
      const wrong = new Uint8Array(32);

      const once = make(1);
      const created = await once.create();
      assert.equal(created.kind, 'created');
      const id = created.kind === 'created' ? created.id : '';
      assert.equal((await shares.status(id))?.viewsLeft, 1);
      const c1 = (await shares.challenge(id))!;
      assert.equal((await shares.open(id, c1.nonce, wrong)).kind, 'wrong-proof');
      assert.equal((await shares.open(id, c1.nonce, answer(once.verifier, id, c1.nonce))).kind, 'stale-challenge', 'a nonce is good for one try');
      const c2 = (await shares.challenge(id))!;
      const opened = await shares.open(id, c2.nonce, answer(once.verifier, id, c2.nonce));
      assert.deepEqual(opened, { kind: 'opened', envelope: once.envelope, viewsLeft: 0 });
      assert.equal(await shares.status(id), undefined, 'used up');
      assert.equal(await shares.challenge(id), undefined);

      const guessed = make(undefined);
      const g = await guessed.create();
      const gid = g.kind === 'created' ? g.id : '';
      // Two wrong guesses per window here: the first leaves one, the second none.
      const left: unknown[] = [];
      for (let i = 0; i < 2; i += 1) left.push(await shares.open(gid, (await shares.challenge(gid))!.nonce, wrong));
      assert.deepEqual(left, [
        { kind: 'wrong-proof', remaining: 1 },
        { kind: 'wrong-proof', remaining: 0 },
      ]);
      const limited = await shares.open(gid, (await shares.challenge(gid))!.nonce, wrong);
      assert.deepEqual(limited, { kind: 'limited', retryAfterMs: 60_000 });
      clock.now += 61_000;
      assert.equal((await shares.open(gid, (await shares.challenge(gid))!.nonce, wrong)).kind, 'wrong-proof');
      assert.equal(await shares.status(gid), undefined, 'destroyed after the lifetime cap of wrong guesses');

      const kept = make(undefined, 100);
      const k = await kept.create();
      assert.equal(k.kind, 'created');
      assert.equal(await shares.storedBytes(), 100);
      assert.deepEqual(await make(undefined, 101).create(), { kind: 'full' }, 'past the quota');
      if (k.kind !== 'created') return;
      assert.equal(await shares.revoke(k.id, 'not-the-token'), 'forbidden');
      assert.equal(await shares.revoke(k.id, k.deleteToken), 'revoked');
      assert.equal(await shares.revoke(k.id, k.deleteToken), 'unavailable');

      const expiring = await make(undefined, 10, 1).create();
      clock.now += 2 * DAY_MS;
      assert.equal(await shares.sweep(), 1);
      assert.equal(expiring.kind === 'created' && (await shares.status(expiring.id)), undefined);
      assert.equal(await shares.storedBytes(), 0);
    });

    it('deletes submissions past retention with their jobs', async () => {
      const saved = await store.saveSubmission('contact', 'key-old-1', 'h', undefined, payload(9), { jobs: [EMAIL_JOB] });
      const before = (await store.listDeliveries(undefined, 1000)).length;
      assert.equal(await store.deleteExpired(0), 0, '0 keeps everything');
      const removed = await store.deleteExpired(1, new Date(Date.now() + 2 * 24 * 3600 * 1000));
      assert.ok(removed >= 1);
      assert.equal(await store.deliverySource(saved.id), undefined);
      assert.ok((await store.listDeliveries(undefined, 1000)).length < before);
      await store.ping();
    });
  });
}

describe('SQLite schema versions', () => {
  it('numbers the schema in user_version and brings a first-release file up to it', async () => {
    const dir = tempDataDir();
    try {
      const old = new Database(join(dir, DB_FILE));
      old.exec(`CREATE TABLE submissions (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, idempotency_key TEXT NOT NULL, body_hash TEXT NOT NULL,
        trial_id TEXT, payload TEXT NOT NULL, received_at TEXT NOT NULL, UNIQUE (kind, idempotency_key))`);
      old.close();
      const store = SqliteStore.open(dir);
      assert.equal(store.db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
      const columns = (store.db.pragma('table_info(submissions)') as { name: string }[]).map((c) => c.name);
      assert.ok(columns.includes('consent_sha256') && columns.includes('delivery'));
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the shares of a file whose share tables came before the schema step that makes them', async () => {
    const dir = tempDataDir();
    const limits: ShareStoreLimits = { wrongPerShareInWindow: 5, wrongPerShareTotal: 20, windowMs: 60_000, quotaBytes: 1 << 20 };
    const envelope = sampleShareEnvelope(Date.now() + DAY_MS);
    try {
      const first = SqliteStore.open(dir);
      const created = await first.shares(Date.now, limits).create(envelope, toBase64Url(randomBytes(32)), undefined);
      assert.equal(created.kind, 'created');
      // A file from before step 4, whose share tables the share routes had made on their own.
      first.db.pragma(`user_version = ${SCHEMA_VERSION - 1}`);
      await first.close();
      const again = SqliteStore.open(dir);
      assert.equal(again.db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
      const id = created.kind === 'created' ? created.id : '';
      assert.equal((await again.shares(Date.now, limits).status(id))?.viewsLeft, null);
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('PostgreSQL schema versions', { skip: pgSkip ?? false }, () => {
  it('applies each step once when two instances start together', async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([PostgresStore.open(url), PostgresStore.open(url)]);
    try {
      const { rows } = await a.pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      assert.deepEqual(rows.map((r) => r.version), [1, 2, 3, 4]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('says in one sentence that an unreachable server does not answer', async () => {
    await assert.rejects(PostgresStore.open('postgres://nobody@127.0.0.1:1/none'), /^Error: DATABASE_URL names a PostgreSQL server that does not answer \(127\.0\.0\.1:1, ECONNREFUSED\)\.$/);
  });
});
