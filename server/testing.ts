/**
 * Helpers for tests and measurements: a real server on a free loopback port with its own SQLite
 * file in a temporary folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer, type StartOptions } from './app.ts';

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
