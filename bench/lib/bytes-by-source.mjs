/**
 * Where a page's bytes go: reads the source maps of the built chunks (`vite build` writes one
 * per file) and counts, per original source, the generated characters mapped to it; each
 * file's gzip size is then shared out in the same proportions (an estimate: gzip does not
 * compress every source equally). Sources are grouped as Lit (lit-html, lit-element,
 * @lit/reactive-element), @lit/localize, zod, and `src/<folder>` or `src/elements/<tag>`.
 *
 *   node bench/lib/bytes-by-source.mjs    prints the card page's and the widget page's shares
 *   BYTES_BY_FILE=1 node bench/lib/bytes-by-source.mjs    the same per file of src/
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const B64 = Object.fromEntries([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c, i) => [c, i]));

/** Decodes one source-map segment's base64 VLQ fields. */
function vlq(segment) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = B64[char];
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

export function areaOf(source) {
  // BYTES_BY_FILE=1: one row per source file of trialkit's own.
  if (process.env.BYTES_BY_FILE && /(^|\/)src\//.test(source)) return source.replace(/^(\.\.\/)+/, '');
  const pkg = source.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1];
  if (pkg) return ['lit-html', 'lit-element', '@lit/reactive-element', 'lit'].includes(pkg) ? 'Lit' : pkg;
  const element = source.match(/src\/elements\/([^/]+)\//)?.[1];
  if (element) return `src/elements/${element}`;
  return source.match(/(src\/[^/]+)\//)?.[1] ?? source.replace(/^(\.\.\/)+/, '');
}

/** Generated characters per area in one built file; unmapped ones count as `(unmapped)`. */
export function charsByArea(file) {
  const code = readFileSync(file, 'utf8');
  const mapFile = `${file}.map`;
  if (!existsSync(mapFile)) return { '(no source map)': code.length };
  const map = JSON.parse(readFileSync(mapFile, 'utf8'));
  const lines = code.split('\n');
  const totals = {};
  let source = 0;
  map.mappings.split(';').forEach((line, index) => {
    const length = lines[index]?.length ?? 0;
    let column = 0;
    let previous;
    for (const segment of line ? line.split(',') : []) {
      const fields = vlq(segment);
      column += fields[0];
      if (previous) totals[previous.area] = (totals[previous.area] ?? 0) + (column - previous.column);
      if (fields.length >= 4) source += fields[1];
      previous = { column, area: fields.length >= 4 ? areaOf(map.sources[source]) : '(unmapped)' };
    }
    if (previous) totals[previous.area] = (totals[previous.area] ?? 0) + (length - previous.column);
  });
  return totals;
}

/** Shares `files`' gzip bytes (name → gzip size) out by area. */
export function gzipByArea(dist, files) {
  const totals = {};
  for (const [name, gzip] of Object.entries(files)) {
    const chars = charsByArea(join(dist, name));
    const sum = Object.values(chars).reduce((a, b) => a + b, 0) || 1;
    for (const [area, count] of Object.entries(chars)) totals[area] = (totals[area] ?? 0) + (gzip * count) / sum;
  }
  return Object.fromEntries(Object.entries(totals).sort((a, b) => b[1] - a[1]));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { pageWeights } = await import('./size.mjs');
  const { fromRoot } = await import('./util.mjs');
  const pages = pageWeights();
  for (const key of ['card', 'widget']) {
    const page = pages[key];
    const shares = gzipByArea(fromRoot('dist'), Object.fromEntries(page.chunks.map((chunk) => [chunk.file, chunk.gzip])));
    console.log(`\n${key} page: ${(page.gzip / 1000).toFixed(1)} KB gzip in ${page.requests} files`);
    for (const [area, bytes] of Object.entries(shares)) {
      if (bytes >= 100) console.log(`  ${area.padEnd(36)} ${(bytes / 1000).toFixed(1).padStart(5)} KB  ${((100 * bytes) / page.gzip).toFixed(0).padStart(3)} %`);
    }
  }
}
