/**
 * Writes the chunk graph into the autoloader (`dist/trialkit.js`, src/loader.ts): per element
 * tag, its own chunk first and then every chunk it imports statically, so the loader can
 * `modulepreload` the whole set at once instead of discovering it one import at a time. The
 * names carry content hashes and are only known once the bundle is laid out, hence a plugin.
 */
const TOKEN = /(["'`])__TRIALKIT_CHUNK_GRAPH__\1/g;
const DEFINE = /[\\/]src[\\/]elements[\\/]([^\\/]+)[\\/]define\.ts$/;

/** The element tags whose `define.ts` is among `moduleIds`. */
export function elementTags(moduleIds) {
  return moduleIds.map((id) => id.match(DEFINE)?.[1]).filter(Boolean);
}

export function chunkGraph({ loader = 'trialkit.js' } = {}) {
  return {
    name: 'trialkit-chunk-graph',
    apply: 'build',
    generateBundle(_options, bundle) {
      const entry = bundle[loader];
      if (!entry || entry.type !== 'chunk') return;
      const closure = (fileName, seen = new Set()) => {
        if (seen.has(fileName)) return seen;
        seen.add(fileName);
        const chunk = bundle[fileName];
        for (const dep of chunk?.type === 'chunk' ? chunk.imports : []) closure(dep, seen);
        return seen;
      };
      const graph = {};
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || chunk.isEntry) continue;
        // Not the facade: `dist/bundle.js` imports the same modules statically, so a define
        // module's chunk may carry it as one module among others.
        for (const tag of elementTags(chunk.moduleIds)) {
          graph[tag] = [...closure(chunk.fileName)];
          if (graph[tag].includes(loader)) this.error(`the chunk of <${tag}> imports ${loader}; the loader must stay import-free`);
        }
      }
      if (entry.code.search(TOKEN) < 0) this.error(`${loader} has no chunk-graph placeholder`);
      // JSON inside a JS string literal: stringify twice.
      entry.code = entry.code.replace(TOKEN, JSON.stringify(JSON.stringify(graph)));
    },
  };
}
