/**
 * Sealing and opening passcode-protected shares (DESIGN.md §6), with WebCrypto alone.
 *
 * Key schedule of format 1:
 * - passcode key = PBKDF2-HMAC-SHA256(UTF-8 of the NFC-normalised passcode, 16-byte salt,
 *   ≥ 600,000 iterations) → 32 bytes. Spaces are part of the passcode: nothing is trimmed.
 * - HKDF-SHA256(ikm = link secret ‖ passcode key, salt = the same salt) gives two independent
 *   outputs: the AES-256-GCM content key (info `trialkit/share/v1/content`) and the 32-byte
 *   proof (info `trialkit/share/v1/proof`). The server keeps SHA-256(proof), the verifier;
 *   without the link secret it cannot run a guessing attack on the passcode, and without the
 *   passcode the link alone opens nothing.
 * - Opening on a server: the reader asks for a single-use nonce and sends
 *   HMAC-SHA256(key = verifier, `trialkit/share/v1/open.<id>.<nonce>`). The proof never leaves
 *   the browser, and an answer someone saw is useless for any other nonce.
 * - Fragment links also carry a check: HMAC-SHA256 keyed by HKDF(link secret, info
 *   `trialkit/share/v1/link-check`), cut to 16 bytes, over the rest of the link. It needs no
 *   passcode, so a mangled link is reported as damaged at once, and an AES-GCM failure behind
 *   an intact check can only mean a wrong passcode.
 * - Plaintext: `{"notes":[…]}` as UTF-8, compressed with deflate-raw, sealed under a fresh
 *   96-bit IV with the serialized header as additional data.
 *
 * It stays one file of about 500 lines on purpose: a reviewer of the cryptography should read
 * the whole key schedule, sealing and opening in one place.
 */
import {
  DAY_MS,
  SHARE_CHECK_BYTES,
  SHARE_DEFAULT_ITERATIONS,
  SHARE_FORMAT_VERSION,
  SHARE_FRAGMENT_MAX_CHARS,
  SHARE_IV_BYTES,
  SHARE_KDF_NAME,
  SHARE_MAX_CIPHERTEXT_BYTES,
  SHARE_MAX_EXPIRY_DAYS,
  SHARE_MAX_ITERATIONS,
  SHARE_MAX_NOTES,
  SHARE_MAX_PLAINTEXT_BYTES,
  SHARE_MIN_ITERATIONS,
  SHARE_SALT_BYTES,
  SHARE_SECRET_BYTES,
  SharePayloadSchema,
  fragmentShareValue,
  fragmentSignedText,
  fromBase64Url,
  readShareHeader,
  readShareLink,
  serializeShareHeader,
  shareChallengeMessage,
  toBase64Url,
  type ShareEnvelope,
  type ShareHeader,
} from '../model/share.ts';

// ── errors ────────────────────────────────────────────────────────────────────────────────

export type ShareProblem =
  | 'damaged'
  | 'wrong-passcode'
  | 'expired'
  | 'unsupported'
  | 'different-page'
  | 'too-large'
  | 'too-many-attempts'
  | 'unreachable';

/** Anything that stops a share from being sealed or opened; `problem` picks the message. */
export class ShareError extends Error {
  constructor(
    readonly problem: ShareProblem,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The link or the stored share is incomplete or altered. Asking again will not help. */
export class ShareDamagedError extends ShareError {
  constructor(message = 'The share link is damaged or incomplete.') {
    super('damaged', message);
  }
}

/** The passcode does not open this share. The reader may try again. */
export class ShareWrongPasscodeError extends ShareError {
  /** `remaining`: wrong guesses a share server still takes before it locks the link, when it says. */
  constructor(readonly remaining?: number) {
    super('wrong-passcode', 'The passcode does not open this share.');
  }
}

/** The share's expiry has passed (or, from a server, it was revoked or used up). */
export class ShareExpiredError extends ShareError {
  constructor(
    readonly reason: 'expired' | 'unavailable' = 'expired',
    readonly expiresAt?: string,
  ) {
    super('expired', reason === 'expired' ? 'The share has expired.' : 'The share has expired or was revoked.');
  }
}

/** Made by a newer trialkit, or with key-derivation settings weaker than this one accepts. */
export class ShareUnsupportedError extends ShareError {
  constructor(readonly reason: 'version' | 'weak-kdf') {
    super(
      'unsupported',
      reason === 'version'
        ? 'The share was made in a format this page does not know.'
        : 'The share uses weaker protection than this page accepts.',
    );
  }
}

/** Made on another trial or page than the one opening it. */
export class ShareDifferentPageError extends ShareError {
  constructor(
    readonly trialId: string,
    readonly expectedTrialId: string,
  ) {
    super('different-page', 'The share was made for a different page.');
  }
}

/** Too many notes, or too much text, for one share (or for a link in fragment mode). */
export class ShareTooLargeError extends ShareError {
  constructor(
    readonly limit: 'notes' | 'bytes' | 'fragment',
    message: string,
  ) {
    super('too-large', message);
  }
}

// ── sealing ───────────────────────────────────────────────────────────────────────────────

export interface SealOptions {
  passcode: string;
  /** Required: when the share stops opening. At most 30 days ahead. */
  expiresAt: Date | string | number;
  /** The trial (or page key) the notes belong to; a recipient elsewhere is told so. */
  trialId: string;
  /** `fragment` also builds the self-contained link value and enforces its size cap. */
  mode: 'server' | 'fragment';
  /** PBKDF2 iterations; from the minimum (the default) up to the ceiling. */
  iterations?: number;
  /**
   * TESTS ONLY: an iteration count below the minimum, so property tests run quickly. Openers
   * refuse such shares unless they pass `insecureTestingMinIterations` too.
   */
  insecureTestingIterations?: number;
  /** The current time in ms (tests). */
  now?: number;
  /** Longest fragment value accepted (tests of the cap). */
  fragmentMaxChars?: number;
}

export interface SealedShare {
  envelope: ShareEnvelope;
  /** The link secret: goes into the link's fragment and nowhere else. */
  secret: Uint8Array;
  /** SHA-256 of the proof, base64url: what a share server stores. */
  verifier: string;
  /** The value after `#trialkit-share=`; fragment mode only. */
  fragmentValue: string | undefined;
}

const encoder = new TextEncoder();

function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(length));
}

function bytes(data: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(data);
}

function toInstant(value: Date | string | number): number {
  return value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : value;
}

/** The passcode as the key derivation sees it: NFC, everything else untouched. */
export function passcodeBytes(passcode: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(passcode.normalize('NFC'));
}

/**
 * Encrypts `notes` (any JSON values; the notes element passes its annotations) for the
 * passcode. Throws `ShareTooLargeError` over the caps and `RangeError` for settings outside
 * the rules (expiry in the past or over 30 days ahead, iterations out of range, empty passcode).
 */
export async function sealShare(notes: readonly unknown[], options: SealOptions): Promise<SealedShare> {
  const now = options.now ?? Date.now();
  const expiresAt = toInstant(options.expiresAt);
  if (!Number.isFinite(expiresAt) || expiresAt <= now) throw new RangeError('A share needs an expiry in the future.');
  if (expiresAt > now + SHARE_MAX_EXPIRY_DAYS * DAY_MS) {
    throw new RangeError(`A share expires within ${SHARE_MAX_EXPIRY_DAYS} days.`);
  }
  if (!options.passcode) throw new RangeError('A share needs a passcode.');
  const iterations = options.insecureTestingIterations ?? options.iterations ?? SHARE_DEFAULT_ITERATIONS;
  const floor = options.insecureTestingIterations === undefined ? SHARE_MIN_ITERATIONS : 1;
  if (!Number.isInteger(iterations) || iterations < floor || iterations > SHARE_MAX_ITERATIONS) {
    throw new RangeError(`PBKDF2 iterations must be between ${SHARE_MIN_ITERATIONS} and ${SHARE_MAX_ITERATIONS}.`);
  }
  if (notes.length > SHARE_MAX_NOTES) {
    throw new ShareTooLargeError('notes', `A share holds at most ${SHARE_MAX_NOTES} notes.`);
  }
  const json = encoder.encode(JSON.stringify({ notes }));
  if (json.length > SHARE_MAX_PLAINTEXT_BYTES) {
    throw new ShareTooLargeError('bytes', 'These notes hold too much text for one share.');
  }

  const salt = randomBytes(SHARE_SALT_BYTES);
  const header: ShareHeader = {
    v: SHARE_FORMAT_VERSION,
    kdf: { name: SHARE_KDF_NAME, iterations, salt: toBase64Url(salt) },
    expiresAt: new Date(expiresAt).toISOString(),
    trialId: options.trialId,
    noteCount: notes.length,
  };
  const secret = randomBytes(SHARE_SECRET_BYTES);
  const keys = await deriveShareKeys(header, secret, options.passcode);
  const iv = randomBytes(SHARE_IV_BYTES);
  const ciphertext = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: encoder.encode(serializeShareHeader(header)), tagLength: 128 },
      keys.contentKey,
      await compress(json),
    ),
  );
  if (ciphertext.length > SHARE_MAX_CIPHERTEXT_BYTES) {
    throw new ShareTooLargeError('bytes', 'These notes hold too much text for one share.');
  }
  const envelope: ShareEnvelope = { header, iv: toBase64Url(iv), ciphertext: toBase64Url(ciphertext) };

  let fragmentValue: string | undefined;
  if (options.mode === 'fragment') {
    const signed = fragmentSignedText(header, iv, ciphertext);
    fragmentValue = fragmentShareValue(secret, signed, await linkCheck(secret, signed));
    if (fragmentValue.length > (options.fragmentMaxChars ?? SHARE_FRAGMENT_MAX_CHARS)) {
      throw new ShareTooLargeError('fragment', 'These notes are too long to fit in a link on their own.');
    }
  }
  return { envelope, secret, verifier: await proofVerifier(keys.proof), fragmentValue };
}

// ── keys ──────────────────────────────────────────────────────────────────────────────────

export interface ShareKeys {
  contentKey: CryptoKey;
  /** What a share server needs to release the ciphertext. */
  proof: Uint8Array;
}

const INFO_CONTENT = encoder.encode('trialkit/share/v1/content');
const INFO_PROOF = encoder.encode('trialkit/share/v1/proof');
const INFO_LINK_CHECK = encoder.encode('trialkit/share/v1/link-check');

/** Runs the key schedule for `header` (the slow part: PBKDF2). */
export async function deriveShareKeys(header: ShareHeader, secret: Uint8Array, passcode: string): Promise<ShareKeys> {
  const salt = fromBase64Url(header.kdf.salt);
  if (!salt || salt.length !== SHARE_SALT_BYTES || secret.length !== SHARE_SECRET_BYTES) throw new ShareDamagedError();
  const password = await crypto.subtle.importKey('raw', passcodeBytes(passcode), 'PBKDF2', false, ['deriveBits']);
  const passcodeKey = new Uint8Array(
    await crypto.subtle.deriveBits(
      { name: 'PBKDF2', hash: 'SHA-256', salt: bytes(salt), iterations: header.kdf.iterations },
      password,
      256,
    ),
  );
  const ikm = new Uint8Array(SHARE_SECRET_BYTES + passcodeKey.length);
  ikm.set(secret, 0);
  ikm.set(passcodeKey, SHARE_SECRET_BYTES);
  const master = await crypto.subtle.importKey('raw', ikm, 'HKDF', false, ['deriveKey', 'deriveBits']);
  ikm.fill(0);
  passcodeKey.fill(0);
  const contentKey = await crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: bytes(salt), info: INFO_CONTENT },
    master,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
  const proof = new Uint8Array(
    await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: bytes(salt), info: INFO_PROOF }, master, 256),
  );
  return { contentKey, proof };
}

/** SHA-256 of a proof, base64url. */
export async function proofVerifier(proof: Uint8Array): Promise<string> {
  return toBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes(proof))));
}

/**
 * The answer to a server's challenge: HMAC-SHA256 keyed by the verifier (SHA-256 of the proof)
 * over the share id and the nonce, base64url.
 */
export async function answerShareChallenge(verifier: string, id: string, nonce: string): Promise<string> {
  const keyBytes = fromBase64Url(verifier);
  if (keyBytes?.length !== 32) throw new ShareDamagedError();
  const key = await crypto.subtle.importKey('raw', bytes(keyBytes), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return toBase64Url(new Uint8Array(await crypto.subtle.sign('HMAC', key, shareChallengeMessage(id, nonce))));
}

async function linkCheck(secret: Uint8Array, signed: string): Promise<Uint8Array> {
  const base = await crypto.subtle.importKey('raw', bytes(secret), 'HKDF', false, ['deriveKey']);
  const key = await crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: INFO_LINK_CHECK },
    base,
    { name: 'HMAC', hash: 'SHA-256', length: 256 },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(signed)));
  return mac.slice(0, SHARE_CHECK_BYTES);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i += 1) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}

// ── opening ───────────────────────────────────────────────────────────────────────────────

export interface OpenOptions {
  /** The trial (or page key) of the page opening the share; a mismatch is refused. */
  expectedTrialId?: string;
  /** The current time in ms (tests). */
  now?: number;
  /**
   * TESTS ONLY: accept iteration counts down to this. Without it, anything below 600,000 is
   * refused as `ShareUnsupportedError('weak-kdf')`.
   */
  insecureTestingMinIterations?: number;
}

export interface OpenedShare {
  header: ShareHeader;
  /** The notes as they were sealed; check them against the annotation schema before use. */
  notes: unknown[];
}

/** A share read from a link or fetched from a server, before the passcode is known. */
export type LockedShare =
  | { mode: 'fragment'; header: ShareHeader; envelope: ShareEnvelope; secret: Uint8Array }
  | { mode: 'server'; id: string; secret: Uint8Array };

/**
 * Reads a share link without the passcode: format, link check and header. Throws
 * `ShareDamagedError` or `ShareUnsupportedError`; returns undefined when `input` holds no share.
 */
export async function readShare(
  input: string,
  options: Pick<OpenOptions, 'insecureTestingMinIterations'> = {},
): Promise<LockedShare | undefined> {
  const read = readShareLink(input);
  if (!read.ok) {
    if (read.problem === 'absent') return undefined;
    throw read.problem === 'unsupported-version' ? new ShareUnsupportedError('version') : new ShareDamagedError();
  }
  const link = read.link;
  if (link.mode === 'server') return { mode: 'server', id: link.id, secret: link.secret };
  if (!sameBytes(await linkCheck(link.secret, link.signed), link.check)) throw new ShareDamagedError();
  let headerValue: unknown;
  try {
    headerValue = JSON.parse(link.headerText);
  } catch {
    throw new ShareDamagedError();
  }
  const header = checkHeaderValue(headerValue, options);
  if (serializeShareHeader(header) !== link.headerText) throw new ShareDamagedError();
  return {
    mode: 'fragment',
    header,
    secret: link.secret,
    envelope: { header, iv: toBase64Url(link.iv), ciphertext: toBase64Url(link.ciphertext) },
  };
}

/** Checks a header from an untrusted source; throws the matching `ShareError`. */
export function checkHeaderValue(
  value: unknown,
  options: Pick<OpenOptions, 'insecureTestingMinIterations'> = {},
): ShareHeader {
  const result = readShareHeader(value, options.insecureTestingMinIterations ?? SHARE_MIN_ITERATIONS);
  if (result.ok) return result.header;
  if (result.problem === 'unsupported-version') throw new ShareUnsupportedError('version');
  if (result.problem === 'weak-kdf') throw new ShareUnsupportedError('weak-kdf');
  throw new ShareDamagedError();
}

/** Throws when the share is for another page or has expired: both are known before the passcode. */
export function checkShareApplies(header: ShareHeader, options: Pick<OpenOptions, 'expectedTrialId' | 'now'> = {}): void {
  if (options.expectedTrialId !== undefined && header.trialId !== options.expectedTrialId) {
    throw new ShareDifferentPageError(header.trialId, options.expectedTrialId);
  }
  if (Date.parse(header.expiresAt) <= (options.now ?? Date.now())) throw new ShareExpiredError('expired', header.expiresAt);
}

/**
 * Decrypts an envelope with keys already derived. `onTagFailure` says what a failed tag means:
 * behind an intact fragment link check or a server that accepted the proof, it can only be
 * `damaged` data; with nothing vouching for the envelope, it reads as a wrong passcode.
 */
export async function decryptShare(
  envelope: ShareEnvelope,
  keys: ShareKeys,
  onTagFailure: 'wrong-passcode' | 'damaged',
): Promise<unknown[]> {
  const iv = fromBase64Url(envelope.iv);
  const ciphertext = fromBase64Url(envelope.ciphertext);
  if (!iv || iv.length !== SHARE_IV_BYTES || !ciphertext) throw new ShareDamagedError();
  let compressed: Uint8Array<ArrayBuffer>;
  try {
    compressed = new Uint8Array(
      await crypto.subtle.decrypt(
        {
          name: 'AES-GCM',
          iv: bytes(iv),
          additionalData: encoder.encode(serializeShareHeader(envelope.header)),
          tagLength: 128,
        },
        keys.contentKey,
        bytes(ciphertext),
      ),
    );
  } catch {
    throw onTagFailure === 'wrong-passcode' ? new ShareWrongPasscodeError() : new ShareDamagedError();
  }
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(await decompress(compressed)));
  } catch {
    throw new ShareDamagedError();
  }
  const parsed = SharePayloadSchema.safeParse(payload);
  if (!parsed.success || parsed.data.notes.length !== envelope.header.noteCount) throw new ShareDamagedError();
  return parsed.data.notes;
}

/**
 * Opens a share with its passcode: a fragment-mode link (URL, `#…` or bare value), or an
 * envelope and link secret obtained some other way. Server-mode links need the server's
 * answer first; `share-client.ts` does that round trip and calls the pieces above.
 */
export async function openShare(
  input: string | { envelope: ShareEnvelope; secret: Uint8Array },
  passcode: string,
  options: OpenOptions = {},
): Promise<OpenedShare> {
  let header: ShareHeader;
  let envelope: ShareEnvelope;
  let secret: Uint8Array;
  if (typeof input === 'string') {
    const locked = await readShare(input, options);
    if (!locked) throw new ShareDamagedError('There is no share in this link.');
    if (locked.mode !== 'fragment') throw new ShareDamagedError('This link needs the share server to open.');
    ({ header, envelope, secret } = locked);
  } else {
    header = checkHeaderValue(input.envelope.header, options);
    envelope = { ...input.envelope, header };
    secret = input.secret;
  }
  checkShareApplies(header, options);
  if (!passcode) throw new ShareWrongPasscodeError();
  const keys = await deriveShareKeys(header, secret, passcode);
  // Behind an intact link check a failed tag means a wrong passcode; for a bare envelope it is
  // the likelier of the two readings.
  const notes = await decryptShare(envelope, keys, 'wrong-passcode');
  return { header, notes };
}

// ── compression ───────────────────────────────────────────────────────────────────────────

async function compress(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([data]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Inflates, refusing to produce more than the plaintext cap (a hostile sender's zip bomb). */
async function decompress(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const reader = new Blob([data]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > SHARE_MAX_PLAINTEXT_BYTES) {
      await reader.cancel();
      throw new ShareDamagedError();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
