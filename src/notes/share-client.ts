/**
 * Server mode of share links: the round trips to a share server (`share-endpoint`, the URL of
 * the shares collection, e.g. `https://example.org/api/shares`). The crypto is in
 * `share-crypto.ts`; every answer is checked with the schemas in `model/share.ts`.
 */
import {
  CreateShareResponseSchema,
  OpenShareResponseSchema,
  ShareChallengeResponseSchema,
  ShareStatusResponseSchema,
  WrongProofResponseSchema,
  serializeShareHeader,
  serverShareValue,
  shareUrl,
  type CreateShareRequest,
  type OpenShareRequest,
  type ShareHeader,
} from '../model/share.ts';
import {
  ShareDamagedError,
  ShareError,
  ShareExpiredError,
  ShareWrongPasscodeError,
  answerShareChallenge,
  checkHeaderValue,
  checkShareApplies,
  decryptShare,
  deriveShareKeys,
  openShare,
  proofVerifier,
  readShare,
  sealShare,
  type OpenOptions,
  type OpenedShare,
  type SealOptions,
} from './share-crypto.ts';

/** The server refuses more guesses for now; `retryAfterSeconds` says for how long. */
export class ShareTooManyAttemptsError extends ShareError {
  constructor(readonly retryAfterSeconds: number | undefined) {
    super('too-many-attempts', 'Too many wrong passcodes. Try again later.');
  }
}

/** The share server could not be reached or answered with an error. */
export class ShareUnreachableError extends ShareError {
  constructor(readonly status?: number) {
    super('unreachable', 'The share server could not be reached.');
  }
}

export interface ClientOptions {
  fetch?: typeof fetch;
}

function join(endpoint: string, ...parts: string[]): string {
  return [endpoint.replace(/\/+$/, ''), ...parts.map(encodeURIComponent)].join('/');
}

async function request(url: string, init: RequestInit, options: ClientOptions): Promise<Response> {
  try {
    return await (options.fetch ?? fetch)(url, { credentials: 'omit', cache: 'no-store', ...init });
  } catch {
    throw new ShareUnreachableError();
  }
}

async function json(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    throw new ShareUnreachableError(response.status);
  }
}

export interface ServerShareCreated {
  /** The link to send: the page URL with the id and link secret in its fragment. */
  url: string;
  id: string;
  /** Keep in the sender's browser: it revokes the share. */
  deleteToken: string;
  expiresAt: string;
  header: ShareHeader;
}

/** Seals `notes` and stores the ciphertext on the share server. */
export async function createServerShare(
  endpoint: string,
  pageUrl: string,
  notes: readonly unknown[],
  options: Omit<SealOptions, 'mode'> & { maxViews?: number },
  client: ClientOptions = {},
): Promise<ServerShareCreated> {
  const { maxViews, ...seal } = options;
  const sealed = await sealShare(notes, { ...seal, mode: 'server' });
  const body: CreateShareRequest = { envelope: sealed.envelope, verifier: sealed.verifier, ...(maxViews ? { maxViews } : {}) };
  const response = await request(endpoint.replace(/\/+$/, ''), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }, client);
  if (response.status !== 201) throw new ShareUnreachableError(response.status);
  const created = CreateShareResponseSchema.safeParse(await json(response));
  if (!created.success) throw new ShareUnreachableError(response.status);
  return {
    url: shareUrl(pageUrl, serverShareValue(created.data.id, sealed.secret)),
    id: created.data.id,
    deleteToken: created.data.deleteToken,
    expiresAt: created.data.expiresAt,
    header: sealed.envelope.header,
  };
}

/** What the server says about a share, without consuming anything. */
export async function fetchShareHeader(
  endpoint: string,
  id: string,
  options: Pick<OpenOptions, 'insecureTestingMinIterations'> & ClientOptions = {},
): Promise<{ header: ShareHeader; viewsLeft: number | null }> {
  const response = await request(join(endpoint, id), { method: 'GET' }, options);
  if (response.status === 404) throw new ShareExpiredError('unavailable');
  if (!response.ok) throw new ShareUnreachableError(response.status);
  const raw = await json(response);
  const status = ShareStatusResponseSchema.safeParse(raw);
  // The schema refuses weak or unknown headers as malformed; read the header alone for the reason.
  if (!status.success) {
    checkHeaderValue((raw as { header?: unknown } | null)?.header, options);
    throw new ShareDamagedError();
  }
  return { header: checkHeaderValue(status.data.header, options), viewsLeft: status.data.viewsLeft };
}

function tooManyAttempts(response: Response): ShareTooManyAttemptsError {
  const retry = Number(response.headers.get('retry-after'));
  return new ShareTooManyAttemptsError(Number.isFinite(retry) && retry > 0 ? retry : undefined);
}

/** A fresh single-use nonce for the next `/open` of share `id`. */
async function fetchChallenge(endpoint: string, id: string, options: ClientOptions): Promise<string> {
  const response = await request(join(endpoint, id, 'challenge'), { method: 'POST' }, options);
  if (response.status === 404) throw new ShareExpiredError('unavailable');
  if (response.status === 429) throw tooManyAttempts(response);
  if (response.status !== 200) throw new ShareUnreachableError(response.status);
  const challenge = ShareChallengeResponseSchema.safeParse(await json(response));
  if (!challenge.success) throw new ShareUnreachableError(response.status);
  return challenge.data.nonce;
}

/**
 * Opens a server-mode share: reads the header, derives the proof from the link secret and the
 * passcode, asks for a challenge and answers it, and decrypts what comes back. Counts one view
 * on success only. The proof never leaves the browser; a challenge that went stale (the reader
 * took long, or another tab used it) is fetched again once.
 */
export async function openServerShare(
  endpoint: string,
  id: string,
  secret: Uint8Array,
  passcode: string,
  options: OpenOptions & ClientOptions = {},
): Promise<OpenedShare & { viewsLeft: number | null }> {
  const { header } = await fetchShareHeader(endpoint, id, options);
  checkShareApplies(header, options);
  if (!passcode) throw new ShareWrongPasscodeError();
  const keys = await deriveShareKeys(header, secret, passcode);
  const verifier = await proofVerifier(keys.proof);
  let response: Response;
  for (let attempt = 0; ; attempt += 1) {
    const nonce = await fetchChallenge(endpoint, id, options);
    const body: OpenShareRequest = { nonce, answer: await answerShareChallenge(verifier, id, nonce) };
    response = await request(join(endpoint, id, 'open'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }, options);
    if (response.status !== 409 || attempt > 0) break;
  }
  if (response.status === 403) {
    const wrong = WrongProofResponseSchema.safeParse(await response.json().catch(() => undefined));
    throw new ShareWrongPasscodeError(wrong.success ? wrong.data.remaining : undefined);
  }
  if (response.status === 404) throw new ShareExpiredError('unavailable');
  if (response.status === 429) throw tooManyAttempts(response);
  if (response.status !== 200) throw new ShareUnreachableError(response.status);
  const opened = OpenShareResponseSchema.safeParse(await json(response));
  if (!opened.success) throw new ShareDamagedError();
  // The header that keyed the proof must be the one the ciphertext is bound to.
  if (serializeShareHeader(opened.data.envelope.header) !== serializeShareHeader(header)) throw new ShareDamagedError();
  const notes = await decryptShare(opened.data.envelope, keys, 'damaged');
  return { header, notes, viewsLeft: opened.data.viewsLeft };
}

/** Revokes a share with its delete token. Resolves true when it is gone (already or now). */
export async function revokeServerShare(endpoint: string, id: string, deleteToken: string, client: ClientOptions = {}): Promise<boolean> {
  const response = await request(join(endpoint, id), { method: 'DELETE', headers: { authorization: `Bearer ${deleteToken}` } }, client);
  if (response.status === 204 || response.status === 404) return true;
  if (response.status === 403) return false;
  throw new ShareUnreachableError(response.status);
}

/**
 * Opens any share link: fragment mode locally, server mode through `endpoint`. Throws a
 * `ShareError` whose `problem` picks the message.
 */
export async function openShareLink(
  link: string,
  passcode: string,
  options: OpenOptions & ClientOptions & { endpoint?: string } = {},
): Promise<OpenedShare> {
  const locked = await readShare(link, options);
  if (!locked) throw new ShareDamagedError('There is no share in this link.');
  if (locked.mode === 'fragment') return openShare(link, passcode, options);
  if (!options.endpoint) throw new ShareUnreachableError();
  return openServerShare(options.endpoint, locked.id, locked.secret, passcode, options);
}
