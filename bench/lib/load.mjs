/**
 * A bounded load generator: a fixed number of POSTs at a fixed concurrency over keep-alive
 * connections, each request timed from send to the end of its response.
 */
import { Agent, request } from 'node:http';
import { summarize, quantile } from './util.mjs';

function post(agent, target, body, headers) {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const req = request(
      target,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - start) / 1e6 }));
        res.on('error', () => resolve({ status: 'error', ms: Number(process.hrtime.bigint() - start) / 1e6 }));
      },
    );
    req.on('error', () => resolve({ status: 'error', ms: Number(process.hrtime.bigint() - start) / 1e6 }));
    req.end(body);
  });
}

/**
 * Sends `count` requests (after `warmup` unmeasured ones) with `concurrency` in flight, or stops
 * early at `maxSeconds`. `makeRequest(i)` returns `{ body, headers }`.
 */
export async function runLoad({ url, concurrency, count, warmup = 0, maxSeconds = 30, makeRequest }) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
  const target = new URL(url);
  let next = 0;
  const total = warmup + count;
  const latencies = [];
  const statuses = {};
  let measuredStart;
  let measuredEnd;
  const deadline = Date.now() + maxSeconds * 1000;
  const worker = async () => {
    while (next < total && Date.now() < deadline) {
      const index = next++;
      if (index === warmup) measuredStart = process.hrtime.bigint();
      const { body, headers } = makeRequest(index);
      const result = await post(agent, target, body, headers);
      if (index >= warmup) {
        latencies.push(result.ms);
        statuses[result.status] = (statuses[result.status] ?? 0) + 1;
        measuredEnd = process.hrtime.bigint();
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  const seconds = measuredStart && measuredEnd ? Number(measuredEnd - measuredStart) / 1e9 : NaN;
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    concurrency,
    requests: latencies.length,
    seconds,
    throughput: latencies.length / seconds,
    statuses,
    latency: { ...summarize(sorted), p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) },
  };
}
