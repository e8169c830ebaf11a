/**
 * The server side of the server section, in its own process so it does not share an event
 * loop with the load generator. `node --import tsx server-child.mjs floor|reference|delivery <data dir>`
 * prints one JSON line `{ "url": … }` when it listens and stops on SIGTERM (`delivery` then prints
 * `{ "emailsAccepted": n }`). `reference` stores in PostgreSQL when BENCH_DATABASE_URL is set.
 * `proxy <url,url,…>` is the tiny round-robin load balancer in front of several instances.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
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
 * Round-robin over the instances, as a load balancer does: each request goes to the next one,
 * over keep-alive connections, with this hop's address appended to X-Forwarded-For (the
 * instances then trust two hops: this proxy and the load generator's simulated one).
 */
async function startProxy(upstreams) {
  const targets = upstreams.split(',').map((url) => new URL(url));
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let next = 0;
  const server = createServer((req, res) => {
    const target = targets[next++ % targets.length];
    const forwarded = req.headers['x-forwarded-for'];
    const headers = { ...req.headers, 'x-forwarded-for': `${forwarded ? `${forwarded}, ` : ''}${req.socket.remoteAddress}` };
    const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  announce(`http://127.0.0.1:${server.address().port}`);
  return () => new Promise((resolve) => server.close(resolve));
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
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: dir,
    databaseUrl: process.env.BENCH_DATABASE_URL || undefined,
    logRequests: false,
    log: () => {},
    trustProxyHops: Number(process.env.BENCH_TRUST_PROXY_HOPS ?? 1),
  };
}

const starters = { reference: startReference, delivery: startDelivery, proxy: () => startProxy(dataDir), floor: startFloor };
const close = await (starters[mode] ?? startFloor)();
process.on('SIGTERM', async () => {
  await close();
  process.exit(0);
});
