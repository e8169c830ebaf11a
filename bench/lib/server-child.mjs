/**
 * The server side of the server section, in its own process so it does not share an event
 * loop with the load generator. `node --import tsx server-child.mjs floor|reference|delivery <data dir>`
 * prints one JSON line `{ "url": … }` when it listens and stops on SIGTERM (`delivery` then prints
 * `{ "emailsAccepted": n }`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';

const [mode, dataDir] = process.argv.slice(2);

function announce(url) {
  process.stdout.write(`${JSON.stringify({ url })}\n`);
}

async function startFloor() {
  // The least any server can do: read the request, answer 201.
  const body = JSON.stringify({ status: 'received' });
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  announce(`http://127.0.0.1:${server.address().port}`);
  return () => new Promise((resolve) => server.close(resolve));
}

async function startReference() {
  const { startServer } = await import('../../server/app.ts');
  const handle = await startServer(referenceOptions(dataDir));
  announce(handle.url.replace(/\/+$/, ''));
  return () => handle.close();
}

/**
 * The reference server with email delivery on, to an SMTP sink (smtp-server, AUTH, no TLS on
 * loopback) in this same process: every POST also queues a team email, which the worker sends
 * while the load runs. The sink's own work is on this event loop too, so the row is pessimistic.
 */
async function startDelivery() {
  const { startServer } = await import('../../server/app.ts');
  const { readConfig } = await import('../../server/config.ts');
  const { SmtpSink } = await import('../../server/delivery/sinks.ts');
  const sink = new SmtpSink({ keep: false });
  await sink.start();
  mkdirSync(dataDir, { recursive: true });
  const routesFile = join(dataDir, 'routes.json');
  writeFileSync(routesFile, JSON.stringify({ default: ['study-team@hospital.example'] }));
  const delivery = { ...readConfig({}).delivery, smtpUrl: sink.url, mailFrom: 'inquiries@hospital.example', routesFile };
  const handle = await startServer({ ...referenceOptions(dataDir), adminToken: process.env.BENCH_ADMIN_TOKEN, delivery });
  announce(handle.url.replace(/\/+$/, ''));
  return async () => {
    await handle.close();
    process.stdout.write(`${JSON.stringify({ emailsAccepted: sink.accepted })}\n`);
    await sink.stop();
  };
}

/**
 * The reference server as deployed behind a proxy: SQLite in a temporary folder, no request log
 * (a log line per request would measure the terminal), and the client taken from
 * X-Forwarded-For, so each simulated reader has its own rate-limit bucket as real readers do.
 */
function referenceOptions(dir) {
  return { port: 0, host: '127.0.0.1', dataDir: dir, logRequests: false, log: () => {}, trustProxyHops: 1 };
}

const close = mode === 'reference' ? await startReference() : mode === 'delivery' ? await startDelivery() : await startFloor();
process.on('SIGTERM', async () => {
  await close();
  process.exit(0);
});
