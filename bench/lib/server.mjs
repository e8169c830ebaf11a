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

function startChild(mode, dataDir) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(BENCH, 'lib/server-child.mjs'), mode, dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
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
        const { url } = JSON.parse(line);
        if (!url) return;
        clearTimeout(timer);
        resolve({
          url,
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

export function serverAvailable() {
  return exists('server/app.ts');
}

export async function measureServer() {
  const floor = await measure('floor', '');
  if (!serverAvailable()) return { floor };
  const dir = mkdtempSync(join(tmpdir(), 'trialkit-bench-'));
  try {
    const reference = await measure('reference', dir);
    return { floor, reference };
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
  const { floor, reference } = result;
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
  ];
}
