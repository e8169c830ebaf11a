/**
 * Counts wrong guesses of a secret per client in a sliding window. A client at the limit is
 * refused before its guess is even compared, so a limited guesser learns nothing more. Memory
 * is bounded: past `maxClients` the clients whose guesses left the window are forgotten, then
 * the oldest.
 */
export interface GuessLimitConfig {
  /** Wrong guesses one client may make within `windowMs`. */
  attempts: number;
  windowMs: number;
}

export class GuessLimiter {
  /** Client → times of its wrong guesses, oldest first; insertion order is recency order. */
  readonly #wrong = new Map<string, number[]>();

  constructor(
    readonly config: GuessLimitConfig,
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

  /** Milliseconds until this client may guess again, or 0 when it may now. */
  retryAfterMs(client: string): number {
    const times = this.#recent(client);
    if (times.length < this.config.attempts) return 0;
    return Math.max(1, times[times.length - this.config.attempts]! + this.config.windowMs - this.now());
  }

  /** Records a wrong guess. */
  wrong(client: string): void {
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
