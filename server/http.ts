/** Small HTTP helpers shared by the routes: JSON answers, bounded body reading, errors (the 429 among them). */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Thrown inside a handler to answer with `status` and a JSON body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body.message === 'string' ? body.message : `HTTP ${status}`);
    this.name = 'HttpError';
  }
}

/** Whole seconds to wait, at least one: what a Retry-After header says for `ms`. */
export function secondsToWait(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/**
 * The one 429 answer: every limit (submissions, geocode, admin tokens, shares) sends this body
 * with the same wait in `Retry-After`. `error` is `rate-limited`, except that wrong passcodes
 * say `too-many-attempts`, which the share widget tells apart (src/model/share.ts).
 */
export function rateLimited(
  retryAfterSeconds: number,
  message = 'Too many requests. Try again later.',
  error: 'rate-limited' | 'too-many-attempts' = 'rate-limited',
): HttpError {
  return new HttpError(429, { error, message, retryAfterSeconds }, { 'retry-after': String(retryAfterSeconds) });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/**
 * Reads a JSON body of at most `limit` bytes. A declared or actual size over the limit is a 413
 * (the rest of the body is not read; the connection is closed after the answer).
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    req.resume();
    throw new HttpError(415, { error: 'unsupported-media-type', message: 'Send the body as application/json.' });
  }
  const declared = Number(req.headers['content-length']);
  const tooLarge = () =>
    new HttpError(413, { error: 'too-large', message: `The body is larger than ${limit} bytes.` }, { connection: 'close' });
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  // Events rather than `for await`: leaving that loop early would destroy the socket before the
  // 413 could be sent.
  const text = await new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) {
        refused = true;
        chunks.length = 0;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!refused) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, { error: 'bad-json', message: 'The body is not valid JSON.' });
  }
}
