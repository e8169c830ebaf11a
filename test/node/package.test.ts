import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { version } from '../../src/internal/version.ts';

test('the version the bundle reports matches package.json', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  assert.equal(version, pkg.version);
});

test('each npm entry still registers its element when a bundler honours sideEffects', async (t) => {
  const { build } = await import('esbuild');
  const { mkdtempSync, mkdirSync, symlinkSync, writeFileSync, rmSync, existsSync, readdirSync } = await import('node:fs');
  const { join } = await import('node:path');
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
