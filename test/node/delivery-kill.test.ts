/**
 * Exactly-once delivery through a crash. The real server runs as a child process with email and
 * webhook delivery to real receivers in this process (an SMTP server that takes a while to
 * accept each message, so deliveries are in flight). 60 submissions go in; at a random moment,
 * with deliveries in flight, the server gets SIGKILL. It restarts on the same DATA_DIR, the
 * unanswered submissions are sent again with their keys (as the browser outbox does), and every
 * job must complete: each acknowledged submission stored and delivered, duplicates only with the
 * same Message-ID (or, for the webhook, the same Idempotency-Key).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SmtpSink, WebhookSink } from '../../server/delivery/sinks.ts';
import { sampleContact } from '../../server/testing.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { seededRandom } from '../helpers/random.ts';

const SUBMISSIONS = 60;
const CONCURRENCY = 4;
const ADMIN = 'admin-token-for-delivery-tests-0123456789';

describe('delivery through kill -9', () => {
  const folder = mkdtempSync(join(tmpdir(), 'trialkit-kill-'));
  const smtp = new SmtpSink({ delayMs: 40 });
  const hooks = new WebhookSink();
  const children: ServerProcess[] = [];
  after(async () => {
    for (const child of children) {
      child.process.kill('SIGKILL');
      await child.exited;
    }
    await smtp.stop();
    await hooks.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it(`delivers each of ${SUBMISSIONS} acknowledged submissions, duplicates only with one Message-ID`, async (t) => {
    const seed = Number(process.env.KILL_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const random = seededRandom(seed);
    await smtp.start();
    await hooks.start();
    const routes = join(folder, 'routes.json');
    writeFileSync(routes, JSON.stringify({ default: ['team@hospital.example'] }));
    const env = {
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: join(folder, 'data'),
      CTGOV_API_BASE: 'off',
      LOG_REQUESTS: '0',
      RATE_LIMIT_BURST: '0',
      ADMIN_TOKEN: ADMIN,
      SMTP_URL: smtp.url,
      MAIL_FROM: 'inquiries@hospital.example',
      ROUTES_FILE: routes,
      WEBHOOK_URL: hooks.url,
      WEBHOOK_SECRET: 'kill-test-secret',
      DELIVERY_TIMEOUT_MS: '1000',
      DELIVERY_LEASE_MS: '1500',
      DELIVERY_RETRY_BASE_MS: '50',
      DELIVERY_RETRY_MAX_MS: '200',
    };

    const submissions = Array.from({ length: SUBMISSIONS }, (_, i) => ({
      key: randomUUID(),
      payload: sampleContact({ firstName: `Reader${i}`, email: `reader${i}@example.org` }),
      id: undefined as string | undefined,
    }));
    const acknowledged = () => submissions.filter((s) => s.id !== undefined);
    const killAfter = 10 + Math.floor(random() * 35);

    let server = await startServerProcess(env);
    children.push(server);
    let killed = false;
    let emailsBeforeKill = 0;
    let acknowledgedBeforeKill = 0;
    const kill = async () => {
      if (killed) return;
      killed = true;
      emailsBeforeKill = smtp.messages.length;
      acknowledgedBeforeKill = acknowledged().length;
      server.process.kill('SIGKILL');
      await server.exited;
    };

    const send = async (url: string, s: (typeof submissions)[number]): Promise<void> => {
      try {
        const response = await fetch(`${url}/api/contact`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': s.key },
          body: JSON.stringify(s.payload),
        });
        if (response.status !== 201) throw new Error(`status ${response.status}`);
        s.id = ((await response.json()) as { id: string }).id;
      } catch {
        // Refused or cut by the kill: unanswered, sent again after the restart.
      }
    };

    // First run: readers arrive every few milliseconds; at the random moment, once emails are on
    // the wire, kill.
    const queue = [...submissions];
    const firstRun = async () => {
      for (let next = queue.shift(); next && !killed; next = queue.shift()) {
        await send(server.url, next);
        if (acknowledged().length >= killAfter && smtp.started > 0) await kill();
        else await new Promise((resolve) => setTimeout(resolve, 5 + random() * 20));
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, firstRun));
    await kill();

    // Restart on the same folder; send what was not answered, with the same keys.
    server = await startServerProcess(env);
    children.push(server);
    const rest = submissions.filter((s) => s.id === undefined);
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      for (let next = rest.shift(); next; next = rest.shift()) {
        await send(server.url, next);
        assert.ok(next.id, 'the restarted server answers');
      }
    }));
    assert.equal(acknowledged().length, SUBMISSIONS);

    const open = async () => {
      let count = 0;
      for (const status of ['pending', 'sending']) {
        const response = await fetch(`${server.url}/api/admin/deliveries?status=${status}&limit=1000`, { headers: { authorization: `Bearer ${ADMIN}` } });
        count += ((await response.json()) as { jobs: unknown[] }).jobs.length;
      }
      return count;
    };
    const deadline = Date.now() + 15_000;
    while ((await open()) > 0) {
      assert.ok(Date.now() < deadline, 'every job completes after the restart');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const failed = await fetch(`${server.url}/api/admin/deliveries?status=failed`, { headers: { authorization: `Bearer ${ADMIN}` } });
    assert.deepEqual(((await failed.json()) as { jobs: unknown[] }).jobs, []);

    // Every acknowledged submission: stored once, emailed, posted to the webhook.
    const csv = await (await fetch(`${server.url}/api/admin/submissions.csv`, { headers: { authorization: `Bearer ${ADMIN}` } })).text();
    assert.equal(csv.trim().split('\r\n').length - 1, SUBMISSIONS, 'each submission stored once');
    const idsByMail = new Map<string, Set<string>>();
    for (const mail of smtp.messages) {
      const id = /^<trialkit\.(\d+)\.\d+@hospital\.example>$/.exec(mail.messageId ?? '')?.[1];
      assert.ok(id, `a team email has a deterministic Message-ID: ${mail.messageId}`);
      idsByMail.set(id, (idsByMail.get(id) ?? new Set()).add(mail.messageId!));
    }
    const hookIds = new Map<string, number>();
    for (const request of hooks.requests) {
      const key = request.headers['idempotency-key'] as string;
      assert.equal((JSON.parse(request.body) as { id: string }).id, key);
      hookIds.set(key, (hookIds.get(key) ?? 0) + 1);
    }
    let lost = 0;
    for (const s of submissions) {
      if (!idsByMail.has(s.id!) || !hookIds.has(s.id!)) lost++;
      assert.equal(idsByMail.get(s.id!)?.size, 1, 'a re-sent email keeps its Message-ID');
    }
    const emailDuplicates = smtp.messages.length - idsByMail.size;
    const hookDuplicates = hooks.requests.length - hookIds.size;
    const line =
      `kill -9 (seed ${seed}): killed after ${acknowledgedBeforeKill} acknowledged with ${emailsBeforeKill} emails accepted; ` +
      `acknowledged ${acknowledged().length}, delivered by email ${idsByMail.size} and by webhook ${hookIds.size}, lost ${lost}, ` +
      `duplicate emails ${emailDuplicates} (same Message-ID), duplicate webhooks ${hookDuplicates} (same Idempotency-Key)`;
    t.diagnostic(line);
    assert.equal(lost, 0);
    assert.ok(acknowledgedBeforeKill < SUBMISSIONS && emailsBeforeKill < acknowledgedBeforeKill, 'the kill came mid-delivery');
  });
});
