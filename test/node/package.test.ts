import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { version } from '../../src/internal/version.ts';
import { ELEMENT_TAGS } from '../helpers/element-tags.ts';

test('the version the bundle reports matches package.json', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  assert.equal(version, pkg.version);
});

test('the test helpers list every element folder, and nothing else', () => {
  const folders = readdirSync(new URL('../../src/elements/', import.meta.url), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  assert.deepEqual([...ELEMENT_TAGS].sort(), folders);
});

test('each npm entry still registers its element when a bundler honours sideEffects', async (t) => {
  const { build } = await import('esbuild');
  const { mkdtempSync, mkdirSync, symlinkSync, writeFileSync, rmSync, readdirSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const root = new URL('../../', import.meta.url).pathname;
  if (!existsSync(join(root, 'dist/esm'))) return t.skip('dist/esm is not built (npm test builds it first)');
  const consumer = mkdtempSync(join(tmpdir(), 'trialkit-consumer-'));
  try {
    mkdirSync(join(consumer, 'node_modules'));
    symlinkSync(root, join(consumer, 'node_modules', 'trialkit'));
    const tags = readdirSync(join(root, 'src/elements'));
    for (const tag of tags) {
      writeFileSync(join(consumer, 'entry.js'), `import 'trialkit/${tag}.js';\n`);
      const result = await build({
        entryPoints: [join(consumer, 'entry.js')],
        bundle: true,
        write: false,
        format: 'esm',
        absWorkingDir: consumer,
        nodePaths: [join(root, 'node_modules')],
        logLevel: 'silent',
      });
      const code = result.outputFiles[0]!.text;
      assert.ok(code.includes('customElements.define'), `trialkit/${tag}.js was tree-shaken away`);
      assert.ok(code.includes(`"${tag}"`), `trialkit/${tag}.js does not name <${tag}>`);
    }
  } finally {
    rmSync(consumer, { recursive: true, force: true });
  }
});

/** Runs an ES module in a plain Node process (no tsx, no DOM shim) and returns its stdout. */
async function runModule(code: string): Promise<string> {
  const { execFileSync } = await import('node:child_process');
  const root = new URL('../../', import.meta.url).pathname;
  return execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, encoding: 'utf8', timeout: 20_000 });
}

const built = (path: string) => existsSync(new URL(`../../${path}`, import.meta.url));

/** V8's compile hint, which must be a file's first line to count (scripts/compile-hints.vite.mjs). */
const HINT_LINE = '//# allFunctionsCalledOnLoad\\n';
const distBuilt = () => built('dist/esm/trialkit.js');


test('the main entry exports the model, adapter, parser and classes, and registers no element', async (t) => {
  if (!distBuilt()) return t.skip('dist/esm is not built (npm test builds it first)');
  const out = await runModule(`
    const main = await import('./dist/esm/trialkit.js');
    const tags = ${JSON.stringify(ELEMENT_TAGS)};
    console.log(JSON.stringify({
      exports: Object.keys(main).sort(),
      registered: tags.filter((tag) => customElements.get(tag)),
    }));
  `);
  const { exports, registered } = JSON.parse(out) as { exports: string[]; registered: string[] };
  for (const name of ['parseEligibility', 'trialFromCtgov', 'trialFromJson', 'TrialSchema', 'TrialCard', 'TrialWidget', 'TrialErrorEvent']) {
    assert.ok(exports.includes(name), `trialkit does not export ${name}`);
  }
  assert.deepEqual(registered, [], 'importing trialkit registered elements');
});

test('each define entry registers its element and the elements it renders', async (t) => {
  if (!distBuilt()) return t.skip('dist/esm is not built');
  for (const tag of ELEMENT_TAGS) {
    const out = await runModule(`
      await import('./dist/esm/${tag}.js');
      console.log(JSON.stringify(${JSON.stringify(ELEMENT_TAGS)}.filter((tag) => customElements.get(tag))));
    `);
    const registered = JSON.parse(out) as string[];
    assert.ok(registered.includes(tag), `trialkit/${tag}.js did not register <${tag}>`);
    if (tag === 'trial-widget') {
      for (const section of ['trial-card', 'trial-eligibility', 'trial-involvement', 'trial-contact-form', 'trial-faq', 'trial-notes']) {
        assert.ok(registered.includes(section), `trialkit/trial-widget.js did not register <${section}>`);
      }
    }
  }
});

test('the loader and every chunk name their licence, and the chunks credit the bundled packages', async (t) => {
  if (!built('dist/trialkit.js')) return t.skip('dist is not built');
  const { readdirSync } = await import('node:fs');
  const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
  assert.match(read('dist/trialkit.js').slice(0, 1000), new RegExp(`^${HINT_LINE}\\/\\*! trialkit \\d+\\.\\d+\\.\\d+ \\| MIT`));
  assert.match(read('dist/bundle.js').slice(0, 1000), new RegExp(`^${HINT_LINE}\\/\\*! trialkit \\d+\\.\\d+\\.\\d+ \\| MIT`));
  const heads: string[] = [];
  for (const chunk of readdirSync(new URL('../../dist/chunks/', import.meta.url)).filter((f) => f.endsWith('.js'))) {
    const text = read(`dist/chunks/${chunk}`);
    assert.match(text, new RegExp(`^(?:${HINT_LINE})?\\/\\*! trialkit `), `dist/chunks/${chunk} has no licence comment`);
    heads.push(text.slice(0, 1000));
  }
  // The autoloader bundles no package itself; the chunks that carry them say so.
  for (const name of ['lit-html', 'lit-element', '@lit/reactive-element', '@lit/localize', 'zod']) {
    assert.ok(heads.some((head) => new RegExp(`includes ${name.replace('/', '\\/')} \\d`).test(head)), `no chunk credits ${name}`);
  }
  const notices = read('dist/THIRD-PARTY-NOTICES.txt');
  assert.match(notices, /lit-html [\d.]+ \(BSD-3-Clause\)/);
  assert.match(notices, /Redistributions in binary form must reproduce the above copyright notice/);
  assert.match(notices, /zod [\d.]+ \(MIT\)/);
  assert.match(read('LICENSE'), /^MIT License\n\nCopyright \(c\) \d{4} trialkit contributors/);
});

test('every chunk but the translations starts with the compile hint, above its licence', async (t) => {
  if (!built('dist/trialkit.js')) return t.skip('dist is not built');
  const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
  const chunks = readdirSync(new URL('../../dist/chunks/', import.meta.url)).filter((f) => f.endsWith('.js'));
  const hinted = (file: string) => read(file).startsWith('//# allFunctionsCalledOnLoad\n/*! trialkit ');
  for (const file of ['dist/trialkit.js', 'dist/bundle.js']) assert.ok(hinted(file), `${file} has no compile hint`);
  const translations = chunks.filter((f) => /^(es|zh-Hans)-/.test(f));
  assert.equal(translations.length, 2, `translation chunks: ${translations.join(', ')}`);
  for (const chunk of chunks) {
    assert.equal(hinted(`dist/chunks/${chunk}`), !translations.includes(chunk), `dist/chunks/${chunk}`);
  }
});

test('npm pack ships every file package.json and the manifest point at, and no tests or sources', async (t) => {
  if (!distBuilt()) return t.skip('dist is not built');
  const { execFileSync } = await import('node:child_process');
  const root = new URL('../../', import.meta.url).pathname;
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' })) as [
    { files: { path: string }[] },
  ];
  const files = new Set(packed.files.map((f) => f.path));
  for (const required of ['LICENSE', 'CHANGELOG.md', 'README.md', 'custom-elements.json', 'dist/THIRD-PARTY-NOTICES.txt']) {
    assert.ok(files.has(required), `npm pack leaves out ${required}`);
  }
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, string | Record<string, string>> };
  const targets = Object.values(pkg.exports).flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target)));
  for (const target of targets) assert.ok(files.has(target.replace(/^\.\//, '')), `exports names ${target}, which npm pack leaves out`);
  const manifest = JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8')) as { modules: { path: string }[] };
  for (const mod of manifest.modules) assert.ok(files.has(mod.path), `custom-elements.json names ${mod.path}, which npm pack leaves out`);
  assert.deepEqual([...files].filter((f) => f.endsWith('.test.js') || (f.endsWith('.ts') && !f.endsWith('.d.ts'))), []);
});
