/**
 * The two ways out: SMTP through nodemailer, and a signed webhook POST. Each resolves only when
 * the other side accepted (SMTP 250 after DATA, HTTP 2xx) and throws a `DeliveryError` with a
 * short code otherwise. Codes, never messages, are kept: an SMTP reply can quote an address.
 */
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type { DeliveryConfig } from '../config.ts';
import { signWebhook, SIGNATURE_HEADER } from './signature.ts';

export class DeliveryError extends Error {
  constructor(readonly code: string) {
    super(code);
    this.name = 'DeliveryError';
  }
}

/** A short, personal-data-free code for why a try failed: `smtp-550`, `http-503`, `ECONNREFUSED`, `timeout`. */
export function errorCode(error: unknown): string {
  if (error instanceof DeliveryError) return error.code;
  const e = error as { responseCode?: unknown; code?: unknown; name?: unknown };
  // A refused sender, recipient or message is told by its SMTP reply; a failed connection, TLS
  // upgrade or login by nodemailer's code (ETLS, EAUTH…), which says more than the reply.
  const refused = e?.code === undefined || e.code === 'EENVELOPE' || e.code === 'EMESSAGE';
  if (typeof e?.responseCode === 'number' && refused) return `smtp-${e.responseCode}`;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'timeout';
  if (typeof e?.code === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(e.code)) return e.code;
  return 'error';
}

function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare);
}

/**
 * A pooled nodemailer transport from `SMTP_URL`. The URL is read here rather than handed to
 * nodemailer whole, so query options cannot turn off the STARTTLS requirement.
 */
export function createMailer(config: DeliveryConfig): Transporter {
  let url: URL;
  try {
    url = new URL(config.smtpUrl!);
  } catch {
    throw new Error('SMTP_URL is not a URL; write it like smtp://user:password@mail.example.org:587.');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error(`SMTP_URL must start with smtp:// or smtps://, not ${url.protocol}//.`);
  const secure = url.protocol === 'smtps:';
  const loopback = isLoopback(url.hostname);
  return nodemailer.createTransport({
    pool: true,
    maxConnections: Math.min(config.concurrency, 5),
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    // Patient data never crosses the network in clear text; a relay on this machine is exempt.
    requireTLS: !secure && !loopback,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    connectionTimeout: config.timeoutMs,
    greetingTimeout: config.timeoutMs,
    socketTimeout: config.timeoutMs,
    logger: false,
    debug: false,
  });
}

/** POSTs `body` to the webhook, signed; resolves on 2xx. */
export async function postWebhook(config: DeliveryConfig, body: string, idempotencyKey: string, signal: AbortSignal): Promise<void> {
  let response: Response;
  try {
    response = await fetch(config.webhookUrl!, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'trialkit-server',
        'idempotency-key': idempotencyKey,
        [SIGNATURE_HEADER]: signWebhook(config.webhookSecret!, body),
      },
      body,
      redirect: 'error',
      signal: AbortSignal.any([signal, AbortSignal.timeout(config.timeoutMs)]),
    });
  } catch (error) {
    // fetch wraps the socket's error (ECONNREFUSED…) in a TypeError's cause.
    const fromCause = errorCode((error as { cause?: unknown }).cause);
    throw new DeliveryError(fromCause !== 'error' ? fromCause : errorCode(error));
  }
  await response.body?.cancel();
  if (response.status < 200 || response.status > 299) throw new DeliveryError(`http-${response.status}`);
}
