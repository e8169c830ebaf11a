/**
 * Three builds:
 * - `vite build` (default): `dist/trialkit.js` from `src/bundle.ts`, self-contained, for a plain
 *   script tag; it registers every element. Only the Spanish and Chinese strings and the notes'
 *   share dialog load on demand from `dist/chunks/`. Lit's and the other bundled packages'
 *   licences go with it (scripts/third-party-notices.vite.mjs).
 * - `vite build --mode esm`: `dist/esm/`, for npm users' own bundlers, with lit, @lit/localize
 *   and zod left as imports: `trialkit.js` (the side-effect-free main entry) and one define
 *   module per element.
 * - `vite build --mode embed-frame` and `--mode embed-parent`: the iframe embed's two small
 *   scripts (`dist/embed-frame.js` inside the frame, `dist/embed-parent.js` on the host page),
 *   each self-contained so that neither shares a chunk with the bundle.
 */
import { readdirSync } from 'node:fs';
import { defineConfig } from 'vite';
import { packLocales } from './src/locales/pack-locales.vite.mjs';
import { thirdPartyNotices } from './scripts/third-party-notices.vite.mjs';
import pkg from './package.json' with { type: 'json' };

const elementEntries = Object.fromEntries(
  readdirSync('src/elements', { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => [entry.name, `src/elements/${entry.name}/define.ts`]),
);

export default defineConfig(({ mode }) => {
  const esm = mode === 'esm';
  // `--mode embed-frame` / `--mode embed-parent`: one small self-contained script each.
  const embed = mode === 'embed-frame' || mode === 'embed-parent' ? mode : undefined;
  return {
    publicDir: false,
    plugins: esm ? [packLocales()] : [packLocales(), thirdPartyNotices({ ...pkg, noticesFile: !embed })],
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
          : { entry: { trialkit: 'src/bundle.ts' }, formats: ['es'], fileName: () => 'trialkit.js' },
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
            // Lets the entry export internals to its on-demand chunks, so modules they share stay
            // in dist/trialkit.js instead of a common chunk the entry would have to load.
            preserveEntrySignatures: 'allow-extension',
            output: { chunkFileNames: 'chunks/[name]-[hash].js', minify: true },
          },
    },
  };
});
