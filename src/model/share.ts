/**
 * Passcode-protected share links (DESIGN.md §6): the envelope, the link format and the share
 * server's request and response bodies. The widget and the reference server both check data
 * with these schemas, so a rule changed here changes on both sides.
 *
 * Nothing here is secret. The header travels in the clear (the server stores it, link
 * previewers may see it) and is authenticated as the AES-GCM additional data, byte for byte as
 * `serializeShareHeader` writes it.
 *
 * Link formats, always in the URL fragment after `#trialkit-share=`:
 * - server mode `s1.<id>.<secret>` — the ciphertext waits on the server under `id`;
 * - fragment mode `f1.<secret>.<header>.<iv>.<ciphertext>.<check>` — everything rides in the
 *   link; `check` is a MAC keyed by the link secret alone, so a link cut short or mangled by a
 *   mail client reads as damaged instead of as a wrong passcode.
 * Every part is unpadded base64url (`-` and `_`, no `=`), decoded strictly: anything else in a
 * part makes the link damaged.
 */
import * as z from 'zod/mini';
import { wholeNumber } from './whole-number.ts';

/** Version of the header and of the key schedule it implies (PBKDF2 → HKDF → AES-256-GCM). */
export const SHARE_FORMAT_VERSION = 1;
/** The only key-derivation function of format 1. */
export const SHARE_KDF_NAME = 'PBKDF2-HMAC-SHA256';
/** OWASP's floor for PBKDF2-HMAC-SHA256; an opener refuses anything lower. */
export const SHARE_MIN_ITERATIONS = 600_000;
/** The ceiling: a hostile link must not be able to freeze the reader's tab for minutes. */
export const SHARE_MAX_ITERATIONS = 10_000_000;
/** What `sealShare` uses unless told otherwise. */
export const SHARE_DEFAULT_ITERATIONS = SHARE_MIN_ITERATIONS;

export const SHARE_SALT_BYTES = 16;
export const SHARE_SECRET_BYTES = 32;
export const SHARE_IV_BYTES = 12;
/** AES-GCM tag length; the ciphertext is never shorter than this. */
export const SHARE_TAG_BYTES = 16;
export const SHARE_PROOF_BYTES = 32;
/** The fragment-mode integrity check (truncated HMAC-SHA256). */
export const SHARE_CHECK_BYTES = 16;
export const SHARE_ID_BYTES = 16;
/** A server challenge for `/open`: random bytes, used once. */
export const SHARE_NONCE_BYTES = 32;
/** How long a challenge may wait for its answer (PBKDF2 runs before it is fetched). */
export const SHARE_CHALLENGE_TTL_MS = 2 * 60_000;
export const SHARE_DELETE_TOKEN_BYTES = 32;

/** Expiry is required: 7 days unless the sender picks another, never more than 30. */
export const SHARE_DEFAULT_EXPIRY_DAYS = 7;
export const SHARE_MAX_EXPIRY_DAYS = 30;
export const DAY_MS = 86_400_000;

/** Most notes one share may carry, and most bytes of their JSON before compression. */
export const SHARE_MAX_NOTES = 500;
export const SHARE_MAX_PLAINTEXT_BYTES = 512 * 1024;
/** The largest ciphertext a server accepts (compressed notes plus the tag). */
export const SHARE_MAX_CIPHERTEXT_BYTES = 384 * 1024;
/**
 * Fragment-mode links longer than this (characters after `#trialkit-share=`) are refused when
 * sealing. Mail clients, chat apps and QR codes start to break links somewhere past 8 KB.
 */
export const SHARE_FRAGMENT_MAX_CHARS = 8_000;
export const SHARE_MAX_VIEWS = 1_000;
export const SHARE_TRIAL_ID_MAX_CHARS = 256;

/** The fragment key that marks a share link. */
export const SHARE_FRAGMENT_KEY = 'trialkit-share';
export const SERVER_LINK_PREFIX = `s${SHARE_FORMAT_VERSION}`;
export const FRAGMENT_LINK_PREFIX = `f${SHARE_FORMAT_VERSION}`;

// ── base64url ─────────────────────────────────────────────────────────────────────────────

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Unpadded base64url of `bytes`. */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * The bytes of an unpadded base64url string, or undefined when it is not one: padding, other
 * characters, an impossible length or non-zero unused bits all fail, so that one string has
 * exactly one meaning.
 */
export function fromBase64Url(text: string): Uint8Array | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  let binary: string;
  try {
    binary = atob(padded);
  } catch {
    return undefined;
  }
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return toBase64Url(bytes) === text ? bytes : undefined;
}

/** Characters of unpadded base64url for `bytes` bytes. */
export function base64UrlLength(bytes: number): number {
  return Math.ceil((bytes * 4) / 3);
}

/** A base64url string that decodes to exactly `bytes` bytes. */
function base64UrlOf(bytes: number) {
  return z.string().check(
    z.length(base64UrlLength(bytes)),
    z.refine((s) => fromBase64Url(s)?.length === bytes, `${bytes} bytes as unpadded base64url`),
  );
}

/** A base64url string of between `min` and `max` bytes. */
function base64UrlBetween(min: number, max: number) {
  return z.string().check(
    z.maxLength(base64UrlLength(max)),
    z.refine((s) => {
      const length = fromBase64Url(s)?.length;
      return length !== undefined && length >= min && length <= max;
    }, `${min}–${max} bytes as unpadded base64url`),
  );
}

// ── header ────────────────────────────────────────────────────────────────────────────────

/** An instant as `Date#toISOString` writes it, so it serializes to the same bytes again. */
export const IsoInstantSchema = z.string().check(
  z.refine((s) => {
    const time = Date.parse(s);
    return Number.isFinite(time) && new Date(time).toISOString() === s;
  }, 'an ISO 8601 instant in UTC with milliseconds'),
);

export const ShareKdfSchema = z.strictObject({
  name: z.literal(SHARE_KDF_NAME),
  /** Only the range an opener will run; below the minimum is refused before this schema. */
  iterations: wholeNumber().check(z.gte(1), z.lte(SHARE_MAX_ITERATIONS)),
  salt: base64UrlOf(SHARE_SALT_BYTES),
});

/**
 * The versioned header: authenticated, not secret. `trialId` is the trial (or page key) the
 * notes were made on; `noteCount` lets the recipient see what is coming before the passcode.
 */
export const ShareHeaderSchema = z.strictObject({
  v: z.literal(SHARE_FORMAT_VERSION),
  kdf: ShareKdfSchema,
  expiresAt: IsoInstantSchema,
  trialId: z.string().check(z.minLength(1), z.maxLength(SHARE_TRIAL_ID_MAX_CHARS)),
  noteCount: wholeNumber().check(z.gte(0), z.lte(SHARE_MAX_NOTES)),
});
export type ShareHeader = z.infer<typeof ShareHeaderSchema>;

/** Just enough of a header to read its version before trusting the rest. */
const VersionProbeSchema = z.looseObject({ v: z.unknown() });

/**
 * The exact bytes that are authenticated: the header as JSON with its keys in a fixed order
 * and no whitespace. Both sides rebuild the bytes from the parsed object, so key order or
 * spacing added in transit only makes the tag fail.
 */
export function serializeShareHeader(header: ShareHeader): string {
  return JSON.stringify({
    v: header.v,
    kdf: { name: header.kdf.name, iterations: header.kdf.iterations, salt: header.kdf.salt },
    expiresAt: header.expiresAt,
    trialId: header.trialId,
    noteCount: header.noteCount,
  });
}

export type HeaderReadResult =
  | { ok: true; header: ShareHeader }
  | { ok: false; problem: 'damaged' | 'unsupported-version' | 'weak-kdf' };

/**
 * Reads a header from untrusted JSON-shaped data. An unknown version and a KDF weaker than
 * `minIterations` are told apart from plain damage so the reader sees the right message.
 */
export function readShareHeader(value: unknown, minIterations = SHARE_MIN_ITERATIONS): HeaderReadResult {
  const probe = z.safeParse(VersionProbeSchema, value);
  if (!probe.success) return { ok: false, problem: 'damaged' };
  if (probe.data.v !== SHARE_FORMAT_VERSION) return { ok: false, problem: 'unsupported-version' };
  const parsed = z.safeParse(ShareHeaderSchema, value);
  if (!parsed.success) return { ok: false, problem: 'damaged' };
  if (parsed.data.kdf.iterations < minIterations) return { ok: false, problem: 'weak-kdf' };
  return { ok: true, header: parsed.data };
}

// ── envelope ──────────────────────────────────────────────────────────────────────────────

/** What a sealed share is: the header, the IV and the AES-GCM ciphertext (tag appended). */
export const ShareEnvelopeSchema = z.strictObject({
  header: ShareHeaderSchema,
  iv: base64UrlOf(SHARE_IV_BYTES),
  ciphertext: base64UrlBetween(SHARE_TAG_BYTES, SHARE_MAX_CIPHERTEXT_BYTES),
});
export type ShareEnvelope = z.infer<typeof ShareEnvelopeSchema>;

/** The plaintext inside the ciphertext (before compression). */
export const SharePayloadSchema = z.strictObject({
  notes: z.array(z.unknown()).check(z.maxLength(SHARE_MAX_NOTES)),
});

// ── server API ────────────────────────────────────────────────────────────────────────────

export const ShareIdSchema = base64UrlOf(SHARE_ID_BYTES);
export const ShareProofSchema = base64UrlOf(SHARE_PROOF_BYTES);
/**
 * SHA-256 of the proof: all the server keeps. It is the HMAC key of the answers to the
 * server's challenges, so the proof itself never leaves the reader's browser. It opens nothing
 * by itself: the content key is a separate HKDF output, which neither the proof nor its hash
 * reveals.
 */
export const ShareVerifierSchema = base64UrlOf(32);
export const ShareNonceSchema = base64UrlOf(SHARE_NONCE_BYTES);
export const ShareDeleteTokenSchema = base64UrlOf(SHARE_DELETE_TOKEN_BYTES);

/** `POST /api/shares`. Expiry comes from the header, so there is one value to check. */
export const CreateShareRequestSchema = z.strictObject({
  envelope: ShareEnvelopeSchema,
  verifier: ShareVerifierSchema,
  maxViews: z.optional(wholeNumber().check(z.gte(1), z.lte(SHARE_MAX_VIEWS))),
});
export type CreateShareRequest = z.infer<typeof CreateShareRequestSchema>;

/** 201 of `POST /api/shares`. Keep `deleteToken` in the sender's browser to revoke later. */
export const CreateShareResponseSchema = z.strictObject({
  id: ShareIdSchema,
  deleteToken: ShareDeleteTokenSchema,
  expiresAt: IsoInstantSchema,
});
export type CreateShareResponse = z.infer<typeof CreateShareResponseSchema>;

/**
 * 200 of `GET /api/shares/:id`: what an opener needs to derive the proof. Consumes nothing, so
 * a link previewer or a reload cannot spend a view. `viewsLeft` is null without a limit.
 */
export const ShareStatusResponseSchema = z.strictObject({
  id: ShareIdSchema,
  header: ShareHeaderSchema,
  expiresAt: IsoInstantSchema,
  viewsLeft: z.nullable(wholeNumber().check(z.gte(0))),
});
export type ShareStatusResponse = z.infer<typeof ShareStatusResponseSchema>;

/**
 * 200 of `POST /api/shares/:id/challenge`: a fresh nonce the next `/open` must answer. Each is
 * good for one `/open` and `SHARE_CHALLENGE_TTL_MS`, so a request someone saw cannot be sent
 * again.
 */
export const ShareChallengeResponseSchema = z.strictObject({
  nonce: ShareNonceSchema,
  expiresAt: IsoInstantSchema,
});
export type ShareChallengeResponse = z.infer<typeof ShareChallengeResponseSchema>;

/**
 * `POST /api/shares/:id/open`: the challenge's nonce and
 * `answer = HMAC-SHA256(key = verifier, shareChallengeMessage(id, nonce))`. A static
 * `{ proof }` (the first protocol) is refused.
 */
export const OpenShareRequestSchema = z.strictObject({ nonce: ShareNonceSchema, answer: base64UrlOf(32) });
export type OpenShareRequest = z.infer<typeof OpenShareRequestSchema>;

/** The bytes an `/open` answer signs: bound to this share and this challenge. */
export function shareChallengeMessage(id: string, nonce: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`trialkit/share/v1/open.${id}.${nonce}`);
}

/** 200 of `POST /api/shares/:id/open`: the ciphertext, released to a correct proof only. */
export const OpenShareResponseSchema = z.strictObject({
  envelope: ShareEnvelopeSchema,
  viewsLeft: z.nullable(wholeNumber().check(z.gte(0))),
});
export type OpenShareResponse = z.infer<typeof OpenShareResponseSchema>;

/**
 * Error bodies, in the server's `{ error, message }` shape. `unavailable` (404) covers never
 * existed, expired, revoked and used up alike; `wrong-proof` (403) is a wrong passcode;
 * `too-many-attempts` (429 with `Retry-After`) is the one answer for both the per-link and the
 * per-client guess limit, whatever the proof was; `challenge` (409) is a nonce that expired, was
 * used or was never handed out (ask for a new one); `quota` (507) is a server whose share
 * storage is full; `rate-limited` (429) is a client that made too many shares or challenges.
 */
export const SHARE_ERROR_CODES = ['invalid', 'unavailable', 'wrong-proof', 'too-many-attempts', 'forbidden', 'too-large', 'challenge', 'quota', 'rate-limited'] as const;
export const ShareErrorResponseSchema = z.looseObject({ error: z.string(), message: z.optional(z.string()) });
/** 403 `wrong-proof`: `remaining` wrong guesses before a lockout (absent from older servers). */
export const WrongProofResponseSchema = z.looseObject({ error: z.literal('wrong-proof'), remaining: z.optional(wholeNumber().check(z.gte(0))) });
export type ShareErrorCode = (typeof SHARE_ERROR_CODES)[number];

// ── links ─────────────────────────────────────────────────────────────────────────────────

export type ParsedShareLink =
  | { mode: 'server'; id: string; secret: Uint8Array }
  | {
      mode: 'fragment';
      secret: Uint8Array;
      /** Header JSON text exactly as it came (checked later, after the link check). */
      headerText: string;
      iv: Uint8Array;
      ciphertext: Uint8Array;
      check: Uint8Array;
      /** The characters the check covers: everything after the secret, up to the check. */
      signed: string;
    };

export type LinkReadResult =
  | { ok: true; link: ParsedShareLink }
  | { ok: false; problem: 'absent' | 'damaged' | 'unsupported-version' };

/** The share value in a URL, fragment or bare value, or undefined when there is none. */
export function shareValueOf(input: string): string | undefined {
  const hashAt = input.indexOf('#');
  if (hashAt < 0 && /^[sf]\d+\./.test(input)) return input;
  const fragment = hashAt >= 0 ? input.slice(hashAt + 1) : input;
  for (const part of fragment.split('&')) {
    if (part.startsWith(`${SHARE_FRAGMENT_KEY}=`)) return part.slice(SHARE_FRAGMENT_KEY.length + 1);
  }
  return undefined;
}

/**
 * Reads a share link (a full URL, a `#…` fragment or the bare value). Lengths are exact, so a
 * link cut short or with characters added reads as damaged, not as a wrong passcode.
 */
export function readShareLink(input: string): LinkReadResult {
  const value = shareValueOf(input);
  if (value === undefined) return { ok: false, problem: 'absent' };
  const parts = value.split('.');
  const prefix = parts[0] ?? '';
  if (prefix === SERVER_LINK_PREFIX) {
    if (parts.length !== 3) return { ok: false, problem: 'damaged' };
    const [, id = '', secretText = ''] = parts;
    const secret = fromBase64Url(secretText);
    if (!z.safeParse(ShareIdSchema, id).success || secret?.length !== SHARE_SECRET_BYTES) {
      return { ok: false, problem: 'damaged' };
    }
    return { ok: true, link: { mode: 'server', id, secret } };
  }
  if (prefix === FRAGMENT_LINK_PREFIX) {
    if (parts.length !== 6) return { ok: false, problem: 'damaged' };
    const [, secretText = '', headerPart = '', ivText = '', ciphertextText = '', checkText = ''] = parts;
    const secret = fromBase64Url(secretText);
    const headerBytes = fromBase64Url(headerPart);
    const iv = fromBase64Url(ivText);
    const ciphertext = fromBase64Url(ciphertextText);
    const check = fromBase64Url(checkText);
    if (
      secret?.length !== SHARE_SECRET_BYTES ||
      !headerBytes ||
      iv?.length !== SHARE_IV_BYTES ||
      !ciphertext ||
      ciphertext.length < SHARE_TAG_BYTES ||
      check?.length !== SHARE_CHECK_BYTES
    ) {
      return { ok: false, problem: 'damaged' };
    }
    let headerText: string;
    try {
      headerText = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
    } catch {
      return { ok: false, problem: 'damaged' };
    }
    const signed = `${prefix}.${headerPart}.${ivText}.${ciphertextText}`;
    return { ok: true, link: { mode: 'fragment', secret, headerText, iv, ciphertext, check, signed } };
  }
  // A version marker we do not know (`s2`, `f9`…) is a newer link, not a broken one.
  if (/^[sf]\d+$/.test(prefix)) return { ok: false, problem: 'unsupported-version' };
  return { ok: false, problem: 'damaged' };
}

/** The value of a server-mode link. */
export function serverShareValue(id: string, secret: Uint8Array): string {
  return `${SERVER_LINK_PREFIX}.${id}.${toBase64Url(secret)}`;
}

/** The text a fragment-mode check covers. */
export function fragmentSignedText(header: ShareHeader, iv: Uint8Array, ciphertext: Uint8Array): string {
  const headerPart = toBase64Url(new TextEncoder().encode(serializeShareHeader(header)));
  return `${FRAGMENT_LINK_PREFIX}.${headerPart}.${toBase64Url(iv)}.${toBase64Url(ciphertext)}`;
}

/** The value of a fragment-mode link from its signed text and check. */
export function fragmentShareValue(secret: Uint8Array, signed: string, check: Uint8Array): string {
  const [prefix, ...rest] = signed.split('.');
  return [prefix, toBase64Url(secret), ...rest, toBase64Url(check)].join('.');
}

/** `pageUrl` with its fragment replaced by the share value. */
export function shareUrl(pageUrl: string, value: string): string {
  const hashAt = pageUrl.indexOf('#');
  const base = hashAt >= 0 ? pageUrl.slice(0, hashAt) : pageUrl;
  return `${base}#${SHARE_FRAGMENT_KEY}=${value}`;
}

/** `url` without a share value in its fragment (other fragment parts are kept). */
export function withoutShareValue(url: string): string {
  const hashAt = url.indexOf('#');
  if (hashAt < 0) return url;
  const kept = url
    .slice(hashAt + 1)
    .split('&')
    .filter((part) => !part.startsWith(`${SHARE_FRAGMENT_KEY}=`));
  return kept.length && kept.join('&') ? `${url.slice(0, hashAt)}#${kept.join('&')}` : url.slice(0, hashAt);
}
