/**
 * Token buckets per client: `burst` requests at once, refilled at `perMinute`. Memory is bounded:
 * past `maxClients` the least recently seen clients are forgotten (which at worst gives such a
 * client a fresh burst), a tenth at a time so the cost per request stays constant.
 */
import type { RateLimitConfig } from './config.ts';

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updated: number;
}

export class RateLimiter {
  /** Insertion order is recency order: each take moves its client to the end. */
  readonly #buckets = new Map<string, Bucket>();

  constructor(
    readonly config: RateLimitConfig,
    readonly now: () => number = Date.now,
    readonly maxClients = 10_000,
  ) {}

  /** `burst: 0` turns limiting off. */
  get enabled(): boolean {
    return this.config.burst > 0;
  }

  take(client: string): RateDecision {
    if (!this.enabled) return { allowed: true };
    const now = this.now();
    const perMs = this.config.perMinute / 60_000;
    const bucket = this.#buckets.get(client) ?? { tokens: this.config.burst, updated: now };
    bucket.tokens = Math.min(this.config.burst, bucket.tokens + (now - bucket.updated) * perMs);
    bucket.updated = now;
    this.#buckets.delete(client);
    this.#buckets.set(client, bucket);
    if (this.#buckets.size > this.maxClients) this.#forgetOldest();
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    const waitMs = perMs > 0 ? (1 - bucket.tokens) / perMs : 60_000;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  /** How many clients are remembered (for tests). */
  get size(): number {
    return this.#buckets.size;
  }

  #forgetOldest(): void {
    const keep = Math.floor(this.maxClients * 0.9);
    for (const key of this.#buckets.keys()) {
      if (this.#buckets.size <= keep) break;
      this.#buckets.delete(key);
    }
  }
}
