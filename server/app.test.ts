import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { csvCell } from './csv.ts';
import { postJson, sampleContact, startTestServer, tempDataDir, type TestServer } from './testing.ts';

const ADMIN = 'test-admin-token-0123456789abcdef';

async function exportCsv(server: TestServer, kind = 'contact'): Promise<string> {
  const response = await fetch(`${server.url}/api/admin/submissions.csv?kind=${kind}`, { headers: { authorization: `Bearer ${ADMIN}` } });
  assert.equal(response.status, 200);
  return response.text();
}

function rows(csv: string): string[] {
  return csv.replace(/^\ufeff/, '').trim().split('\r\n').slice(1);
}

describe('reference server', () => {
  const servers: TestServer[] = [];
  const start = async (options: Parameters<typeof startTestServer>[0] = {}) => {
    const server = await startTestServer({ adminToken: ADMIN, submitRateLimit: { burst: 0, perMinute: 0 }, ...options });
    servers.push(server);
    return server;
  };
  after(async () => {
    for (const server of servers) await server.dispose();
  });

  it('answers /api/health', async () => {
    const server = await start();
    const response = await fetch(`${server.url}/api/health`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as { status: string; db: string };
    assert.equal(body.status, 'ok');
    assert.equal(body.db, 'ok');
  });

  it('stores a contact submission once per Idempotency-Key', async () => {
    const server = await start();
    const key = randomUUID();
    const first = await postJson(`${server.url}/api/contact`, sampleContact(), { 'idempotency-key': key });
    assert.equal(first.status, 201);
    const firstBody = (await first.json()) as { id: string };
    const again = await Promise.all(
      Array.from({ length: 5 }, () => postJson(`${server.url}/api/contact`, sampleContact(), { 'idempotency-key': key })),
    );
    for (const response of again) {
      assert.equal(response.status, 201);
      assert.equal(response.headers.get('idempotent-replayed'), 'true');
      assert.equal(((await response.json()) as { id: string }).id, firstBody.id);
    }
    const other = await postJson(`${server.url}/api/contact`, sampleContact(), { 'idempotency-key': randomUUID() });
    assert.equal(other.status, 201);
    assert.equal(rows(await exportCsv(server)).length, 2);
  });

  it('refuses a reused key with a different body (409) and a missing key (400)', async () => {
    const server = await start();
    const key = randomUUID();
    assert.equal((await postJson(`${server.url}/api/contact`, sampleContact(), { 'idempotency-key': key })).status, 201);
    const changed = await postJson(`${server.url}/api/contact`, sampleContact({ firstName: 'Bob' }), { 'idempotency-key': key });
    assert.equal(changed.status, 409);
    assert.equal((await postJson(`${server.url}/api/contact`, sampleContact())).status, 400);
  });

  it('answers 422 with an error per field', async () => {
    const server = await start();
    const response = await postJson(
      `${server.url}/api/contact`,
      sampleContact({ firstName: ' ', email: 'not-an-email', phone: '12', consent: false }),
      { 'idempotency-key': randomUUID() },
    );
    assert.equal(response.status, 422);
    const body = (await response.json()) as { fields: Record<string, { code: string; message: string }> };
    assert.deepEqual(Object.keys(body.fields).sort(), ['consent', 'email', 'firstName', 'phone']);
    assert.equal(body.fields.firstName!.code, 'required');
    assert.equal(body.fields.email!.code, 'format');
    assert.equal(rows(await exportCsv(server)).length, 0);
  });

  it('keeps a flat map of extra fields from the host page and refuses any other shape', async () => {
    const server = await start();
    const post = (extra: unknown) => postJson(`${server.url}/api/contact`, sampleContact({ extra }), { 'idempotency-key': randomUUID() });
    const flat = { campaign: 'spring', visits: 3, returning: true, referrer: null, note: 'x'.repeat(500) };
    assert.equal((await post(flat)).status, 201);
    const tooMany = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`key${i}`, i]));
    const refused: Record<string, unknown> = {
      'a nested object': { campaign: { name: 'spring' } },
      'a list value': { tags: ['a'] },
      'a list': ['spring'],
      'text over 500 characters': { note: 'x'.repeat(501) },
      'an empty name': { '': 'x' },
      'a name over 64 characters': { ['k'.repeat(65)]: 'x' },
      'more than 20 names': tooMany,
      'a string': 'spring',
    };
    for (const [what, extra] of Object.entries(refused)) {
      const response = await post(extra);
      assert.equal(response.status, 422, what);
      const body = (await response.json()) as { fields: Record<string, { code: string }> };
      assert.deepEqual(Object.keys(body.fields), ['extra'], what);
    }
    assert.equal(rows(await exportCsv(server)).length, 1);
  });

  it('answers 400 to bad JSON and 415 to another content type', async () => {
    const server = await start();
    assert.equal((await postJson(`${server.url}/api/contact`, '{"trialId":', { 'idempotency-key': randomUUID() })).status, 400);
    const form = await fetch(`${server.url}/api/contact`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'idempotency-key': randomUUID() },
      body: 'hello',
    });
    assert.equal(form.status, 415);
  });

  it('answers 413 over the size cap, declared or streamed', async () => {
    const server = await start({ bodyLimitBytes: 4096 });
    const big = sampleContact({ message: 'x'.repeat(10_000) });
    const declared = await postJson(`${server.url}/api/contact`, big, { 'idempotency-key': randomUUID() });
    assert.equal(declared.status, 413);
    // Chunked, so the server only learns the size while reading.
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(JSON.stringify(big)));
        controller.close();
      },
    });
    const streamed = await fetch(`${server.url}/api/contact`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    assert.equal(streamed.status, 413);
    assert.equal(rows(await exportCsv(server)).length, 0);
  });

  it('answers 429 with Retry-After when one client posts too often', async () => {
    const server = await start({ submitRateLimit: { burst: 3, perMinute: 6 } });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5; i++) {
      const response = await postJson(`${server.url}/api/notify`, { email: 'ann@example.org', consent: true, consentText: 'Yes' }, {
        'idempotency-key': randomUUID(),
      });
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
    }
    assert.deepEqual(statuses, [201, 201, 201, 429, 429]);
    assert.ok(Number(retryAfter) >= 1 && Number(retryAfter) <= 10, `Retry-After ${retryAfter}`);
  });

  it('allows listed origins and refuses others (CORS)', async () => {
    const server = await start({ allowedOrigins: ['https://hospital.example'] });
    const preflight = await fetch(`${server.url}/api/contact`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://hospital.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, idempotency-key',
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://hospital.example');
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /POST/);
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /idempotency-key/);

    const denied = await fetch(`${server.url}/api/contact`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(denied.status, 403);
    assert.equal(denied.headers.get('access-control-allow-origin'), null);

    const allowedPost = await postJson(`${server.url}/api/contact`, sampleContact(), {
      origin: 'https://hospital.example',
      'idempotency-key': randomUUID(),
    });
    assert.equal(allowedPost.status, 201);
    assert.equal(allowedPost.headers.get('access-control-allow-origin'), 'https://hospital.example');
    const deniedPost = await postJson(`${server.url}/api/contact`, sampleContact(), {
      origin: 'https://evil.example',
      'idempotency-key': randomUUID(),
    });
    assert.equal(deniedPost.status, 403);
    assert.equal(rows(await exportCsv(server)).length, 1);
  });

  it('keeps every acknowledged submission across a restart', async () => {
    const dataDir = tempDataDir();
    try {
      const first = await startTestServer({ dataDir, adminToken: ADMIN, submitRateLimit: { burst: 0, perMinute: 0 } });
      // Close while requests are still arriving: every 201 must survive.
      let answered = 0;
      let firstAnswers: () => void = () => {};
      const someAnswered = new Promise<void>((resolve) => (firstAnswers = resolve));
      const pending = Array.from({ length: 60 }, (_, i) =>
        postJson(`${first.url}/api/contact`, sampleContact({ lastName: `Lee ${i}` }), { 'idempotency-key': randomUUID() }).then(
          (r) => {
            if (++answered === 5) firstAnswers();
            return r.status;
          },
          () => 0,
        ),
      );
      await someAnswered;
      const closing = first.close();
      const statuses = await Promise.all(pending);
      await closing;
      const acknowledged = statuses.filter((s) => s === 201).length;
      assert.ok(acknowledged > 0);

      const second = await startTestServer({ dataDir, adminToken: ADMIN });
      try {
        assert.equal(rows(await exportCsv(second)).length, acknowledged);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('exports CSV only with the admin token, with formulas neutralised', async () => {
    const server = await start();
    await postJson(
      `${server.url}/api/contact`,
      sampleContact({ firstName: '=HYPERLINK("http://x.example","click")', lastName: '@SUM(A1)', message: 'Line one\nsaid "hi"' }),
      { 'idempotency-key': randomUUID() },
    );
    assert.equal((await fetch(`${server.url}/api/admin/submissions.csv`)).status, 401);
    assert.equal(
      (await fetch(`${server.url}/api/admin/submissions.csv`, { headers: { authorization: 'Bearer wrong' } })).status,
      401,
    );
    const csv = await exportCsv(server);
    assert.ok(csv.includes(`"'=HYPERLINK(""http://x.example"",""click"")"`));
    assert.ok(csv.includes(`"'@SUM(A1)"`));
    assert.ok(csv.includes('"Line one\nsaid ""hi"""'));
    const disabled = await start({ adminToken: undefined });
    assert.equal((await fetch(`${disabled.url}/api/admin/submissions.csv`, { headers: { authorization: 'Bearer x' } })).status, 404);
  });

  it('quotes every CSV cell and prefixes each formula start', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) assert.equal(csvCell(`${start}1`), `"'${start}1"`);
    assert.equal(csvCell('plain'), '"plain"');
    assert.equal(csvCell(undefined), '""');
    assert.equal(csvCell(12), '"12"');
  });

  it('serves ClinicalTrials.gov studies from fixtures, then cache, pacing upstream', async () => {
    let upstreamCalls: number[] = [];
    const upstream: Server = createServer((req, res) => {
      upstreamCalls.push(Date.now());
      if (req.url === '/studies/NCT00000404') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ protocolSection: { identificationModule: { nctId: req.url!.slice(9) } } }));
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
      const server = await start({ ctgovApiBase: base, ctgovMinIntervalMs: 150 });
      const fixture = await fetch(`${server.url}/api/ctgov/studies/NCT06801119`);
      assert.equal(fixture.status, 200);
      assert.equal(fixture.headers.get('x-trialkit-source'), 'fixture');
      assert.equal(upstreamCalls.length, 0);

      upstreamCalls = [];
      const [a, b, c] = await Promise.all(
        ['NCT00000001', 'NCT00000001', 'NCT00000002'].map((id) => fetch(`${server.url}/api/ctgov/studies/${id}`)),
      );
      assert.deepEqual([a!.status, b!.status, c!.status], [200, 200, 200]);
      assert.equal(upstreamCalls.length, 2, 'one upstream call per id');
      assert.ok(upstreamCalls[1]! - upstreamCalls[0]! >= 140, 'upstream calls are paced');
      const cached = await fetch(`${server.url}/api/ctgov/studies/nct00000001`);
      assert.equal(cached.headers.get('x-trialkit-source'), 'cache');
      assert.equal(upstreamCalls.length, 2);

      assert.equal((await fetch(`${server.url}/api/ctgov/studies/NCT00000404`)).status, 404);
      assert.equal((await fetch(`${server.url}/api/ctgov/studies/not-an-id`)).status, 400);
    } finally {
      upstream.closeAllConnections();
      await new Promise((resolve) => upstream.close(resolve));
    }
  });

  it('serves the demo and the bundle, and nothing outside them', async () => {
    const server = await start();
    assert.equal((await fetch(`${server.url}/api/nope`)).status, 404);
    assert.equal((await fetch(`${server.url}/api/contact`)).status, 405);
    assert.equal((await fetch(`${server.url}/%2e%2e/package.json`)).status, 404);
    assert.equal((await fetch(`${server.url}/dist/%2e%2e/package.json`)).status, 404);
  });
});
