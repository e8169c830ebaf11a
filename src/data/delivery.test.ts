import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { backoffDelayMs, deliver, isRetryableStatus, newIdempotencyKey, parseRetryAfter, type DeliveryOptions } from './delivery.ts';

type Answer = Response | Error | 'hang';

/** A fetch that answers from a script and records what it was sent. */
function scriptedFetch(answers: Answer[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchStub = (async (url: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(url), init: init! });
    const answer = answers.shift() ?? new Response('{}', { status: 201 });
    if (answer === 'hang') {
      return new Promise<Response>((_, reject) => init!.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    }
    if (answer instanceof Error) throw answer;
    return answer;
  }) as typeof fetch;
  return { fetchStub, calls };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

describe('delivery', () => {
  const waits: number[] = [];
  const fast = (extra: DeliveryOptions = {}): DeliveryOptions => ({
    sleep: async (ms) => void waits.push(ms),
    random: () => 0.5,
    ...extra,
  });
  beforeEach(() => (waits.length = 0));

  it('POSTs JSON with one Idempotency-Key for every try', async () => {
    const { fetchStub, calls } = scriptedFetch([new TypeError('network'), json(503, {}), json(201, { id: '7' })]);
    const result = await deliver('/api/contact', { a: 1 }, 'key-123456', fast({ fetch: fetchStub }));
    expect(result).to.deep.equal({ kind: 'delivered', status: 201, body: { id: '7' }, attempts: 3 });
    expect(calls).to.have.length(3);
    for (const call of calls) {
      expect(call.init.method).to.equal('POST');
      expect((call.init.headers as Record<string, string>)['idempotency-key']).to.equal('key-123456');
      expect(call.init.body).to.equal('{"a":1}');
    }
  });

  it('backs off exponentially with jitter', async () => {
    const { fetchStub } = scriptedFetch([json(500, {}), json(502, {}), json(500, {}), json(500, {})]);
    const result = await deliver('/x', {}, 'key-123456', fast({ fetch: fetchStub, baseDelayMs: 100, maxDelayMs: 10_000, maxAttempts: 4 }));
    expect(result.kind).to.equal('failed');
    expect(result.attempts).to.equal(4);
    expect(waits).to.deep.equal([50, 100, 200]); // half of 100, 200, 400 with random() = 0.5
  });

  it('waits out Retry-After on 429', async () => {
    const { fetchStub } = scriptedFetch([json(429, {}, { 'retry-after': '3' }), json(201, {})]);
    const result = await deliver('/x', {}, 'key-123456', fast({ fetch: fetchStub }));
    expect(result.kind).to.equal('delivered');
    expect(waits).to.deep.equal([3000]);
  });

  it('gives up early when Retry-After is longer than it may wait', async () => {
    const { fetchStub, calls } = scriptedFetch([json(503, {}, { 'retry-after': '600' })]);
    const result = await deliver('/x', {}, 'key-123456', fast({ fetch: fetchStub, maxRetryAfterMs: 30_000 }));
    expect(result).to.include({ kind: 'failed', reason: 'http', status: 503, retryAfterMs: 600_000 });
    expect(calls).to.have.length(1);
  });

  it('abandons a try after its timeout and retries', async () => {
    const { fetchStub, calls } = scriptedFetch(['hang', json(201, { id: '1' })]);
    const result = await deliver('/x', {}, 'key-123456', fast({ fetch: fetchStub, timeoutMs: 20 }));
    expect(result.kind).to.equal('delivered');
    expect(calls).to.have.length(2);
    const onlyHangs = scriptedFetch(['hang', 'hang']);
    const failed = await deliver('/x', {}, 'key-123456', fast({ fetch: onlyHangs.fetchStub, timeoutMs: 10, maxAttempts: 2 }));
    expect(failed).to.include({ kind: 'failed', reason: 'timeout', attempts: 2 });
  });

  it('returns 422 field errors without retrying', async () => {
    const { fetchStub, calls } = scriptedFetch([
      json(422, { message: 'Some fields are not valid.', fields: { email: { code: 'format', message: 'Enter an email' }, phone: 'Bad' } }),
    ]);
    const result = await deliver('/x', {}, 'key-123456', fast({ fetch: fetchStub }));
    expect(result).to.deep.equal({
      kind: 'rejected',
      status: 422,
      fieldErrors: { email: { code: 'format', message: 'Enter an email' }, phone: { code: 'invalid', message: 'Bad' } },
      message: 'Some fields are not valid.',
      attempts: 1,
    });
    expect(calls).to.have.length(1);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const { fetchStub } = scriptedFetch(['hang']);
    const pending = deliver('/x', {}, 'key-123456', { fetch: fetchStub, signal: controller.signal, timeoutMs: 10_000 });
    controller.abort();
    expect(await pending).to.include({ kind: 'failed', reason: 'aborted' });
  });

  it('retries exactly network errors, 408, 429 and 5xx', () => {
    expect([408, 429, 500, 502, 503, 504].every(isRetryableStatus)).to.be.true;
    expect([400, 401, 403, 404, 409, 413, 422].some(isRetryableStatus)).to.be.false;
  });

  it('keeps every backoff within its ceiling', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 60_000 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (retry, base, max, r) => {
        const wait = backoffDelayMs(retry, base, max, () => r);
        expect(wait).to.be.at.least(0);
        expect(wait).to.be.at.most(Math.min(max, base * 2 ** (retry - 1)));
      }),
    );
  });

  it('reads Retry-After as seconds or as a date', () => {
    const now = Date.UTC(2026, 10, 27, 8, 0, 0);
    expect(parseRetryAfter('5', now)).to.equal(5000);
    expect(parseRetryAfter('Fri, 27 Nov 2026 08:00:30 GMT', now)).to.equal(30_000);
    expect(parseRetryAfter('Fri, 27 Nov 2026 07:00:00 GMT', now)).to.equal(0);
    expect(parseRetryAfter('soon', now)).to.be.undefined;
    expect(parseRetryAfter(null, now)).to.be.undefined;
  });

  it('makes distinct v4 UUIDs', () => {
    const keys = new Set(Array.from({ length: 100 }, newIdempotencyKey));
    expect(keys.size).to.equal(100);
    for (const key of keys) expect(key).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
