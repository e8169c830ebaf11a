/**
 * Contact POST throughput and latency at a few concurrency levels, for a quick look outside
 * `npm run bench` (same generator, same requests as its server section, fewer of them):
 *
 *   node bench/lib/contact-load.mjs                          # a throwaway reference server in its own process
 *   node bench/lib/contact-load.mjs http://127.0.0.1:8080    # a running server
 *
 * Prints one JSON line per level. A running server must let one client send this much: each
 * request names its own client in X-Forwarded-For, which counts only with TRUST_PROXY_HOPS=1;
 * otherwise start it with RATE_LIMIT_BURST=0.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLoad } from './load.mjs';
import { contactRequest, startChild } from './server.mjs';

const LEVELS = [1, 8, 32, 64];
const SAMPLE = { count: 5_000, warmup: 500, maxSeconds: 10 };

const given = process.argv[2]?.replace(/\/+$/, '');
const dir = given ? undefined : mkdtempSync(join(tmpdir(), 'trialkit-load-'));
const server = given ? { url: given, stop: async () => {} } : await startChild('reference', dir);
try {
  for (const concurrency of LEVELS) {
    const report = await runLoad({ url: `${server.url}/api/contact`, concurrency, ...SAMPLE, makeRequest: contactRequest });
    console.log(JSON.stringify(report));
  }
} finally {
  await server.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
