/**
 * Two builds from the same entry points:
 * - `vite build` (default): `dist/trialkit.js`, self-contained, for a plain script tag; only the
 *   Spanish and Chinese strings and the notes' share dialog load on demand from `dist/chunks/`.
 * - `vite build --mode esm`: `dist/esm/`, one module per element with lit, @lit/localize and
 *   zod left as imports for npm users' own bundlers.
 */
import { readdirSync } from 'node:fs';
import { defineConfig } from 'vite';
import { packLocales } from './src/locales/pack-locales.vite.mjs';

const elementEntries = Object.fromEntries(
  readdirSync('src/elements', { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => [entry.name, `src/elements/${entry.name}/define.ts`]),
);

export default defineConfig(({ mode }) => {
  const esm = mode === 'esm';
  return {
    publicDir: false,
    plugins: [packLocales()],
    build: {
      target: 'es2022',
      outDir: esm ? 'dist/esm' : 'dist',
      emptyOutDir: esm,
      sourcemap: true,
      minify: esm ? false : 'oxc',
      lib: esm
        ? { entry: { trialkit: 'src/trialkit.ts', ...elementEntries }, formats: ['es'] }
        : { entry: { trialkit: 'src/trialkit.ts' }, formats: ['es'], fileName: () => 'trialkit.js' },
      rolldownOptions: esm
        ? { external: [/^lit(\/|$)/, /^@lit\//, /^zod(\/|$)/], output: { preserveModules: false, chunkFileNames: 'shared/[name]-[hash].js' } }
        : {
            // Lets the entry export internals to its on-demand chunks, so modules they share stay
            // in dist/trialkit.js instead of a common chunk the entry would have to load.
            preserveEntrySignatures: 'allow-extension',
            output: { chunkFileNames: 'chunks/[name]-[hash].js', minify: true },
          },
    },
  };
});
