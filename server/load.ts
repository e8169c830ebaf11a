/**
 * Contact POST throughput and latency on loopback, for `bench/` and for a quick look:
 *
 *   node --import tsx server/load.ts            # starts a throwaway server process and measures it
 *   node --import tsx server/load.ts http://127.0.0.1:8080   # measures a running server
 *
 * `measureContactThroughput` keeps `concurrency` requests in flight over keep-alive connections
 * for `durationMs` (after a warm-up) and reports requests per second and latency percentiles.
 * Every request has a fresh Idempotency-Key, so each one is a real insert. The target server
 * must not rate-limit the client (RATE_LIMIT_BURST=0).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { sampleContact, tempDataDir } from './testing.ts';

export interface LoadOptions {
  /** Base URL of the server, e.g. `http://127.0.0.1:8080`. */
  url: string;
  concurrency?: number;
  durationMs?: number;
  warmupMs?: number;
}

export interface LoadReport {
  requests: number;
  errors: number;
  seconds: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  concurrency: number;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function post(agent: Agent, url: URL, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'idempotency-key': randomUUID() },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function measureContactThroughput(options: LoadOptions): Promise<LoadReport> {
  const concurrency = options.concurrency ?? 32;
  const durationMs = options.durationMs ?? 3000;
  const warmupMs = options.warmupMs ?? 500;
  const target = new URL('/api/contact', options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const body = JSON.stringify(sampleContact({ message: 'I would like to know more about this study.' }));
  const latencies: number[] = [];
  let errors = 0;
  const warmEnd = performance.now() + warmupMs;
  const end = warmEnd + durationMs;

  const worker = async () => {
    while (performance.now() < end) {
      const started = performance.now();
      let ok: boolean;
      try {
        ok = (await post(agent, target, body)) === 201;
      } catch {
        ok = false;
      }
      if (started < warmEnd) continue;
      if (ok) latencies.push(performance.now() - started);
      else errors++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    requests: latencies.length,
    errors,
    seconds: durationMs / 1000,
    requestsPerSecond: Math.round(latencies.length / (durationMs / 1000)),
    latencyMs: {
      p50: round(percentile(latencies, 50)),
      p90: round(percentile(latencies, 90)),
      p99: round(percentile(latencies, 99)),
      max: round(latencies[latencies.length - 1] ?? 0),
    },
    concurrency,
  };
}

/**
 * Starts the server in its own process (as in production: the load generator must not share
 * the server's event loop) with a temporary database and no rate limit.
 */
export async function spawnServerForLoad(env: Record<string, string> = {}): Promise<{ url: string; stop(): Promise<void> }> {
  const dataDir = tempDataDir();
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./main.ts', import.meta.url))], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, RATE_LIMIT_BURST: '0', LOG_REQUESTS: '0', CTGOV_API_BASE: 'off', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = /listening on (http:\/\/[^\s/]+)/.exec(output);
      if (found) resolve(found[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return {
    url,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const given = process.argv[2];
  const server = given ? undefined : await spawnServerForLoad();
  try {
    for (const concurrency of [1, 8, 32, 64]) {
      const report = await measureContactThroughput({ url: given ?? server!.url, concurrency });
      console.log(JSON.stringify(report));
    }
  } finally {
    await server?.stop();
  }
}
