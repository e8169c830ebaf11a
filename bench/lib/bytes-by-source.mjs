/**
 * Where a page's bytes go: reads the source maps of the built chunks (`vite build` writes one
 * per file) and counts, per original source, the generated characters mapped to it; each
 * file's gzip size is then shared out in the same proportions (an estimate: gzip does not
 * compress every source equally). A generated line with no mapping of its own (the inside of a
 * multi-line template literal: CSS in `css\`…\``, a long `html\`…\``) belongs to the source of
 * the last mapping before it, so the styles count where they are written.
 *
 * Two groupings: areas (Lit = lit-html, lit-element, @lit/reactive-element; @lit/localize;
 * zod; `src/<folder>` or `src/elements/<tag>`), for the page totals, and modules (each package,
 * and each file of src/), for the per-chunk lists the bench prints.
 *
 *   node bench/lib/bytes-by-source.mjs    prints the card page's and the widget page's shares
 *   BYTES_BY_FILE=1 node bench/lib/bytes-by-source.mjs    the same per file of src/
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const B64 = Object.fromEntries([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c, i) => [c, i]));
const LIT = ['lit-html', 'lit-element', '@lit/reactive-element', 'lit'];

/** Decodes one source-map segment's base64 VLQ fields. */
export function vlq(segment) {
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

const packageOf = (source) => source.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1];
const srcPath = (source) => source.replace(/^(\.\.\/)+/, '');

/** Area of a source: a package (Lit as one), `src/elements/<tag>` or `src/<folder>`. */
export function areaOf(source) {
  // BYTES_BY_FILE=1: one row per source file of trialkit's own.
  if (process.env.BYTES_BY_FILE && /(^|\/)src\//.test(source)) return srcPath(source);
  const pkg = packageOf(source);
  if (pkg) return LIT.includes(pkg) ? 'Lit' : pkg;
  const element = source.match(/src\/elements\/([^/]+)\//)?.[1];
  if (element) return `src/elements/${element}`;
  return source.match(/(src\/[^/]+)\//)?.[1] ?? srcPath(source);
}

/** Module of a source: a package (Lit as one, zod as `zod (core file)`), or a src/ file. */
export function moduleOf(source) {
  const pkg = packageOf(source);
  if (pkg === 'zod') return `zod ${source.match(/zod\/(v4\/[^/]+\/[^/]+)$/)?.[1] ?? ''}`.trim();
  if (pkg) return LIT.includes(pkg) ? 'Lit' : pkg;
  return srcPath(source);
}

/** Generated characters per group (`groupOf(source)`) in one built file; unmapped ones count as `(unmapped)`. */
export function charsByArea(file, groupOf = areaOf) {
  const code = readFileSync(file, 'utf8');
  const mapFile = `${file}.map`;
  if (!existsSync(mapFile)) return { '(no source map)': code.length };
  const map = JSON.parse(readFileSync(mapFile, 'utf8'));
  const lines = code.split('\n');
  const groups = map.sources.map((source) => groupOf(source));
  const totals = {};
  const add = (group, count) => (totals[group] = (totals[group] ?? 0) + count);
  let source = 0;
  // The group the last mapping named: it runs on over lines that have no mapping of their own.
  let current = '(unmapped)';
  const mappingLines = map.mappings.split(';');
  lines.forEach((text, index) => {
    const line = mappingLines[index];
    let column = 0;
    let previous = { column: 0, group: current };
    for (const segment of line ? line.split(',') : []) {
      const fields = vlq(segment);
      column += fields[0];
      add(previous.group, column - previous.column);
      if (fields.length >= 4) source += fields[1];
      previous = { column, group: fields.length >= 4 ? groups[source] : '(unmapped)' };
    }
    // +1 for the line break, which the file's size counts too.
    add(previous.group, text.length - previous.column + (index < lines.length - 1 ? 1 : 0));
    current = previous.group;
  });
  return totals;
}

/** Shares one file's gzip bytes out by group, biggest first. */
export function gzipOfFile(file, gzip, groupOf = areaOf) {
  const chars = charsByArea(file, groupOf);
  const sum = Object.values(chars).reduce((a, b) => a + b, 0) || 1;
  return Object.entries(chars)
    .map(([group, count]) => [group, (gzip * count) / sum])
    .sort((a, b) => b[1] - a[1]);
}

/** Shares `files`' gzip bytes (name → gzip size) out by area. */
export function gzipByArea(dist, files, groupOf = areaOf) {
  const totals = {};
  for (const [name, gzip] of Object.entries(files)) {
    for (const [group, bytes] of gzipOfFile(join(dist, name), gzip, groupOf)) totals[group] = (totals[group] ?? 0) + bytes;
  }
  return Object.fromEntries(Object.entries(totals).sort((a, b) => b[1] - a[1]));
}

/**
 * A page's bytes by area, and per chunk by module (those of at least `minBytes`), for the
 * bench's report: `{ areas: { area: bytes }, chunks: [{ label, gzip, modules: [[module, bytes]] }] }`.
 */
export function pageSources(dist, page, { minBytes = 100 } = {}) {
  const files = Object.fromEntries(page.chunks.map((chunk) => [chunk.file, chunk.gzip]));
  return {
    areas: gzipByArea(dist, files),
    chunks: page.chunks.map((chunk) => ({
      label: chunk.label,
      gzip: chunk.gzip,
      modules: gzipOfFile(join(dist, chunk.file), chunk.gzip, moduleOf)
        .filter(([, bytes]) => bytes >= minBytes)
        .map(([module, bytes]) => [module, Math.round(bytes)]),
    })),
  };
}

/** Markdown: per page, its areas, then each chunk with the modules that make it up. */
export function sourcesMarkdown(pages) {
  const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
  const out = [];
  for (const [name, page, sources] of pages) {
    if (!sources) continue;
    const areas = Object.entries(sources.areas)
      .filter(([, bytes]) => bytes >= 100)
      .map(([area, bytes]) => `${area} ${kb(bytes)}`)
      .join(', ');
    out.push(`**${name}** (${kb(page.gzip)} in ${page.requests} files): ${areas}`, '');
    out.push('| Chunk | gzip | Sources (share of the chunk\'s gzip bytes) |', '|---|---|---|');
    for (const chunk of sources.chunks) {
      out.push(`| ${chunk.label} | ${kb(chunk.gzip)} | ${chunk.modules.map(([module, bytes]) => `${module} ${kb(bytes)}`).join(', ')} |`);
    }
    out.push('');
  }
  return out.join('\n');
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
  if (process.argv.includes('--chunks')) {
    console.log(`\n${sourcesMarkdown(['card', 'widget'].map((key) => [key, pages[key], pageSources(fromRoot('dist'), pages[key])]))}`);
  }
}
