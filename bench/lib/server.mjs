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

export function startChild(mode, dataDir, env = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(BENCH, 'lib/server-child.mjs'), mode, dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production', BENCH_ADMIN_TOKEN: ADMIN_TOKEN, ...env },
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
export function contactRequest(index) {
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

/** A throwaway PostgreSQL cluster in a child process; `{ url, stop }` or `{ unavailable }`. */
function startPostgres() {
  const child = spawn(process.execPath, ['--import', 'tsx', join(BENCH, 'lib/postgres-child.mjs')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ unavailable: 'PostgreSQL did not start in 60 s' });
    }, 60_000);
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      const { url, unavailable } = JSON.parse(line);
      const stop = () => new Promise((done) => (child.exitCode !== null ? done() : (child.once('exit', done), child.kill('SIGTERM'))));
      resolve(url ? { url, stop } : { unavailable, stop });
    });
  });
}

/**
 * The contact POST load on PostgreSQL: one instance, then two instances behind the round-robin
 * proxy (each instance with its own connection pool, as two machines would have).
 */
export async function measurePostgres() {
  const pg = await startPostgres();
  if (!pg.url) {
    await pg.stop?.();
    return { unavailable: pg.unavailable };
  }
  try {
    const single = await startChild('reference', '', { BENCH_DATABASE_URL: pg.url, BENCH_TRUST_PROXY_HOPS: '1' });
    let one;
    try {
      one = await runLoad({ url: `${single.url}/api/contact`, ...LOAD, makeRequest: contactRequest });
    } finally {
      await single.stop();
    }
    const instances = [];
    let two;
    try {
      instances.push(...(await Promise.all([0, 1].map(() => startChild('reference', '', { BENCH_DATABASE_URL: pg.url, BENCH_TRUST_PROXY_HOPS: '2' })))));
      const proxy = await startChild('proxy', instances.map((instance) => instance.url).join(','));
      instances.push(proxy);
      two = await runLoad({ url: `${proxy.url}/api/contact`, ...LOAD, makeRequest: contactRequest });
    } finally {
      await Promise.all(instances.map((instance) => instance.stop()));
    }
    return { one, two };
  } finally {
    await pg.stop();
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
    // A PostgreSQL that fails leaves its rows saying why, not the whole section.
    const postgres = exists('server/store/postgres.ts') ? await measurePostgres().catch((error) => ({ unavailable: error.message })) : undefined;
    return { floor, reference, withDelivery, postgres };
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
  const { floor, reference, withDelivery, postgres } = result;
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
    ...postgresRows(postgres, reference, setup),
  ];
}

/** Throughput and p99 on PostgreSQL, one instance and two behind the proxy, beside the SQLite row. */
export function postgresRows(postgres, reference, setup) {
  if (!postgres) return [];
  const names = {
    one: 'reference server + PostgreSQL, 1 instance',
    two: 'reference server + PostgreSQL, 2 instances behind a round-robin proxy',
  };
  if (postgres.unavailable) {
    return Object.entries(names).map(([key, name]) => ({ id: `server.postgres.${key}`, section: 'server', name, missing: `no PostgreSQL: ${postgres.unavailable}` }));
  }
  return Object.entries(names).flatMap(([key, name]) => {
    const run = postgres[key];
    const ok = run.statuses['201'] ?? 0;
    const others = ok === run.requests ? '' : ` [statuses: ${statusText(run.statuses)}]`;
    return [
      {
        id: `server.postgres.${key}.throughput`,
        section: 'server',
        name: `${name}: POST /api/contact throughput (${setup})`,
        unit: 'rps',
        value: run.throughput,
        detail: `(${run.requests.toLocaleString('en-US')} POSTs in ${run.seconds.toFixed(1)} s, p50 ${run.latency.p50.toFixed(2)} ms)${others}`,
        floor: { name: 'reference server + SQLite', value: reference.throughput },
      },
      {
        id: `server.postgres.${key}.p99`,
        section: 'server',
        name: `${name}: latency p99 (${setup})`,
        unit: 'ms',
        value: run.latency.p99,
        floor: { name: 'reference server + SQLite', value: reference.latency.p99 },
      },
    ];
  });
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
