/** Small shared pieces of the bench: paths, statistics, number formatting. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BENCH = join(ROOT, 'bench');

export function fromRoot(...parts) {
  return join(ROOT, ...parts);
}

export function exists(...parts) {
  return existsSync(fromRoot(...parts));
}

/** Newest modification time (ms) of the files under `dir`, skipping tests. */
export function newestMtime(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name.endsWith('.test.ts')) continue;
    const mtime = statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

/** Element folders under src/elements that have a define file: the npm entries. */
export function elementTags() {
  const dir = fromRoot('src/elements');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'define.ts')))
    .map((entry) => entry.name)
    .sort();
}

/** Which element tags a built bundle registers (their names appear as string literals). */
export function tagsInBundle(source, tags = elementTags()) {
  return tags.filter((tag) => ['"', "'", '`'].some((quote) => source.includes(`${quote}${tag}${quote}`)));
}

export function quantile(sorted, q) {
  if (!sorted.length) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index];
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median plus the spread a reader needs to judge a noisy number. */
export function summarize(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    runs: sorted.length,
    median: median(sorted),
    p10: quantile(sorted, 0.1),
    p90: quantile(sorted, 0.9),
    min: sorted[0],
    max: sorted[sorted.length - 1],
  };
}

/** Kilobytes of 1,000 bytes, as DESIGN.md §9 counts them (Hypothesis's 59,161-byte annotator is "59 KB"). */
export function kb(bytes) {
  return `${(bytes / 1000).toFixed(1)} KB`;
}

export function ms(value) {
  if (!Number.isFinite(value)) return '—';
  if (value >= 100) return `${value.toFixed(0)} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}

export function perSecond(value) {
  return `${Math.round(value).toLocaleString('en-US')}/s`;
}

export function ratio(a, b) {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return undefined;
  return a / b;
}

export function formatRatio(value) {
  if (value === undefined) return '';
  if (value >= 10) return `${value.toFixed(0)}×`;
  return value >= 0.1 ? `${value.toFixed(2)}×` : `${value.toPrecision(2)}×`;
}

/** Runs `task`, turning a thrown error into a result the table can show. */
export async function attempt(label, task) {
  try {
    return await task();
  } catch (error) {
    console.error(`bench: ${label} failed: ${error?.stack ?? error}`);
    return { failed: `${error?.message ?? error}`.split('\n')[0] };
  }
}
