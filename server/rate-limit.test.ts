import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RateLimiter } from './rate-limit.ts';

describe('rate limiter', () => {
  it('allows a burst, then refills at the configured rate', () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 2, perMinute: 60 }, () => now);
    assert.deepEqual(limiter.take('a'), { allowed: true });
    assert.deepEqual(limiter.take('a'), { allowed: true });
    assert.deepEqual(limiter.take('a'), { allowed: false, retryAfterSeconds: 1 });
    assert.deepEqual(limiter.take('b'), { allowed: true }, 'clients have their own buckets');
    now += 1000;
    assert.deepEqual(limiter.take('a'), { allowed: true });
  });

  it('is off with a burst of 0', () => {
    const limiter = new RateLimiter({ burst: 0, perMinute: 0 });
    for (let i = 0; i < 100; i++) assert.equal(limiter.take('a').allowed, true);
  });

  it('remembers a bounded number of clients, forgetting the least recent', () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 1, perMinute: 1 }, () => now, 100);
    limiter.take('kept');
    for (let i = 0; i < 1000; i++) {
      now += 1;
      limiter.take(`client-${i}`);
      if (i % 50 === 0) limiter.take('kept'); // seen recently, so not forgotten
    }
    assert.ok(limiter.size <= 100);
    assert.equal(limiter.take('kept').allowed, false, 'a recent client keeps its empty bucket');
  });
});
