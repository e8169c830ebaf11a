/**
 * Delivering one submission to an endpoint (DESIGN.md §4): a JSON POST carrying an
 * `Idempotency-Key` made once per submission, so however many times a try is repeated — after a
 * timeout, a dropped connection or a reload from the outbox — the server keeps one record.
 *
 * Each try has its own timeout. Network errors, timeouts, 408, 429 and 5xx are retried with
 * exponential backoff and full jitter; a `Retry-After` answer is waited out (capped). Other 4xx
 * answers are final: a 422's field errors are returned for the form to show.
 *
 * Plain module: runs in browsers and in Node (the fault-injection test uses it as is).
 */

export interface DeliveryOptions {
  /** Milliseconds one try may take before it is abandoned and retried. */
  timeoutMs?: number;
  /** Tries in all, the first included. */
  maxAttempts?: number;
  /** Backoff before the second try; doubles each time, with full jitter. */
  baseDelayMs?: number;
  /** Ceiling of one backoff wait. */
  maxDelayMs?: number;
  /** Ceiling of a server-requested `Retry-After` wait; longer waits end this delivery. */
  maxRetryAfterMs?: number;
  /** Aborts the whole delivery (e.g. the reader discards the message). */
  signal?: AbortSignal;
  /** Injected for tests. */
  fetch?: typeof fetch;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  /** Called before every try; `attempt` counts from 1. */
  onAttempt?: (attempt: number) => void;
}

export interface FieldErrorInfo {
  code: string;
  message: string;
}

export type DeliveryResult =
  /** The server took it (2xx). `body` is its JSON answer, if any. */
  | { kind: 'delivered'; status: number; body: unknown; attempts: number }
  /** The server refused it for good; resending the same payload would not help. */
  | { kind: 'rejected'; status: number; fieldErrors: Record<string, FieldErrorInfo>; message?: string; attempts: number }
  /** Not delivered yet: every try failed transiently. Safe to try again later with the same key. */
  | { kind: 'failed'; reason: 'network' | 'timeout' | 'http' | 'aborted'; status?: number; attempts: number; retryAfterMs?: number };

export const DELIVERY_DEFAULTS = {
  timeoutMs: 10_000,
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 30_000,
} as const;

/** A random UUID v4, made once per submission and kept with it in the outbox. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // crypto.randomUUID needs a secure context; getRandomValues does not.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Statuses worth another try with the same payload. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Full-jitter backoff: a uniform wait in [0, min(max, base·2^(retry−1))]. `retry` counts from 1.
 * Jitter spreads the retries of many readers coming back online at once.
 */
export function backoffDelayMs(retry: number, baseDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/** `Retry-After` as milliseconds from `now`: delay-seconds or an HTTP date; undefined if unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function readFieldErrors(body: unknown): { fields: Record<string, FieldErrorInfo>; message?: string } {
  const fields: Record<string, FieldErrorInfo> = {};
  if (typeof body !== 'object' || body === null) return { fields };
  const record = body as Record<string, unknown>;
  const raw = record.fields;
  if (typeof raw === 'object' && raw !== null) {
    for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
      if (typeof value === 'string') fields[name] = { code: 'invalid', message: value };
      else if (typeof value === 'object' && value !== null) {
        const v = value as Record<string, unknown>;
        fields[name] = { code: typeof v.code === 'string' ? v.code : 'invalid', message: typeof v.message === 'string' ? v.message : '' };
      }
    }
  }
  return { fields, ...(typeof record.message === 'string' ? { message: record.message } : {}) };
}

async function readJson(response: Response): Promise<unknown> {
  try {
    const text = await response.text();
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * POSTs `payload` as JSON to `endpoint` until it is delivered, refused, or the tries run out.
 * Never throws: every outcome is a `DeliveryResult`.
 */
export async function deliver(endpoint: string, payload: unknown, idempotencyKey: string, options: DeliveryOptions = {}): Promise<DeliveryResult> {
  const timeoutMs = options.timeoutMs ?? DELIVERY_DEFAULTS.timeoutMs;
  const maxAttempts = Math.max(1, options.maxAttempts ?? DELIVERY_DEFAULTS.maxAttempts);
  const baseDelayMs = options.baseDelayMs ?? DELIVERY_DEFAULTS.baseDelayMs;
  const maxDelayMs = options.maxDelayMs ?? DELIVERY_DEFAULTS.maxDelayMs;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? DELIVERY_DEFAULTS.maxRetryAfterMs;
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const outer = options.signal;
  const body = JSON.stringify(payload);

  let last: Extract<DeliveryResult, { kind: 'failed' }> = { kind: 'failed', reason: 'network', attempts: 0 };
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (outer?.aborted) return { kind: 'failed', reason: 'aborted', attempts: attempt - 1 };
    options.onAttempt?.(attempt);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const forward = () => controller.abort();
    outer?.addEventListener('abort', forward, { once: true });
    let retryAfterMs: number | undefined;
    try {
      const response = await doFetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': idempotencyKey },
        body,
        credentials: 'omit',
        signal: controller.signal,
      });
      const json = await readJson(response);
      if (response.ok) return { kind: 'delivered', status: response.status, body: json, attempts: attempt };
      if (!isRetryableStatus(response.status)) {
        const { fields, message } = readFieldErrors(json);
        return { kind: 'rejected', status: response.status, fieldErrors: fields, attempts: attempt, ...(message ? { message } : {}) };
      }
      retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now());
      last = { kind: 'failed', reason: 'http', status: response.status, attempts: attempt, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
    } catch {
      if (outer?.aborted) return { kind: 'failed', reason: 'aborted', attempts: attempt };
      last = { kind: 'failed', reason: timedOut ? 'timeout' : 'network', attempts: attempt };
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', forward);
    }
    if (attempt === maxAttempts) break;
    if (retryAfterMs !== undefined && retryAfterMs > maxRetryAfterMs) break; // the outbox waits instead
    const wait = Math.max(retryAfterMs ?? 0, backoffDelayMs(attempt, baseDelayMs, maxDelayMs, random));
    try {
      await sleep(wait, outer);
    } catch {
      return { kind: 'failed', reason: 'aborted', attempts: attempt };
    }
  }
  return last;
}
