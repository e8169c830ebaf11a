/**
 * Three builds:
 * - `vite build` (default): `dist/trialkit.js` from `src/loader.ts`, the autoloader for a plain
 *   script tag: it imports each element's chunk from `dist/chunks/` when the tag first appears
 *   (scripts/chunk-graph.vite.mjs gives it the chunk graph to preload). `dist/bundle.js` from
 *   `src/bundle.ts` (npm `trialkit/bundle`) registers every element at once over the same
 *   chunks. Languages and the notes' share dialog stay on demand. Lit's and the other bundled
 *   packages' licences go with the chunks (scripts/third-party-notices.vite.mjs).
 * - `vite build --mode esm`: `dist/esm/`, for npm users' own bundlers, with lit, @lit/localize
 *   and zod left as imports: `trialkit.js` (the side-effect-free main entry) and one define
 *   module per element.
 * - `vite build --mode embed-frame` and `--mode embed-parent`: the iframe embed's two small
 *   scripts (`dist/embed-frame.js` inside the frame, `dist/embed-parent.js` on the host page),
 *   each self-contained so that neither shares a chunk with the bundle.
 * Every build minifies the CSS in Lit's `css` templates (scripts/minify-css-templates.vite.mjs);
 * the bundle build starts each chunk with V8's compile hint (scripts/compile-hints.vite.mjs).
 */
import { readdirSync } from 'node:fs';
import { defineConfig } from 'vite';
import { packLocales } from './src/locales/pack-locales.vite.mjs';
import { thirdPartyNotices } from './scripts/third-party-notices.vite.mjs';
import { chunkGraph, elementTags } from './scripts/chunk-graph.vite.mjs';
import { minifyCssTemplates } from './scripts/minify-css-templates.vite.mjs';
import { compileHints } from './scripts/compile-hints.vite.mjs';
import pkg from './package.json' with { type: 'json' };

const elementEntries = Object.fromEntries(
  readdirSync('src/elements', { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => [entry.name, `src/elements/${entry.name}/define.ts`]),
);

/**
 * Shared chunks of the bundle build, highest priority first (a module goes to the first group
 * that tests true for it; a group also takes the dependencies of what it captured that no
 * group before it took):
 * - `core`: Lit, @lit/localize and the small internals every element renders with;
 * - `schemas`: zod/mini, used by every element that reads data;
 * - `trial-data`: loading and checking a trial (the data element, the ClinicalTrials.gov
 *   adapter, the Trial schema) and the words for its facts, for the data-driven elements only.
 */
const SHARED_CHUNKS = [
  {
    name: 'core',
    priority: 30,
    test: /node_modules[\\/](lit|lit-html|lit-element|@lit[\\/]reactive-element|@lit[\\/]localize)[\\/](?!directives[\\/])|[\\/]src[\\/](internal[\\/](define|heading|intl-formats|localize|markdown-view|record-lang|tokens\.styles|version)|locales[\\/]locale-codes|model[\\/]markdown)\.ts$/,
  },
  { name: 'schemas', priority: 20, test: /node_modules[\\/]zod[\\/]/ },
  {
    name: 'trial-data',
    priority: 10,
    test: /[\\/]src[\\/](internal[\\/](trial-data-element|trial-error-event|trial-labels)|data[\\/]trial-source|model[\\/](ctgov|trial))\.ts$/,
  },
];

export default defineConfig(({ mode }) => {
  const esm = mode === 'esm';
  // `--mode embed-frame` / `--mode embed-parent`: one small self-contained script each.
  const embed = mode === 'embed-frame' || mode === 'embed-parent' ? mode : undefined;
  return {
    publicDir: false,
    plugins: esm
      ? [packLocales(), minifyCssTemplates()]
      : embed
        ? [packLocales(), minifyCssTemplates(), thirdPartyNotices({ ...pkg, noticesFile: false })]
        : [packLocales(), minifyCssTemplates(), thirdPartyNotices(pkg), chunkGraph(), compileHints()],
    build: {
      target: 'es2022',
      outDir: esm ? 'dist/esm' : 'dist',
      // The bundle build runs first (`npm run build`) and starts from an empty dist/, so no stale
      // chunk is ever packed.
      emptyOutDir: !embed,
      sourcemap: true,
      minify: esm ? false : 'oxc',
      lib: esm
        ? { entry: { trialkit: 'src/trialkit.ts', placeholders: 'src/placeholders/watch.ts', ...elementEntries }, formats: ['es'] }
        : embed
          ? { entry: { [embed]: `src/embed/${embed}.ts` }, formats: ['es'], fileName: () => `${embed}.js` }
          : { entry: { trialkit: 'src/loader.ts', bundle: 'src/bundle.ts' } as Record<string, string>, formats: ['es'], fileName: (_format: string, name: string) => `${name}.js` },
      rolldownOptions: esm
        ? {
            external: [/^lit(\/|$)/, /^@lit\//, /^zod(\/|$)/],
            output: {
              preserveModules: false,
              // A shared chunk that registers an element is named so, because package.json
              // `sideEffects` must keep it; every other chunk is free of side effects.
              chunkFileNames: (chunk) =>
                chunk.moduleIds.some((id) => /[\\/]src[\\/]elements[\\/][^\\/]+[\\/]([a-z-]*-)?define\.ts$/.test(id))
                  ? 'shared/registers-[name]-[hash].js'
                  : 'shared/[name]-[hash].js',
            },
          }
        : {
            // No chunk may import an entry: a page that loads `trialkit.js?ver=2` would otherwise
            // run a second copy of it under the plain URL.
            preserveEntrySignatures: 'strict',
            output: {
              // What nearly every element needs comes in a few chunks rather than a dozen small
              // ones: each file costs a request, its own banner and gzip's fresh start, and the
              // import statements that tie them together. A page with one card loads the
              // loader, these three and the card.
              codeSplitting: { groups: SHARED_CHUNKS },
              // An element's own chunk is named for its tag, so the network panel and the bench
              // read as the page does.
              chunkFileNames: (chunk) => {
                const [tag] = elementTags(chunk.moduleIds);
                return tag ? `chunks/${tag}-[hash].js` : 'chunks/[name]-[hash].js';
              },
              minify: true,
            },
          },
    },
  };
});
