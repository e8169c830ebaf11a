/**
 * A Vite plugin that stores the locale modules compactly in the bundles.
 *
 * `lit-localize build` writes `src/locales/<locale>.ts` as one object keyed by 17-character
 * message hashes; gzip cannot shrink random hex, so the keys alone cost about as much as the
 * Spanish text. In the bundle each module becomes a string of short key prefixes plus an array
 * of translations, and `templates` a read-only view that answers the full hash @lit/localize
 * asks for. Prefixes grow until every key in the module is unique. The source files stay as
 * lit-localize wrote them (test/node/translations.test.ts checks both).
 *
 * Used from vite.config.ts: `plugins: [packLocales()]`.
 */

const MODULE = /\/src\/locales\/(?!locale-codes\.)[^/]+\.ts$/;
const ENTRY = /^\s*'(s[0-9a-f]{16})': /gm;

/** The entries of a generated module, in order: [hash, source text of the value]. */
function entriesOf(code) {
  const start = code.indexOf('export const templates = {');
  const end = code.lastIndexOf('};');
  if (start < 0 || end < start) throw new Error('pack-locales: not a lit-localize runtime module');
  const body = code.slice(start + 'export const templates = {'.length, end);
  const heads = [...body.matchAll(ENTRY)];
  return heads.map((head, i) => {
    const valueStart = head.index + head[0].length;
    const valueEnd = i + 1 < heads.length ? heads[i + 1].index : body.length;
    const value = body.slice(valueStart, valueEnd).trim().replace(/,$/, '');
    if (!/^(str|html)?`[\s\S]*`$/.test(value)) throw new Error(`pack-locales: cannot read the value of ${head[1]}`);
    return [head[1], value];
  });
}

/** The packed module text for the source text of a generated locale module. */
export function packLocaleModule(code) {
  const entries = entriesOf(code);
  const declared = code.match(/^\s*'s[0-9a-f]{16}': /gm)?.length ?? 0;
  if (declared !== entries.length) throw new Error('pack-locales: entries were lost while reading the module');
  const hashes = entries.map(([hash]) => hash.slice(1));
  let width = 6;
  while (new Set(hashes.map((hash) => hash.slice(0, width))).size !== hashes.length) width += 1;
  const keys = hashes.map((hash) => hash.slice(0, width)).join('');
  const usesStr = entries.some(([, value]) => value.startsWith('str`'));
  return [
    // The same object @lit/localize's `str` tag makes, written out so a lazily loaded locale
    // chunk needs no import of its own and the runtime stays inside dist/trialkit.js.
    usesStr ? 'const str = (strings, ...values) => ({ strTag: true, strings, values });' : '',
    `const keys = '${keys}';`,
    `const values = [\n${entries.map(([, value]) => value).join(',\n')}\n];`,
    'const byKey = new Map();',
    `for (let i = 0; i < values.length; i++) byKey.set(keys.slice(i * ${width}, (i + 1) * ${width}), values[i]);`,
    `export const templates = new Proxy({}, { get: (_, id) => (typeof id === 'string' ? byKey.get(id.slice(1, ${width + 1})) : undefined) });`,
    '',
  ].join('\n');
}

export function packLocales() {
  return {
    name: 'trialkit-pack-locales',
    enforce: 'pre',
    transform(code, id) {
      if (!MODULE.test(id.split('?')[0])) return null;
      return { code: packLocaleModule(code), map: null };
    },
  };
}
