/**
 * Webhook signatures in the style of Stripe and Standard Webhooks:
 * `Trialkit-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with WEBHOOK_SECRET>`.
 * The timestamp is inside the signed text, so a receiver that checks it against its own clock
 * refuses an old request replayed by whoever saw it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'trialkit-signature';

export function signWebhook(secret: string, body: string, unixSeconds = Math.floor(Date.now() / 1000)): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/**
 * What a receiver does (server/README.md shows the same in a few lines): parse the header, refuse
 * a timestamp outside the tolerance, recompute the HMAC over the raw body and compare in
 * constant time. Any `v1` may match, so a sender can sign with two secrets while rotating.
 */
export function verifyWebhook(secret: string, body: string, header: string | undefined, toleranceSeconds = 300, nowSeconds = Date.now() / 1000): boolean {
  if (!header) return false;
  const parts = header.split(',').map((part) => part.trim().split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return parts
    .filter(([k, v]) => k === 'v1' && v !== undefined && /^[0-9a-f]{64}$/.test(v))
    .some(([, v]) => timingSafeEqual(Buffer.from(v!, 'hex'), expected));
}
