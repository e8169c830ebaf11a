/**
 * Starts every chunk of the bundle build with V8's explicit compile hint,
 * `//# allFunctionsCalledOnLoad` (Chromium 136 and later; other engines read a comment). A
 * chunk's functions then compile while it streams in, off the main thread, instead of one by
 * one on the main thread the first time each is called, which was a third of a fresh page's
 * first render. Every chunk but the translations qualifies: an element's chunk and what it
 * imports run on its first render, and an engine loaded on first use runs at once. The hint
 * must be the file's first line, so it goes before the licence banner.
 */
const HINT = '//# allFunctionsCalledOnLoad';
const TRANSLATIONS = /[\\/]src[\\/]locales[\\/](?!locale-codes)[^\\/]+\.ts$/;

/** Whether a chunk is only translations: data, whose few functions run one at a time when shown. */
export function onlyTranslations(moduleIds) {
  const own = moduleIds.filter((id) => !id.startsWith('\0'));
  return own.length > 0 && own.every((id) => TRANSLATIONS.test(id));
}

export function compileHints() {
  return {
    name: 'trialkit-compile-hints',
    apply: 'build',
    // After the plugins that set a banner, so the hint ends up above it.
    enforce: 'post',
    outputOptions(options) {
      const banner = options.postBanner;
      return {
        ...options,
        postBanner: async (chunk) => {
          const rest = typeof banner === 'function' ? await banner(chunk) : (banner ?? '');
          if (onlyTranslations(chunk.moduleIds)) return rest;
          return rest ? `${HINT}\n${rest}` : HINT;
        },
      };
    },
  };
}
