/**
 * Where the script time of a first render goes: opens the render page fresh (as the render
 * section's first-render rows do), records a CPU profile of one card + eligibility render
 * (sections closed, 19,073-char criteria), and prints self time per source file and per source
 * line of the built bundle, read back through the chunks' source maps.
 *
 *   node bench/lib/profile-first-render.mjs [runs=5] [--open]
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { criteriaTexts, recordWithCriteria } from './criteria.mjs';
import { launchChromium, openPage, startStaticServer } from './browser.mjs';
import { vlq } from './bytes-by-source.mjs';
import { fromRoot } from './util.mjs';

/** Per generated line, the segments `[column, source, line]`, for looking positions up. */
function readMap(file) {
  if (!existsSync(`${file}.map`)) return undefined;
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
  let source = 0;
  let line = 0;
  const lines = map.mappings.split(';').map((text) => {
    let column = 0;
    const segments = [];
    for (const segment of text ? text.split(',') : []) {
      const fields = vlq(segment);
      column += fields[0];
      if (fields.length >= 4) {
        source += fields[1];
        line += fields[2];
        segments.push([column, source, line]);
      }
    }
    return segments;
  });
  return { sources: map.sources.map((s) => s.replace(/^(\.\.\/)+/, '').replace(/^node_modules\//, '')), lines };
}

const maps = new Map();
function original(url, lineNumber, columnNumber) {
  const path = new URL(url).pathname;
  if (!path.startsWith('/dist/')) return { file: path || '(native)', line: 0 };
  if (!maps.has(path)) maps.set(path, readMap(join(fromRoot('dist'), path.slice('/dist/'.length))));
  const map = maps.get(path);
  const segments = map?.lines[lineNumber] ?? [];
  let found;
  for (const segment of segments) {
    if (segment[0] > columnNumber) break;
    found = segment;
  }
  return found ? { file: map.sources[found[1]], line: found[2] + 1 } : { file: path, line: 0 };
}

const runs = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 5);
const attributes = process.argv.includes('--open') ? { 'trial-eligibility': { open: 'all' } } : {};
const server = await startStaticServer(fromRoot('bench'));
const { browser } = await launchChromium();
const record = recordWithCriteria(criteriaTexts().long.text);
const byFile = {};
const byLine = {};
let total = 0;
const times = [];
try {
  for (let run = 0; run < runs; run += 1) {
    const page = await openPage(browser, server.url, '/render.html', []);
    await page.waitForFunction(() => window.benchRender && customElements.get('trial-card') && customElements.get('trial-eligibility'));
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50)));
    const cdp = await page.createCDPSession();
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    await cdp.send('Profiler.start');
    const result = await page.evaluate(
      (record, attributes) => window.benchRender.renderTrialkit(['trial-card', 'trial-eligibility'], record, attributes),
      record,
      attributes,
    );
    const { profile } = await cdp.send('Profiler.stop');
    times.push(result);
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    const deltas = profile.timeDeltas;
    profile.samples.forEach((id, index) => {
      const ms = (deltas[index + 1] ?? 0) / 1000;
      const frame = nodes.get(id).callFrame;
      if (!frame.url) {
        const key = `(${frame.functionName || 'program'})`;
        byFile[key] = (byFile[key] ?? 0) + ms;
        total += ms;
        return;
      }
      const { file, line } = original(frame.url, frame.lineNumber, frame.columnNumber);
      byFile[file] = (byFile[file] ?? 0) + ms;
      byLine[`${file}:${line} ${frame.functionName}`] = (byLine[`${file}:${line} ${frame.functionName}`] ?? 0) + ms;
      total += ms;
    });
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
const top = (table, n) =>
  Object.entries(table)
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([key, ms]) => `  ${(ms / runs).toFixed(2).padStart(6)} ms  ${key}`)
    .join('\n');
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(`first render, median of ${runs}: ${median(times.map((t) => t.ms)).toFixed(1)} ms (script ${median(times.map((t) => t.buildMs)).toFixed(1)}); profiled ${(total / runs).toFixed(1)} ms per run`);
console.log(`\nself time per source file:\n${top(byFile, 25)}\n\nper line:\n${top(byLine, 40)}`);
