/**
 * Runs inside the anchoring page: calls `runAnchoringBench()` from the bundled
 * bench/anchoring.bench.ts and records every long task (over 50 ms) seen meanwhile.
 */
import { runAnchoringBench } from '/assets/anchoring.js';

async function run() {
  const longTasks = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push({ start: entry.startTime, duration: entry.duration });
  });
  observer.observe({ type: 'longtask', buffered: false });
  const start = performance.now();
  let result;
  let error;
  try {
    result = await runAnchoringBench();
  } catch (caught) {
    error = `${caught?.stack ?? caught}`;
  }
  const total = performance.now() - start;
  // Long-task entries are delivered after the task ends; give them a moment to arrive.
  await new Promise((resolve) => setTimeout(resolve, 100));
  observer.takeRecords().forEach((entry) => longTasks.push({ start: entry.startTime, duration: entry.duration }));
  observer.disconnect();
  return { result: JSON.parse(JSON.stringify(result ?? null)), error, total, start, longTasks };
}

window.benchAnchoring = { ready: true, run };
