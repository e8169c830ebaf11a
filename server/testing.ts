/**
 * Helpers for tests and measurements: a real server on a free loopback port with its own SQLite
 * file in a temporary folder.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer, type StartOptions } from './app.ts';
import { SHARE_MIN_ITERATIONS, toBase64Url, type ShareEnvelope, type ShareHeader } from '../src/model/share.ts';

export interface TestServer extends RunningServer {
  dataDir: string;
  /** Closes the server and deletes its folder. */
  dispose(): Promise<void>;
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'trialkit-server-'));
}

export async function startTestServer(options: StartOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDataDir();
  const server = await startServer({
    env: {},
    host: '127.0.0.1',
    port: 0,
    logRequests: false,
    log: () => {},
    ctgovApiBase: undefined,
    ...options,
    dataDir,
  });
  return {
    ...server,
    dataDir,
    async dispose() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A valid contact submission; `overrides` change or add fields. */
export function sampleContact(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    trialId: 'NCT05819398',
    trialTitle: 'A study in people with eczema',
    site: { facility: 'Center for Clinical Studies', city: 'Houston', country: 'United States' },
    firstName: 'Ann',
    lastName: 'Lee',
    email: 'ann@example.org',
    phone: '+1 555 010 0199',
    consent: true,
    consentText: 'I agree that the study team may contact me.',
    ...overrides,
  };
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/**
 * A share envelope the server accepts, expiring at `expiresAt` (ms): a valid header and random
 * bytes for the salt, IV and `bytes` of ciphertext (the server never decrypts).
 */
export function sampleShareEnvelope(expiresAt: number, options: { bytes?: number; header?: Partial<ShareHeader> } = {}): ShareEnvelope {
  const header: ShareHeader = {
    v: 1,
    kdf: { name: 'PBKDF2-HMAC-SHA256', iterations: SHARE_MIN_ITERATIONS, salt: toBase64Url(randomBytes(16)) },
    expiresAt: new Date(expiresAt).toISOString(),
    trialId: 'NCT06801119',
    noteCount: 1,
    ...options.header,
  };
  return { header, iv: toBase64Url(randomBytes(12)), ciphertext: toBase64Url(randomBytes(options.bytes ?? 64)) };
}
