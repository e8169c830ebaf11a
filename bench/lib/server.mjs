/**
 * Server section: contact POSTs on loopback against the reference server (its own process,
 * SQLite in a temporary file) and against a bare node:http handler that answers 201 at once.
 * The load generator runs in this process; the server in a child, so each has its own event
 * loop (and, on this 2-core machine, roughly a core each).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { runLoad } from './load.mjs';
import { BENCH, exists, ROOT } from './util.mjs';

export const LOAD = {
  concurrency: Number(process.env.BENCH_CONCURRENCY ?? 8),
  count: Number(process.env.BENCH_REQUESTS ?? 20_000),
  warmup: 1_000,
  maxSeconds: 20,
};

const ADMIN_TOKEN = randomUUID();

function startChild(mode, dataDir) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(BENCH, 'lib/server-child.mjs'), mode, dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production', BENCH_ADMIN_TOKEN: ADMIN_TOKEN },
  });
  /** JSON lines the child prints after its `url` (the delivery mode's count). */
  const reports = {};
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${mode} server did not start in 30 s. ${stderr.trim().split('\n').slice(-3).join(' ')}`));
    }, 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${mode} server exited with ${code}. ${stderr.trim().split('\n').slice(-3).join(' ')}`));
    });
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      try {
        const { url, ...report } = JSON.parse(line);
        Object.assign(reports, report);
        if (!url) return;
        clearTimeout(timer);
        resolve({
          url,
          reports,
          stop: () =>
            new Promise((done) => {
              child.removeAllListeners('exit');
              child.once('exit', done);
              child.kill('SIGTERM');
              setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
            }),
        });
      } catch {
        // the server's own log lines
      }
    });
  });
}

/** A valid contact submission (src/model/contact.ts), different per request. */
function contactRequest(index) {
  const body = JSON.stringify({
    trialId: 'NCT06801119',
    trialTitle: 'A study of a digital programme for adults',
    site: { facility: 'University Hospital', city: 'Springfield', state: 'IL', zip: '62701', country: 'United States' },
    firstName: 'Alex',
    lastName: `Reader ${index}`,
    email: `reader${index}@example.com`,
    phone: '+1 555 010 0199',
    language: 'English',
    message: 'I would like to know more about taking part, and whether evening visits are possible.',
    consent: true,
    consentText: 'I agree that my details are sent to the research team at the study site I chose.',
    locale: 'en',
  });
  // One reader per request: a distinct client address (the server trusts X-Forwarded-For here).
  const address = `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
  return { body, headers: { 'idempotency-key': randomUUID(), 'x-forwarded-for': address } };
}

async function measure(mode, dataDir) {
  const server = await startChild(mode, dataDir);
  try {
    return await runLoad({ url: `${server.url}/api/contact`, ...LOAD, makeRequest: contactRequest });
  } finally {
    await server.stop();
  }
}

/** Whether any delivery job is still open (pending or sending), from the admin list. */
async function openJobs(url) {
  let open = 0;
  for (const status of ['pending', 'sending']) {
    const response = await fetch(`${url}/api/admin/deliveries?status=${status}&limit=1`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    open += (await response.json()).jobs.length;
  }
  return open;
}

/**
 * The same load with email delivery on: POST throughput while the worker sends, then how long
 * after the last POST the outbox is empty (every email accepted by the SMTP sink).
 */
async function measureDelivery(dataDir) {
  const server = await startChild('delivery', dataDir);
  try {
    const load = await runLoad({ url: `${server.url}/api/contact`, ...LOAD, makeRequest: contactRequest });
    const ended = performance.now();
    const deadline = Date.now() + 120_000;
    while ((await openJobs(server.url)) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const drainMs = performance.now() - ended;
    const open = await openJobs(server.url);
    await server.stop();
    return { ...load, drainMs, open, emailsAccepted: server.reports.emailsAccepted };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

export function serverAvailable() {
  return exists('server/app.ts');
}

export async function measureServer() {
  const floor = await measure('floor', '');
  if (!serverAvailable()) return { floor };
  const dir = mkdtempSync(join(tmpdir(), 'trialkit-bench-'));
  try {
    const reference = await measure('reference', dir);
    const withDelivery = exists('server/delivery/worker.ts') ? await measureDelivery(join(dir, 'delivery')) : undefined;
    return { floor, reference, withDelivery };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function statusText(statuses) {
  return Object.entries(statuses)
    .map(([status, count]) => `${count}×${status}`)
    .join(', ');
}

export function serverRows(result) {
  const { floor, reference, withDelivery } = result;
  const setup = `c=${floor.concurrency}`;
  if (!reference) {
    return [
      { id: 'server.reference', section: 'server', name: 'reference server, POST /api/contact', missing: 'not available yet' },
      {
        id: 'server.floor',
        section: 'server',
        name: `floor: bare node:http 201, throughput (${setup})`,
        unit: 'rps',
        value: floor.throughput,
        detail: `(p50 ${floor.latency.p50.toFixed(2)} ms, p99 ${floor.latency.p99.toFixed(2)} ms)`,
      },
    ];
  }
  const ok = reference.statuses['201'] ?? 0;
  const others = ok === reference.requests ? '' : ` [statuses: ${statusText(reference.statuses)}]`;
  const detail = `(${reference.requests.toLocaleString('en-US')} POSTs in ${reference.seconds.toFixed(1)} s)${others}`;
  return [
    {
      id: 'server.throughput',
      section: 'server',
      name: `reference server, POST /api/contact + SQLite: throughput (${setup}, keep-alive)`,
      unit: 'rps',
      value: reference.throughput,
      detail,
      floor: { name: 'bare node:http 201', value: floor.throughput },
      budget: { text: '≥ 2,000/s', min: 2000 },
    },
    {
      id: 'server.p50',
      section: 'server',
      name: `reference server: latency p50 (${setup})`,
      unit: 'ms',
      value: reference.latency.p50,
      floor: { name: 'bare node:http 201', value: floor.latency.p50 },
    },
    {
      id: 'server.p99',
      section: 'server',
      name: `reference server: latency p99 (${setup})`,
      unit: 'ms',
      value: reference.latency.p99,
      floor: { name: 'bare node:http 201', value: floor.latency.p99 },
      budget: { text: '< 20 ms', lessThan: 20 },
    },
    ...deliveryRows(withDelivery, reference, setup),
  ];
}

function deliveryRows(run, reference, setup) {
  if (!run) return [];
  const ok = run.statuses['201'] ?? 0;
  const acknowledged = ok + LOAD.warmup;
  const others = ok === run.requests ? '' : ` [statuses: ${statusText(run.statuses)}]`;
  return [
    {
      id: 'server.delivery.throughput',
      section: 'server',
      name: `reference server with delivery (SMTP sink): POST /api/contact throughput (${setup})`,
      unit: 'rps',
      value: run.throughput,
      detail: `(${run.requests.toLocaleString('en-US')} POSTs in ${run.seconds.toFixed(1)} s, p99 ${run.latency.p99.toFixed(2)} ms)${others}`,
      floor: { name: 'reference server without delivery', value: reference.throughput },
    },
    {
      id: 'server.delivery.drain',
      section: 'server',
      name: 'reference server with delivery (SMTP sink): outbox empty (every email accepted), time after the last POST',
      unit: 'ms',
      value: run.drainMs,
      detail:
        `(${(run.emailsAccepted ?? 0).toLocaleString('en-US')} emails accepted for ${acknowledged.toLocaleString('en-US')} acknowledged POSTs incl. warm-up` +
        `${run.open ? `; ${run.open} jobs still open after 120 s` : ''})`,
    },
  ];
}
