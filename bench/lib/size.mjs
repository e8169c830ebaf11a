/**
 * Size section: every figure is minified JavaScript gzipped at zlib level 9. Files shipped
 * pre-built (dist/trialkit.js, Hypothesis's bundles) are measured as they are; everything else
 * is bundled here with esbuild from its public entry, dependencies included, minified, ES2022.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { elementTags, exists, fromRoot, kb, ROOT, tagsInBundle } from './util.mjs';

/** Lit's packages: left out of the "own code" figure, since a page may already load Lit. */
const LIT_PACKAGES = ['lit', 'lit-html', 'lit-element', '@lit/reactive-element'];
const LIT_EXTERNAL = LIT_PACKAGES.flatMap((name) => [name, `${name}/*`]);

export function gzipSize(bytes) {
  return gzipSync(bytes, { level: 9 }).length;
}

/** Lets esbuild take an entry written here as if it were a file at the project root. */
function virtualEntry(source) {
  return {
    name: 'bench-entry',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^bench-entry$/ }, () => ({ path: 'bench-entry', namespace: 'bench-entry' }));
      pluginBuild.onLoad({ filter: /.*/, namespace: 'bench-entry' }, () => ({ contents: source, loader: 'ts', resolveDir: ROOT }));
    },
  };
}

/**
 * Bundles `source` with code splitting, as a site's bundler would: what the entry loads up
 * front (its chunk and chunks it imports statically) is the size; chunks behind a dynamic
 * `import()` (translations, say) load only when asked for and are reported apart.
 */
async function bundle(source, { external = [] } = {}) {
  const result = await build({
    entryPoints: ['bench-entry'],
    plugins: [virtualEntry(source)],
    bundle: true,
    splitting: true,
    outdir: 'bench-out',
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    external,
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    logLevel: 'silent',
  });
  const outputs = result.metafile.outputs;
  const contents = new Map(result.outputFiles.map((output) => [relative(ROOT, output.path), output.contents]));
  const entry = Object.keys(outputs).find((name) => outputs[name].entryPoint?.endsWith('bench-entry'));
  const upFront = new Set();
  const follow = (name) => {
    if (upFront.has(name)) return;
    upFront.add(name);
    for (const imported of outputs[name].imports) if (imported.kind === 'import-statement' && !imported.external) follow(imported.path);
  };
  follow(entry);
  const gzipOf = (names) => names.reduce((sum, name) => sum + gzipSize(contents.get(name)), 0);
  const jsFiles = Object.keys(outputs).filter((name) => name.endsWith('.js'));
  return {
    raw: [...upFront].reduce((sum, name) => sum + contents.get(name).length, 0),
    gzip: gzipOf([...upFront]),
    onDemandGzip: gzipOf(jsFiles.filter((name) => !upFront.has(name))),
  };
}

/** Bundles `source` twice: whole, and with Lit left out (the package's own code). */
async function bundleBoth(source) {
  const [all, own] = await Promise.all([bundle(source), bundle(source, { external: LIT_EXTERNAL })]);
  return { raw: all.raw, gzip: all.gzip, ownGzip: own.gzip, onDemandGzip: all.onDemandGzip };
}

function file(path) {
  const bytes = readFileSync(fromRoot(path));
  return { raw: bytes.length, gzip: gzipSize(bytes), bytes };
}

const imports = (...specifiers) => specifiers.map((specifier) => `import '${specifier}';`).join('\n');
const shoelace = (...names) => imports(...names.map((name) => `@shoelace-style/shoelace/dist/components/${name}/${name}.js`));
const lion = (...names) => imports(...names.map((name) => `@lion/ui/define/${name}.js`));

/**
 * The peers, each with what it is and which trialkit piece it stands beside. The form sets hold
 * the controls the contact form needs (text, email, phone, select, textarea, checkbox, submit).
 */
export const PEERS = {
  lit: { label: 'Lit alone (`lit` main entry)', source: "export * from 'lit';" },
  hypothesisAnnotator: { label: 'Hypothesis annotator.bundle.js', file: 'node_modules/hypothesis/build/scripts/annotator.bundle.js' },
  hypothesisSidebar: { label: 'Hypothesis sidebar.bundle.js', file: 'node_modules/hypothesis/build/scripts/sidebar.bundle.js' },
  recogito: { label: '@recogito/text-annotator + deps', source: "export * from '@recogito/text-annotator';" },
  shoelaceCard: { label: 'Shoelace sl-card', source: shoelace('card') },
  shoelaceDetails: { label: 'Shoelace sl-details', source: shoelace('details') },
  shoelaceForm: {
    label: 'Shoelace form set (6 controls)',
    source: shoelace('input', 'select', 'option', 'textarea', 'checkbox', 'button'),
  },
  lionAccordion: { label: 'Lion lion-accordion', source: lion('lion-accordion') },
  lionForm: {
    label: 'Lion form set (9 elements)',
    source: lion(
      'lion-form',
      'lion-fieldset',
      'lion-input',
      'lion-input-email',
      'lion-select',
      'lion-textarea',
      'lion-checkbox-group',
      'lion-checkbox',
      'lion-button-submit',
    ),
  },
};

/** Which peers each trialkit element is shown beside (the first is the table's "peer" cell). */
const ELEMENT_PEERS = {
  'trial-card': ['shoelaceCard'],
  'trial-eligibility': ['lionAccordion', 'shoelaceDetails'],
  'trial-contact-form': ['lionForm', 'shoelaceForm'],
  'trial-faq': ['lionAccordion', 'shoelaceDetails'],
  'trial-involvement': ['shoelaceDetails', 'lionAccordion'],
  'trial-notes': ['recogito', 'hypothesisAnnotator'],
  'trial-widget': ['hypothesisAnnotator'],
};

const ELEMENT_BUDGETS = { 'trial-card': 12_000 };

/**
 * Chunks dist/trialkit.js imports on demand (e.g. one locale's strings), found by name from the
 * bundle and from each other; stale chunks of earlier builds in dist/ are not counted.
 */
function onDemandChunks(bundleSource) {
  const files = readdirSync(fromRoot('dist'), { recursive: true })
    .map(String)
    .filter((name) => name.endsWith('.js') && name !== 'trialkit.js' && !/^(esm|types)\//.test(name));
  const sources = new Map(files.map((name) => [name, readFileSync(fromRoot('dist', name), 'utf8')]));
  const found = new Set();
  const visit = (source) => {
    for (const name of files) {
      if (found.has(name) || !source.includes(name.split('/').pop())) continue;
      found.add(name);
      visit(sources.get(name));
    }
  };
  visit(bundleSource);
  return [...found].sort().map((name) => ({
    file: name,
    label: name.split('/').pop().replace(/-[A-Za-z0-9_-]{8}\.js$/, ''),
    gzip: gzipSize(Buffer.from(sources.get(name))),
  }));
}

/** Static imports (`import … from './x.js'`, `import './x.js'`) of a built chunk, as dist/ paths. */
function staticImports(name, source) {
  const dir = name.includes('/') ? name.slice(0, name.lastIndexOf('/') + 1) : '';
  const found = [];
  for (const [, spec] of source.matchAll(/(?:\bfrom|\bimport)\s*["'`](\.{1,2}\/[^"'`]+)["'`]/g)) {
    found.push(new URL(spec, `file:///${dir}`).pathname.slice(1));
  }
  return found;
}

/** `file` and everything it imports statically, each once: what the browser fetches for it. */
function closure(root, dir, seen = new Set()) {
  if (seen.has(root)) return seen;
  seen.add(root);
  for (const dep of staticImports(root, readFileSync(join(dir, root), 'utf8'))) closure(dep, dir, seen);
  return seen;
}

/** What `<trial-widget>` renders before the reader does anything (src/elements/trial-widget). */
const WIDGET_PAGE = ['trial-widget', 'trial-card', 'trial-eligibility', 'trial-involvement', 'trial-faq', 'trial-contact-form', 'trial-notes'];

/**
 * Bytes a fresh page downloads through the autoloader, by following the built import graph:
 * the loader, then per tag on the page the element's chunk (named in the loader) and its static
 * imports; each file gzipped -9 on its own, as a server sends it. Locale and share chunks are
 * dynamic imports behind a reader's action or a non-English page, so they are not counted.
 */
export function pageWeights() {
  const dist = fromRoot('dist');
  const loader = readFileSync(join(dist, 'trialkit.js'), 'utf8');
  const chunkOf = {};
  for (const [, tag, file] of loader.matchAll(/["']?(trial-[a-z-]+)["']?:\(\)=>import\([`"']\.\/(chunks\/[^`"']+)[`"']\)/g)) chunkOf[tag] = file;
  const size = (name) => gzipSize(readFileSync(join(dist, name)));
  const page = (tags) => {
    const files = new Set(['trialkit.js']);
    for (const tag of tags) if (chunkOf[tag]) closure(chunkOf[tag], dist, files);
    const chunks = [...files].map((file) => ({ file, label: file.split('/').pop().replace(/-[A-Za-z0-9_-]{8}\.js$/, ''), gzip: size(file) }));
    chunks.sort((a, b) => b.gzip - a.gzip);
    return { gzip: chunks.reduce((sum, chunk) => sum + chunk.gzip, 0), requests: chunks.length, chunks, missing: tags.filter((tag) => !chunkOf[tag]) };
  };
  return {
    loader: page([]),
    card: page(['trial-card']),
    widget: page(WIDGET_PAGE),
    every: page(Object.keys(chunkOf)),
  };
}

/**
 * Shoelace's own autoloader loading one `<sl-card>` from its CDN build (`cdn/`, Lit included):
 * the loader, the card module and their static imports, each file gzipped on its own.
 */
function shoelaceAutoloaderCard() {
  const dist = join(ROOT, 'node_modules/@shoelace-style/shoelace/cdn');
  const files = closure('shoelace-autoloader.js', dist);
  closure('components/card/card.js', dist, files);
  const gzip = [...files].reduce((sum, name) => sum + gzipSize(readFileSync(join(dist, name))), 0);
  return { label: `Shoelace CDN autoloader + sl-card, ${files.size} files`, gzip, requests: files.size };
}

/**
 * Where the bytes of the whole library go: every define.ts bundled by esbuild, minified bytes
 * (before gzip) per package or src/ folder. Kept in results.json, not in the table.
 */
async function attemptComposition() {
  try {
    const result = await build({
      stdin: { contents: elementTags().map((tag) => `import './src/elements/${tag}/define.ts';`).join('\n'), resolveDir: ROOT, loader: 'ts' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const output = Object.values(result.metafile.outputs)[0];
    const areas = {};
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const area = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? input.match(/^(src\/[^/]+)/)?.[1] ?? input;
      areas[area] = (areas[area] ?? 0) + bytesInOutput;
    }
    return Object.fromEntries(Object.entries(areas).sort((a, b) => b[1] - a[1]));
  } catch (error) {
    return { failed: `${error.message}`.split('\n')[0] };
  }
}

export async function measureSizes() {
  const peers = {};
  for (const [key, peer] of Object.entries(PEERS)) {
    try {
      const { bytes: _bytes, ...size } = peer.file ? file(peer.file) : await bundleBoth(peer.source);
      peers[key] = { label: peer.label, ...size };
    } catch (error) {
      peers[key] = { label: peer.label, failed: `${error.message}`.split('\n')[0] };
    }
  }

  let bundleFile;
  if (exists('dist/trialkit.js')) {
    const { bytes, ...size } = file('dist/trialkit.js');
    const tags = elementTags();
    const contains = tagsInBundle(bytes.toString('utf8'), tags);
    bundleFile = { ...size, contains, lacks: tags.filter((tag) => !contains.includes(tag)), chunks: onDemandChunks(bytes.toString('utf8')) };
  }

  const composition = await attemptComposition();
  let pages;
  try {
    pages = exists('dist/trialkit.js') ? pageWeights() : { failed: 'dist/trialkit.js missing' };
    // Which sources the card's and the widget's bytes come from, per chunk (source maps).
    // Imported here: bytes-by-source.mjs imports this module when run on its own.
    const { pageSources } = await import('./bytes-by-source.mjs');
    for (const key of ['card', 'widget']) if (pages[key]) pages[key].sources = pageSources(fromRoot('dist'), pages[key]);
  } catch (error) {
    pages = { failed: `${error.message}`.split('\n')[0] };
  }
  try {
    peers.shoelaceAutoloaderCard = shoelaceAutoloaderCard();
  } catch (error) {
    peers.shoelaceAutoloaderCard = { label: 'Shoelace shoelace-autoloader.js + sl-card', failed: `${error.message}`.split('\n')[0] };
  }

  const elements = {};
  for (const tag of elementTags()) {
    try {
      elements[tag] = await bundleBoth(`import './src/elements/${tag}/define.ts';`);
    } catch (error) {
      elements[tag] = { failed: `${error.message}`.split('\n')[0] };
    }
  }
  return { bundle: bundleFile, composition, elements, peers, pages };
}

const onDemand = (size) => (size.onDemandGzip ? `(+ ${kb(size.onDemandGzip)} in on-demand chunks, all of them)` : undefined);

/** Table rows for the size section. */
export function sizeRows({ bundle: bundleFile, elements, peers, pages }) {
  const lit = peers.lit?.gzip ? { name: 'Lit', value: peers.lit.gzip } : undefined;
  const peerRef = (key) => (peers[key]?.gzip ? { name: peers[key].label, value: peers[key].gzip } : undefined);
  const rows = [];
  const chunkList = (page) => page.chunks.map((chunk) => `${chunk.label} ${kb(chunk.gzip)}`).join(', ');
  for (const [key, name, budget, peer] of [
    ['loader', 'page: the autoloader alone (`dist/trialkit.js`)', 4_000],
    ['card', 'page: one `<trial-card>`, bytes downloaded', 16_000, 'shoelaceAutoloaderCard'],
    ['widget', 'page: `<trial-widget>` before interaction, bytes downloaded', 40_000],
    ['every', 'page: every element (`data-trialkit-eager`)', undefined],
  ]) {
    const page = pages?.[key];
    rows.push({
      id: `size.page.${key}`,
      section: 'size',
      name,
      unit: 'bytes',
      value: page?.gzip,
      detail: page?.chunks ? `${page.requests} files: ${chunkList(page)}` : undefined,
      floor: lit,
      peer: peer ? peerRef(peer) : undefined,
      budget: budget ? { text: `≤ ${budget / 1000} KB`, max: budget } : undefined,
      missing: pages?.failed ?? (page ? undefined : 'not measured'),
    });
  }
  rows.push({
    id: 'size.bundle',
    section: 'size',
    name: '`dist/trialkit.js` file itself (the autoloader)',
    unit: 'bytes',
    value: bundleFile?.gzip,
    raw: bundleFile?.raw,
    detail: [
      bundleFile?.chunks.length ? `(+ on demand: ${bundleFile.chunks.map((chunk) => `${chunk.label} ${kb(chunk.gzip)}`).join(', ')})` : '',
      bundleFile?.lacks.length ? `[has ${bundleFile.contains.join(', ') || 'no element'}; lacks ${bundleFile.lacks.join(', ')}]` : '',
    ]
      .filter(Boolean)
      .join(' ') || undefined,
    floor: lit,
    peer: peerRef('hypothesisAnnotator'),
    budget: { text: '≤ 4 KB', max: 4_000 },
    missing: bundleFile ? undefined : 'dist/trialkit.js missing (build failed)',
  });
  for (const [tag, size] of Object.entries(elements)) {
    const others = ELEMENT_PEERS[tag] ?? [];
    rows.push({
      id: `size.element.${tag}`,
      section: 'size',
      name: `\`${tag}\` entry alone (define.ts + deps)`,
      unit: 'bytes',
      value: size.gzip,
      raw: size.raw,
      own: size.ownGzip,
      detail: onDemand(size),
      floor: lit,
      peer: peerRef(others[0]),
      alsoPeers: others.slice(1).map(peerRef).filter(Boolean),
      budget: ELEMENT_BUDGETS[tag] ? { text: `≤ ${ELEMENT_BUDGETS[tag] / 1000} KB`, max: ELEMENT_BUDGETS[tag] } : undefined,
      missing: size.failed,
    });
  }
  for (const tag of ['trial-eligibility', 'trial-contact-form', 'trial-faq', 'trial-notes', 'trial-widget']) {
    if (!elements[tag]) rows.push({ id: `size.element.${tag}`, section: 'size', name: `\`${tag}\` entry alone`, missing: 'not available yet' });
  }
  for (const [key, peer] of Object.entries(peers)) {
    rows.push({
      id: `size.peer.${key}`,
      section: 'size',
      name: key === 'lit' ? `floor: ${peer.label}` : `peer: ${peer.label}`,
      unit: 'bytes',
      value: peer.gzip,
      raw: peer.raw,
      own: key === 'lit' ? undefined : peer.ownGzip,
      detail: onDemand(peer),
      missing: peer.failed,
    });
  }
  return rows;
}
