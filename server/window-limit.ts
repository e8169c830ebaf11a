/**
 * Counts events per client in a sliding window: wrong guesses of a secret, shares created in
 * an hour. A client at the limit is refused before anything else is looked at (a limited
 * guesser learns nothing more about its guess). Memory is bounded: past `maxClients` the
 * clients whose events left the window are forgotten, then the least recently seen.
 */
export interface WindowLimitConfig {
  /** Events one client may have within `windowMs`. */
  attempts: number;
  windowMs: number;
}

export class WindowLimiter {
  /** Client → times of its events, oldest first; insertion order is recency order. */
  readonly #wrong = new Map<string, number[]>();

  constructor(
    readonly config: WindowLimitConfig,
    readonly now: () => number = Date.now,
    readonly maxClients = 10_000,
  ) {}

  #recent(client: string): number[] {
    const cutoff = this.now() - this.config.windowMs;
    const times = (this.#wrong.get(client) ?? []).filter((at) => at > cutoff);
    if (times.length) this.#wrong.set(client, times);
    else this.#wrong.delete(client);
    return times;
  }

  /** Milliseconds until this client may act again, or 0 when it may now. */
  retryAfterMs(client: string): number {
    const times = this.#recent(client);
    if (times.length < this.config.attempts) return 0;
    return Math.max(1, times[times.length - this.config.attempts]! + this.config.windowMs - this.now());
  }

  /** Events this client may still have before it is refused. */
  remaining(client: string): number {
    return Math.max(0, this.config.attempts - this.#recent(client).length);
  }

  /** Records one event of this client. */
  record(client: string): void {
    const times = this.#recent(client);
    times.push(this.now());
    this.#wrong.delete(client);
    this.#wrong.set(client, times);
    if (this.#wrong.size <= this.maxClients) return;
    for (const key of [...this.#wrong.keys()]) this.#recent(key);
    for (const key of this.#wrong.keys()) {
      if (this.#wrong.size <= this.maxClients) break;
      if (key !== client) this.#wrong.delete(key);
    }
  }
}
