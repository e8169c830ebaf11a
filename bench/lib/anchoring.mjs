/**
 * Anchoring section. bench/anchoring.bench.ts (owned by the notes work) exports
 * `runAnchoringBench()`, which runs in a browser page and compares trialkit's anchoring with
 * @apache-annotator/dom and dom-anchor-text-quote. It is bundled here with esbuild for the page;
 * the page also records long tasks (PerformanceObserver) around the call, so there is a
 * longest-task figure even when the result does not carry one per library.
 */
import { build } from 'esbuild';
import { join } from 'node:path';
import { openPage } from './browser.mjs';
import { exists, fromRoot } from './util.mjs';

export const ANCHORING_SOURCE = 'bench/anchoring.bench.ts';

export function anchoringAvailable() {
  return exists(ANCHORING_SOURCE);
}

/**
 * A package that is imported but not installed becomes a module that throws when it is loaded,
 * so the bench's lazy peer import reports it and the other libraries still run. (In 0.2.0,
 * @apache-annotator/dom imports @apache-annotator/selector without declaring it.)
 */
const missingPackages = {
  name: 'missing-packages',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData?.probing) return undefined;
      const found = await pluginBuild.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { probing: true } });
      if (!found.errors.length) return found;
      missing.add(args.path);
      return { path: args.path, namespace: 'missing-package' };
    });
    pluginBuild.onLoad({ filter: /.*/, namespace: 'missing-package' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path} is not installed`)});`,
      loader: 'js',
    }));
  },
};
const missing = new Set();

/** Packages the last bundle had to stub out. */
export function missingAnchoringPackages() {
  return [...missing];
}

/** Bundles the anchoring bench into `assetsDir/anchoring.js` for the page. */
export async function bundleAnchoring(assetsDir) {
  await build({
    entryPoints: [fromRoot(ANCHORING_SOURCE)],
    outfile: join(assetsDir, 'anchoring.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: false,
    sourcemap: false,
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [missingPackages],
    logLevel: 'silent',
  });
}

export async function measureAnchoring({ browser, origin, timeoutMs = 420_000 }) {
  const errors = [];
  const page = await openPage(browser, origin, '/anchoring.html', errors);
  try {
    await page.waitForFunction(() => window.benchAnchoring?.ready, { timeout: 30_000 });
    const outcome = await Promise.race([
      page.evaluate(() => window.benchAnchoring.run()),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`runAnchoringBench() took over ${timeoutMs / 1000} s`)), timeoutMs).unref()),
    ]);
    return { ...outcome, missingPackages: missingAnchoringPackages(), errors: [...new Set(errors)].slice(0, 10) };
  } finally {
    await page.close();
  }
}
