/**
 * Every submission reaches the database exactly once, whatever the network does. 240 contact
 * submissions go through the real delivery module to the real server, via a proxy that drops
 * connections (before and after the server stored the request), answers 500 and 429, stalls past
 * the client's timeout (then forwards late), and goes offline for a while. Submissions that run
 * out of tries wait and go again with the same key, as the browser outbox does.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { deliver } from '../../src/data/delivery.ts';
import { sampleContact, startTestServer, type TestServer } from '../../server/testing.ts';
import { seededRandom } from '../helpers/random.ts';

const SUBMISSIONS = 240;
const CONCURRENCY = 24;
const TIMEOUT_MS = 250;

type Fault = 'drop-before' | 'drop-after' | 'error-500' | 'busy-429' | 'stall' | 'pass';

class FaultyProxy {
  readonly counts: Record<Fault, number> = {
    'drop-before': 0,
    'drop-after': 0,
    'error-500': 0,
    'busy-429': 0,
    stall: 0,
    pass: 0,
  };
  readonly #late = new Set<Promise<void>>();
  readonly #sockets = new Set<Socket>();
  readonly #random = seededRandom(20261127);
  #server = createServer((req, res) => this.#handle(req, res));
  port = 0;

  constructor(readonly target: string) {}

  async listen(): Promise<void> {
    this.#server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.#server.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.#server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Refuses connections (ECONNREFUSED) for `ms`, dropping open ones, then listens again. */
  async offlineFor(ms: number): Promise<void> {
    const closed = new Promise((resolve) => this.#server.close(resolve));
    for (const socket of this.#sockets) socket.destroy();
    await closed;
    await new Promise((resolve) => setTimeout(resolve, ms));
    const handler = this.#server.listeners('request')[0] as (req: IncomingMessage, res: ServerResponse) => void;
    this.#server = createServer(handler);
    await this.listen();
  }

  #pick(): Fault {
    const r = this.#random();
    if (r < 0.1) return 'drop-before';
    if (r < 0.2) return 'drop-after';
    if (r < 0.3) return 'error-500';
    if (r < 0.36) return 'busy-429';
    if (r < 0.44) return 'stall';
    return 'pass';
  }

  #forward(req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const upstream = request(`${this.target}${req.url}`, { method: req.method, headers: req.headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: Buffer.concat(chunks) }));
      });
      upstream.on('error', reject);
      upstream.end(body);
    });
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const fault = this.#pick();
      this.counts[fault]++;
      switch (fault) {
        case 'drop-before':
          req.socket.destroy();
          return;
        case 'drop-after': {
          // The server stores it; the client never hears so, and must resend.
          const late = this.#forward(req, body).then(
            () => void req.socket.destroy(),
            () => void req.socket.destroy(),
          );
          this.#track(late);
          return;
        }
        case 'error-500':
          res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"injected"}');
          return;
        case 'busy-429':
          res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' }).end('{"error":"injected"}');
          return;
        case 'stall': {
          // Longer than the client waits; then it arrives anyway, possibly after a retry did.
          const late = new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS + 150))
            .then(() => this.#forward(req, body))
            .then(
              () => void req.socket.destroy(),
              () => void req.socket.destroy(),
            );
          this.#track(late);
          return;
        }
        case 'pass':
          this.#forward(req, body).then(
            (answer) => res.writeHead(answer.status, answer.headers).end(answer.body),
            () => req.socket.destroy(),
          );
      }
    });
  }

  #track(promise: Promise<void>): void {
    this.#late.add(promise);
    void promise.finally(() => this.#late.delete(promise));
  }

  /** Waits for late forwards (stalled and dropped-after requests) to reach the server. */
  async settle(): Promise<void> {
    while (this.#late.size) await Promise.all([...this.#late]);
  }

  async close(): Promise<void> {
    const closed = new Promise((resolve) => this.#server.close(resolve));
    for (const socket of this.#sockets) socket.destroy();
    await closed;
  }
}

describe('contact delivery under injected faults', () => {
  let server: TestServer;
  let proxy: FaultyProxy;

  before(async () => {
    server = await startTestServer({ submitRateLimit: { burst: 0, perMinute: 0 } });
    proxy = new FaultyProxy(server.url);
    await proxy.listen();
  });

  after(async () => {
    await proxy?.close();
    await server?.dispose();
  });

  it(`stores each of ${SUBMISSIONS} submissions exactly once`, async () => {
    const submissions = Array.from({ length: SUBMISSIONS }, (_, i) => ({
      key: randomUUID(),
      payload: sampleContact({ firstName: `Reader${i}`, email: `reader${i}@example.org`, message: `Submission ${i}` }),
    }));
    let requestsSent = 0;
    let outboxRounds = 0;

    const offline = new Promise((resolve) => setTimeout(resolve, 300)).then(() => proxy.offlineFor(600));

    // The proxy listens on the same port again after the offline window.
    const endpoint = `${proxy.url}/api/contact`;
    const queue = [...submissions];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        for (let round = 0; ; round++) {
          assert.ok(round < 40, 'a submission never got through');
          const result = await deliver(endpoint, next.payload, next.key, {
            timeoutMs: TIMEOUT_MS,
            maxAttempts: 4,
            baseDelayMs: 20,
            maxDelayMs: 200,
            maxRetryAfterMs: 2000,
            onAttempt: () => requestsSent++,
          });
          assert.notEqual(result.kind, 'rejected', `rejected: ${JSON.stringify(result)}`);
          if (result.kind === 'delivered') {
            assert.equal(result.status, 201);
            break;
          }
          // What the outbox does: keep it, try again later with the same key.
          outboxRounds++;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    };
    await Promise.all([...Array.from({ length: CONCURRENCY }, worker), offline]);
    await proxy.settle();

    const db = server.app.db;
    const stored = db.prepare("SELECT idempotency_key AS key, payload FROM submissions WHERE kind = 'contact'").all() as { key: string; payload: string }[];
    const byKey = new Map<string, number>();
    for (const row of stored) byKey.set(row.key, (byKey.get(row.key) ?? 0) + 1);
    const duplicates = stored.length - byKey.size;
    const missing = submissions.filter((s) => !byKey.has(s.key)).length;
    for (const row of stored) {
      const sent = submissions.find((s) => s.key === row.key);
      assert.ok(sent, 'a stored row matches a sent submission');
      assert.equal((JSON.parse(row.payload) as { email: string }).email, sent.payload.email);
    }

    console.log(
      `fault injection: submissions ${SUBMISSIONS}, HTTP requests sent ${requestsSent}, outbox rounds ${outboxRounds}, ` +
        `stored ${stored.length}, duplicates ${duplicates}, missing ${missing}; faults ${JSON.stringify(proxy.counts)}`,
    );
    assert.equal(missing, 0);
    assert.equal(duplicates, 0);
    assert.equal(stored.length, SUBMISSIONS);
    for (const fault of ['drop-before', 'drop-after', 'error-500', 'busy-429', 'stall'] as const) {
      assert.ok(proxy.counts[fault] > 0, `the proxy injected ${fault}`);
    }
    assert.ok(outboxRounds > 0, 'the offline window outlasted some deliveries');
  });
});
