/**
 * The server's guarantees against hostile requests and environments, each against a real
 * server on loopback: proxies and client addresses, own origin, the CSV export, the admin
 * token, the ClinicalTrials.gov proxy's bounds, the static server, hidden characters.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startServer } from './app.ts';
import { bareAddress, clientAddress } from './client-address.ts';
import { ConfigError, readConfig } from './config.ts';
import { SubmissionStore } from './db.ts';
import { LruCache } from './routes/ctgov.ts';
import { PAGE_CSP } from './static.ts';
import { postJson, sampleContact, startTestServer, type TestServer } from './testing.ts';

const ADMIN = 'hardening-test-admin-token-0123456789';

const servers: TestServer[] = [];
const cleanups: (() => void | Promise<void>)[] = [];
after(async () => {
  for (const server of servers) await server.dispose();
  for (const cleanup of cleanups) await cleanup();
});

async function start(options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const server = await startTestServer({ adminToken: ADMIN, submitRateLimit: { burst: 0, perMinute: 0 }, ...options });
  servers.push(server);
  return server;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'trialkit-hardening-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A raw request, so headers fetch will not send (Host) can be set. */
function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; headers: IncomingMessage['headers']; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ base: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('client address behind proxies', () => {
  it('takes the entry the trusted hop wrote, never what the client wrote first', () => {
    assert.deepEqual(clientAddress('10.0.0.9', '1.1.1.1, 203.0.113.5', 0), { ok: true, address: '10.0.0.9' });
    assert.deepEqual(clientAddress('10.0.0.9', '1.1.1.1, 203.0.113.5', 1), { ok: true, address: '203.0.113.5' });
    assert.deepEqual(clientAddress('10.0.0.9', 'made up, 203.0.113.5, 10.0.0.2', 2), { ok: true, address: '203.0.113.5' });
    assert.deepEqual(clientAddress('10.0.0.9', ['1.1.1.1', '203.0.113.5'], 1), { ok: true, address: '203.0.113.5' });
    // Fewer entries than proxies: the request did not come through all of them.
    assert.deepEqual(clientAddress('10.0.0.9', '203.0.113.5', 2), { ok: true, address: '10.0.0.9' });
    assert.deepEqual(clientAddress('10.0.0.9', undefined, 1), { ok: true, address: '10.0.0.9' });
    // What a trusted proxy wrote must be an address.
    assert.deepEqual(clientAddress('10.0.0.9', '203.0.113.5, not-an-ip', 1), { ok: false });
    assert.deepEqual(clientAddress('10.0.0.9', 'unknown, 10.0.0.2', 2), { ok: false });
    assert.equal(bareAddress('203.0.113.5:4711'), '203.0.113.5');
    assert.equal(bareAddress('[2001:db8::1]:443'), '2001:db8::1');
    assert.equal(bareAddress('2001:db8::1'), '2001:db8::1');
    assert.equal(bareAddress('999.1.1.1'), undefined);
    assert.equal(bareAddress('example.org'), undefined);
  });

  it('reads TRUST_PROXY_HOPS, and TRUST_PROXY=1 as one hop', () => {
    assert.equal(readConfig({}).trustProxyHops, 0);
    assert.equal(readConfig({ TRUST_PROXY: '1' }).trustProxyHops, 1);
    assert.equal(readConfig({ TRUST_PROXY_HOPS: '2' }).trustProxyHops, 2);
    assert.equal(readConfig({ TRUST_PROXY: '1', TRUST_PROXY_HOPS: '0' }).trustProxyHops, 0);
    assert.throws(() => readConfig({ TRUST_PROXY_HOPS: 'two' }), ConfigError);
  });

  it('rate-limits by the trusted hop, so a forged first entry buys no fresh bucket', async () => {
    const server = await start({ trustProxyHops: 1, submitRateLimit: { burst: 1, perMinute: 1 } });
    const send = (forwarded: string) => postJson(`${server.url}/api/contact`, sampleContact(), { 'idempotency-key': randomUUID(), 'x-forwarded-for': forwarded });
    assert.equal((await send('198.51.100.1, 203.0.113.7')).status, 201);
    assert.equal((await send('198.51.100.2, 203.0.113.7')).status, 429, 'same proxy-seen client, other forged entry');
    assert.equal((await send('203.0.113.8')).status, 201, 'another client');
    const junk = await send('203.0.113.9, <script>');
    assert.equal(junk.status, 400);
    assert.equal(((await junk.json()) as { error: string }).error, 'forwarded-for');

    // Without trusted proxies the header means nothing.
    const direct = await start({ submitRateLimit: { burst: 1, perMinute: 1 } });
    const sendDirect = (forwarded: string) => postJson(`${direct.url}/api/contact`, sampleContact(), { 'idempotency-key': randomUUID(), 'x-forwarded-for': forwarded });
    assert.equal((await sendDirect('198.51.100.1')).status, 201);
    assert.equal((await sendDirect('198.51.100.2')).status, 429);
  });
});

describe('own origin', () => {
  it('is not taken from the Host header (DNS rebinding)', async () => {
    const server = await start();
    const post = (origin: string, host?: string) =>
      rawRequest(`${server.url}/api/contact`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json', 'idempotency-key': randomUUID(), ...(host ? { host } : {}) },
        body: JSON.stringify(sampleContact()),
      });
    // A page on rebound.example whose name now points at 127.0.0.1: Host and Origin agree.
    const rebound = await post(`http://rebound.example:${server.port}`, `rebound.example:${server.port}`);
    assert.equal(rebound.status, 403);
    assert.equal(rebound.headers['access-control-allow-origin'], undefined);
    // The demo on its own loopback names still works.
    for (const origin of [`http://127.0.0.1:${server.port}`, `http://localhost:${server.port}`]) {
      const own = await post(origin);
      assert.equal(own.status, 201, origin);
      assert.equal(own.headers['access-control-allow-origin'], origin);
    }
    assert.equal((await post(`http://localhost:${server.port + 1}`)).status, 403, 'another port is another origin');
  });

  it('uses PUBLIC_ORIGIN and ALLOWED_ORIGINS when configured', async () => {
    const server = await start({ publicOrigins: ['https://trials.example.org'], allowedOrigins: ['https://hospital.example'] });
    const post = (origin: string) =>
      postJson(`${server.url}/api/contact`, sampleContact(), { origin, 'idempotency-key': randomUUID() });
    assert.equal((await post('https://trials.example.org')).status, 201);
    assert.equal((await post('https://hospital.example')).status, 201);
    assert.equal((await post(`http://127.0.0.1:${server.port}`)).status, 403, 'loopback is not this server once it has a public origin');
    assert.deepEqual(readConfig({ PUBLIC_ORIGIN: 'https://trials.example.org/, http://[::1]:8080' }).publicOrigins, ['https://trials.example.org', 'http://[::1]:8080']);
    assert.throws(() => readConfig({ PUBLIC_ORIGIN: 'trials.example.org' }), /PUBLIC_ORIGIN must list origins/);
  });
});

describe('admin token', () => {
  it('refuses a short token at start with one sentence', async () => {
    await assert.rejects(startServer({ env: {}, port: 0, adminToken: 'short-token', logRequests: false, dataDir: tempDir() }), (error: Error) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /^ADMIN_TOKEN must be at least 32 characters long/);
      return true;
    });
    const main = fileURLToPath(new URL('./main.ts', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', main], {
      env: { ...process.env, NODE_TEST_CONTEXT: undefined, ADMIN_TOKEN: 'too-short', PORT: '0', DATA_DIR: tempDir(), CTGOV_API_BASE: 'off' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(run.status, 1);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, /ADMIN_TOKEN must be at least 32 characters long/);
  });

  it('throttles guessing per client, before comparing, with Retry-After', async () => {
    const server = await start({ trustProxyHops: 1 });
    const exportAs = (token: string, client: string) =>
      fetch(`${server.url}/api/admin/submissions.csv`, { headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': client } });
    for (let i = 0; i < 5; i += 1) assert.equal((await exportAs(`guess-${i}`, '192.0.2.50')).status, 401);
    const limited = await exportAs(ADMIN, '192.0.2.50');
    assert.equal(limited.status, 429, 'even the right token, once limited');
    assert.ok(Number(limited.headers.get('retry-after')) > 60);
    const other = await exportAs(ADMIN, '192.0.2.51');
    assert.equal(other.status, 200);
    await other.body?.cancel();
  });
});

describe('CSV export', () => {
  it('streams 200,000 rows with backpressure: other requests keep answering and memory stays flat', async (t) => {
    const server = await start();
    const ROWS = 200_000;
    const store = new SubmissionStore(server.app.db);
    const payload = JSON.stringify(sampleContact({ message: 'A message of some length, as readers write them. '.repeat(4) }));
    server.app.db.transaction(() => {
      for (let i = 0; i < ROWS; i += 1) store.save('contact', `k${i}`, 'h', 'NCT05819398', payload);
    })();

    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const response = await fetch(`${server.url}/api/admin/submissions.csv`, { headers: { authorization: `Bearer ${ADMIN}` } });
    assert.equal(response.status, 200);
    const reader = response.body!.getReader();
    let lines = 0;
    let bytes = 0;
    let exportDone = false;
    let health: Promise<{ status: number; duringExport: boolean; ms: number }> | undefined;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      for (const byte of value) if (byte === 0x0a) lines += 1;
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      if (!health && bytes > 1_000_000) {
        const asked = performance.now();
        health = fetch(`${server.url}/api/health`).then(async (r) => {
          await r.arrayBuffer();
          return { status: r.status, duringExport: !exportDone, ms: performance.now() - asked };
        });
      }
    }
    exportDone = true;
    assert.equal(lines, ROWS + 1, 'header and every row');
    assert.ok(health, 'the export was large enough to ask in between');
    const answered = await health;
    assert.equal(answered.status, 200, 'the database answers during the export');
    assert.ok(answered.duringExport, `health answered only after the export (${answered.ms.toFixed(0)} ms)`);
    assert.ok(answered.ms < 5_000, `health took ${answered.ms.toFixed(0)} ms`);
    const growthMb = (rssPeak - rssBefore) / 1e6;
    t.diagnostic(`export: ${(bytes / 1e6).toFixed(1)} MB, RSS growth ${growthMb.toFixed(1)} MB, /api/health answered in ${answered.ms.toFixed(0)} ms during it`);
    assert.ok(growthMb < 100, `RSS grew ${growthMb.toFixed(0)} MB while exporting ${(bytes / 1e6).toFixed(0)} MB`);
  });

  it('stops reading rows when the client goes away', async () => {
    const server = await start();
    const store = new SubmissionStore(server.app.db);
    const payload = JSON.stringify(sampleContact());
    server.app.db.transaction(() => {
      for (let i = 0; i < 20_000; i += 1) store.save('contact', `k${i}`, 'h', 'NCT05819398', payload);
    })();
    const controller = new AbortController();
    const response = await fetch(`${server.url}/api/admin/submissions.csv`, { headers: { authorization: `Bearer ${ADMIN}` }, signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    // The server is free and well after the reader left.
    const health = await fetch(`${server.url}/api/health`);
    assert.equal(health.status, 200);
  });
});

describe('ClinicalTrials.gov proxy bounds', () => {
  const study = (id: string, pad = 0) => JSON.stringify({ protocolSection: { identificationModule: { nctId: id } }, pad: 'x'.repeat(pad) });

  it('cuts off an upstream answer past the size cap: 502, nothing cached', async () => {
    const { base } = await listen((req, res) => {
      const id = req.url!.slice('/studies/'.length);
      if (id === 'NCT00000003') {
        // No Content-Length: the cap must hold while reading.
        res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
        const piece = 'x'.repeat(64 * 1024);
        let sent = 0;
        const more = () => {
          while (sent < 64 && res.write(piece)) sent += 1;
          if (sent < 64) res.once('drain', more);
          else res.end();
        };
        res.write('{"pad":"');
        more();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(study(id, id === 'NCT00000002' ? 200_000 : 0));
    });
    const server = await start({ ctgovApiBase: base, ctgovMinIntervalMs: 0, ctgovMaxBodyBytes: 100_000, ctgovFixturesDirs: [] });
    assert.equal((await fetch(`${server.url}/api/ctgov/studies/NCT00000001`)).status, 200);
    const declared = await fetch(`${server.url}/api/ctgov/studies/NCT00000002`);
    assert.equal(declared.status, 502);
    const streamed = await fetch(`${server.url}/api/ctgov/studies/NCT00000003`);
    assert.equal(streamed.status, 502);
  });

  it('keeps at most the configured number of studies, least recently used out first', async () => {
    const calls: string[] = [];
    const { base } = await listen((req, res) => {
      const id = req.url!.slice('/studies/'.length);
      calls.push(id);
      res.writeHead(200, { 'content-type': 'application/json' }).end(study(id));
    });
    const server = await start({ ctgovApiBase: base, ctgovMinIntervalMs: 0, ctgovCacheEntries: 2, ctgovFixturesDirs: [] });
    const source = async (id: string) => (await fetch(`${server.url}/api/ctgov/studies/${id}`)).headers.get('x-trialkit-source');
    assert.equal(await source('NCT00000001'), 'upstream');
    assert.equal(await source('NCT00000002'), 'upstream');
    assert.equal(await source('NCT00000001'), 'cache');
    assert.equal(await source('NCT00000003'), 'upstream'); // 2 was least recently used
    assert.equal(await source('NCT00000001'), 'cache');
    assert.equal(await source('NCT00000002'), 'upstream');
    assert.deepEqual(calls, ['NCT00000001', 'NCT00000002', 'NCT00000003', 'NCT00000002']);

    const cache = new LruCache<string>(10, 100);
    cache.set('a', 'a', 60);
    cache.set('b', 'b', 30);
    cache.set('c', 'c', 30);
    assert.equal(cache.get('a'), undefined, 'bytes over the bound push out the oldest');
    assert.deepEqual([cache.size, cache.bytes], [2, 60]);
    cache.set('huge', 'huge', 101);
    assert.equal(cache.get('huge'), undefined);
    assert.equal(cache.bytes, 60);
  });

  it('refuses to queue more than the bound for the upstream: 503 with Retry-After', async () => {
    const held: ServerResponse[] = [];
    let holding = true;
    const { base } = await listen((req, res) => {
      const id = req.url!.slice('/studies/'.length);
      if (!holding) return void res.writeHead(200, { 'content-type': 'application/json' }).end(study(id));
      held.push(res);
      (res as ServerResponse & { id?: string }).id = id;
    });
    const server = await start({ ctgovApiBase: base, ctgovMinIntervalMs: 0, ctgovQueueMax: 2, ctgovFixturesDirs: [] });
    const first = fetch(`${server.url}/api/ctgov/studies/NCT00000001`);
    const second = fetch(`${server.url}/api/ctgov/studies/NCT00000002`);
    const sameAsFirst = fetch(`${server.url}/api/ctgov/studies/NCT00000001`);
    for (let i = 0; i < 100 && held.length < 2; i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(held.length, 2);
    const third = await fetch(`${server.url}/api/ctgov/studies/NCT00000003`);
    assert.equal(third.status, 503);
    assert.ok(Number(third.headers.get('retry-after')) >= 1);
    holding = false;
    for (const res of held) res.writeHead(200, { 'content-type': 'application/json' }).end(study((res as ServerResponse & { id?: string }).id!));
    assert.deepEqual((await Promise.all([first, second, sameAsFirst])).map((r) => r.status), [200, 200, 200]);
    assert.equal((await fetch(`${server.url}/api/ctgov/studies/NCT00000003`)).status, 200, 'room again');
  });
});

describe('static files and URLs', () => {
  it('does not follow symlinks out of its folders', async () => {
    const root = tempDir();
    const demo = join(root, 'demo');
    const outside = join(root, 'outside');
    mkdirSync(demo);
    mkdirSync(outside);
    writeFileSync(join(demo, 'index.html'), '<!doctype html><title>demo</title>');
    writeFileSync(join(demo, 'page.txt'), 'inside');
    writeFileSync(join(outside, 'secret.txt'), 'outside the demo');
    symlinkSync(join(outside, 'secret.txt'), join(demo, 'leak.txt'));
    symlinkSync(outside, join(demo, 'leaked-dir'));
    symlinkSync(join(demo, 'page.txt'), join(demo, 'alias.txt'));
    const server = await start({ demoDir: demo });
    assert.equal(await (await fetch(`${server.url}/page.txt`)).text(), 'inside');
    assert.equal((await fetch(`${server.url}/leak.txt`)).status, 404);
    assert.equal((await fetch(`${server.url}/leaked-dir/secret.txt`)).status, 404);
    assert.equal((await fetch(`${server.url}/alias.txt`)).status, 200, 'a link that stays inside is fine');
  });

  it('answers a broken percent-escape with 400, pages and endpoints alike', async () => {
    const server = await start();
    for (const path of ['/%E0%A4%A', '/api/shares/%E0%A4%A', '/api/ctgov/studies/%E0%A4%A', '/dist/%ZZ.js']) {
      for (const method of ['GET', 'POST']) {
        const response = await fetch(`${server.url}${path}`, { method });
        assert.equal(response.status, 400, `${method} ${path}`);
        assert.equal(((await response.json()) as { error: string }).error, 'bad-url');
      }
    }
  });

  it('serves demo pages with the strict CSP, framing, referrer and permissions policies', async () => {
    const dist = tempDir();
    writeFileSync(join(dist, 'trialkit.js'), 'export {};');
    const server = await start({ distDir: dist });
    const page = await fetch(`${server.url}/`);
    assert.equal(page.status, 200);
    const csp = page.headers.get('content-security-policy') ?? '';
    assert.equal(csp, PAGE_CSP);
    // The policy the elements are tested under (web-test-runner.config.mjs), plus the extras.
    const tested = /const STRICT_CSP = "([^"]+)"/.exec(readFileSync(new URL('../web-test-runner.config.mjs', import.meta.url), 'utf8'))?.[1];
    assert.ok(tested);
    for (const directive of tested.split('; ')) assert.ok(csp.split('; ').includes(directive), directive);
    for (const directive of ["frame-ancestors 'self'", "base-uri 'none'", "object-src 'none'"]) assert.ok(csp.includes(directive), directive);
    assert.equal(page.headers.get('referrer-policy'), 'strict-origin-when-cross-origin');
    assert.equal(page.headers.get('permissions-policy'), 'geolocation=(self), camera=(), microphone=()');
    const script = await fetch(`${server.url}/dist/trialkit.js`);
    assert.equal(script.status, 200);
    assert.equal(script.headers.get('content-security-policy'), null, '/dist/ keeps its own headers');
  });

  it('keeps the demo pages free of inline script and style, which the CSP would block', () => {
    const demoDir = fileURLToPath(new URL('../demo/', import.meta.url));
    const pages = readdirSync(demoDir).filter((name) => name.endsWith('.html'));
    assert.ok(pages.length >= 1);
    for (const name of pages) {
      const html = readFileSync(join(demoDir, name), 'utf8');
      for (const script of html.match(/<script\b[^>]*>/gi) ?? []) assert.match(script, /\bsrc=/, `${name}: inline <script>`);
      assert.doesNotMatch(html, /<style\b/i, `${name}: <style>`);
      assert.doesNotMatch(html, /\sstyle\s*=/i, `${name}: style attribute`);
      assert.doesNotMatch(html, /\son[a-z]+\s*=/i, `${name}: inline event handler`);
      assert.doesNotMatch(html, /javascript:/i, `${name}: javascript: URL`);
    }
  });
});

describe('hidden characters', () => {
  it('refuses bidi overrides and control characters with the field code "characters"', async () => {
    const server = await start();
    const send = (overrides: Record<string, unknown>) => postJson(`${server.url}/api/contact`, sampleContact(overrides), { 'idempotency-key': randomUUID() });
    const name = await send({ firstName: 'Ann\u202Eeel' });
    assert.equal(name.status, 422);
    const nameBody = (await name.json()) as { fields: Record<string, { code: string }> };
    assert.equal(nameBody.fields.firstName?.code, 'characters');
    const message = await send({ message: 'Call me\u0000 after five' });
    assert.equal(message.status, 422);
    const messageBody = (await message.json()) as { fields: Record<string, { code: string }> };
    assert.equal(messageBody.fields.message?.code, 'characters');
  });
});
