/**
 * The client's address, for rate limits and guess limits.
 *
 * Behind `hops` trusted proxies, each appends the address it saw to X-Forwarded-For, so the
 * client is the entry `hops` places from the right: the one the outermost trusted proxy wrote.
 * Everything further left was written by the client and is never used (anyone can send
 * `X-Forwarded-For: 1.2.3.4` to get a fresh rate-limit bucket). An entry a trusted proxy wrote
 * that is not an IP address means the proxy chain is not what the configuration says: the
 * request is refused rather than bucketed under a made-up name. A request with fewer entries
 * than hops did not come through every proxy (a health check from the proxy itself, or a
 * request that bypassed the outer one), and is counted under the socket address.
 */
import { isIP } from 'node:net';

export type ClientAddressResult = { ok: true; address: string } | { ok: false };

/** `1.2.3.4`, `1.2.3.4:5678`, `[2001:db8::1]:443` or `2001:db8::1` → the bare address, or undefined. */
export function bareAddress(entry: string): string | undefined {
  const text = entry.trim();
  if (isIP(text)) return text;
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(text);
  if (v4WithPort && isIP(v4WithPort[1]!) === 4) return v4WithPort[1];
  const v6Bracketed = /^\[([0-9a-fA-F:.]+)\](?::\d{1,5})?$/.exec(text);
  if (v6Bracketed && isIP(v6Bracketed[1]!) === 6) return v6Bracketed[1];
  return undefined;
}

export function clientAddress(socketAddress: string | undefined, forwarded: string | string[] | undefined, hops: number): ClientAddressResult {
  const socket = socketAddress ?? 'unknown';
  if (hops <= 0 || forwarded === undefined) return { ok: true, address: socket };
  const entries = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded).split(',').map((entry) => entry.trim());
  if (entries.length === 1 && entries[0] === '') return { ok: true, address: socket };
  if (entries.length < hops) return { ok: true, address: socket };
  // The entries the trusted proxies wrote, the client's own (left-most of them) included.
  const trusted = entries.slice(entries.length - hops).map(bareAddress);
  if (trusted.some((entry) => entry === undefined)) return { ok: false };
  return { ok: true, address: trusted[0]! };
}
