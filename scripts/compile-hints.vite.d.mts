import type { Plugin } from 'vite';

/** Whether a chunk is only translations (its module ids all under src/locales/, codes aside). */
export function onlyTranslations(moduleIds: readonly string[]): boolean;
export function compileHints(): Plugin;
